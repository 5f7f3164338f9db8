//! `GET /auditLogs/directoryAudits`: the directory changes of the audit
//! trail (resets and password changes) in Graph's `directoryAudit` shape,
//! newest first, keyset-paged with `@odata.nextLink` like `GET /users`.
//!
//! Sources: Graph's `directoryaudit-list.md` (query options, roles) and
//! `directoryaudit.md` (properties and the `$filter` each supports).

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::audit::{self, AuditFilter, AuditKey, AuditQuery, Comparison};
use crate::auth::authenticate;
use crate::directory::PageKey;
use crate::entra::roles::may_read_audit_logs;
use crate::graph::errors::{GraphError, GraphResult};
use crate::graph::query::{self, collection_page, decode_skiptoken, next_link};
use crate::state::SharedState;

const DEFAULT_TOP: usize = 100;
/// Microsoft's own Entra PowerShell module caps `$top` here at 999.
const MAX_TOP: usize = 999;

const AUDIT_PROPERTIES: [&str; 12] = [
    "id",
    "category",
    "correlationId",
    "result",
    "resultReason",
    "activityDisplayName",
    "activityDateTime",
    "loggedByService",
    "operationType",
    "initiatedBy",
    "targetResources",
    "additionalDetails",
];

pub async fn list_directory_audits(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    list(&state, &headers, raw.as_deref()).await.into_response()
}

async fn list(state: &SharedState, headers: &HeaderMap, raw: Option<&str>) -> GraphResult {
    let actor = authenticate(state, headers).await?;
    actor.scopes.require(crate::scopes::READ_AUDIT_LOGS)?;
    if !may_read_audit_logs(&actor.roles) {
        return Err(GraphError::forbidden());
    }
    let options = query::parse_audit(raw)?;
    let selected = query::select(
        options.select.as_deref(),
        &AUDIT_PROPERTIES,
        "directoryAudit",
    )?;
    let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, MAX_TOP)?;
    let filters = match options.filter.as_deref() {
        None => Vec::new(),
        Some(text) => parse_filter(text).map_err(|reason| {
            GraphError::unsupported_query(format!("Unsupported $filter: {reason}."))
        })?,
    };
    let newest_first = match options.orderby.as_deref().map(normalise_space) {
        None => true,
        Some(order) if order.eq_ignore_ascii_case("activityDateTime desc") => true,
        Some(order)
            if order.eq_ignore_ascii_case("activityDateTime")
                || order.eq_ignore_ascii_case("activityDateTime asc") =>
        {
            false
        }
        Some(order) => {
            return Err(GraphError::unsupported_query(format!(
                "Unsupported $orderby: '{order}'. Only activityDateTime (asc or desc) is supported."
            )));
        }
    };
    // The same opaque token as the user list's, holding (time, row).
    let after = match options.skiptoken.as_deref() {
        None => None,
        Some(token) => {
            let key = decode_skiptoken(token)?;
            let row = key
                .id
                .parse()
                .map_err(|_| GraphError::bad_request("The $skiptoken is not valid."))?;
            Some(AuditKey {
                at: key.display_name,
                row,
            })
        }
    };
    let request = AuditQuery {
        filters,
        newest_first,
        after,
        top,
    };
    let page = state
        .db
        .call(move |conn| audit::list_directory_audits(conn, &request))
        .await?;

    let base = &state.site.public_origin;
    let value: Vec<Value> = page
        .entries
        .into_iter()
        .map(|entry| keep_selected(entry, &selected))
        .collect();
    let link = page.next.map(|key| {
        let key = PageKey {
            display_name: key.at,
            id: key.row.to_string(),
        };
        next_link(
            base,
            "/v1.0/auditLogs/directoryAudits",
            &options.pairs,
            &key,
        )
    });
    let body = collection_page(base, "auditLogs/directoryAudits", None, value, link);
    Ok(Json(body).into_response())
}

fn keep_selected(entry: Value, selected: &[&str]) -> Value {
    match entry {
        Value::Object(mut object) => {
            object.retain(|name, _| selected.contains(&name.as_str()));
            Value::Object(object)
        }
        other => other,
    }
}

fn normalise_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses `clause and clause ...`, each clause one of:
/// `activityDisplayName eq '...'`, `activityDateTime eq|ge|le <time>`,
/// `initiatedBy/user/id eq '...'`, `targetResources/any(t: t/id eq '...')`.
pub fn parse_filter(text: &str) -> Result<Vec<AuditFilter>, String> {
    let mut cursor = Cursor { rest: text.trim() };
    let mut filters = Vec::new();
    loop {
        filters.push(clause(&mut cursor)?);
        cursor.skip_space();
        if cursor.rest.is_empty() {
            return Ok(filters);
        }
        let word = cursor.word();
        if !word.eq_ignore_ascii_case("and") {
            return Err(format!(
                "expected 'and' between clauses, found '{}'",
                shorten(&word)
            ));
        }
        if filters.len() >= 10 {
            return Err("at most 10 clauses".into());
        }
    }
}

fn clause(cursor: &mut Cursor<'_>) -> Result<AuditFilter, String> {
    cursor.skip_space();
    let property = cursor.word();
    if property.eq_ignore_ascii_case("activityDisplayName") {
        expect_operator(cursor, &["eq"])?;
        return Ok(AuditFilter::Activity(cursor.quoted()?));
    }
    if property.eq_ignore_ascii_case("activityDateTime") {
        let comparison = match expect_operator(cursor, &["eq", "ge", "le"])?.as_str() {
            "eq" => Comparison::Eq,
            "ge" => Comparison::Ge,
            _ => Comparison::Le,
        };
        cursor.skip_space();
        let literal = cursor.word();
        let time = normalise_time(&literal)
            .ok_or_else(|| format!("'{}' is not a UTC date and time", shorten(&literal)))?;
        return Ok(AuditFilter::DateTime(comparison, time));
    }
    if property.eq_ignore_ascii_case("initiatedBy/user/id") {
        expect_operator(cursor, &["eq"])?;
        return Ok(AuditFilter::InitiatorId(cursor.quoted()?));
    }
    if let Some(variable) = lambda_variable(&property) {
        // targetResources/any(t: t/id eq '...')
        cursor.skip_space();
        let path = cursor.word();
        let expected = format!("{variable}/id");
        if !path.eq_ignore_ascii_case(&expected) {
            return Err(format!(
                "only '{expected} eq' is supported inside targetResources/any"
            ));
        }
        expect_operator(cursor, &["eq"])?;
        let id = cursor.quoted()?;
        cursor.skip_space();
        if !cursor.eat(')') {
            return Err("expected ')' to close targetResources/any".into());
        }
        return Ok(AuditFilter::TargetId(id));
    }
    Err(format!(
        "the property '{}' cannot be filtered here",
        shorten(&property)
    ))
}

/// `targetResources/any(t:` read as one word gives `t`.
fn lambda_variable(word: &str) -> Option<String> {
    let prefix = "targetResources/any(";
    let head = word.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let variable = word[prefix.len()..].strip_suffix(':')?;
    (!variable.is_empty() && variable.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| variable.to_string())
}

fn expect_operator(cursor: &mut Cursor<'_>, allowed: &[&str]) -> Result<String, String> {
    cursor.skip_space();
    let operator = cursor.word().to_ascii_lowercase();
    if allowed.contains(&operator.as_str()) {
        Ok(operator)
    } else {
        Err(format!(
            "the operator '{}' is not supported here (use {})",
            shorten(&operator),
            allowed.join(", ")
        ))
    }
}

/// `2026-03-01`, `2026-03-01T09:30Z`, `2026-03-01T09:30:00Z` or with a
/// fraction, as the stored form `2026-03-01T09:30:00.000Z`. UTC only.
pub fn normalise_time(literal: &str) -> Option<String> {
    let digits = |text: &str, count: usize| {
        (text.len() == count && text.bytes().all(|b| b.is_ascii_digit())).then_some(())
    };
    let (date, time) = match literal.split_once(['T', 't']) {
        Some((date, time)) => (date, Some(time)),
        None => (literal, None),
    };
    let mut parts = date.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    digits(year, 4)?;
    digits(month, 2)?;
    digits(day, 2)?;
    let (month_n, day_n): (u32, u32) = (month.parse().ok()?, day.parse().ok()?);
    if !(1..=12).contains(&month_n) || !(1..=31).contains(&day_n) {
        return None;
    }
    let Some(time) = time else {
        return Some(format!("{date}T00:00:00.000Z"));
    };
    let time = time.strip_suffix(['Z', 'z'])?;
    let (clock, fraction) = match time.split_once('.') {
        Some((clock, fraction)) => (clock, fraction),
        None => (time, ""),
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 9 {
        return None;
    }
    let mut fields = clock.split(':');
    let hour = fields.next()?;
    let minute = fields.next()?;
    let second = fields.next().unwrap_or("00");
    if fields.next().is_some() || (clock.matches(':').count() == 1 && !fraction.is_empty()) {
        return None;
    }
    digits(hour, 2)?;
    digits(minute, 2)?;
    digits(second, 2)?;
    if hour.parse::<u32>().ok()? > 23
        || minute.parse::<u32>().ok()? > 59
        || second.parse::<u32>().ok()? > 59
    {
        return None;
    }
    let millis: String = fraction.chars().chain("000".chars()).take(3).collect();
    Some(format!("{date}T{hour}:{minute}:{second}.{millis}Z"))
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// Up to the next space, quote or closing parenthesis.
    fn word(&mut self) -> String {
        let end = self
            .rest
            .find(|c: char| c.is_whitespace() || c == '\'' || c == ')')
            .unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        self.rest = rest;
        word.to_string()
    }

    /// A single-quoted OData string (`''` is a quote).
    fn quoted(&mut self) -> Result<String, String> {
        self.skip_space();
        if !self.eat('\'') {
            return Err("expected a quoted string".into());
        }
        let mut value = String::new();
        let mut chars = self.rest.char_indices();
        while let Some((index, c)) = chars.next() {
            if c == '\'' {
                if self.rest[index + 1..].starts_with('\'') {
                    value.push('\'');
                    chars.next();
                } else {
                    self.rest = &self.rest[index + 1..];
                    return Ok(value);
                }
            } else {
                value.push(c);
            }
        }
        Err("a quoted string is not closed".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_supported_clauses() {
        let filters = parse_filter(
            "activityDisplayName eq 'Reset user password' and activityDateTime ge 2026-03-01 \
             AND activityDateTime le 2026-03-02T10:00:00.5Z and \
             targetResources/any(t: t/id eq 'abc') and initiatedBy/user/id eq 'x''y'",
        )
        .unwrap();
        assert_eq!(
            filters,
            [
                AuditFilter::Activity("Reset user password".into()),
                AuditFilter::DateTime(Comparison::Ge, "2026-03-01T00:00:00.000Z".into()),
                AuditFilter::DateTime(Comparison::Le, "2026-03-02T10:00:00.500Z".into()),
                AuditFilter::TargetId("abc".into()),
                AuditFilter::InitiatorId("x'y".into()),
            ]
        );
    }

    #[test]
    fn refuses_what_it_does_not_support() {
        for filter in [
            "category eq 'UserManagement'",
            "activityDisplayName ne 'x'",
            "activityDateTime gt 2026-03-01",
            "activityDateTime ge '2026-03-01'",
            "activityDateTime ge 2026-03-01T10:00:00+01:00",
            "activityDisplayName eq 'x' or activityDisplayName eq 'y'",
            "activityDisplayName eq 'x",
            "targetResources/any(t: t/displayName eq 'x')",
            "",
        ] {
            assert!(parse_filter(filter).is_err(), "{filter}");
        }
    }

    #[test]
    fn times_normalise_to_the_stored_form() {
        assert_eq!(
            normalise_time("2026-03-01T09:30Z").as_deref(),
            Some("2026-03-01T09:30:00.000Z")
        );
        assert_eq!(
            normalise_time("2026-03-01T09:30:00.1234567Z").as_deref(),
            Some("2026-03-01T09:30:00.123Z")
        );
        assert_eq!(normalise_time("2026-13-01"), None);
        assert_eq!(normalise_time("2026-03-01T25:00:00Z"), None);
        assert_eq!(normalise_time("2026-03-01T09:30:00"), None);
    }
}
