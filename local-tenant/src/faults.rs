//! Injected faults: what real tenants do to clients (throttling, outages,
//! slow answers, broken bodies, dropped connections, writes whose answer is
//! lost). Queued per route, consumed one per call, in order.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::graph::errors::{GraphError, GraphResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultRoute {
    /// `GET /users`
    ListUsers,
    /// `GET /users/$count`
    CountUsers,
    /// `PATCH /users/{id}`
    ResetPassword,
    /// `POST /me/sendMail`
    SendMail,
    /// `GET /me`
    Me,
    /// `GET /me/transitiveMemberOf/microsoft.graph.directoryRole`
    MyRoles,
    /// `GET /users/{id}`
    GetUser,
    /// `GET /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole`
    UserRoles,
    /// `POST /users/{id}/revokeSignInSessions`
    RevokeSignInSessions,
    /// `GET /roleManagement/directory/roleAssignments`
    ListRoleAssignments,
    /// `GET /groups`
    ListGroups,
    /// `GET /groups/{id}/members`
    GroupMembers,
    /// `GET /groups/{id}/owners`
    GroupOwners,
    /// `GET /directory/administrativeUnits`
    ListAdministrativeUnits,
    /// `GET /directory/administrativeUnits/{id}/members`
    AdministrativeUnitMembers,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    pub route: FaultRoute,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Graph error code to send instead of the usual one for the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default)]
    pub malformed: bool,
    #[serde(default)]
    pub drop: bool,
    #[serde(default)]
    pub after_apply: bool,
}

fn one() -> u32 {
    1
}

/// Marks a response whose connection must be closed without sending it.
#[derive(Clone, Copy, Debug)]
pub struct DropConnection;

impl Fault {
    pub fn check(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        if let Some(status) = self.status {
            if !(200..=599).contains(&status) {
                return Err(format!("status {status} is not an HTTP status"));
            }
            if status < 400 && !self.malformed {
                return Err("a status below 400 needs \"malformed\": true".into());
            }
        }
        if self.latency_ms.is_some_and(|ms| ms > 120_000) {
            return Err("latencyMs is at most 120000".into());
        }
        Ok(())
    }

    /// Only a delay: the real answer follows it.
    fn is_latency_only(&self) -> bool {
        self.status.is_none() && !self.malformed && !self.drop
    }

    fn response(&self) -> Response {
        if self.drop {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(DropConnection);
            return response;
        }
        let status = self
            .status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK);
        let mut response = if self.malformed {
            // Cut mid-token: no JSON parser accepts it.
            let body = if status.is_success() {
                "{\"value\":[{\"id\":"
            } else {
                "{\"error\":{\"code\":\""
            };
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        } else {
            let mut error = GraphError::for_status(status);
            if let Some(code) = &self.code {
                error.code = code.clone();
            }
            error.into_response()
        };
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[derive(Default)]
pub struct Faults {
    pending: Mutex<HashMap<FaultRoute, VecDeque<Fault>>>,
}

impl Faults {
    pub fn add(&self, faults: Vec<Fault>) {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        for fault in faults {
            pending.entry(fault.route).or_default().push_back(fault);
        }
    }

    pub fn clear(&self) {
        self.pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Pending faults with their remaining counts, grouped by route.
    pub fn list(&self) -> Vec<Fault> {
        let pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let mut all: Vec<Fault> = pending.values().flatten().cloned().collect();
        all.sort_by_key(|fault| format!("{:?}", fault.route));
        all
    }

    fn take(&self, route: FaultRoute) -> Option<Fault> {
        let mut pending = self.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let queue = pending.get_mut(&route)?;
        let front = queue.front_mut()?;
        let taken = Fault {
            count: 1,
            ..front.clone()
        };
        front.count -= 1;
        if front.count == 0 {
            queue.pop_front();
        }
        Some(taken)
    }

    /// Runs `action` for a call on `route`, unless a fault says otherwise.
    pub async fn run<F, Fut>(&self, route: FaultRoute, action: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = GraphResult>,
    {
        let Some(fault) = self.take(route) else {
            return action().await.into_response();
        };
        if let Some(ms) = fault.latency_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if fault.is_latency_only() {
            return action().await.into_response();
        }
        if fault.after_apply {
            // The write happens; only its answer is lost or replaced.
            drop(action().await);
        }
        fault.response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn consumed_one_per_call_in_order() {
        let faults = Faults::default();
        faults.add(vec![
            fault(r#"{"route":"listUsers","status":503,"count":2}"#),
            fault(r#"{"route":"listUsers","status":500}"#),
        ]);
        assert_eq!(faults.list()[0].count, 2);
        let statuses: Vec<Option<u16>> = (0..4)
            .map(|_| faults.take(FaultRoute::ListUsers).and_then(|f| f.status))
            .collect();
        assert_eq!(statuses, [Some(503), Some(503), Some(500), None]);
        assert!(faults.take(FaultRoute::Me).is_none());
    }

    #[test]
    fn checks_and_refuses_unknown_fields() {
        assert!(fault(r#"{"route":"me","status":200}"#).check().is_err());
        assert!(
            fault(r#"{"route":"me","status":200,"malformed":true}"#)
                .check()
                .is_ok()
        );
        assert!(fault(r#"{"route":"me","count":0}"#).check().is_err());
        assert!(serde_json::from_str::<Fault>(r#"{"route":"nowhere"}"#).is_err());
        assert!(serde_json::from_str::<Fault>(r#"{"route":"me","stauts":500}"#).is_err());
    }
}
