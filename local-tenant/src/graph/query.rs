//! OData query options: parsing, `$select`, and the `@odata.nextLink`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::directory::PageKey;
use crate::graph::errors::GraphError;

const SUPPORTED: [&str; 7] = [
    "$select",
    "$top",
    "$search",
    "$filter",
    "$count",
    "$orderby",
    "$skiptoken",
];

const AUDIT_SUPPORTED: [&str; 5] = ["$select", "$top", "$filter", "$orderby", "$skiptoken"];

/// `GET /roleManagement/directory/roleAssignments`.
pub const ROLE_ASSIGNMENT_OPTIONS: [&str; 5] =
    ["$select", "$top", "$filter", "$expand", "$skiptoken"];
/// `GET /groups`.
pub const GROUP_OPTIONS: [&str; 4] = ["$select", "$top", "$filter", "$skiptoken"];
/// Lists without a filter: administrative units, members, owners.
pub const PLAIN_LIST_OPTIONS: [&str; 3] = ["$select", "$top", "$skiptoken"];

#[derive(Debug, Default)]
pub struct QueryOptions {
    pub select: Option<String>,
    pub top: Option<String>,
    pub search: Option<String>,
    pub filter: Option<String>,
    pub count: Option<String>,
    pub skiptoken: Option<String>,
    pub orderby: Option<String>,
    pub expand: Option<String>,
    /// Every parameter as sent (decoded), to rebuild the next page's link.
    pub pairs: Vec<(String, String)>,
}

impl QueryOptions {
    /// Where the page starts: the key in `$skiptoken`, if any.
    pub fn page_start(&self) -> Result<Option<PageKey>, GraphError> {
        self.skiptoken.as_deref().map(decode_skiptoken).transpose()
    }
}

/// `$top`: `default` when absent, else a whole number from 1 to `max`, with
/// Graph's refusal otherwise.
pub fn page_size(top: Option<&str>, default: usize, max: usize) -> Result<usize, GraphError> {
    let Some(text) = top else {
        return Ok(default);
    };
    text.trim()
        .parse()
        .ok()
        .filter(|top| (1..=max).contains(top))
        .ok_or_else(|| {
            GraphError::unsupported_query(format!(
                "Invalid page size specified: '{text}'. Must be between 1 and {max} inclusive."
            ))
        })
}

pub fn parse(raw: Option<&str>) -> Result<QueryOptions, GraphError> {
    parse_supporting(raw, &SUPPORTED)
}

/// The options `GET /auditLogs/directoryAudits` takes (Graph's
/// `directoryaudit-list`: `$filter`, `$top`, `$orderby`, `$skiptoken`; and
/// `$select`, which Graph suggests in its answers).
pub fn parse_audit(raw: Option<&str>) -> Result<QueryOptions, GraphError> {
    parse_supporting(raw, &AUDIT_SUPPORTED)
}

/// Parses the options of a route that takes only `supported` ones; any other
/// `$` option is a 400 `Request_UnsupportedQuery`.
pub fn parse_supporting(raw: Option<&str>, supported: &[&str]) -> Result<QueryOptions, GraphError> {
    let mut options = QueryOptions::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let key = key.into_owned();
        let value = value.into_owned();
        if key.starts_with('$') {
            let slot = match supported
                .iter()
                .find(|known| known.eq_ignore_ascii_case(&key))
            {
                Some(&"$select") => &mut options.select,
                Some(&"$top") => &mut options.top,
                Some(&"$search") => &mut options.search,
                Some(&"$filter") => &mut options.filter,
                Some(&"$count") => &mut options.count,
                Some(&"$orderby") => &mut options.orderby,
                Some(&"$expand") => &mut options.expand,
                Some(_) => &mut options.skiptoken,
                None => {
                    return Err(GraphError::unsupported_query(format!(
                        "The query option '{key}' is not supported by this tenant."
                    )));
                }
            };
            *slot = Some(value.clone());
        }
        options.pairs.push((key, value));
    }
    Ok(options)
}

/// The properties to return: those of `$select` (id always among them), or
/// all of them. Names match case-insensitively and come back canonical.
pub fn select(
    raw: Option<&str>,
    properties: &[&'static str],
    type_name: &str,
) -> Result<Vec<&'static str>, GraphError> {
    select_with(raw, properties, &[], type_name)
}

/// As `select`, with properties Graph returns only when `$select` names
/// them (`select_only`), never by default.
pub fn select_with(
    raw: Option<&str>,
    properties: &[&'static str],
    select_only: &[&'static str],
    type_name: &str,
) -> Result<Vec<&'static str>, GraphError> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(properties.to_vec());
    };
    let mut selected = vec!["id"];
    for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let property =
            properties.iter().chain(select_only).find(|known| known.eq_ignore_ascii_case(name)).ok_or_else(|| {
                GraphError::bad_request(format!(
                    "Could not find a property named '{name}' on type 'microsoft.graph.{type_name}'."
                ))
            })?;
        if !selected.contains(property) {
            selected.push(property);
        }
    }
    Ok(selected)
}

/// A `$filter` of one `property eq literal` clause: the property as written
/// and the literal, a quoted string unquoted (`''` read as `'`) or a bare
/// word (`true`). `None` for anything else.
pub fn eq_clause(filter: &str) -> Option<(&str, EqLiteral)> {
    let filter = filter.trim();
    let (property, rest) = filter.split_once(char::is_whitespace)?;
    let (operator, literal) = rest.trim_start().split_once(char::is_whitespace)?;
    if !operator.eq_ignore_ascii_case("eq") {
        return None;
    }
    let literal = literal.trim();
    let value = match literal.strip_prefix('\'') {
        Some(quoted) => {
            let inner = quoted.strip_suffix('\'')?;
            if inner.replace("''", "").contains('\'') {
                return None;
            }
            EqLiteral::Text(inner.replace("''", "'"))
        }
        None if literal.eq_ignore_ascii_case("true") => EqLiteral::Bool(true),
        None if literal.eq_ignore_ascii_case("false") => EqLiteral::Bool(false),
        None => return None,
    };
    Some((property, value))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EqLiteral {
    Text(String),
    Bool(bool),
}

/// The link to the next page: the same request with a new `$skiptoken`.
pub fn next_link(base: &str, path: &str, pairs: &[(String, String)], key: &PageKey) -> String {
    let token = URL_SAFE_NO_PAD.encode(format!("{}\u{0}{}", key.display_name, key.id));
    let query: Vec<String> = pairs
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("$skiptoken"))
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .chain(std::iter::once(format!("$skiptoken={token}")))
        .collect();
    format!("{base}{path}?{}", query.join("&"))
}

/// One page of a collection as Graph answers it: `@odata.context` for
/// `context` (as `users` or `auditLogs/directoryAudits`), the count when asked,
/// the values and, when more follow, `@odata.nextLink`.
pub fn collection_page(
    base: &str,
    context: &str,
    count: Option<u64>,
    value: Vec<serde_json::Value>,
    next_link: Option<String>,
) -> serde_json::Value {
    use serde_json::json;
    let mut body = serde_json::Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("{base}/v1.0/$metadata#{context}")),
    );
    if let Some(count) = count {
        body.insert("@odata.count".into(), json!(count));
    }
    body.insert("value".into(), serde_json::Value::Array(value));
    if let Some(link) = next_link {
        body.insert("@odata.nextLink".into(), json!(link));
    }
    serde_json::Value::Object(body)
}

/// Cuts `rows`, read with one more than `top`, to the page, and gives the
/// key of its last row when another page follows (the extra row only tells
/// that one does).
pub fn cut_page<T>(rows: &mut Vec<T>, top: usize, key: impl Fn(&T) -> PageKey) -> Option<PageKey> {
    let more = rows.len() > top;
    rows.truncate(top);
    rows.last().filter(|_| more).map(key)
}

/// A page of a list read with one row more than `top` (groups,
/// administrative units), as Graph answers it at `path` (under `/v1.0`) with
/// `context`; `key` says where the next page starts.
#[allow(clippy::too_many_arguments)]
pub fn page_of<T>(
    base: &str,
    path: &str,
    context: &str,
    pairs: &[(String, String)],
    mut rows: Vec<T>,
    top: usize,
    key: impl Fn(&T) -> PageKey,
    json: impl Fn(&T) -> serde_json::Value,
) -> serde_json::Value {
    let link = cut_page(&mut rows, top, key).map(|key| next_link(base, path, pairs, &key));
    let value = rows.iter().map(json).collect();
    collection_page(base, context, None, value, link)
}

pub fn decode_skiptoken(token: &str) -> Result<PageKey, GraphError> {
    let invalid = || GraphError::bad_request("The $skiptoken is not valid.");
    let bytes = URL_SAFE_NO_PAD
        .decode(token.trim())
        .map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (display_name, id) = text.rsplit_once('\u{0}').ok_or_else(invalid)?;
    Ok(PageKey {
        display_name: display_name.into(),
        id: id.into(),
    })
}

/// Percent-encodes all but the characters that read well in OData links.
pub fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~$,':()".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_options_and_refuses_unknown_ones() {
        let options = parse(Some(
            "$select=id,mail&%24top=5&$search=%22mail:a%20b%22&x=1",
        ))
        .unwrap();
        assert_eq!(options.select.as_deref(), Some("id,mail"));
        assert_eq!(options.top.as_deref(), Some("5"));
        assert_eq!(options.search.as_deref(), Some("\"mail:a b\""));
        assert!(parse(Some("$expand=manager")).is_err());
        assert_eq!(
            parse(Some("$orderby=displayName"))
                .unwrap()
                .orderby
                .as_deref(),
            Some("displayName")
        );
    }

    #[test]
    fn selects_canonical_names_with_id() {
        let all = ["id", "displayName", "mail"];
        assert_eq!(
            select(Some("MAIL,displayname"), &all, "user").unwrap(),
            ["id", "mail", "displayName"]
        );
        assert_eq!(select(None, &all, "user").unwrap(), all);
        assert_eq!(
            select(Some("nope"), &all, "user").unwrap_err().code,
            "Request_BadRequest"
        );
    }

    #[test]
    fn eq_clauses_are_read_and_anything_else_is_not() {
        assert_eq!(
            eq_clause(" principalId  eq 'a''b' "),
            Some(("principalId", EqLiteral::Text("a'b".into())))
        );
        assert_eq!(
            eq_clause("isAssignableToRole EQ true"),
            Some(("isAssignableToRole", EqLiteral::Bool(true)))
        );
        for bad in [
            "principalId ne 'a'",
            "principalId eq 'a",
            "principalId eq 'a' or principalId eq 'b'",
            "principalId eq a",
            "principalId",
            "",
        ] {
            assert_eq!(eq_clause(bad), None, "{bad}");
        }
    }

    #[test]
    fn next_link_round_trips() {
        let key = PageKey {
            display_name: "Élodie Dupré".into(),
            id: "abc".into(),
        };
        let pairs = vec![
            ("$top".to_string(), "5".to_string()),
            ("$skiptoken".into(), "old".into()),
        ];
        let link = next_link("http://h:1", "/v1.0/users", &pairs, &key);
        let token = link.split("$skiptoken=").nth(1).unwrap();
        assert!(link.starts_with("http://h:1/v1.0/users?$top=5&$skiptoken="));
        assert_eq!(decode_skiptoken(token).unwrap(), key);
        assert!(decode_skiptoken("!!").is_err());
    }
}
