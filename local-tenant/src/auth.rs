//! Bearer tokens: opaque, issued by `/_dev/token`, stored with an expiry.

use axum::http::{HeaderMap, header};
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::directory::{self, User};
use crate::entra::roles::DirectoryRole;
use crate::entra::scope::{RoleAssignment, tenant_wide_roles};
use crate::graph::errors::GraphError;
use crate::ids;
use crate::rbac;
use crate::scopes::Scopes;
use crate::state::AppState;

/// The signed-in user behind a request.
pub struct Actor {
    pub user: User,
    /// The tenant-wide active roles (as `transitiveMemberOf` lists them).
    pub roles: Vec<DirectoryRole>,
    /// Every active assignment, with its scope: what the user acts with.
    pub assignments: Vec<RoleAssignment>,
    /// The delegated permissions the token carries.
    pub scopes: Scopes,
}

enum TokenCheck {
    Valid(Box<Actor>),
    Unknown,
    Expired,
    AccountDisabled,
}

pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Actor, GraphError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_string())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| GraphError::invalid_token("Access token is empty."))?;
    let check = state.db.call(move |conn| check_token(conn, &token)).await?;
    match check {
        TokenCheck::Valid(actor) => Ok(*actor),
        TokenCheck::Unknown => Err(GraphError::invalid_token("Invalid access token.")),
        TokenCheck::Expired => Err(GraphError::invalid_token(
            "Lifetime validation failed, the token is expired.",
        )),
        TokenCheck::AccountDisabled => {
            Err(GraphError::invalid_token("The user account is disabled."))
        }
    }
}

fn check_token(conn: &Connection, token: &str) -> rusqlite::Result<TokenCheck> {
    let found: Option<(String, i64, Option<String>)> = conn
        .prepare_cached("SELECT user_id, expires_at, scopes FROM tokens WHERE token = ?1")?
        .query_row([token], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?;
    let Some((user_id, expires_at, scopes)) = found else {
        return Ok(TokenCheck::Unknown);
    };
    if clock::now_secs() >= expires_at {
        return Ok(TokenCheck::Expired);
    }
    // The user may be gone after a reseed with fewer users.
    let Some(user) = directory::find_user(conn, &user_id)? else {
        return Ok(TokenCheck::Unknown);
    };
    // Disabling an account ends what its tokens can do, not only new sign-ins.
    if !user.account_enabled {
        return Ok(TokenCheck::AccountDisabled);
    }
    let assignments = rbac::assignments_of(conn, &user.id)?;
    let roles = tenant_wide_roles(&assignments);
    let scopes = scopes.map_or_else(Scopes::default_grant, |scp| Scopes::parse(&scp));
    Ok(TokenCheck::Valid(Box::new(Actor {
        user,
        roles,
        assignments,
        scopes,
    })))
}

/// Issues a token carrying `scopes` (its `scp`); `expires_in` 0 gives one
/// already expired.
pub fn issue_token(
    conn: &Connection,
    user_id: &str,
    expires_in: u64,
    scopes: &Scopes,
) -> rusqlite::Result<String> {
    let token = ids::access_token();
    let expires_at = clock::now_secs().saturating_add(expires_in.min(i64::MAX as u64 / 2) as i64);
    conn.prepare_cached(
        "INSERT INTO tokens (token, user_id, expires_at, scopes) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![token, user_id, expires_at, scopes.claim()])?;
    Ok(token)
}

/// Ends every token issued to the user so far (`revokeSignInSessions`): each
/// is refused with 401 from now on; tokens issued later work. Returns how
/// many were ended.
pub fn revoke_tokens(conn: &Connection, user_id: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM tokens WHERE user_id = ?1")?
        .execute([user_id])
}
