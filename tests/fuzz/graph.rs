//! Decoding Graph answers, through the same `decode` and
//! `ApiError::from_response` the client uses.

use std::fmt::Debug;

use reset_password_widget::api::models::{
    DirectoryObject, GraphErrorBody, Me, Page, PrincipalKind, RoleAssignment, User, decode,
};
use reset_password_widget::api::{ApiError, CallKind, GraphAnswer};
use reset_password_widget::roles::Role;
use reset_password_widget::roles::scope::Scope;
use serde_json::{Map, Value, json};

use crate::text::{flip_ascii_case, mutate_chars, pad_with_whitespace, random_text, text_between};
use crate::{LANGS, Rng, fuzz};

/// What decoding a generated body must give.
#[derive(Debug)]
enum Expect<T> {
    /// Built valid: exactly this.
    Value(T),
    /// Broken in a way that must be refused.
    Refused,
    /// Anything but a panic; an error must still be `Malformed`.
    Anything,
}

impl<T> Expect<T> {
    /// For a body broken by [`break_page`]: refused when refusal is certain.
    fn broken(certain: bool) -> Self {
        if certain {
            Expect::Refused
        } else {
            Expect::Anything
        }
    }
}

#[derive(Debug)]
enum GraphInput {
    Users {
        body: String,
        expect: Expect<Page<User>>,
    },
    RoleAssignments {
        body: String,
        expect: Expect<Page<RoleAssignment>>,
    },
    Me {
        body: String,
        expect: Expect<String>,
    },
    Error {
        status: u16,
        retry_after: Option<String>,
        body: String,
        kind: CallKind,
        /// The message the error must carry, when the body was built valid.
        message: Option<String>,
    },
}

/// A placeholder replaced by raw JSON text after serialising, for tokens a
/// `Value` cannot hold (huge numbers, bad escapes, deep nesting).
const RAW: &str = "\u{1}raw\u{1}";

/// Puts raw JSON text where [`RAW`] was serialised.
fn splice_raw(body: &str, raw: &str) -> String {
    body.replacen("\"\\u0001raw\\u0001\"", raw, 1)
}

fn raw_json(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "[".repeat(rng.range(100, 20_000)),
        1 => {
            let depth = rng.range(1, 300);
            format!("{}{}", "[".repeat(depth), "]".repeat(depth))
        }
        2 => {
            let depth = rng.range(1, 300);
            format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
        }
        3 => rng
            .pick(&[
                "1e400",
                "-1e400",
                "18446744073709551616",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "0.000000000000000000000000000000001",
                "-0",
                "1E+2",
            ])
            .into(),
        4 => rng
            .pick(&[
                r#""\u0000""#,
                r#""\ud800""#,
                r#""\udc00\ud800""#,
                r#""\ud83d\ude00""#,
                r#""\/\b\f""#,
                r#""\x41""#,
                r#""\u12""#,
            ])
            .into(),
        5 => rng
            .pick(&["NaN", "Infinity", "undefined", "'x'", "01", "+1", ".5"])
            .into(),
        6 => format!("\"{}\"", "x".repeat(rng.range(1_000, 100_000))),
        _ => rng.pick(&["true", "null", "{}", "[]", "\"\"", "0"]).into(),
    }
}

/// A JSON value of any shape, kept shallow enough for the parser's limit.
fn junk_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 5 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => json!(rng.next_u64()),
        3 => json!(-(rng.below(1_000_000) as i64)),
        4 => json!(rng.next_u64() as f64 / 7.0),
        5 => Value::String(random_text(rng)),
        6 => Value::Array(
            (0..rng.below(4))
                .map(|_| junk_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| (text_between(rng, 0, 5), junk_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

pub(crate) fn graph_string(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => rng
            .pick(&[
                "Élodie Dupré",
                "李伟",
                "أحمد",
                "O'Brien <b>",
                "elodie@contoso.example",
            ])
            .into(),
        1 => String::new(),
        2 => "   ".into(),
        _ => random_text(rng),
    }
}

/// Sets an optional string field absent, null or to a string; returns what
/// the model must hold.
fn optional_field(rng: &mut Rng, object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match rng.below(4) {
        0 => None,
        1 => {
            object.insert(key.into(), Value::Null);
            None
        }
        _ => {
            let text = graph_string(rng);
            object.insert(key.into(), Value::String(text.clone()));
            Some(text)
        }
    }
}

fn add_unknown_fields(rng: &mut Rng, object: &mut Map<String, Value>) {
    for _ in 0..rng.below(3) {
        let key = rng
            .pick(&[
                "@odata.type",
                "accountEnabled",
                "onPremisesExtensionAttributes",
                "x",
            ])
            .to_string();
        if !object.contains_key(&key) {
            let junk = junk_value(rng, 0);
            object.insert(key, junk);
        }
    }
}

fn user_json(rng: &mut Rng) -> (Value, User) {
    let mut object = Map::new();
    let id = match rng.below(3) {
        0 => format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            rng.next_u64() as u32,
            rng.below(0x10000),
            rng.below(0x1000),
            rng.below(0x1000),
            rng.next_u64() & 0xffff_ffff_ffff
        ),
        _ => graph_string(rng),
    };
    object.insert("id".into(), Value::String(id.clone()));
    let display_name = optional_field(rng, &mut object, "displayName");
    let user_principal_name = optional_field(rng, &mut object, "userPrincipalName");
    let mail = optional_field(rng, &mut object, "mail");
    let given_name = optional_field(rng, &mut object, "givenName");
    let surname = optional_field(rng, &mut object, "surname");
    let other_mails = match rng.below(4) {
        0 => Vec::new(),
        1 => {
            object.insert("otherMails".into(), Value::Null);
            Vec::new()
        }
        _ => {
            let entries: Vec<Option<String>> = (0..rng.below(4))
                .map(|_| (!rng.one_in(4)).then(|| graph_string(rng)))
                .collect();
            object.insert("otherMails".into(), json!(entries));
            entries.into_iter().flatten().collect()
        }
    };
    add_unknown_fields(rng, &mut object);
    let user = User {
        id,
        display_name,
        user_principal_name,
        mail,
        other_mails,
        given_name,
        surname,
        last_password_change_date_time: None,
        sign_in_activity: None,
        preferred_language: None,
        created_date_time: None,
        on_premises_sync_enabled: None,
    };
    (Value::Object(object), user)
}

/// A user as Graph would write it back, every field present.
fn user_to_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": user.user_principal_name,
        "mail": user.mail,
        "otherMails": user.other_mails,
        "givenName": user.given_name,
        "surname": user.surname,
    })
}

pub(crate) const USERS_URL: &str = "https://graph.microsoft.com/v1.0/users?$select=id&$top=100";

fn page_envelope<T>(
    rng: &mut Rng,
    values: Vec<Value>,
    items: Vec<T>,
) -> (Map<String, Value>, Page<T>) {
    let mut object = Map::new();
    if rng.one_in(2) {
        object.insert(
            "@odata.context".into(),
            json!("https://graph.microsoft.com/v1.0/$metadata#users"),
        );
    }
    object.insert("value".into(), Value::Array(values));
    let next_link = match rng.below(5) {
        0 => None,
        1 => {
            object.insert("@odata.nextLink".into(), Value::Null);
            None
        }
        _ => {
            let link = match rng.below(4) {
                // A link back to the first page: a paging loop.
                0 => USERS_URL.to_string(),
                1 => graph_string(rng),
                _ => format!("{USERS_URL}&$skiptoken={}", rng.next_u64()),
            };
            object.insert("@odata.nextLink".into(), Value::String(link.clone()));
            Some(link)
        }
    };
    let count = match rng.below(4) {
        0 => {
            let n = if rng.one_in(4) {
                u64::MAX
            } else {
                rng.next_u64() % 100_000
            };
            object.insert("@odata.count".into(), json!(n));
            Some(n)
        }
        1 => {
            object.insert("@odata.count".into(), Value::Null);
            None
        }
        _ => None,
    };
    add_unknown_fields(rng, &mut object);
    (
        object,
        Page {
            value: items,
            next_link,
            count,
        },
    )
}

/// Breaks a valid page in a way that must be refused, or in a way whose
/// outcome is open. Returns the body and whether refusal is certain.
fn break_page(rng: &mut Rng, mut page: Map<String, Value>, item_fields: &[&str]) -> (String, bool) {
    let wrong_type = |rng: &mut Rng| -> Value {
        rng.pick(&[
            json!(42),
            json!(true),
            json!({"a": 1}),
            json!([1, 2]),
            json!(-1.5),
        ])
    };
    match rng.below(12) {
        0 => {
            page.remove("value");
            (Value::Object(page).to_string(), true)
        }
        1 => {
            let replacement = rng.pick(&[json!(null), json!({}), json!("[]"), json!(7)]);
            page.insert("value".into(), replacement);
            (Value::Object(page).to_string(), true)
        }
        2 => {
            // One item's field of the wrong type, or its id missing.
            let field = rng.pick(item_fields);
            let replacement = wrong_type(rng);
            let items = page.get_mut("value").and_then(Value::as_array_mut);
            match items.filter(|items| !items.is_empty()) {
                Some(items) => {
                    let at = rng.below(items.len());
                    let item = items[at].as_object_mut().expect("items are objects");
                    if field == "id" && rng.one_in(2) {
                        item.remove("id");
                        (Value::Object(page).to_string(), item_fields[0] == "id")
                    } else {
                        item.insert(field.into(), replacement);
                        (Value::Object(page).to_string(), true)
                    }
                }
                None => (Value::Object(page).to_string(), false),
            }
        }
        3 => {
            let key = rng.pick(&["@odata.nextLink", "@odata.count"]);
            let replacement = match key {
                "@odata.count" => rng.pick(&[json!(-1), json!(1.5), json!("12"), json!([])]),
                _ => rng.pick(&[json!(42), json!({}), json!(["x"]), json!(false)]),
            };
            page.insert(key.into(), replacement);
            (Value::Object(page).to_string(), true)
        }
        4 => {
            page.insert("@odata.count".into(), json!(RAW));
            let raw = rng.pick(&["1e400", "18446744073709551616", "-1", "1.0", "NaN"]);
            (splice_raw(&Value::Object(page).to_string(), raw), true)
        }
        5 => {
            // Junk where the model ignores fields: fine unless it breaks JSON
            // itself or nests past the parser's limit.
            page.insert("junk".into(), json!(RAW));
            let raw = raw_json(rng);
            (splice_raw(&Value::Object(page).to_string(), &raw), false)
        }
        6 => {
            let body = Value::Object(page).to_string();
            let cut = rng.below(body.len());
            let cut = (0..=cut)
                .rev()
                .find(|&i| body.is_char_boundary(i))
                .unwrap_or(0);
            (body[..cut].to_string(), true)
        }
        7 => {
            let body = Value::Object(page).to_string();
            let tail = rng.pick(&["x", "}", ",", "{}", "\0", "]"]);
            (format!("{body}{tail}"), true)
        }
        8 => {
            // A repeated key: Graph never sends one; either answer is fine.
            let body = Value::Object(page).to_string();
            (body.replacen('{', "{\"value\":[],", 1), false)
        }
        9 => (mutate_chars(rng, &Value::Object(page).to_string()), false),
        10 => {
            let body = rng.pick(&[
                "",
                " ",
                "<html><body>502 Bad Gateway</body></html>",
                "null",
                "[]",
                "\u{feff}{}",
                "{\"value\":[]",
            ]);
            (body.to_string(), true)
        }
        _ => (random_text(rng), false),
    }
}

fn generate_users(rng: &mut Rng) -> GraphInput {
    let count = match rng.below(100) {
        0 => rng.below(300),
        1..10 => rng.below(40),
        _ => rng.below(6),
    };
    let (values, users): (Vec<Value>, Vec<User>) = (0..count).map(|_| user_json(rng)).unzip();
    let (page, expected) = page_envelope(rng, values, users);
    if rng.one_in(2) {
        let body = Value::Object(page).to_string();
        let body = if rng.one_in(4) {
            format!(" \n{body}\t ")
        } else {
            body
        };
        return GraphInput::Users {
            body,
            expect: Expect::Value(expected),
        };
    }
    let fields = [
        "id",
        "displayName",
        "userPrincipalName",
        "mail",
        "otherMails",
        "surname",
    ];
    let (body, certain) = break_page(rng, page, &fields);
    GraphInput::Users {
        body,
        expect: Expect::broken(certain),
    }
}

/// One `unifiedRoleAssignment` with `$expand=principal`, as Graph writes it
/// or with the nulls and unknown types it may send.
fn role_assignment_json(rng: &mut Rng) -> (Value, RoleAssignment) {
    let mut object = Map::new();
    let principal_id = graph_string(rng);
    object.insert("principalId".into(), json!(principal_id));
    let role_definition_id = match rng.below(4) {
        0 => {
            let known = rng.pick(&Role::ALL_KNOWN).template_id().expect("known");
            flip_ascii_case(rng, known)
        }
        // Padded, it is no template id: another role, so a privileged one.
        1 => {
            let known = rng.pick(&Role::ALL_KNOWN).template_id().expect("known");
            pad_with_whitespace(rng, known)
        }
        2 => rng
            .pick(&Role::ALL_KNOWN)
            .template_id()
            .expect("known")
            .to_string(),
        _ => text_between(rng, 0, 40),
    };
    object.insert("roleDefinitionId".into(), json!(role_definition_id));
    let directory_scope_id = match rng.below(5) {
        0 => None,
        1 => {
            object.insert("directoryScopeId".into(), Value::Null);
            None
        }
        2 => Some("/".to_string()),
        3 => Some(format!("/administrativeUnits/{}", graph_string(rng))),
        _ => Some(graph_string(rng)),
    };
    if let Some(scope) = &directory_scope_id {
        object.insert("directoryScopeId".into(), json!(scope));
    }
    let principal = match rng.below(4) {
        0 => None,
        1 => {
            object.insert("principal".into(), Value::Null);
            None
        }
        _ => {
            let odata_type = match rng.below(6) {
                0 => None,
                1 => Some("#microsoft.graph.user".to_string()),
                2 => Some("#microsoft.graph.group".to_string()),
                3 => Some("#microsoft.graph.servicePrincipal".to_string()),
                4 => Some("#microsoft.graph.device".to_string()),
                _ => Some(graph_string(rng)),
            };
            let mut principal = Map::new();
            if let Some(t) = &odata_type {
                principal.insert("@odata.type".into(), json!(t));
            }
            principal.insert("id".into(), json!(principal_id));
            optional_field(rng, &mut principal, "displayName");
            object.insert("principal".into(), Value::Object(principal));
            Some(DirectoryObject {
                odata_type,
                id: principal_id.clone(),
                is_assignable_to_role: None,
                is_member_management_restricted: None,
            })
        }
    };
    add_unknown_fields(rng, &mut object);
    let assignment = RoleAssignment {
        principal_id,
        role_definition_id,
        directory_scope_id,
        principal,
    };
    (Value::Object(object), assignment)
}

fn generate_role_assignments(rng: &mut Rng) -> GraphInput {
    let (values, assignments): (Vec<Value>, Vec<RoleAssignment>) =
        (0..rng.below(8)).map(|_| role_assignment_json(rng)).unzip();
    let (page, expected) = page_envelope(rng, values, assignments);
    if rng.one_in(2) {
        return GraphInput::RoleAssignments {
            body: Value::Object(page).to_string(),
            expect: Expect::Value(expected),
        };
    }
    let (body, certain) = break_page(
        rng,
        page,
        &["principalId", "roleDefinitionId", "directoryScopeId"],
    );
    GraphInput::RoleAssignments {
        body,
        expect: Expect::broken(certain),
    }
}

fn generate_me(rng: &mut Rng) -> GraphInput {
    let id = graph_string(rng);
    let (body, expect) = match rng.below(5) {
        0 => (json!({"displayName": "x"}).to_string(), Expect::Refused),
        1 => (json!({"id": 7}).to_string(), Expect::Refused),
        2 => (random_text(rng), Expect::Anything),
        _ => (
            json!({"id": id, "userPrincipalName": graph_string(rng)}).to_string(),
            Expect::Value(id),
        ),
    };
    GraphInput::Me { body, expect }
}

fn generate_error(rng: &mut Rng) -> GraphInput {
    let status = match rng.below(3) {
        0 => rng.below(0x10000) as u16,
        _ => rng.pick(&[
            0,
            100,
            200,
            204,
            301,
            400,
            401,
            403,
            404,
            405,
            409,
            412,
            418,
            429,
            499,
            500,
            502,
            503,
            504,
            599,
            600,
            999,
            u16::MAX,
        ]),
    };
    let retry_after = match rng.below(4) {
        0 => None,
        1 => Some(rng.below(1000).to_string()),
        2 => Some(
            rng.pick(&[
                "",
                " 7 ",
                "0",
                "-1",
                "1.5",
                "+5",
                "soon",
                "4294967295",
                "4294967296",
                "99999999999999999999",
                "Wed, 21 Oct 2015 07:28:00 GMT",
                "٣",
                "\u{a0}5",
            ])
            .into(),
        ),
        _ => Some(text_between(rng, 0, 11)),
    };
    let kind = rng.pick(&[CallKind::Read, CallKind::ResetPassword, CallKind::SendMail]);
    let fallback = format!("HTTP {status}");
    let (body, message) = match rng.below(6) {
        0 | 1 => {
            let mut detail = Map::new();
            optional_field(rng, &mut detail, "code");
            let message = optional_field(rng, &mut detail, "message");
            if rng.one_in(2) {
                detail.insert("innerError".into(), junk_value(rng, 0));
            }
            // A null code or message reads as empty; the status stands in
            // for a missing or empty message.
            let body = json!({"error": Value::Object(detail)}).to_string();
            let message = message.filter(|m| !m.is_empty()).unwrap_or(fallback);
            (body, Some(message))
        }
        2 => {
            let body = rng.pick(&[
                "",
                "<html>oops</html>",
                "{\"error\":\"denied\"}",
                "{\"error\":{\"message\":5}}",
                "{\"error\":null}",
                "{\"message\":\"no error key\"}",
                "{\"error\":{\"message\":\"cut",
            ]);
            (body.to_string(), Some(fallback))
        }
        3 => (
            mutate_chars(
                rng,
                r#"{"error":{"code":"Request_BadRequest","message":"m"}}"#,
            ),
            None,
        ),
        _ => (random_text(rng), None),
    };
    GraphInput::Error {
        status,
        retry_after,
        body,
        kind,
        message,
    }
}

fn generate_graph_input(rng: &mut Rng) -> GraphInput {
    match rng.below(8) {
        0..=2 => generate_users(rng),
        3 | 4 => generate_role_assignments(rng),
        5 => generate_me(rng),
        _ => generate_error(rng),
    }
}

fn check_decoded<T: Debug + PartialEq>(result: &Result<T, ApiError>, expect: &Expect<T>) {
    if let Err(error) = result {
        assert!(
            matches!(error, ApiError::Malformed(m) if !m.is_empty()),
            "decoding failed with {error:?}"
        );
    }
    match expect {
        Expect::Value(value) => assert_eq!(result.as_ref().ok(), Some(value)),
        Expect::Refused => assert!(result.is_err(), "accepted: {result:?}"),
        Expect::Anything => {}
    }
}

/// `Retry-After` as the client must read it: whole seconds, capped at 300.
fn reference_retry_after(value: Option<&str>) -> Option<u32> {
    let digits = value?.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u64>().map_or(300, |n| n.min(300) as u32))
}

fn check_error(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
    kind: CallKind,
    message: Option<&str>,
) {
    let error = ApiError::from_response(status, retry_after, body, kind);

    // The message: Graph's own when it sent one, else the status.
    let graph_message = decode::<GraphErrorBody>(body)
        .ok()
        .map(|b| b.error.message)
        .filter(|m| !m.is_empty());
    let fallback = format!("HTTP {status}");
    let expected_message = graph_message.unwrap_or(fallback);
    if let Some(message) = message {
        assert_eq!(expected_message, message);
    }
    let retry = reference_retry_after(retry_after);
    let detail = decode::<GraphErrorBody>(body).ok().map(|b| b.error);
    let graph = GraphAnswer {
        code: detail.as_ref().map(|d| d.code.clone()).unwrap_or_default(),
        request_id: detail
            .as_ref()
            .and_then(|d| d.inner_error.as_ref())
            .and_then(|inner| inner.request_id.as_deref())
            .map(|id| id.trim().chars().take(64).collect::<String>())
            .filter(|id| !id.is_empty()),
    };
    let lower = expected_message.to_ascii_lowercase();
    let expected = match status {
        401 => ApiError::Unauthorized { graph },
        403 => ApiError::Forbidden {
            message: expected_message,
            graph,
        },
        404 if kind == CallKind::SendMail && graph.code == "MailboxNotEnabledForRESTAPI" => {
            ApiError::MailboxNotEnabled { graph }
        }
        404 => ApiError::NotFound { graph },
        409 | 412 => ApiError::Conflict {
            message: expected_message,
            graph,
        },
        429 => ApiError::Throttled {
            retry_after_secs: retry,
            graph,
        },
        400 if kind == CallKind::ResetPassword && lower.contains("on-premises mastered") => {
            ApiError::OnPremisesManaged {
                message: expected_message,
                graph,
            }
        }
        400 if kind == CallKind::ResetPassword && lower.contains("password") => {
            ApiError::PasswordRejected {
                message: expected_message,
                graph,
            }
        }
        400..=499 => ApiError::BadRequest {
            message: expected_message,
            graph,
        },
        504 => ApiError::Timeout,
        _ => ApiError::Server {
            status,
            retry_after_secs: retry,
            graph,
        },
    };
    assert_eq!(error, expected);

    assert!(error.retry_after_secs().is_none_or(|s| s <= 300));
    assert_eq!(
        error.write_was_not_applied(),
        matches!(
            error,
            ApiError::Throttled { .. }
                | ApiError::Server {
                    status: 503,
                    retry_after_secs: Some(_),
                    ..
                }
        )
    );
    let codes = [
        "network",
        "timeout",
        "unauthorized",
        "forbidden",
        "notFound",
        "mailboxNotEnabled",
        "passwordRejected",
        "onPremisesManaged",
        "badRequest",
        "conflict",
        "throttled",
        "server",
        "malformed",
    ];
    assert!(codes.contains(&error.code()));
    assert!(!error.to_string().is_empty());
    for lang in LANGS {
        let sentence = lang.strings().api_error(&error);
        assert!(!sentence.is_empty());
        if let ApiError::Forbidden { message, .. } = &error {
            assert!(sentence.contains(message.as_str()));
        }
    }
}

fn check_graph(input: &GraphInput) {
    match input {
        GraphInput::Users { body, expect } => {
            let result = decode::<Page<User>>(body);
            check_decoded(&result, expect);
            if let Ok(page) = result {
                for user in &page.value {
                    let label = user.label();
                    let from_display_name =
                        user.display_name.as_deref() == Some(label) && !label.trim().is_empty();
                    assert!(
                        from_display_name
                            || user.user_principal_name.as_deref() == Some(label)
                            || user.id == label
                    );
                    if let Some(alternate) = user.alternate_email() {
                        assert!(!alternate.trim().is_empty());
                        assert!(user.other_mails.iter().any(|m| m == alternate));
                    }
                }
                // What was read, written back the way Graph writes it, reads
                // the same.
                let mut again = Map::new();
                again.insert(
                    "value".into(),
                    Value::Array(page.value.iter().map(user_to_json).collect()),
                );
                again.insert("@odata.nextLink".into(), json!(page.next_link));
                again.insert("@odata.count".into(), json!(page.count));
                let reread = decode::<Page<User>>(&Value::Object(again).to_string());
                assert_eq!(reread.as_ref(), Ok(&page));
            }
        }
        GraphInput::RoleAssignments { body, expect } => {
            let result = decode::<Page<RoleAssignment>>(body);
            if let Ok(page) = &result {
                for assignment in &page.value {
                    // The principal's type says who holds the role; without
                    // a known type the holder might be a user.
                    let odata_type = assignment
                        .principal
                        .as_ref()
                        .and_then(|p| p.odata_type.as_deref());
                    let expected_kind = match odata_type {
                        Some("#microsoft.graph.user") => PrincipalKind::User,
                        Some("#microsoft.graph.group") => PrincipalKind::Group,
                        Some("#microsoft.graph.servicePrincipal") => {
                            PrincipalKind::ServicePrincipal
                        }
                        _ => PrincipalKind::Unknown,
                    };
                    assert_eq!(assignment.principal_kind(), expected_kind);
                    let id = assignment.role_definition_id.as_str();
                    let role = Role::from_template_id(id);
                    assert_eq!(role.template_id().is_none(), role == Role::Other);
                    if id.trim() != id {
                        assert_eq!(role, Role::Other, "{id:?}");
                    }
                    // Only "/" is the whole tenant; a unit scope names its unit.
                    let scope =
                        Scope::from_directory_scope_id(assignment.directory_scope_id.as_deref());
                    let raw = assignment.directory_scope_id.as_deref();
                    assert_eq!(scope == Scope::Tenant, raw == Some("/"), "{raw:?}");
                    if let Scope::Unit(unit) = &scope {
                        let named = raw.and_then(|r| r.strip_prefix("/administrativeUnits/"));
                        assert_eq!(named.map(str::to_ascii_lowercase).as_ref(), Some(unit));
                    }
                }
            }
            check_decoded(&result, expect);
        }
        GraphInput::Me { body, expect } => {
            check_decoded(&decode::<Me>(body).map(|me| me.id), expect);
        }
        GraphInput::Error {
            status,
            retry_after,
            body,
            kind,
            message,
        } => check_error(
            *status,
            retry_after.as_deref(),
            body,
            *kind,
            message.as_deref(),
        ),
    }
}

#[test]
fn graph_responses() {
    fuzz("graph_responses", generate_graph_input, check_graph);
}
