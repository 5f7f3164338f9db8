//! Role assignments, groups and administrative units as Graph v1.0 lists
//! them: shapes, paging by `@odata.nextLink`, filters, permissions, 404s.

mod common;

use std::collections::HashSet;

use common::{ADMIN, Tenant};
use reqwest::StatusCode;
use serde_json::Value;

const ASSIGNMENTS: &str = "/v1.0/roleManagement/directory/roleAssignments";
const HELPDESK_TEMPLATE: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const PASSWORD_ADMIN_TEMPLATE: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";

fn values(page: &Value) -> Vec<Value> {
    page["value"].as_array().expect("a value array").clone()
}

/// Every entry of a listing, following `@odata.nextLink`; checks that no
/// entry comes twice and every page but the last is full.
async fn all_pages(tenant: &Tenant, token: &str, first: &str, top: usize) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(url) = next.take() {
        let reply = tenant.get(&url, token).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}: {}", reply.text);
        let page = reply.json();
        let page_values = values(&page);
        next = page["@odata.nextLink"].as_str().map(str::to_string);
        if next.is_some() {
            assert_eq!(page_values.len(), top, "{url}");
            assert!(next.as_deref().unwrap().starts_with(&tenant.base));
        }
        entries.extend(page_values);
    }
    let ids: HashSet<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), entries.len(), "no entry twice");
    entries
}

async fn refused(tenant: &Tenant, path: &str, token: &str) {
    tenant
        .get(path, token)
        .await
        .assert_error(403, "Authorization_RequestDenied");
}

#[tokio::test]
async fn role_assignments_with_their_principals() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;
    let reply = tenant
        .get(&format!("{ASSIGNMENTS}?$expand=principal"), &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let page = reply.json();
    assert_eq!(
        page["@odata.context"],
        format!(
            "{}/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())",
            tenant.base
        )
    );
    let all = values(&page);
    for assignment in &all {
        for property in ["id", "principalId", "roleDefinitionId", "directoryScopeId"] {
            assert!(assignment[property].is_string(), "{property}: {assignment}");
        }
        assert_eq!(assignment["principal"]["id"], assignment["principalId"]);
        assert!(assignment["principal"]["displayName"].is_string());
    }
    let by_principal = |name: &str| {
        all.iter()
            .find(|a| a["principal"]["displayName"] == name)
            .unwrap_or_else(|| panic!("no assignment of {name}"))
            .clone()
    };
    let paul = by_principal("Paul Helpdesk-Paris");
    assert_eq!(paul["roleDefinitionId"], HELPDESK_TEMPLATE);
    assert_eq!(paul["principal"]["@odata.type"], "#microsoft.graph.user");
    let units = tenant
        .get("/v1.0/directory/administrativeUnits", &token)
        .await
        .json();
    let paris = values(&units)
        .into_iter()
        .find(|unit| unit["displayName"] == "Paris")
        .unwrap();
    assert_eq!(
        paul["directoryScopeId"],
        format!("/administrativeUnits/{}", paris["id"].as_str().unwrap())
    );
    let group = by_principal("Tier 0 operators");
    assert_eq!(group["principal"]["@odata.type"], "#microsoft.graph.group");
    assert_eq!(group["principal"]["isAssignableToRole"], true);
    assert_eq!(group["roleDefinitionId"], PASSWORD_ADMIN_TEMPLATE);
    assert_eq!(group["directoryScopeId"], "/");
    assert_eq!(by_principal("Amara Okafor")["directoryScopeId"], "/");
    // PIM eligibilities are not assignments; members of the group hold its
    // role through the group's assignment, not one of their own.
    for absent in ["Elias Eligible", "Tomas Tier"] {
        assert!(all.iter().all(|a| a["principal"]["displayName"] != absent));
    }

    // Without $expand, no principal; paging gives the same set.
    let plain = tenant.get(ASSIGNMENTS, &token).await.json();
    assert!(
        plain["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("#roleManagement/directory/roleAssignments")
    );
    assert!(values(&plain).iter().all(|a| a.get("principal").is_none()));
    let paged = all_pages(
        &tenant,
        &token,
        &format!("{ASSIGNMENTS}?$top=3&$expand=principal"),
        3,
    )
    .await;
    assert_eq!(paged, all);

    // Filters.
    let helpdesks = tenant
        .get(
            &format!(
                "{ASSIGNMENTS}?$filter=roleDefinitionId eq '{HELPDESK_TEMPLATE}'&$expand=principal"
            ),
            &token,
        )
        .await
        .json();
    let mut names: Vec<String> = values(&helpdesks)
        .iter()
        .map(|a| a["principal"]["displayName"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["Paul Helpdesk-Paris", "Tomás Herrera", "Valérie Vault"]
    );
    let pauls = tenant
        .get(
            &format!(
                "{ASSIGNMENTS}?$filter=principalId eq '{}'",
                paul["principalId"].as_str().unwrap()
            ),
            &token,
        )
        .await
        .json();
    assert_eq!(values(&pauls).len(), 1);
    assert_eq!(values(&pauls)[0]["id"], paul["id"]);
    let selected = tenant
        .get(
            &format!("{ASSIGNMENTS}?$select=roleDefinitionId&$top=1"),
            &token,
        )
        .await
        .json();
    let keys: Vec<String> = values(&selected)[0]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["id", "roleDefinitionId"]);

    // What it refuses.
    for bad in [
        "$filter=directoryScopeId eq '/'",
        "$filter=principalId ne 'x'",
        "$expand=roleDefinition",
        "$top=0",
        "$orderby=id",
    ] {
        tenant
            .get(&format!("{ASSIGNMENTS}?{bad}"), &token)
            .await
            .assert_error(400, "Request_UnsupportedQuery");
    }
    let users_only = tenant.token_with(ADMIN, &["User.Read.All"]).await;
    refused(&tenant, ASSIGNMENTS, &users_only).await;
    for enough in ["RoleManagement.Read.All", "Directory.Read.All"] {
        let token = tenant.token_with(ADMIN, &[enough]).await;
        assert_eq!(tenant.get(ASSIGNMENTS, &token).await.status, StatusCode::OK);
    }
    tenant.stop().await;
}

#[tokio::test]
async fn role_assignable_groups_their_members_and_owners() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;
    let assignable = tenant
        .get(
            "/v1.0/groups?$filter=isAssignableToRole eq true&$select=id,displayName,isAssignableToRole",
            &token,
        )
        .await
        .json();
    assert!(
        assignable["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("#groups")
    );
    let groups = values(&assignable);
    assert_eq!(groups.len(), 1, "{assignable}");
    let tier0 = &groups[0];
    assert_eq!(tier0["displayName"], "Tier 0 operators");
    assert_eq!(tier0["isAssignableToRole"], true);
    assert_eq!(tier0.as_object().unwrap().len(), 3);
    let others = tenant
        .get("/v1.0/groups?$filter=isAssignableToRole eq false", &token)
        .await
        .json();
    assert_eq!(values(&others)[0]["displayName"], "Contoso staff");
    assert_eq!(values(&others)[0]["isAssignableToRole"], false);
    let every = all_pages(&tenant, &token, "/v1.0/groups?$top=1", 1).await;
    assert_eq!(every.len(), 2);

    let tier0_id = tier0["id"].as_str().unwrap();
    let members = tenant
        .get(
            &format!("/v1.0/groups/{tier0_id}/members?$select=id"),
            &token,
        )
        .await
        .json();
    assert!(
        members["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("#directoryObjects")
    );
    assert_eq!(
        values(&members),
        [serde_json::json!({
            "@odata.type": "#microsoft.graph.user",
            "id": tenant.user_id("tier0.member@contoso.example").await,
        })]
    );
    let owners = tenant
        .get(
            &format!("/v1.0/groups/{tier0_id}/owners?$select=id,displayName"),
            &token,
        )
        .await
        .json();
    assert_eq!(values(&owners).len(), 1);
    assert_eq!(values(&owners)[0]["@odata.type"], "#microsoft.graph.user");
    assert_eq!(values(&owners)[0]["displayName"], "Jonas Lindqvist");

    // The staff group's members, paged: every named user once.
    let staff = values(&others)[0]["id"].as_str().unwrap().to_string();
    let staff_members = all_pages(
        &tenant,
        &token,
        &format!("/v1.0/groups/{staff}/members?$select=id&$top=5"),
        5,
    )
    .await;
    assert_eq!(staff_members.len(), local_tenant::seed::named_users().len());

    tenant
        .get(
            "/v1.0/groups/00000000-0000-0000-0000-000000000000/members",
            &token,
        )
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .get("/v1.0/groups/nope/owners", &token)
        .await
        .assert_error(404, "Request_ResourceNotFound");
    for bad in [
        "/v1.0/groups?$filter=displayName eq 'x'",
        "/v1.0/groups?$filter=isAssignableToRole eq 'yes'",
        "/v1.0/groups?$search=\"displayName:x\"",
    ] {
        tenant
            .get(bad, &token)
            .await
            .assert_error(400, "Request_UnsupportedQuery");
    }
    let users_only = tenant.token_with(ADMIN, &["User.Read.All"]).await;
    refused(&tenant, "/v1.0/groups", &users_only).await;
    refused(
        &tenant,
        &format!("/v1.0/groups/{tier0_id}/members"),
        &users_only,
    )
    .await;
    refused(
        &tenant,
        &format!("/v1.0/groups/{tier0_id}/owners"),
        &users_only,
    )
    .await;
    let member_reader = tenant.token_with(ADMIN, &["GroupMember.Read.All"]).await;
    for path in [
        "/v1.0/groups".to_string(),
        format!("/v1.0/groups/{tier0_id}/owners"),
    ] {
        assert_eq!(
            tenant.get(&path, &member_reader).await.status,
            StatusCode::OK
        );
    }
    tenant.stop().await;
}

#[tokio::test]
async fn administrative_units_and_their_members() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;
    let page = tenant
        .get(
            "/v1.0/directory/administrativeUnits?$select=id,displayName,isMemberManagementRestricted",
            &token,
        )
        .await
        .json();
    assert!(
        page["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("#directory/administrativeUnits")
    );
    let units = values(&page);
    let summary: Vec<(String, bool)> = units
        .iter()
        .map(|unit| {
            assert_eq!(unit.as_object().unwrap().len(), 3);
            (
                unit["displayName"].as_str().unwrap().to_string(),
                unit["isMemberManagementRestricted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(summary, [("Paris".into(), false), ("Vault".into(), true)]);
    assert_eq!(
        all_pages(
            &tenant,
            &token,
            "/v1.0/directory/administrativeUnits?$top=1",
            1
        )
        .await,
        all_pages(&tenant, &token, "/v1.0/directory/administrativeUnits", 100).await
    );

    let member_ids = |page: &Value| -> Vec<String> {
        values(page)
            .iter()
            .map(|m| {
                assert_eq!(m["@odata.type"], "#microsoft.graph.user");
                m["id"].as_str().unwrap().to_string()
            })
            .collect()
    };
    for (unit, member) in [
        (&units[0], "paris.user@contoso.example"),
        (&units[1], "locked.user@contoso.example"),
    ] {
        let path = format!(
            "/v1.0/directory/administrativeUnits/{}/members?$select=id",
            unit["id"].as_str().unwrap()
        );
        let members = tenant.get(&path, &token).await.json();
        assert!(
            members["@odata.context"]
                .as_str()
                .unwrap()
                .ends_with("#directoryObjects")
        );
        assert_eq!(member_ids(&members), [tenant.user_id(member).await]);
    }
    tenant
        .get("/v1.0/directory/administrativeUnits/nope/members", &token)
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .get(
            "/v1.0/directory/administrativeUnits?$filter=displayName eq 'Paris'",
            &token,
        )
        .await
        .assert_error(400, "Request_UnsupportedQuery");
    tenant
        .get("/v1.0/directory/administrativeUnits?$select=nope", &token)
        .await
        .assert_error(400, "Request_BadRequest");

    let groups_only = tenant.token_with(ADMIN, &["GroupMember.Read.All"]).await;
    refused(&tenant, "/v1.0/directory/administrativeUnits", &groups_only).await;
    let paris_members = format!(
        "/v1.0/directory/administrativeUnits/{}/members",
        units[0]["id"].as_str().unwrap()
    );
    refused(&tenant, &paris_members, &groups_only).await;
    let unit_reader = tenant
        .token_with(ADMIN, &["AdministrativeUnit.Read.All"])
        .await;
    assert_eq!(
        tenant.get(&paris_members, &unit_reader).await.status,
        StatusCode::OK
    );
    tenant.stop().await;
}

#[tokio::test]
async fn the_default_grant_includes_group_member_and_unit_reading() {
    let tenant = Tenant::start(30).await;
    let reply = tenant
        .dev(
            reqwest::Method::POST,
            "/token",
            Some(serde_json::json!({ "upn": ADMIN })),
        )
        .await;
    let scope = reply.json()["scope"].as_str().unwrap().to_string();
    for needed in ["GroupMember.Read.All", "AdministrativeUnit.Read.All"] {
        assert!(scope.split(' ').any(|s| s == needed), "{scope}");
    }
    tenant.stop().await;
}
