//! Answers as Microsoft Graph gives them where the widget must cope: request
//! and client request ids, CORS that hides `Retry-After`, an admin without a
//! mailbox, the mailbox's sending limit, a user synced from on-premises, the
//! tenant's own banned passwords and disabled accounts.

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::json;

const NOMAIL: &str = "nomail.admin@contoso.example";
const SYNCED: &str = "synced.user@contoso.example";
const NADIA: &str = "nadia.lefevre@contoso.example";
const STRONG: &str = "Vq7#mZ2!pLx9-Kd";

#[tokio::test]
async fn an_admin_without_a_mailbox_cannot_send_mail_but_can_reset() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let nomail = tenant.get(&format!("/v1.0/users/{NOMAIL}"), &admin).await;
    assert_eq!(nomail.status, StatusCode::OK, "{}", nomail.text);
    assert_eq!(nomail.json()["mail"], json!(null));

    let token = tenant.token(NOMAIL).await;
    let me = tenant.get("/v1.0/me?$select=id,mail", &token).await.json();
    assert_eq!(me["mail"], json!(null));
    let refused = tenant
        .send_mail(&token, &["someone@example.net"], "Hello", "Text")
        .await;
    let body = refused.assert_error(404, "MailboxNotEnabledForRESTAPI");
    assert_eq!(
        body["error"]["message"],
        "The mailbox is either inactive, soft-deleted, or is hosted on-premise."
    );
    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    assert_eq!(outbox.as_array().map(Vec::len), Some(0));

    // A Password Administrator still: the reset itself goes through.
    let reply = tenant.reset(&token, NADIA, STRONG, true).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    tenant.stop().await;
}

#[tokio::test]
async fn a_mailbox_sends_thirty_messages_a_minute_then_gets_429_with_retry_after() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    for n in 0..30 {
        let sent = tenant
            .send_mail(&admin, &["a@example.net"], &format!("Message {n}"), "Text")
            .await;
        assert_eq!(
            sent.status,
            StatusCode::ACCEPTED,
            "message {n}: {}",
            sent.text
        );
    }
    let throttled = tenant
        .send_mail(&admin, &["a@example.net"], "One too many", "Text")
        .await;
    throttled.assert_error(429, "TooManyRequests");
    let wait: u64 = throttled.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another mailbox has its own limit, and directory writes are not held up.
    let other = tenant.token("pwadmin@contoso.example").await;
    let sent = tenant
        .send_mail(&other, &["a@example.net"], "Mine", "Text")
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    let reply = tenant.reset(&admin, NADIA, STRONG, false).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    // A reseed starts every mailbox afresh.
    tenant.dev(Method::POST, "/reseed", Some(json!({}))).await;
    let sent = tenant
        .send_mail(&admin, &["a@example.net"], "Again", "Text")
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    tenant.stop().await;
}

#[tokio::test]
async fn a_synced_user_is_marked_on_select_and_cannot_be_reset() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let synced = tenant
        .get(
            &format!("/v1.0/users/{SYNCED}?$select=id,displayName,onPremisesSyncEnabled"),
            &admin,
        )
        .await
        .json();
    assert_eq!(synced["displayName"], "Sam Synced");
    assert_eq!(synced["onPremisesSyncEnabled"], true);
    let cloud = tenant
        .get(
            &format!("/v1.0/users/{NADIA}?$select=id,onPremisesSyncEnabled"),
            &admin,
        )
        .await
        .json();
    assert_eq!(cloud["onPremisesSyncEnabled"], json!(null));
    // Not in the default set, as Graph has it.
    let default = tenant
        .get(&format!("/v1.0/users/{SYNCED}"), &admin)
        .await
        .json();
    assert!(default.get("onPremisesSyncEnabled").is_none(), "{default}");

    // Even a Global Administrator: the password is mastered on-premises.
    let refused = tenant.reset(&admin, SYNCED, STRONG, true).await;
    let body = refused.assert_error(400, "Request_BadRequest");
    assert_eq!(
        body["error"]["message"],
        "Unable to update the specified properties for on-premises mastered Directory \
         Sync objects or objects currently undergoing migration."
    );
    tenant.stop().await;
}

#[tokio::test]
async fn the_tenants_own_banned_terms_refuse_a_password_with_graphs_400() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let refused = tenant
        .reset(&admin, NADIA, "Northwind#Seattle1", true)
        .await;
    let body = refused.assert_error(400, "Request_BadRequest");
    assert_eq!(
        body["error"]["message"],
        "The specified password does not comply with password complexity requirements. \
         Please provide a different password."
    );
    let audit = tenant.dev(Method::GET, "/audit", None).await.text;
    assert!(!audit.contains("Northwind#Seattle1"));
    tenant.stop().await;
}

#[tokio::test]
async fn every_answer_names_both_ids_and_cross_origin_hides_retry_after() {
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.write_rate = 1;
        config.cors_origins = vec!["http://host.test:3000".into()];
    })
    .await;
    let admin = tenant.token(ADMIN).await;
    let origin = ("Origin", "http://host.test:3000");
    // The bucket holds one write: the second is throttled.
    tenant.reset(&admin, NADIA, STRONG, false).await;
    let throttled = tenant
        .send(
            Method::PATCH,
            &format!("/v1.0/users/{NADIA}"),
            Some(&admin),
            &[
                origin,
                ("client-request-id", "11111111-2222-4333-8444-555555555555"),
            ],
            Some(json!({ "passwordProfile": { "password": STRONG } })),
        )
        .await;
    let body = throttled.assert_error(429, "TooManyRequests");
    let inner = &body["error"]["innerError"];
    assert_eq!(
        inner["client-request-id"],
        "11111111-2222-4333-8444-555555555555"
    );
    assert_eq!(
        throttled.header("client-request-id"),
        Some("11111111-2222-4333-8444-555555555555")
    );
    // The header is sent, but a browser on another origin may not read it.
    assert!(throttled.header("retry-after").is_some());
    let exposed = throttled
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("request-id") && exposed.contains("client-request-id"));
    assert!(!exposed.contains("retry-after"), "{exposed}");
    tenant.stop().await;
}
