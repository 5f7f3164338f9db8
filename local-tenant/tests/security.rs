//! What a web page on the same machine must not be able to do to the tenant
//! (DNS rebinding, cross-site requests to /_dev), disabled accounts, and
//! sign-in that tells nothing by its timing and cannot be tried endlessly.

mod common;

use std::time::{Duration, Instant};

use common::{ADMIN, INITIAL_PASSWORD, Tenant};
use local_tenant::clock::Clock;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NADIA: &str = "nadia.lefevre@contoso.example";
const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
const JSON: (&str, &str) = ("Content-Type", "application/json");
/// The seed's named accounts (with the initial password), by local part.
const NAMED: [&str; 11] = [
    "admin@",
    "ga2@",
    "pwadmin@",
    "helpdesk@",
    "useradmin@",
    "authadmin@",
    "privauth@",
    "groupsadmin@",
    "nadia.lefevre@",
    "elodie.dupre@",
    "markup.test@",
];

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

/// The `userPrincipalName` of a seeded account that is disabled: one
/// generated user in 41 is, so the tenant needs the named users and 41 more.
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
    let tenant = Tenant::start(70).await;
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

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// Before, an unknown account was answered in well under a millisecond and
/// a wrong password after an Argon2 check: the time told which accounts exist.
#[tokio::test]
async fn a_failed_sign_in_takes_as_long_whether_or_not_the_account_exists() {
    let tenant = Tenant::start(70).await;
    let admin = tenant.token(ADMIN).await;
    let disabled = a_disabled_account(&tenant, &admin).await;
    // Generated accounts have no password until an admin resets one.
    let never_set = tenant
        .get(
            "/v1.0/users?$select=userPrincipalName,accountEnabled&$top=999",
            &admin,
        )
        .await
        .json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|user| user["accountEnabled"] == true)
        .map(|user| user["userPrincipalName"].as_str().unwrap().to_string())
        .find(|upn| !NAMED.iter().any(|named| upn.starts_with(named)))
        .expect("a generated account");
    let accounts = [
        NADIA.to_string(),
        "nobody.here@contoso.example".to_string(),
        disabled,
        never_set,
    ];
    // A first try of each, not measured, warms up whatever is lazy.
    for account in &accounts {
        tenant.sign_in(account, "Wrong-password-1").await;
    }
    let mut samples = vec![Vec::new(); accounts.len()];
    for _ in 0..5 {
        for (account, samples) in accounts.iter().zip(&mut samples) {
            let started = Instant::now();
            let reply = tenant.sign_in(account, "Wrong-password-1").await;
            samples.push(started.elapsed());
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        }
    }
    let medians: Vec<Duration> = samples.into_iter().map(median).collect();
    let wrong_password = medians[0];
    for (account, median) in accounts.iter().zip(&medians).skip(1) {
        // Loose bounds: the machine may be busy, but sub-millisecond against
        // an Argon2 check is a factor of ten and more.
        assert!(
            *median * 4 >= wrong_password && *median <= wrong_password * 4,
            "{account}: {median:?} against {wrong_password:?} for a wrong password"
        );
    }
    tenant.stop().await;
}

/// Seconds; the attempts themselves take real time, so not exactly the window.
fn retry_after(reply: &common::Reply) -> u64 {
    reply.header("retry-after").unwrap().parse().unwrap()
}

#[tokio::test]
async fn failed_sign_ins_lock_the_account_name_for_a_minute() {
    let clock = Clock::default();
    let tenant = Tenant::start_with(|config| {
        config.users = 20;
        config.clock = clock.clone();
    })
    .await;
    for account in [NADIA, "nobody.here@contoso.example"] {
        for attempt in 0..10 {
            let reply = tenant.sign_in(account, "Wrong-password-1").await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {attempt}");
        }
        // Locked, whether the account exists or not, and even with the right password.
        let locked = tenant.sign_in(account, INITIAL_PASSWORD).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
        assert!((50..=60).contains(&retry_after(&locked)));
        assert_eq!(locked.json()["ok"], false);
    }
    // In other spelling too; other accounts are not locked.
    let shouted = tenant
        .sign_in(&NADIA.to_uppercase(), INITIAL_PASSWORD)
        .await;
    assert_eq!(shouted.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        tenant.sign_in(ADMIN, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );

    clock.advance(Duration::from_secs(30));
    let locked = tenant.sign_in(NADIA, INITIAL_PASSWORD).await;
    assert!((20..=30).contains(&retry_after(&locked)));
    clock.advance(Duration::from_secs(30));
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );
    // A success starts the count over.
    for _ in 0..9 {
        tenant.sign_in(NADIA, "Wrong-password-1").await;
    }
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );
    // A reseed lifts every lockout.
    for _ in 0..11 {
        tenant.sign_in(ADMIN, "Wrong-password-1").await;
    }
    assert_eq!(
        tenant.sign_in(ADMIN, INITIAL_PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    tenant.dev(Method::POST, "/reseed", None).await;
    assert_eq!(
        tenant.sign_in(ADMIN, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );
    tenant.stop().await;
}
