//! Delegated permissions and the role cast, as Graph has them: each route
//! checks the permission of its "Permissions" table, a role read without
//! `RoleManagement.Read.Directory` comes back with limited information, and
//! a cast on `transitiveMemberOf` is honoured only as an advanced query.

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const ROLES: &str = "/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole";
const PASSWORD_ADMIN_TEMPLATE: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";

async fn advanced(tenant: &Tenant, path: &str, token: &str) -> Value {
    let reply = tenant.get_eventual(path, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

fn types(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|object| object["@odata.type"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_cast_without_the_advanced_query_headers_answers_every_membership() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;
    let cast = advanced(&tenant, &format!("{ROLES}?$count=true"), &token).await;
    assert_eq!(types(&cast), ["#microsoft.graph.directoryRole"]);
    assert_eq!(cast["@odata.count"], 1);

    // Header without $count, $count without header, neither: the cast is
    // ignored and the admin's group comes back with the role.
    for (path, eventual) in [
        (ROLES.to_string(), true),
        (format!("{ROLES}?$count=true"), false),
        (ROLES.to_string(), false),
    ] {
        let reply = if eventual {
            tenant.get_eventual(&path, &token).await
        } else {
            tenant.get(&path, &token).await
        };
        let mut kinds = types(&reply.json());
        kinds.sort();
        assert_eq!(
            kinds,
            ["#microsoft.graph.directoryRole", "#microsoft.graph.group"],
            "{path} eventual={eventual}"
        );
        assert!(reply.json().get("@odata.count").is_none());
    }

    // The namespace alias, as Microsoft's SDKs write it, on both routes.
    let alias = advanced(
        &tenant,
        "/v1.0/me/transitiveMemberOf/graph.directoryRole?$count=true&$select=roleTemplateId",
        &token,
    )
    .await;
    assert_eq!(
        alias["value"][0]["roleTemplateId"],
        "62e90394-69f5-4237-9190-012177145e10"
    );
    let alias = advanced(
        &tenant,
        "/v1.0/users/pwadmin@contoso.example/transitiveMemberOf/graph.directoryRole?$count=true",
        &token,
    )
    .await;
    assert_eq!(alias["value"][0]["roleTemplateId"], PASSWORD_ADMIN_TEMPLATE);
    tenant.stop().await;
}

#[tokio::test]
async fn role_answers_are_paged_with_a_next_link() {
    let tenant = Tenant::start(30).await;
    for template in [
        PASSWORD_ADMIN_TEMPLATE,
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    ] {
        tenant.grant_role(ADMIN, template);
    }
    let token = tenant.token(ADMIN).await;
    let all = advanced(&tenant, &format!("{ROLES}?$count=true"), &token).await;
    assert_eq!(all["value"].as_array().unwrap().len(), 5);
    assert!(all.get("@odata.nextLink").is_none());

    let mut path = format!("{ROLES}?$count=true&$top=2&$select=roleTemplateId");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let page = advanced(&tenant, &path, &token).await;
        pages += 1;
        assert_eq!(page["@odata.count"], 5);
        for role in page["value"].as_array().unwrap() {
            seen.push(role["roleTemplateId"].as_str().unwrap().to_string());
        }
        let Some(link) = page["@odata.nextLink"].as_str() else {
            break;
        };
        assert!(
            link.starts_with(&tenant.url("/v1.0/me/transitiveMemberOf/")),
            "{link}"
        );
        path = link.trim_start_matches(&tenant.url("")).to_string();
    }
    assert_eq!(pages, 3);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
    tenant
        .get_eventual(&format!("{ROLES}?$count=true&$top=1000"), &token)
        .await
        .assert_error(400, "Request_UnsupportedQuery");
    tenant.stop().await;
}

#[tokio::test]
async fn roles_read_without_role_management_come_back_with_limited_information() {
    let tenant = Tenant::start(30).await;
    let path = format!("{ROLES}?$count=true&$select=displayName,roleTemplateId");
    for scopes in [&["User.Read.All"][..], &["User.Read"][..]] {
        let token = tenant.token_with(ADMIN, scopes).await;
        let page = advanced(&tenant, &path, &token).await;
        let role = &page["value"][0];
        assert_eq!(role["@odata.type"], "#microsoft.graph.directoryRole");
        assert!(role["id"].is_string());
        assert_eq!(role["displayName"], Value::Null);
        assert_eq!(role["roleTemplateId"], Value::Null);
    }
    for scopes in [
        &["User.Read.All", "RoleManagement.Read.Directory"][..],
        &["Directory.Read.All"][..],
    ] {
        let token = tenant.token_with(ADMIN, scopes).await;
        let page = advanced(&tenant, &path, &token).await;
        assert_eq!(
            page["value"][0]["displayName"], "Global Administrator",
            "{scopes:?}"
        );
    }
    tenant.stop().await;
}

#[tokio::test]
async fn each_route_needs_its_documented_permission() {
    let tenant = Tenant::start(30).await;
    let nothing = tenant.token_with(ADMIN, &["openid"]).await;
    let me_only = tenant.token_with(ADMIN, &["User.Read"]).await;
    for path in [
        "/v1.0/users",
        "/v1.0/users/nadia.lefevre@contoso.example",
        "/v1.0/users/pwadmin@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole",
        "/v1.0/auditLogs/directoryAudits",
    ] {
        for token in [&nothing, &me_only] {
            tenant
                .get(path, token)
                .await
                .assert_error(403, "Authorization_RequestDenied");
        }
    }
    tenant
        .get_eventual("/v1.0/users/$count", &me_only)
        .await
        .assert_error(403, "Authorization_RequestDenied");
    tenant
        .get("/v1.0/me", &nothing)
        .await
        .assert_error(403, "Authorization_RequestDenied");
    assert_eq!(
        tenant.get("/v1.0/me", &me_only).await.status,
        StatusCode::OK
    );

    // Writes: the reset, the sign-out, the mail.
    let no_reset = tenant
        .token_with(
            ADMIN,
            &[
                "User.Read.All",
                "RoleManagement.Read.Directory",
                "Mail.Send",
            ],
        )
        .await;
    let refused = tenant
        .reset(
            &no_reset,
            "nadia.lefevre@contoso.example",
            "Quiet-Lantern-Harbour-58",
            true,
        )
        .await
        .assert_error(403, "Authorization_RequestDenied");
    assert_eq!(
        refused["error"]["message"],
        "Insufficient privileges to complete the operation."
    );
    assert_eq!(
        tenant
            .sign_in("nadia.lefevre@contoso.example", "Quiet-Lantern-Harbour-58")
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "nothing was changed"
    );
    tenant
        .send(
            Method::POST,
            "/v1.0/users/nadia.lefevre@contoso.example/revokeSignInSessions",
            Some(&no_reset),
            &[],
            None,
        )
        .await
        .assert_error(403, "Authorization_RequestDenied");
    let no_mail = tenant.token_with(ADMIN, &["User.Read.All"]).await;
    tenant
        .send_mail(&no_mail, &["a@example.net"], "Hello", "Text")
        .await
        .assert_error(403, "ErrorAccessDenied");
    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    assert_eq!(outbox, json!([]));

    // The default grant (the README's list) does all of it.
    let default = tenant.token(ADMIN).await;
    let reply = tenant
        .reset(
            &default,
            "nadia.lefevre@contoso.example",
            "Quiet-Lantern-Harbour-58",
            true,
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    tenant.stop().await;
}
