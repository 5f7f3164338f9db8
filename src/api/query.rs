//! Request addresses for the tenant API: built here, as plain strings, so the
//! rules (what a search may contain, how ids are escaped) are tested on the
//! host. The client only sends what these functions return.

use super::models::USER_SELECT;
use super::url;

/// Longest search term sent, in characters: longer ones add nothing to a
/// name search and only make the request heavier.
pub const MAX_SEARCH_CHARS: usize = 100;

/// The properties a search matches, as the admin center's search box does.
const SEARCH_FIELDS: [&str; 3] = ["displayName", "userPrincipalName", "mail"];

/// Keeps a search term from breaking out of its quoted `$search` clause.
pub fn search_term(raw: &str) -> String {
    raw.trim()
        .chars()
        .filter(|c| !matches!(c, '"' | '\\'))
        .take(MAX_SEARCH_CHARS)
        .collect()
}

/// The `$search` value for a cleaned term: one quoted clause per property,
/// OR'd (`"displayName:ann" OR "userPrincipalName:ann" OR "mail:ann"`).
pub fn search_clause(term: &str) -> String {
    SEARCH_FIELDS
        .map(|field| format!("\"{field}:{term}\""))
        .join(" OR ")
}

/// The first page of users, searched when `raw_search` holds more than
/// spaces and quotes. Returns the URL and whether it searches: a search needs
/// the `ConsistencyLevel: eventual` header on this page and every next one.
pub fn users_url(base: &str, raw_search: &str, page_size: u32) -> (String, bool) {
    let mut url = format!("{base}/users?$select={USER_SELECT}&$top={page_size}");
    let term = search_term(raw_search);
    let searching = !term.is_empty();
    if searching {
        url.push_str("&$search=");
        url.push_str(&encode(&search_clause(&term)));
        url.push_str("&$count=true");
    }
    (url, searching)
}

/// The number of users a search matches, or of the whole directory:
/// `GET /users/$count`, answered as plain text. Graph counts only as an
/// advanced query, so it always needs `ConsistencyLevel: eventual` (user-list,
/// "Get only a count of users").
pub fn users_count_url(base: &str, raw_search: &str) -> String {
    let term = search_term(raw_search);
    if term.is_empty() {
        format!("{base}/users/$count")
    } else {
        format!(
            "{base}/users/$count?$search={}",
            encode(&search_clause(&term))
        )
    }
}

/// Reads the plain-text answer of a `$count` segment.
pub fn parse_count(text: &str) -> Option<u64> {
    text.trim().trim_start_matches('\u{feff}').parse().ok()
}

pub fn me_url(base: &str) -> String {
    format!("{base}/me?$select=id,displayName,userPrincipalName,mail")
}

/// Every role assignment of the tenant, each with its principal (user,
/// group or service principal): who holds which role at which scope, read
/// once instead of once per user.
pub fn role_assignments_url(base: &str) -> String {
    format!("{base}/roleManagement/directory/roleAssignments?$expand=principal")
}

/// Graph's largest page for groups, members and units.
const LIST_PAGE_SIZE: u32 = 999;

/// The role-assignable groups: roles assigned to one are held by its
/// members, and its members and owners are protected.
pub fn role_assignable_groups_url(base: &str) -> String {
    format!(
        "{base}/groups?$filter={}&$select=id,displayName,isAssignableToRole&$top={LIST_PAGE_SIZE}",
        encode("isAssignableToRole eq true")
    )
}

/// The members of a group, by id only.
pub fn group_members_url(base: &str, group_id: &str) -> String {
    format!(
        "{base}/groups/{}/members?$select=id&$top={LIST_PAGE_SIZE}",
        encode(group_id)
    )
}

/// The owners of a group, by id only.
pub fn group_owners_url(base: &str, group_id: &str) -> String {
    format!(
        "{base}/groups/{}/owners?$select=id&$top={LIST_PAGE_SIZE}",
        encode(group_id)
    )
}

/// The administrative units, with whether each restricts member management.
pub fn administrative_units_url(base: &str) -> String {
    format!(
        "{base}/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted&$top={LIST_PAGE_SIZE}"
    )
}

/// The members of an administrative unit, by id only.
pub fn unit_members_url(base: &str, unit_id: &str) -> String {
    format!(
        "{base}/directory/administrativeUnits/{}/members?$select=id&$top={LIST_PAGE_SIZE}",
        encode(unit_id)
    )
}

pub fn user_url(base: &str, user_id: &str) -> String {
    format!("{base}/users/{}", encode(user_id))
}

/// The password resets of the directory audit log since `since` (ISO 8601,
/// UTC), newest first, as the Recent resets view reads them.
pub fn recent_resets_url(base: &str, since: &str) -> String {
    let filter =
        format!("activityDisplayName eq 'Reset user password' and activityDateTime ge {since}");
    format!(
        "{base}/auditLogs/directoryAudits?$filter={}&$top=100",
        encode(&filter)
    )
}

/// One user's follow-up properties (`select` is one of the `FOLLOW_UP_SELECT`s).
pub fn follow_up_url(base: &str, user_id: &str, select: &str) -> String {
    format!("{}?$select={select}", user_url(base, user_id))
}

/// One user with the fields the list reads, to open the reset dialog for them.
pub fn user_with_fields_url(base: &str, user_id: &str) -> String {
    format!("{}?$select={USER_SELECT}", user_url(base, user_id))
}

/// Graph's `revokeSignInSessions` for one user: signs them out everywhere.
pub fn revoke_sessions_url(base: &str, user_id: &str) -> String {
    format!("{}/revokeSignInSessions", user_url(base, user_id))
}

pub fn send_mail_url(base: &str) -> String {
    format!("{base}/me/sendMail")
}

/// Whether an `@odata.nextLink` may be followed: it must go where `api_base`
/// goes (same scheme, host and port) and stay under its path, since the
/// request carries the admin's bearer token. A base that is a path is on
/// `page_origin`, the origin of the page the widget runs in.
pub fn next_link_within(api_base: &str, page_origin: &str, link: &str) -> bool {
    let Some(page) = url::parse(page_origin) else {
        return false;
    };
    let (Some(base), Some(next)) = (
        url::parse_from_page(api_base, &page),
        url::parse_from_page(link, &page),
    ) else {
        return false;
    };
    let base_path = base.path.trim_end_matches('/');
    let under_base = next
        .path
        .strip_prefix(base_path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    next.origin() == base.origin() && under_base && !url::has_dot_segment(next.path)
}

/// Percent-encodes as `encodeURIComponent` does: everything but ASCII
/// letters, digits and `-_.!~*'()` is escaped, UTF-8 byte by byte.
pub fn encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_cannot_leave_its_quotes() {
        assert_eq!(search_term(r#"  ann" OR "x\  "#), "ann OR x");
        assert_eq!(
            search_term(&"é".repeat(300)).chars().count(),
            MAX_SEARCH_CHARS
        );
        assert_eq!(search_term(" \"\" "), "");
    }

    #[test]
    fn the_clause_searches_name_user_name_and_mail() {
        assert_eq!(
            search_clause("ann"),
            r#""displayName:ann" OR "userPrincipalName:ann" OR "mail:ann""#
        );
    }

    #[test]
    fn users_url_searches_only_with_a_term() {
        let (plain, searching) = users_url("/v1.0", "  ", 50);
        assert!(!searching);
        assert_eq!(plain, format!("/v1.0/users?$select={USER_SELECT}&$top=50"));
        let (searched, searching) = users_url("/v1.0", "Zoë", 50);
        assert!(searching);
        assert!(searched.ends_with(
            "&$search=%22displayName%3AZo%C3%AB%22%20OR%20%22userPrincipalName%3AZo%C3%AB%22%20OR%20%22mail%3AZo%C3%AB%22&$count=true"
        ));
    }

    #[test]
    fn the_list_asks_which_users_are_synced_from_on_premises() {
        // Not in Graph's default set: without $select every synced user
        // would look resettable until Graph refused the reset.
        let (url, _) = users_url("/v1.0", "", 100);
        let select = url
            .split("$select=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        assert!(
            select.split(',').any(|p| p == "onPremisesSyncEnabled"),
            "{url}"
        );
        assert!(user_with_fields_url("/v1.0", "u").contains("onPremisesSyncEnabled"));
    }

    #[test]
    fn counting_uses_the_count_segment_with_the_same_search() {
        assert_eq!(users_count_url("/v1.0", " "), "/v1.0/users/$count");
        assert_eq!(
            users_count_url("/v1.0", "ann"),
            "/v1.0/users/$count?$search=%22displayName%3Aann%22%20OR%20%22userPrincipalName%3Aann%22%20OR%20%22mail%3Aann%22"
        );
        assert_eq!(parse_count("893"), Some(893));
        assert_eq!(parse_count("\u{feff}12\r\n"), Some(12));
        assert_eq!(parse_count("{\"value\":1}"), None);
        assert_eq!(parse_count("-1"), None);
    }

    #[test]
    fn recent_resets_filter_on_activity_and_time() {
        assert_eq!(
            recent_resets_url("/v1.0", "2026-11-24T05:00:00Z"),
            "/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20'Reset%20user%20password'%20and%20activityDateTime%20ge%202026-11-24T05%3A00%3A00Z&$top=100"
        );
        assert_eq!(
            follow_up_url("/v1.0", "a/b", "id"),
            "/v1.0/users/a%2Fb?$select=id"
        );
    }

    #[test]
    fn ids_are_escaped_in_paths() {
        assert_eq!(user_url("/v1.0", "a/b?c"), "/v1.0/users/a%2Fb%3Fc");
        assert_eq!(
            revoke_sessions_url("/v1.0", "a/b?c"),
            "/v1.0/users/a%2Fb%3Fc/revokeSignInSessions"
        );
        assert_eq!(
            group_members_url("/v1.0", "g/1"),
            "/v1.0/groups/g%2F1/members?$select=id&$top=999"
        );
        assert_eq!(
            group_owners_url("/v1.0", "g?1"),
            "/v1.0/groups/g%3F1/owners?$select=id&$top=999"
        );
        assert_eq!(
            unit_members_url("/v1.0", "a u"),
            "/v1.0/directory/administrativeUnits/a%20u/members?$select=id&$top=999"
        );
    }

    #[test]
    fn role_reads_ask_for_assignments_groups_and_units_once() {
        assert_eq!(
            role_assignments_url("https://graph.microsoft.com/v1.0"),
            "https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignments?$expand=principal"
        );
        assert_eq!(
            role_assignable_groups_url("/v1.0"),
            "/v1.0/groups?$filter=isAssignableToRole%20eq%20true&$select=id,displayName,isAssignableToRole&$top=999"
        );
        assert_eq!(
            administrative_units_url("/v1.0"),
            "/v1.0/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted&$top=999"
        );
    }

    #[test]
    fn next_links_are_followed_only_under_the_api_base() {
        let page = "http://127.0.0.1:8080";
        let graph = "https://graph.microsoft.com/v1.0";
        let within = |base: &str, link: &str| next_link_within(base, page, link);
        assert!(within(
            graph,
            "https://graph.microsoft.com/v1.0/users?$skiptoken=x"
        ));
        assert!(within(graph, "https://GRAPH.microsoft.com:443/v1.0/users"));
        assert!(within(
            "/v1.0",
            "http://127.0.0.1:8080/v1.0/users?$skiptoken=x"
        ));
        assert!(within("/v1.0", "/v1.0/users?$skiptoken=x"));
        assert!(within(
            "http://localhost:3000/v1.0",
            "http://localhost:3000/v1.0/users"
        ));
        for (base, link) in [
            // Another port, host or scheme: the token would go elsewhere.
            ("/v1.0", "http://127.0.0.1:9999/v1.0/users?$skiptoken=x"),
            ("/v1.0", "http://localhost:8080/v1.0/users"),
            ("/v1.0", "https://127.0.0.1:8080/v1.0/users"),
            ("/v1.0", "//evil.example/v1.0/users"),
            (graph, "https://graph.microsoft.com.evil.example/v1.0/users"),
            (graph, "https://graph.microsoft.com@evil.example/v1.0/users"),
            (graph, "http://graph.microsoft.com/v1.0/users"),
            (graph, "https://graph.microsoft.com:8443/v1.0/users"),
            // The same origin, but outside the API's path.
            (graph, "https://graph.microsoft.com/beta/users"),
            (graph, "https://graph.microsoft.com/v1.0evil/users"),
            (graph, "https://graph.microsoft.com/v1.0/../beta/users"),
            (graph, "https://graph.microsoft.com/v1.0/%2e%2e/beta/users"),
            ("/v1.0", "/_dev/outbox"),
            ("/v1.0", "/v1.0\\..\\_dev"),
            // Not a URL we can read without doubt.
            (graph, "users?$skiptoken=x"),
            (graph, ""),
        ] {
            assert!(!within(base, link), "{base} -> {link}");
        }
        assert!(!next_link_within("/v1.0", "null", "/v1.0/users"));
    }

    #[test]
    fn encodes_as_encode_uri_component() {
        assert_eq!(encode("AZaz09-_.!~*'()"), "AZaz09-_.!~*'()");
        assert_eq!(
            encode(" \"#%&+,/:;=?@[]"),
            "%20%22%23%25%26%2B%2C%2F%3A%3B%3D%3F%40%5B%5D"
        );
        assert_eq!(encode("ü€😀"), "%C3%BC%E2%82%AC%F0%9F%98%80");
    }
}
