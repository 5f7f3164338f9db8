//! Microsoft Graph v1.0 shapes the widget reads and writes.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::error::ApiError;

/// Reads a JSON answer into `T`. The one place response bodies are decoded:
/// whatever cannot be read, whatever its shape, is [`ApiError::Malformed`].
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// `GET /me`: the signed-in admin, as far as the widget needs: who they
/// are, and how the notification mail names its sender.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
}

impl Me {
    /// An Exchange Online mailbox shows as a `mail` address; an account
    /// without one cannot send the notification.
    pub fn has_mailbox(&self) -> bool {
        self.mail.as_deref().is_some_and(|m| !m.trim().is_empty())
    }
}

/// The user properties the widget asks for with `$select`.
/// `onPremisesSyncEnabled` is not in Graph's default set: without it a
/// synced user looks like any other until the reset is refused.
pub const USER_SELECT: &str = "id,displayName,userPrincipalName,mail,otherMails,givenName,surname,preferredLanguage,createdDateTime,onPremisesSyncEnabled";

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub other_mails: Vec<String>,
    #[serde(default)]
    pub given_name: Option<String>,
    #[serde(default)]
    pub surname: Option<String>,
    /// Read for Recent resets only (`FOLLOW_UP_SELECT`).
    #[serde(default)]
    pub last_password_change_date_time: Option<String>,
    #[serde(default)]
    pub sign_in_activity: Option<SignInActivity>,
    /// A language tag such as `fr-FR`: the notification mail's language.
    #[serde(default)]
    pub preferred_language: Option<String>,
    /// RFC 3339, UTC: a new account gets a welcome rather than a reset notice.
    #[serde(default)]
    pub created_date_time: Option<String>,
    /// `true` for a user synced from an on-premises directory; `null` (read
    /// as `None`) for a cloud user.
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
}

impl User {
    /// Synced from an on-premises directory: the password is mastered there.
    pub fn is_synced_from_on_premises(&self) -> bool {
        self.on_premises_sync_enabled == Some(true)
    }

    /// What the admin sees as the user's name: display name, else the sign-in name.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|name| !name.trim().is_empty())
            .or(self.user_principal_name.as_deref())
            .unwrap_or(&self.id)
    }

    /// An address the user can read without the password being reset: the
    /// first alternate email, as the admin center prefills it.
    pub fn alternate_email(&self) -> Option<&str> {
        self.other_mails
            .iter()
            .map(String::as_str)
            .find(|m| !m.trim().is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Page<T> {
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.count", default)]
    pub count: Option<u64>,
}

/// A directory object as the role reads list it with `$select`: a group, an
/// administrative unit, a member, an owner, an assignment's principal. One
/// shape for all, the properties a list does not select left `None`: each
/// shape decoded costs the bundle code of its own.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryObject {
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
    pub id: String,
    /// A group's: roles may be assigned to it.
    #[serde(default)]
    pub is_assignable_to_role: Option<bool>,
    /// An administrative unit's: a restricted-management unit.
    #[serde(default)]
    pub is_member_management_restricted: Option<bool>,
}

impl DirectoryObject {
    /// A restricted-management unit; `null` or absent reads as not restricted.
    pub fn is_restricted_unit(&self) -> bool {
        self.is_member_management_restricted == Some(true)
    }
}

/// Who holds a role assignment, from the expanded `principal`'s `@odata.type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    /// A role-assignable group: its members hold the role.
    Group,
    /// An application's identity: never a user of the list.
    ServicePrincipal,
    /// Not expanded, or a type this widget does not know: kept, since it
    /// might be a user.
    Unknown,
}

/// One `unifiedRoleAssignment` of
/// `GET /roleManagement/directory/roleAssignments?$expand=principal`.
/// `roleDefinitionId` is the role's template id for built-in roles;
/// `directoryScopeId` is `/` (the tenant) or `/administrativeUnits/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub principal_id: String,
    pub role_definition_id: String,
    #[serde(default)]
    pub directory_scope_id: Option<String>,
    #[serde(default)]
    pub principal: Option<DirectoryObject>,
}

impl RoleAssignment {
    pub fn principal_kind(&self) -> PrincipalKind {
        let odata_type = self
            .principal
            .as_ref()
            .and_then(|p| p.odata_type.as_deref());
        match odata_type {
            Some("#microsoft.graph.user") => PrincipalKind::User,
            Some("#microsoft.graph.group") => PrincipalKind::Group,
            Some("#microsoft.graph.servicePrincipal") => PrincipalKind::ServicePrincipal,
            _ => PrincipalKind::Unknown,
        }
    }
}

/// The permission Graph needs to read role assignments.
pub const ROLE_READ_PERMISSION: &str = "RoleManagement.Read.Directory";
/// The permission Graph needs to read the members and owners of groups.
pub const GROUP_MEMBER_READ_PERMISSION: &str = "GroupMember.Read.All";
/// The permission Graph needs to read administrative units and their members.
pub const UNIT_READ_PERMISSION: &str = "AdministrativeUnit.Read.All";
/// The permission Graph needs to reset a password (`passwordProfile`).
pub const RESET_PERMISSION: &str = "User-PasswordProfile.ReadWrite.All";

/// A refusal of a read that needs `permission` names that permission:
/// without it the widget cannot know who holds which role, and guessing
/// "no role" would send the admin to the wrong fix.
pub fn name_missing_permission(error: ApiError, permission: &'static str) -> ApiError {
    match error {
        ApiError::Forbidden { .. } => ApiError::PermissionMissing(permission),
        other => other,
    }
}

/// At most this many pages of one list: a longer answer is a loop, not a
/// directory (999 entries a page where Graph allows it).
const MAX_PAGES: usize = 1_000;

/// Only the next link of a page; its entries are decoded once all pages are
/// in ([`decode_pages`]), so one reader serves every kind of list.
#[derive(Deserialize)]
struct PageLink {
    #[serde(rename = "@odata.nextLink", default)]
    next_link: Option<String>,
}

/// The next links followed over the pages of one list.
#[derive(Debug, Default)]
pub struct NextLinks {
    followed: HashSet<String>,
}

impl NextLinks {
    /// Reads one page's next link: the link to follow, if any. A link
    /// `within` refuses (outside the API base), one followed before, or too
    /// many pages make the answer unreadable rather than short: an entry
    /// left unread could be one that forbids a reset.
    pub fn next(
        &mut self,
        page: &str,
        within: impl Fn(&str) -> bool,
    ) -> Result<Option<String>, ApiError> {
        match decode::<PageLink>(page)?.next_link {
            None => Ok(None),
            Some(link)
                if within(&link)
                    && self.followed.len() < MAX_PAGES
                    && self.followed.insert(link.clone()) =>
            {
                Ok(Some(link))
            }
            Some(_) => Err(ApiError::Malformed("@odata.nextLink".into())),
        }
    }
}

/// The entries of every page of one list, in order.
pub fn decode_pages<T: DeserializeOwned>(pages: &[String]) -> Result<Vec<T>, ApiError> {
    let mut entries = Vec::new();
    for page in pages {
        entries.extend(decode::<Page<T>>(page)?.value);
    }
    Ok(entries)
}

/// One `directoryAudit` entry, as far as the Recent resets view reads it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryAudit {
    pub activity_date_time: String,
    #[serde(default)]
    pub result: Option<String>,
    #[serde(default)]
    pub initiated_by: Option<AuditInitiator>,
    /// The users concerned, with the fields a user has (id, names).
    #[serde(default)]
    pub target_resources: Vec<User>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AuditInitiator {
    #[serde(default)]
    pub user: Option<User>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInActivity {
    #[serde(default)]
    pub last_successful_sign_in_date_time: Option<String>,
    #[serde(default)]
    pub last_sign_in_date_time: Option<String>,
}

/// What follows a reset, read per user: `signInActivity` needs an audit-log reader, as the audit log does.
pub const FOLLOW_UP_SELECT: &str = "id,lastPasswordChangeDateTime,signInActivity";
/// The same without `signInActivity`, for an admin who may not read it.
pub const FOLLOW_UP_SELECT_LIMITED: &str = "id,lastPasswordChangeDateTime";

/// A request body that may hold a password, with an upper bound on the length
/// of its JSON.
pub trait SecretBody: Serialize {
    fn json_capacity(&self) -> usize;
}

/// JSON escapes a byte of text into at most this many bytes (`\u001f`).
const JSON_ESCAPE_FACTOR: usize = 6;
/// Room for the field names and values around a body's texts.
const JSON_FRAME: usize = 128;
/// Room for the field names around one mail recipient's address.
const JSON_RECIPIENT_FRAME: usize = 48;

/// The JSON of `body` in a buffer sized up front and wiped when dropped: a
/// buffer that grew would have left its earlier, unwiped copies behind.
pub fn secret_json(body: &impl SecretBody) -> Result<Zeroizing<Vec<u8>>, ApiError> {
    let mut json = Zeroizing::new(Vec::with_capacity(body.json_capacity()));
    serde_json::to_writer(&mut *json, body).map_err(|e| ApiError::Malformed(e.to_string()))?;
    Ok(json)
}

/// Body of `PATCH /users/{id}`. Borrowed so the password is never copied
/// into a long-lived owned value.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetBody<'a> {
    pub password_profile: PasswordProfile<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordProfile<'a> {
    pub password: &'a str,
    pub force_change_password_next_sign_in: bool,
    pub force_change_password_next_sign_in_with_mfa: bool,
}

/// Body of `POST /me/sendMail`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendMailBody<'a> {
    pub message: MailMessage<'a>,
    pub save_to_sent_items: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailMessage<'a> {
    pub subject: &'a str,
    pub body: MailBody<'a>,
    pub to_recipients: Vec<Recipient<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MailBody<'a> {
    pub content_type: &'static str,
    pub content: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient<'a> {
    pub email_address: EmailAddress<'a>,
}

#[derive(Serialize)]
pub struct EmailAddress<'a> {
    pub address: &'a str,
}

impl SecretBody for PasswordResetBody<'_> {
    fn json_capacity(&self) -> usize {
        JSON_FRAME + JSON_ESCAPE_FACTOR * self.password_profile.password.len()
    }
}

impl SecretBody for SendMailBody<'_> {
    fn json_capacity(&self) -> usize {
        let message = &self.message;
        let texts = message.subject.len()
            + message.body.content.len()
            + message
                .to_recipients
                .iter()
                .map(|r| r.email_address.address.len())
                .sum::<usize>();
        JSON_FRAME + JSON_RECIPIENT_FRAME * message.to_recipients.len() + JSON_ESCAPE_FACTOR * texts
    }
}

impl<'a> SendMailBody<'a> {
    pub fn text(subject: &'a str, content: &'a str, to: &'a [String]) -> Self {
        SendMailBody {
            message: MailMessage {
                subject,
                body: MailBody {
                    content_type: "Text",
                    content,
                },
                to_recipients: to
                    .iter()
                    .map(|address| Recipient {
                        email_address: EmailAddress { address },
                    })
                    .collect(),
            },
            save_to_sent_items: false,
        }
    }
}

/// Graph's error body: `{"error":{"code":"...","message":"...",
/// "innerError":{"date":"...","request-id":"...","client-request-id":"..."}}}`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GraphErrorBody {
    pub error: GraphErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GraphErrorDetail {
    #[serde(default, deserialize_with = "null_as_empty_text")]
    pub code: String,
    #[serde(default, deserialize_with = "null_as_empty_text")]
    pub message: String,
    #[serde(
        default,
        rename = "innerError",
        deserialize_with = "lenient_inner_error"
    )]
    pub inner_error: Option<GraphInnerError>,
}

/// An `innerError` of another shape is dropped, not allowed to throw away
/// the code and message next to it.
fn lenient_inner_error<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<GraphInnerError>, D::Error> {
    deserializer.deserialize_any(Lenient::<GraphInnerError>(std::marker::PhantomData))
}

/// A JSON value of the one kind `T` is read from; a value of any other kind
/// reads as `None` instead of failing the whole answer. Hand-written
/// visitors: an untagged enum would buffer the value and cost kilobytes of
/// wasm.
trait LenientValue<'de>: Sized {
    const EXPECTING: &'static str;

    fn from_text(_text: &str) -> Option<Self> {
        None
    }

    fn from_object<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

struct Lenient<T>(std::marker::PhantomData<T>);

impl<'de, T: LenientValue<'de>> serde::de::Visitor<'de> for Lenient<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::from_object(map)
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(T::from_text(text))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

impl<'de> LenientValue<'de> for GraphInnerError {
    const EXPECTING: &'static str = "an innerError object";

    fn from_object<A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut request_id = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "request-id" {
                request_id = map.next_value::<LenientText>()?.0;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok(Some(GraphInnerError { request_id }))
    }
}

/// A request-id that is not a string reads as none.
struct LenientText(Option<String>);

impl<'de> LenientValue<'de> for String {
    const EXPECTING: &'static str = "a request id";

    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl<'de> Deserialize<'de> for LenientText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(Lenient::<String>(std::marker::PhantomData))
            .map(LenientText)
    }
}

/// The ids Microsoft support asks for when a call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphInnerError {
    pub request_id: Option<String>,
}

/// A `null` field reads as empty, so one null does not throw away the
/// message next to it.
fn null_as_empty_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

fn null_as_empty<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<Option<String>>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_users_page_with_next_link_and_missing_fields() {
        let page: Page<User> = serde_json::from_str(
            r#"{"@odata.context":"x","@odata.nextLink":"https://graph.example/v1.0/users?$skiptoken=abc",
                "value":[{"id":"1","displayName":"Élodie Dupré","userPrincipalName":"elodie@contoso.example",
                          "mail":null,"otherMails":["elodie.perso@example.net"],"unknown":42},
                         {"id":"2","otherMails":null}]}"#,
        )
        .unwrap();
        assert_eq!(
            page.next_link.as_deref(),
            Some("https://graph.example/v1.0/users?$skiptoken=abc")
        );
        assert_eq!(
            page.value[0].alternate_email(),
            Some("elodie.perso@example.net")
        );
        assert_eq!(page.value[1].label(), "2");
        assert!(page.value[1].other_mails.is_empty());
    }

    #[test]
    fn unreadable_answers_are_malformed() {
        for body in ["", "<html>", r#"{"value":[{"id":7}]}"#, r#"{"value":[]"#] {
            assert!(
                matches!(decode::<Page<User>>(body), Err(ApiError::Malformed(m)) if !m.is_empty()),
                "{body}"
            );
        }
        assert_eq!(
            decode::<Me>(r#"{"id":"1","displayName":"x"}"#).unwrap().id,
            "1"
        );
    }

    #[test]
    fn role_assignments_decode_with_their_principal_type() {
        // Shaped as Graph v1.0 answers roleAssignments?$expand=principal.
        let page: Page<RoleAssignment> = decode(
            r##"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())",
                "value":[
                  {"id":"a1","principalId":"u1","roleDefinitionId":"966707d0-3269-4727-9be2-8c3a10f19b9d","directoryScopeId":"/",
                   "principal":{"@odata.type":"#microsoft.graph.user","id":"u1","displayName":"Pat"}},
                  {"id":"a2","principalId":"g1","roleDefinitionId":"62e90394-69f5-4237-9190-012177145e10","directoryScopeId":"/",
                   "principal":{"@odata.type":"#microsoft.graph.group","id":"g1"}},
                  {"id":"a3","principalId":"s1","roleDefinitionId":"x","directoryScopeId":"/administrativeUnits/au1",
                   "principal":{"@odata.type":"#microsoft.graph.servicePrincipal","id":"s1"}},
                  {"id":"a4","principalId":"d1","roleDefinitionId":"x","directoryScopeId":null,
                   "principal":{"@odata.type":"#microsoft.graph.device","id":"d1"}},
                  {"id":"a5","principalId":"u2","roleDefinitionId":"x","principal":null},
                  {"principalId":"u3","roleDefinitionId":"x","appScopeId":null}
                ],
                "@odata.nextLink":"https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments?$expand=principal&$skiptoken=1"}"##,
        )
        .unwrap();
        let kinds: Vec<PrincipalKind> = page
            .value
            .iter()
            .map(RoleAssignment::principal_kind)
            .collect();
        assert_eq!(
            kinds,
            [
                PrincipalKind::User,
                PrincipalKind::Group,
                PrincipalKind::ServicePrincipal,
                PrincipalKind::Unknown,
                PrincipalKind::Unknown,
                PrincipalKind::Unknown,
            ]
        );
        assert_eq!(page.value[0].directory_scope_id.as_deref(), Some("/"));
        assert_eq!(page.value[3].directory_scope_id, None);
        assert!(page.next_link.is_some());
        // Without whom or which role, an assignment cannot be read.
        for entry in [
            r#"{"principalId":null,"roleDefinitionId":"x"}"#,
            r#"{"principalId":"u1"}"#,
            r##"{"principalId":"u1","roleDefinitionId":"x","principal":{"@odata.type":"#microsoft.graph.user"}}"##,
        ] {
            assert!(
                matches!(
                    decode::<Page<RoleAssignment>>(&format!(r#"{{"value":[{entry}]}}"#)),
                    Err(ApiError::Malformed(_))
                ),
                "{entry}"
            );
        }
    }

    #[test]
    fn groups_units_and_members_decode_with_nulls() {
        let groups: Page<DirectoryObject> = decode(
            r##"{"value":[{"@odata.type":"#microsoft.graph.group","id":"g1","displayName":"Tier 0","isAssignableToRole":true},
                         {"id":"g2","displayName":null,"isAssignableToRole":null},{"id":"g3"}]}"##,
        )
        .unwrap();
        let assignable: Vec<Option<bool>> = groups
            .value
            .iter()
            .map(|g| g.is_assignable_to_role)
            .collect();
        assert_eq!(assignable, [Some(true), None, None]);
        let units: Page<DirectoryObject> = decode(
            r#"{"value":[{"id":"au1","displayName":"Vault","isMemberManagementRestricted":true},
                         {"id":"au2","displayName":"Paris","isMemberManagementRestricted":false},
                         {"id":"au3","isMemberManagementRestricted":null},{"id":"au4"}]}"#,
        )
        .unwrap();
        let restricted: Vec<bool> = units
            .value
            .iter()
            .map(DirectoryObject::is_restricted_unit)
            .collect();
        assert_eq!(restricted, [true, false, false, false]);
        let members: Page<DirectoryObject> = decode(
            r##"{"value":[{"@odata.type":"#microsoft.graph.user","id":"u1"},
                          {"@odata.type":"#microsoft.graph.device","id":"d1"},{"id":"u2"}]}"##,
        )
        .unwrap();
        let ids: Vec<&str> = members.value.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "d1", "u2"]);
        for broken in [
            r#"{"value":[{"id":null}]}"#,
            r#"{"value":[{"id":"g","isAssignableToRole":"yes"}]}"#,
        ] {
            assert!(
                matches!(
                    decode::<Page<DirectoryObject>>(broken),
                    Err(ApiError::Malformed(_))
                ),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_refused_role_read_names_its_permission() {
        let forbidden = ApiError::Forbidden {
            message: "Insufficient privileges to complete the operation.".into(),
            graph: Default::default(),
        };
        assert_eq!(
            name_missing_permission(forbidden, UNIT_READ_PERMISSION),
            ApiError::PermissionMissing("AdministrativeUnit.Read.All")
        );
        // Anything else is what it was: a timeout is not a missing permission.
        assert_eq!(
            name_missing_permission(ApiError::Timeout, GROUP_MEMBER_READ_PERMISSION),
            ApiError::Timeout
        );
    }

    #[test]
    fn pages_are_followed_only_within_the_api_and_decoded_together() {
        let link = "https://graph.microsoft.com/v1.0/groups/g/members?$skiptoken=a";
        let first = format!(r#"{{"value":[{{"id":"u1"}}],"@odata.nextLink":"{link}"}}"#);
        let last = r#"{"value":[{"id":"u2"}]}"#.to_string();
        let mut links = NextLinks::default();
        assert_eq!(links.next(&first, |_| true), Ok(Some(link.to_string())));
        assert_eq!(links.next(&last, |_| true), Ok(None));
        let members: Vec<DirectoryObject> = decode_pages(&[first.clone(), last]).unwrap();
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["u1", "u2"]);
        // An unreadable page is refused whole, not read as empty.
        assert!(matches!(
            decode_pages::<DirectoryObject>(&["<html>".to_string()]),
            Err(ApiError::Malformed(_))
        ));
        assert!(matches!(
            NextLinks::default().next("<html>", |_| true),
            Err(ApiError::Malformed(_))
        ));
        // Outside the API base: not followed.
        assert!(matches!(
            NextLinks::default().next(&first, |_| false),
            Err(ApiError::Malformed(_))
        ));
        // A link already followed is a loop: not followed again.
        let mut looping = NextLinks::default();
        assert!(matches!(looping.next(&first, |_| true), Ok(Some(_))));
        assert!(matches!(
            looping.next(&first, |_| true),
            Err(ApiError::Malformed(_))
        ));
        // Nor is an endless run of new links.
        let mut endless = NextLinks::default();
        let followed = (0..2_000)
            .take_while(|n| {
                let page = format!(
                    r#"{{"value":[],"@odata.nextLink":"https://graph.microsoft.com/v1.0/x?$skiptoken={n}"}}"#
                );
                matches!(endless.next(&page, |_| true), Ok(Some(_)))
            })
            .count();
        assert!(followed < 2_000);
    }

    #[test]
    fn a_reset_body_is_written_without_moving_its_buffer() {
        // Each move of a growing buffer left an unwiped copy of the password.
        for length in 1..=256 {
            for c in ['a', '"', '\\', '\u{1f}', 'é', '😀'] {
                let password: String = std::iter::repeat_n(c, length).collect();
                let body = PasswordResetBody {
                    password_profile: PasswordProfile {
                        password: &password,
                        force_change_password_next_sign_in: false,
                        force_change_password_next_sign_in_with_mfa: false,
                    },
                };
                let json = secret_json(&body).unwrap();
                assert_eq!(json.capacity(), body.json_capacity(), "{length} × {c:?}");
                assert_eq!(*json, serde_json::to_vec(&body).unwrap());
            }
        }
    }

    #[test]
    fn a_mail_body_is_written_without_moving_its_buffer() {
        let to = vec!["a\"@example.net".to_string(); 5];
        let content = "Your new password: \"\\\u{1}".repeat(200);
        let body = SendMailBody::text("Subject \"x\"", &content, &to);
        let json = secret_json(&body).unwrap();
        assert_eq!(json.capacity(), body.json_capacity());
        assert_eq!(*json, serde_json::to_vec(&body).unwrap());
    }

    #[test]
    fn reset_body_has_graph_field_names() {
        let body = PasswordResetBody {
            password_profile: PasswordProfile {
                password: "pw",
                force_change_password_next_sign_in: true,
                force_change_password_next_sign_in_with_mfa: false,
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"passwordProfile":{"password":"pw","forceChangePasswordNextSignIn":true,"forceChangePasswordNextSignInWithMfa":false}}"#
        );
    }

    #[test]
    fn send_mail_body_has_graph_field_names() {
        let to = vec!["a@example.net".to_string()];
        let json = serde_json::to_value(SendMailBody::text("s", "c", &to)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"message":{"subject":"s","body":{"contentType":"Text","content":"c"},
                "toRecipients":[{"emailAddress":{"address":"a@example.net"}}]},"saveToSentItems":false})
        );
    }
}
