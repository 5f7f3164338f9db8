//! A tenant started in-process on 127.0.0.1:0 with its own database, and a
//! client that keeps every body it reads (to prove no secret ever leaks).
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use local_tenant::{Config, LogSink, ServerHandle, serve};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tempfile::TempDir;

pub const INITIAL_PASSWORD: &str = "Contoso-Initial-2026!";
pub const ADMIN: &str = "admin@contoso.example";

pub struct Tenant {
    pub address: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    pub logs: Arc<Mutex<Vec<String>>>,
    /// Every response body read through this helper, in order.
    pub bodies: Arc<Mutex<Vec<String>>>,
    handle: Option<ServerHandle>,
    pub db_path: PathBuf,
    _dir: Option<TempDir>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a Graph error body with this status and code.
    pub fn assert_error(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        let body = self.json();
        assert_eq!(body["error"]["code"], code, "body: {}", self.text);
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
        let inner = &body["error"]["innerError"];
        assert!(inner["date"].is_string() && inner["request-id"].is_string());
        assert!(inner["client-request-id"].is_string());
        assert_eq!(inner["request-id"].as_str(), self.header("request-id"));
        body
    }
}

impl Tenant {
    pub async fn start(users: usize) -> Tenant {
        Tenant::start_with(|config| config.users = users).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Tenant {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db_path = dir.path().join("tenant.sqlite");
        let mut tenant = Tenant::start_on(&db_path, adjust).await;
        tenant._dir = Some(dir);
        tenant
    }

    /// Starts on an existing database file (for restarts).
    pub async fn start_on(db_path: &Path, adjust: impl FnOnce(&mut Config)) -> Tenant {
        let (log, logs) = LogSink::memory();
        let mut config = Config {
            port: 0,
            db_path: db_path.to_path_buf(),
            users: 60,
            static_dir: db_path.parent().unwrap().join("dist"),
            log,
            ..Config::default()
        };
        adjust(&mut config);
        let (address, handle) = serve(config).await.expect("the tenant starts");
        Tenant {
            address,
            base: format!("http://{address}"),
            client: reqwest::Client::new(),
            logs,
            bodies: Arc::default(),
            handle: Some(handle),
            db_path: db_path.to_path_buf(),
            _dir: None,
        }
    }

    pub async fn stop(mut self) -> Option<TempDir> {
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await;
        }
        self._dir.take()
    }

    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the request is answered");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("the body is read");
        self.bodies.lock().unwrap().push(text.clone());
        Reply {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), &[], None).await
    }

    pub async fn get_eventual(&self, path: &str, token: &str) -> Reply {
        self.send(
            Method::GET,
            path,
            Some(token),
            &[("ConsistencyLevel", "eventual")],
            None,
        )
        .await
    }

    /// Writes to `/_dev` must be JSON, body or not.
    pub async fn dev(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let json: &[(&str, &str)] = if method == Method::GET || body.is_some() {
            &[]
        } else {
            &[("Content-Type", "application/json")]
        };
        self.send(method, &format!("/_dev{path}"), None, json, body)
            .await
    }

    /// Turns an account off behind the tenant's back, as an admin elsewhere would.
    pub fn disable_account(&self, upn: &str) {
        let db = rusqlite::Connection::open(&self.db_path).expect("the database opens");
        let changed = db
            .execute(
                "UPDATE users SET account_enabled = 0 WHERE upn_lower = ?1",
                [upn.to_lowercase()],
            )
            .expect("the update runs");
        assert_eq!(changed, 1, "{upn} exists");
    }

    /// Gives a user a tenant-wide directory role behind the tenant's back,
    /// as an admin elsewhere would.
    pub fn grant_role(&self, upn: &str, role_template_id: &str) {
        let db = rusqlite::Connection::open(&self.db_path).expect("the database opens");
        let changed = db
            .execute(
                "INSERT INTO role_assignments (id, principal_id, role_template_id, \
                 directory_scope_id) SELECT lower(hex(randomblob(16))), id, ?2, '/' \
                 FROM users WHERE upn_lower = ?1",
                [upn.to_lowercase(), role_template_id.to_string()],
            )
            .expect("the insert runs");
        assert_eq!(changed, 1, "{upn} exists");
    }

    pub async fn token(&self, upn: &str) -> String {
        let reply = self
            .dev(Method::POST, "/token", Some(json!({ "upn": upn })))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["access_token"].as_str().unwrap().to_string()
    }

    /// A token granting only `scopes` (the `scp` of a consent to those).
    pub async fn token_with(&self, upn: &str, scopes: &[&str]) -> String {
        let reply = self
            .dev(
                Method::POST,
                "/token",
                Some(json!({ "upn": upn, "scopes": scopes })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.json()["scope"], scopes.join(" "));
        reply.json()["access_token"].as_str().unwrap().to_string()
    }

    pub async fn user_id(&self, upn: &str) -> String {
        let token = self.token(ADMIN).await;
        let reply = self
            .get(&format!("/v1.0/users/{upn}?$select=id"), &token)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["id"].as_str().unwrap().to_string()
    }

    pub async fn reset(&self, token: &str, target: &str, password: &str, force: bool) -> Reply {
        let body = json!({ "passwordProfile": {
            "password": password,
            "forceChangePasswordNextSignIn": force,
            "forceChangePasswordNextSignInWithMfa": false,
        }});
        self.send(
            Method::PATCH,
            &format!("/v1.0/users/{target}"),
            Some(token),
            &[],
            Some(body),
        )
        .await
    }

    pub async fn sign_in(&self, upn: &str, password: &str) -> Reply {
        let body = json!({ "userPrincipalName": upn, "password": password });
        self.dev(Method::POST, "/signin", Some(body)).await
    }

    pub async fn send_mail(&self, token: &str, to: &[&str], subject: &str, text: &str) -> Reply {
        let recipients: Vec<Value> = to
            .iter()
            .map(|a| json!({ "emailAddress": { "address": a } }))
            .collect();
        let body = json!({ "message": {
            "subject": subject,
            "body": { "contentType": "Text", "content": text },
            "toRecipients": recipients,
        }, "saveToSentItems": false });
        self.send(
            Method::POST,
            "/v1.0/me/sendMail",
            Some(token),
            &[],
            Some(body),
        )
        .await
    }

    pub fn log_text(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }
}
