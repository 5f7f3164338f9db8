//! The dev endpoints: faults, throttling, reseed, admins; persistence across
//! restarts; the real binary; and no secret in any answer, audit or log.

mod common;

use std::time::{Duration, Instant};

use common::{ADMIN, INITIAL_PASSWORD, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
const NADIA: &str = "nadia.lefevre@contoso.example";

async fn add_faults(tenant: &Tenant, faults: Value) {
    let reply = tenant.dev(Method::POST, "/faults", Some(faults)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

#[tokio::test]
async fn faults_answer_with_status_and_retry_after_then_run_out() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token(ADMIN).await;
    add_faults(
        &tenant,
        json!([
            { "route": "listUsers", "status": 503, "count": 2, "retryAfter": 3 },
            { "route": "listUsers", "status": 429, "code": "TooManyRequests" },
            { "route": "me", "status": 504 },
        ]),
    )
    .await;
    let pending = tenant.dev(Method::GET, "/faults", None).await.json();
    assert_eq!(pending.as_array().unwrap().len(), 3);

    for _ in 0..2 {
        let reply = tenant.get("/v1.0/users", &token).await;
        reply.assert_error(503, "serviceNotAvailable");
        assert_eq!(reply.header("retry-after"), Some("3"));
    }
    let reply = tenant.get("/v1.0/users", &token).await;
    reply.assert_error(429, "TooManyRequests");
    assert_eq!(reply.header("retry-after"), None);
    assert_eq!(
        tenant.get("/v1.0/users", &token).await.status,
        StatusCode::OK
    );
    // Faults are per route: /me had its own.
    tenant
        .get("/v1.0/me", &token)
        .await
        .assert_error(504, "gatewayTimeout");
    assert_eq!(tenant.get("/v1.0/me", &token).await.status, StatusCode::OK);

    add_faults(
        &tenant,
        json!({ "route": "sendMail", "status": 500, "count": 5 }),
    )
    .await;
    assert_eq!(
        tenant.dev(Method::GET, "/faults", None).await.json()[0]["count"],
        5
    );
    assert_eq!(
        tenant.dev(Method::DELETE, "/faults", None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        tenant.dev(Method::GET, "/faults", None).await.json(),
        json!([])
    );
    let reply = tenant.send_mail(&token, &["a@example.net"], "s", "c").await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);

    for bad in [
        json!({ "route": "nowhere" }),
        json!({ "route": "me", "status": 200 }),
        json!({ "route": "me", "count": 0 }),
        json!({ "route": "me", "colour": 1 }),
    ] {
        tenant
            .dev(Method::POST, "/faults", Some(bad))
            .await
            .assert_error(400, "Request_BadRequest");
    }
    tenant.stop().await;
}

#[tokio::test]
async fn faults_add_latency_break_bodies_and_drop_connections() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token(ADMIN).await;

    add_faults(&tenant, json!({ "route": "me", "latencyMs": 400 })).await;
    let started = Instant::now();
    let reply = tenant.get("/v1.0/me", &token).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(reply.json()["userPrincipalName"], ADMIN);

    add_faults(
        &tenant,
        json!([
            { "route": "listUsers", "malformed": true },
            { "route": "listUsers", "status": 500, "malformed": true },
        ]),
    )
    .await;
    let broken = tenant.get("/v1.0/users", &token).await;
    assert_eq!(broken.status, StatusCode::OK);
    assert_eq!(broken.header("content-type"), Some("application/json"));
    assert!(serde_json::from_str::<Value>(&broken.text).is_err());
    let broken = tenant.get("/v1.0/users", &token).await;
    assert_eq!(broken.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(serde_json::from_str::<Value>(&broken.text).is_err());

    add_faults(&tenant, json!({ "route": "userRoles", "drop": true })).await;
    let dropped = tenant
        .client
        .get(tenant.url(
            "/v1.0/users/pwadmin@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole",
        ))
        .bearer_auth(&token)
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection should close without an answer"
    );
    assert!(tenant.log_text().contains("dropped"));
    let after = tenant
        .get(
            "/v1.0/users/pwadmin@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole",
            &token,
        )
        .await;
    assert_eq!(after.status, StatusCode::OK);
    tenant.stop().await;
}

#[tokio::test]
async fn after_apply_faults_lose_the_answer_but_keep_the_write() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token(ADMIN).await;

    add_faults(
        &tenant,
        json!({ "route": "resetPassword", "status": 504, "afterApply": true }),
    )
    .await;
    tenant
        .reset(&token, NADIA, STRONG, true)
        .await
        .assert_error(504, "gatewayTimeout");
    assert_eq!(
        tenant.sign_in(NADIA, STRONG).await.json()["mustChangePassword"],
        true
    );

    add_faults(
        &tenant,
        json!({ "route": "sendMail", "drop": true, "afterApply": true }),
    )
    .await;
    let body = json!({ "message": { "subject": "lost answer", "body": { "content": "c" },
        "toRecipients": [{ "emailAddress": { "address": "a@example.net" } }] } });
    let dropped = tenant
        .client
        .post(tenant.url("/v1.0/me/sendMail"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await;
    assert!(dropped.is_err());
    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    assert_eq!(outbox[0]["subject"], "lost answer");

    // Without afterApply nothing happens.
    add_faults(&tenant, json!({ "route": "resetPassword", "status": 500 })).await;
    tenant
        .reset(&token, NADIA, "Third-Pw-is-9fine", false)
        .await
        .assert_error(500, "generalException");
    assert_eq!(tenant.sign_in(NADIA, STRONG).await.status, StatusCode::OK);
    tenant.stop().await;
}

#[tokio::test]
async fn throttled_writes_get_429_with_retry_after_and_are_not_applied() {
    let tenant = Tenant::start_with(|config| {
        config.users = 20;
        config.write_rate = 1;
    })
    .await;
    let token = tenant.token(ADMIN).await;
    // A weak password: an admitted write is answered 400 without hashing.
    assert_eq!(
        tenant.reset(&token, NADIA, "weak", false).await.status,
        StatusCode::BAD_REQUEST
    );
    let throttled = tenant.reset(&token, NADIA, STRONG, false).await;
    throttled.assert_error(429, "TooManyRequests");
    assert_eq!(throttled.header("retry-after"), Some("1"));
    assert_eq!(
        tenant.sign_in(NADIA, STRONG).await.status,
        StatusCode::UNAUTHORIZED,
        "not applied"
    );

    let reply = tenant
        .dev(
            Method::POST,
            "/throttle",
            Some(json!({ "writesPerSecond": 1, "burst": 3 })),
        )
        .await;
    assert_eq!(reply.json(), json!({ "writesPerSecond": 1, "burst": 3 }));
    let statuses: Vec<u16> = {
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(
                tenant
                    .reset(&token, NADIA, "weak", false)
                    .await
                    .status
                    .as_u16(),
            );
        }
        statuses
    };
    assert_eq!(statuses, [400, 400, 400, 429]);
    // Reads are not throttled.
    assert_eq!(
        tenant.get("/v1.0/users", &token).await.status,
        StatusCode::OK
    );

    tenant
        .dev(
            Method::POST,
            "/throttle",
            Some(json!({ "writesPerSecond": 0 })),
        )
        .await;
    for _ in 0..10 {
        assert_eq!(
            tenant.reset(&token, NADIA, "weak", false).await.status,
            StatusCode::BAD_REQUEST
        );
    }
    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    assert_eq!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["outcome"] == "TooManyRequests")
            .count(),
        2
    );
    tenant.stop().await;
}

#[tokio::test]
async fn reseed_restores_the_initial_data() {
    let tenant = Tenant::start(40).await;
    let token = tenant.token(ADMIN).await;
    assert_eq!(
        tenant.reset(&token, NADIA, STRONG, true).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        tenant
            .send_mail(&token, &["a@example.net"], "s", "c")
            .await
            .status,
        StatusCode::ACCEPTED
    );
    add_faults(&tenant, json!({ "route": "me", "status": 503, "count": 9 })).await;
    tenant
        .dev(
            Method::POST,
            "/throttle",
            Some(json!({ "writesPerSecond": 1, "burst": 1 })),
        )
        .await;

    let reply = tenant.dev(Method::POST, "/reseed", None).await;
    assert_eq!(reply.json(), json!({ "users": 40 }));
    assert_eq!(
        tenant.dev(Method::GET, "/outbox", None).await.json(),
        json!([])
    );
    assert_eq!(
        tenant.dev(Method::GET, "/audit", None).await.json(),
        json!([])
    );
    assert_eq!(
        tenant.dev(Method::GET, "/faults", None).await.json(),
        json!([])
    );
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.json()["mustChangePassword"],
        false
    );
    assert_eq!(
        tenant.sign_in(NADIA, STRONG).await.status,
        StatusCode::UNAUTHORIZED
    );
    // Tokens issued before stay valid; the throttle is back to the start value (off).
    assert_eq!(tenant.get("/v1.0/me", &token).await.status, StatusCode::OK);
    for _ in 0..3 {
        assert_eq!(
            tenant.reset(&token, NADIA, "weak", false).await.status,
            StatusCode::BAD_REQUEST
        );
    }

    let reply = tenant
        .dev(Method::POST, "/reseed", Some(json!({ "users": 150 })))
        .await;
    assert_eq!(reply.json(), json!({ "users": 150 }));
    let count = tenant
        .get_eventual("/v1.0/users?$count=true&$top=1", &token)
        .await
        .json();
    assert_eq!(count["@odata.count"], 150);
    tenant.stop().await;
}

#[tokio::test]
async fn admins_are_listed_for_the_demo_page() {
    let tenant = Tenant::start(20).await;
    let admins = tenant.dev(Method::GET, "/admins", None).await.json();
    let admins = admins.as_array().unwrap();
    assert_eq!(admins[0]["userPrincipalName"], ADMIN);
    assert_eq!(admins[0]["roles"], json!(["Global Administrator"]));
    let find = |upn: &str| {
        admins
            .iter()
            .find(|a| a["userPrincipalName"] == upn)
            .unwrap()["roles"]
            .clone()
    };
    assert_eq!(find("ga2@contoso.example"), json!(["Global Administrator"]));
    assert_eq!(
        find("pwadmin@contoso.example"),
        json!(["Password Administrator"])
    );
    assert_eq!(
        find("helpdesk@contoso.example"),
        json!(["Helpdesk Administrator"])
    );
    assert_eq!(
        find("useradmin@contoso.example"),
        json!(["User Administrator"])
    );
    assert_eq!(
        find("authadmin@contoso.example"),
        json!(["Authentication Administrator"])
    );
    assert!(
        admins
            .iter()
            .all(|a| a["userPrincipalName"] != NADIA && a["displayName"].is_string())
    );
    tenant.stop().await;
}

#[tokio::test]
async fn data_persists_across_a_restart_until_reseeded() {
    let first = Tenant::start(25).await;
    let token = first.token(ADMIN).await;
    assert_eq!(
        first.reset(&token, NADIA, STRONG, true).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        first
            .send_mail(&token, &["a@example.net"], "kept", "c")
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let db_path = first.db_path.clone();
    let dir = first.stop().await;

    // A different --users does not reseed a database that has data.
    let second = Tenant::start_on(&db_path, |config| config.users = 99).await;
    assert_eq!(
        second.sign_in(NADIA, STRONG).await.json()["mustChangePassword"],
        true
    );
    assert_eq!(
        second.dev(Method::GET, "/outbox", None).await.json()[0]["subject"],
        "kept"
    );
    assert_eq!(
        second.get("/v1.0/me", &token).await.status,
        StatusCode::OK,
        "tokens persist"
    );
    let count = second
        .get_eventual("/v1.0/users?$count=true&$top=1", &token)
        .await
        .json();
    assert_eq!(count["@odata.count"], 25);
    second.stop().await;

    let third = Tenant::start_on(&db_path, |config| {
        config.users = 30;
        config.reseed = true;
    })
    .await;
    assert_eq!(
        third.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );
    let count = third
        .get_eventual("/v1.0/users?$count=true&$top=1", &token)
        .await
        .json();
    assert_eq!(count["@odata.count"], 30);
    third.stop().await;
    drop(dir);
}

/// Every answer, the audit and the log, after resets that succeed and fail,
/// sign-ins and throttling: neither a password nor an Argon2 hash anywhere.
#[tokio::test]
async fn no_password_or_hash_leaks_anywhere() {
    let tenant = Tenant::start(20).await;
    let admin = tenant.token(ADMIN).await;
    let helpdesk = tenant.token("helpdesk@contoso.example").await;
    let passwords = [STRONG, "Nadia2!x", "Another-Good-Pw-77", INITIAL_PASSWORD];

    assert_eq!(
        tenant.reset(&admin, NADIA, STRONG, true).await.status,
        StatusCode::NO_CONTENT
    );
    tenant.reset(&admin, NADIA, "Nadia2!x", true).await;
    tenant
        .reset(&helpdesk, ADMIN, "Another-Good-Pw-77", true)
        .await;
    tenant
        .reset(&admin, ADMIN, "Another-Good-Pw-77", true)
        .await;
    tenant
        .reset(&admin, "nobody@contoso.example", "short", true)
        .await;
    tenant.sign_in(NADIA, STRONG).await;
    tenant.sign_in(NADIA, "short").await;
    tenant.sign_in(ADMIN, INITIAL_PASSWORD).await;
    tenant.send(Method::PATCH, &format!("/v1.0/users/{NADIA}"), Some(&admin), &[], Some(json!({ "passwordProfile": { "password": STRONG, "forceChangePasswordNextSignIn": "x" } }))).await;
    tenant
        .dev(
            Method::POST,
            "/throttle",
            Some(json!({ "writesPerSecond": 1, "burst": 1 })),
        )
        .await;
    tenant.reset(&admin, NADIA, STRONG, true).await;
    tenant.reset(&admin, NADIA, STRONG, true).await;
    for path in [
        "/v1.0/me",
        "/v1.0/users?$top=999",
        &format!("/v1.0/users/{NADIA}"),
    ] {
        tenant.get(path, &admin).await;
    }
    tenant.dev(Method::GET, "/audit", None).await;
    tenant.dev(Method::GET, "/admins", None).await;

    let bodies = tenant.bodies.lock().unwrap().join("\n");
    let logs = tenant.log_text();
    assert!(logs.lines().count() >= 15, "{logs}");
    assert!(
        logs.contains("PATCH /v1.0/users/nadia.lefevre@contoso.example 204"),
        "{logs}"
    );
    for text in [&bodies, &logs] {
        assert!(!text.contains("$argon2"), "a hash leaked");
        assert!(!text.to_ascii_lowercase().contains("passwordhash"));
        for password in passwords {
            assert!(!text.contains(password), "{password} leaked");
        }
    }
    assert!(
        !logs.contains(&admin) && !logs.contains(&helpdesk),
        "a token was logged"
    );
    tenant.stop().await;
}

#[tokio::test]
async fn dev_endpoints_answer_loopback_callers_only() {
    // Reach the server through a non-loopback address of this machine, if any.
    let Some(ip) = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|socket| socket.connect("192.0.2.1:9").map(|_| socket))
        .and_then(|socket| socket.local_addr())
        .map(|address| address.ip())
        .ok()
        .filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
    else {
        eprintln!("no non-loopback address on this machine: only the loopback side is checked");
        return;
    };
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.host = "0.0.0.0".into();
        config.allowed_hosts = vec![ip.to_string()];
    })
    .await;
    let remote = format!("http://{ip}:{}", tenant.address.port());
    let reply = tenant
        .client
        .get(format!("{remote}/_dev/outbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::FORBIDDEN);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
    let reply = tenant
        .client
        .post(format!("{remote}/_dev/token"))
        .json(&json!({ "upn": ADMIN }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::FORBIDDEN);
    // The Graph API itself is reachable from anywhere the server listens.
    assert_eq!(
        tenant
            .client
            .get(format!("{remote}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let local = format!("http://127.0.0.1:{}/_dev/outbox", tenant.address.port());
    assert_eq!(
        tenant.client.get(local).send().await.unwrap().status(),
        StatusCode::OK
    );
    tenant.stop().await;
}

#[tokio::test]
async fn the_binary_announces_itself_and_logs_one_line_per_request() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_local-tenant"))
        .args(["--port", "0", "--users", "15", "--db"])
        .arg(dir.path().join("nested/tenant.sqlite"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), stdout.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let base = line
        .strip_prefix("local tenant listening on ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(base.starts_with("http://127.0.0.1:"));

    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    let token: Value = client
        .post(format!("{base}/_dev/token"))
        .json(&json!({ "upn": ADMIN }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let reply = client
        .patch(format!("{base}/v1.0/users/{NADIA}"))
        .bearer_auth(&token)
        .json(&json!({ "passwordProfile": { "password": STRONG, "forceChangePasswordNextSignIn": true } }))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::NO_CONTENT);

    child.start_kill().unwrap();
    let output = child.wait_with_output().await.unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("GET /healthz 200"), "{stderr}");
    assert!(
        stderr.contains("PATCH /v1.0/users/nadia.lefevre@contoso.example 204"),
        "{stderr}"
    );
    assert!(!stderr.contains(STRONG) && !stderr.contains(&token) && !stderr.contains("$argon2"));
    assert!(dir.path().join("nested/tenant.sqlite").exists());

    let help = std::process::Command::new(env!("CARGO_BIN_EXE_local-tenant"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--write-rate"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_local-tenant"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// Browsers resend a request whose reused keep-alive connection closes
/// without an answer; so queuing a drop closes idle connections first.
#[tokio::test]
async fn queuing_a_drop_closes_idle_keep_alive_connections() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let tenant = Tenant::start(12).await;
    let mut socket = tokio::net::TcpStream::connect(tenant.address)
        .await
        .unwrap();
    let request = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", tenant.address);
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut buffer = [0u8; 1024];
    let read = socket.read(&mut buffer).await.unwrap();
    assert!(String::from_utf8_lossy(&buffer[..read]).starts_with("HTTP/1.1 200"));

    add_faults(&tenant, json!({ "route": "me", "status": 503 })).await;
    let still_open =
        tokio::time::timeout(Duration::from_millis(300), socket.read(&mut buffer)).await;
    assert!(still_open.is_err(), "other faults leave connections alone");

    add_faults(&tenant, json!({ "route": "me", "drop": true })).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await;
    assert_eq!(
        closed.expect("closed in time").unwrap(),
        0,
        "the idle connection is closed"
    );
    tenant.stop().await;
}
