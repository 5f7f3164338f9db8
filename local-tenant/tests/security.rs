//! What a web page on the same machine must not be able to do to the tenant
//! (DNS rebinding, cross-site requests to /_dev), and disabled accounts.

mod common;

use common::{ADMIN, INITIAL_PASSWORD, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NADIA: &str = "nadia.lefevre@contoso.example";
const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
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

/// A page on another origin (even one allowed to call /v1.0) cannot queue a
/// fault, reseed, or take a token: not with a `text/plain` POST, which needs
/// no preflight, nor with JSON, nor as a read.
#[tokio::test]
async fn another_origins_page_cannot_drive_the_dev_endpoints() {
    let tenant = Tenant::start_with(|config| {
        config.users = 20;
        config.cors_origins = vec!["http://127.0.0.1:3000".into()];
    })
    .await;
    leave_traces(&tenant).await;
    let before = dev_state(&tenant).await;
    let fault = json!({ "route": "me", "status": 500 });
    let raw_fault = fault.to_string();

    let text_plain = tenant
        .client
        .post(tenant.url("/_dev/faults"))
        .header("Origin", "http://evil.example")
        .header("Content-Type", "text/plain")
        .body(raw_fault.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(text_plain.status(), StatusCode::FORBIDDEN);

    let foreign: [&[(&str, &str)]; 5] = [
        &[JSON, ("Origin", "http://evil.example")],
        &[JSON, ("Origin", "http://127.0.0.1:3000")],
        &[JSON, ("Origin", "null")],
        &[JSON, ("Sec-Fetch-Site", "cross-site")],
        &[JSON, ("Sec-Fetch-Site", "same-site")],
    ];
    for headers in foreign {
        for (method, path, body) in [
            (Method::POST, "/_dev/faults", Some(fault.clone())),
            (Method::POST, "/_dev/reseed", Some(json!({}))),
            (Method::DELETE, "/_dev/faults", None),
            (Method::POST, "/_dev/token", Some(json!({ "upn": ADMIN }))),
            (Method::GET, "/_dev/outbox", None),
            (Method::GET, "/_dev/audit", None),
        ] {
            let reply = tenant.send(method.clone(), path, None, headers, body).await;
            reply.assert_error(403, "Authorization_RequestDenied");
            assert!(!reply.text.contains("access_token"), "{method} {path}");
        }
    }
    // Writes that are not JSON are refused even without an Origin.
    for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
        let reply = tenant
            .client
            .post(tenant.url("/_dev/faults"))
            .header("Content-Type", content_type)
            .body(raw_fault.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let bare_reseed = tenant
        .client
        .post(tenant.url("/_dev/reseed"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare_reseed.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let bare_delete = tenant
        .client
        .delete(tenant.url("/_dev/faults"))
        .send()
        .await
        .unwrap();
    assert_eq!(bare_delete.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(dev_state(&tenant).await, before, "nothing changed");

    // The demo page the tenant serves itself is its own origin.
    let own = format!("http://127.0.0.1:{}", tenant.address.port());
    let reply = tenant
        .send(
            Method::POST,
            "/_dev/token",
            None,
            &[JSON, ("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
            Some(json!({ "upn": ADMIN })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let localhost = format!("localhost:{}", tenant.address.port());
    let reply = tenant
        .send(
            Method::GET,
            "/_dev/admins",
            None,
            &[
                ("Host", &localhost),
                ("Origin", &format!("http://{localhost}")),
            ],
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    tenant.stop().await;
}

/// The `userPrincipalName` of a seeded account that is disabled.
async fn a_disabled_account(tenant: &Tenant, token: &str) -> String {
    let users = tenant
        .get(
            "/v1.0/users?$select=userPrincipalName,accountEnabled&$top=999",
            token,
        )
        .await
        .json();
    users["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|user| user["accountEnabled"] == false)
        .expect("the seed has a disabled account")["userPrincipalName"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn disabled_accounts_get_no_token_and_lose_the_ones_they_had() {
    let tenant = Tenant::start(60).await;
    let admin = tenant.token(ADMIN).await;
    let disabled = a_disabled_account(&tenant, &admin).await;

    let refused = tenant
        .dev(Method::POST, "/token", Some(json!({ "upn": disabled })))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.json()["error"], "invalid_grant");
    assert!(
        refused.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("AADSTS50057")
    );
    assert!(refused.json().get("access_token").is_none());
    // Even with the right password.
    let reset = tenant.reset(&admin, &disabled, STRONG, false).await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{}", reset.text);
    let sign_in = tenant.sign_in(&disabled, STRONG).await;
    assert_eq!(
        (sign_in.status, sign_in.json()),
        (StatusCode::UNAUTHORIZED, json!({ "ok": false }))
    );

    // An account disabled after it got its token loses what the token could do.
    let nadia = tenant.token(NADIA).await;
    assert_eq!(tenant.get("/v1.0/me", &nadia).await.status, StatusCode::OK);
    tenant.disable_account(NADIA);
    for path in ["/v1.0/me", "/v1.0/users"] {
        tenant
            .get(path, &nadia)
            .await
            .assert_error(401, "InvalidAuthenticationToken");
    }
    let mail = tenant.send_mail(&nadia, &["a@example.net"], "s", "c").await;
    mail.assert_error(401, "InvalidAuthenticationToken");
    let refused = tenant
        .dev(Method::POST, "/token", Some(json!({ "upn": NADIA })))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Other accounts are unaffected.
    assert_eq!(tenant.get("/v1.0/me", &admin).await.status, StatusCode::OK);
    tenant.stop().await;
}
