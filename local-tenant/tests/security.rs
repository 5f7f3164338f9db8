//! What a web page on the same machine must not be able to do to the tenant
//! (DNS rebinding).

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const JSON: (&str, &str) = ("Content-Type", "application/json");

/// What a page could change or read through /_dev, to prove a refusal changed nothing.
async fn dev_state(tenant: &Tenant) -> (Value, Value, Value) {
    (
        tenant.dev(Method::GET, "/faults", None).await.json(),
        tenant.dev(Method::GET, "/outbox", None).await.json(),
        tenant.dev(Method::GET, "/audit", None).await.json(),
    )
}

/// Some state a reseed would wipe: a mail in the outbox and a queued fault.
async fn leave_traces(tenant: &Tenant) {
    let token = tenant.token(ADMIN).await;
    let mail = tenant
        .send_mail(&token, &["a@example.net"], "kept", "c")
        .await;
    assert_eq!(mail.status, StatusCode::ACCEPTED);
    let fault = json!({ "route": "getUser", "status": 503 });
    let queued = tenant.dev(Method::POST, "/faults", Some(fault)).await;
    assert_eq!(queued.status, StatusCode::CREATED);
}

/// A rebinding page reaches the tenant under its own host name: no route
/// answers it, so it neither gets an admin token nor reads mailed passwords.
#[tokio::test]
async fn a_foreign_host_name_is_refused_and_changes_nothing() {
    let tenant = Tenant::start_with(|config| {
        config.users = 20;
        config.allowed_hosts = vec!["devbox".into()];
    })
    .await;
    leave_traces(&tenant).await;
    let before = dev_state(&tenant).await;
    let token = tenant.token(ADMIN).await;
    let port = tenant.address.port();
    let rebound = format!("rebind.attacker.example:{port}");
    let host = ("Host", rebound.as_str());

    let attempts = [
        (Method::POST, "/_dev/token", Some(json!({ "upn": ADMIN }))),
        (Method::GET, "/_dev/outbox", None),
        (Method::POST, "/_dev/reseed", Some(json!({}))),
        (Method::DELETE, "/_dev/faults", None),
        (Method::GET, "/v1.0/users", None),
        (Method::GET, "/healthz", None),
        (Method::GET, "/", None),
    ];
    for (method, path, body) in attempts {
        let reply = tenant
            .send(method.clone(), path, Some(&token), &[host, JSON], body)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::MISDIRECTED_REQUEST,
            "{method} {path}"
        );
        assert!(
            reply
                .header("content-type")
                .unwrap()
                .starts_with("text/plain")
        );
        assert!(!reply.text.contains("access_token") && !reply.text.contains("kept"));
    }
    // The tenant's own name on another port is another host too.
    let other_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    let reply = tenant
        .send(
            Method::GET,
            "/_dev/outbox",
            None,
            &[("Host", &other_port)],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(dev_state(&tenant).await, before, "nothing changed");

    for name in ["localhost", "[::1]", "LOCALHOST", "devbox"] {
        let alias = format!("{name}:{port}");
        let reply = tenant
            .send(
                Method::GET,
                "/v1.0/me",
                Some(&token),
                &[("Host", &alias)],
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{alias}");
    }
    tenant.stop().await;
}
