//! `POST /users/{id}/revokeSignInSessions` over real HTTP: Graph's answer,
//! who may sign whom out, tokens issued before the call refused after it,
//! faults on the route, and the audit record.

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NADIA: &str = "nadia.lefevre@contoso.example";

async fn revoke(tenant: &Tenant, token: &str, target: &str) -> common::Reply {
    tenant
        .send(
            Method::POST,
            &format!("/v1.0/users/{target}/revokeSignInSessions"),
            Some(token),
            &[],
            None,
        )
        .await
}

#[tokio::test]
async fn signing_out_ends_the_tokens_issued_before_and_only_those() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let nadia_id = tenant.user_id(NADIA).await;
    let old = tenant.token(NADIA).await;
    let also_old = tenant.token(NADIA).await;
    assert_eq!(tenant.get("/v1.0/me", &old).await.status, StatusCode::OK);
    let bystander = tenant.token("elodie.dupre@contoso.example").await;

    let reply = revoke(&tenant, &admin, &nadia_id).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["value"], json!(true));
    assert!(
        body["@odata.context"]
            .as_str()
            .is_some_and(|c| c.ends_with("/v1.0/$metadata#Edm.Boolean")),
        "{body}"
    );

    for token in [&old, &also_old] {
        tenant
            .get("/v1.0/me", token)
            .await
            .assert_error(401, "InvalidAuthenticationToken");
    }
    // A new sign-in works, and nobody else was signed out.
    let new = tenant.token(NADIA).await;
    assert_eq!(tenant.get("/v1.0/me", &new).await.status, StatusCode::OK);
    assert_eq!(
        tenant.get("/v1.0/me", &bystander).await.status,
        StatusCode::OK
    );
    assert_eq!(tenant.get("/v1.0/me", &admin).await.status, StatusCode::OK);

    // By sign-in name too, and users may sign themselves out.
    let reply = revoke(&tenant, &new, NADIA).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    tenant
        .get("/v1.0/me", &new)
        .await
        .assert_error(401, "InvalidAuthenticationToken");

    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    let revokes: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "revokeSignInSessions")
        .collect();
    assert_eq!(revokes.len(), 2);
    assert_eq!(revokes[0]["actor"], ADMIN);
    assert_eq!(revokes[0]["target"], NADIA);
    assert_eq!(revokes[0]["outcome"], "success");
    // Graph's directory audit view keeps to resets and password changes.
    let graph_view = tenant.get("/v1.0/auditLogs/directoryAudits", &admin).await;
    assert!(!graph_view.text.contains("revokeSignInSessions"));
}

#[tokio::test]
async fn only_roles_that_may_invalidate_tokens_reach_their_targets() {
    let tenant = Tenant::start(30).await;
    let nadia_id = tenant.user_id(NADIA).await;
    let admin_id = tenant.user_id(ADMIN).await;
    let useradmin_id = tenant.user_id("useradmin@contoso.example").await;
    let cases = [
        // A Password Administrator resets passwords but signs nobody out.
        ("pwadmin@contoso.example", &nadia_id, 403),
        ("helpdesk@contoso.example", &nadia_id, 200),
        ("helpdesk@contoso.example", &useradmin_id, 403),
        ("useradmin@contoso.example", &useradmin_id, 200),
        ("authadmin@contoso.example", &admin_id, 403),
        ("privauth@contoso.example", &admin_id, 200),
        ("groupsadmin@contoso.example", &nadia_id, 403),
        (NADIA, &admin_id, 403),
    ];
    for (actor, target, status) in cases {
        let token = tenant.token(actor).await;
        let reply = revoke(&tenant, &token, target).await;
        if status == 403 {
            reply.assert_error(403, "Authorization_RequestDenied");
        } else {
            assert_eq!(reply.status.as_u16(), status, "{actor}: {}", reply.text);
        }
    }
    let token = tenant.token(ADMIN).await;
    revoke(&tenant, &token, "ghost@contoso.example")
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .send(
            Method::POST,
            &format!("/v1.0/users/{nadia_id}/revokeSignInSessions"),
            None,
            &[],
            None,
        )
        .await
        .assert_error(401, "InvalidAuthenticationToken");
    // A refused call ends nobody's tokens.
    let nadia = tenant.token(NADIA).await;
    let pwadmin = tenant.token("pwadmin@contoso.example").await;
    revoke(&tenant, &pwadmin, &nadia_id)
        .await
        .assert_error(403, "Authorization_RequestDenied");
    assert_eq!(tenant.get("/v1.0/me", &nadia).await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_on_the_route_fail_the_sign_out_without_applying_it() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let nadia_id = tenant.user_id(NADIA).await;
    let nadia = tenant.token(NADIA).await;
    let added = tenant
        .dev(
            Method::POST,
            "/faults",
            Some(json!({ "route": "revokeSignInSessions", "status": 503, "count": 1 })),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);

    revoke(&tenant, &admin, &nadia_id)
        .await
        .assert_error(503, "serviceNotAvailable");
    assert_eq!(tenant.get("/v1.0/me", &nadia).await.status, StatusCode::OK);
    // The fault is spent; the next call signs the user out.
    assert_eq!(
        revoke(&tenant, &admin, &nadia_id).await.status,
        StatusCode::OK
    );
    assert_eq!(
        tenant.get("/v1.0/me", &nadia).await.status,
        StatusCode::UNAUTHORIZED
    );
}
