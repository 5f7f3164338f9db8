//! Scoped roles over HTTP: each seeded case of administrative units,
//! restricted-management units, role-assignable groups and PIM, and what
//! `transitiveMemberOf` says of them.

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
const NADIA: &str = "nadia.lefevre@contoso.example";
const PAULINE: &str = "paris.user@contoso.example";
const PARIS_HELPDESK: &str = "paris.helpdesk@contoso.example";
const LUC: &str = "locked.user@contoso.example";
const VAULT_HELPDESK: &str = "vault.helpdesk@contoso.example";
const TOMAS: &str = "tier0.member@contoso.example";
const RITA: &str = "reports.reader@contoso.example";
const ELIAS: &str = "eligible.admin@contoso.example";
const PASSWORD_ADMIN_TEMPLATE: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";

async fn reset_status(tenant: &Tenant, actor: &str, target: &str) -> u16 {
    let token = tenant.token(actor).await;
    let reply = tenant.reset(&token, target, STRONG, false).await;
    if reply.status == StatusCode::FORBIDDEN {
        let body = reply.assert_error(403, "Authorization_RequestDenied");
        assert_eq!(
            body["error"]["message"],
            "Insufficient privileges to complete the operation."
        );
    }
    reply.status.as_u16()
}

#[tokio::test]
async fn seeded_scopes_decide_who_resets_whom() {
    let tenant = Tenant::start(30).await;
    let cases = [
        // A unit-scoped Helpdesk Administrator: the unit's members only.
        (PARIS_HELPDESK, PAULINE, 204),
        (PARIS_HELPDESK, NADIA, 403),
        (PARIS_HELPDESK, LUC, 403),
        // A restricted-management unit: not even a Global Administrator,
        // only an admin scoped to the unit.
        (ADMIN, LUC, 403),
        ("privauth@contoso.example", LUC, 403),
        (VAULT_HELPDESK, LUC, 204),
        (VAULT_HELPDESK, PAULINE, 403),
        // A role-assignable group's member: Privileged Authentication and
        // Global Administrators only.
        ("pwadmin@contoso.example", TOMAS, 403),
        ("helpdesk@contoso.example", TOMAS, 403),
        (ADMIN, TOMAS, 204),
        ("privauth@contoso.example", TOMAS, 204),
        // The group's role is his: he resets as a Password Administrator.
        (TOMAS, NADIA, 204),
        (TOMAS, RITA, 403),
        // A Reports Reader: Helpdesk yes, Password Administrator no.
        ("helpdesk@contoso.example", RITA, 204),
        ("pwadmin@contoso.example", RITA, 403),
    ];
    let mut wrong = Vec::new();
    for (actor, target, expected) in cases {
        let status = reset_status(&tenant, actor, target).await;
        if status != expected {
            wrong.push(format!(
                "{actor} resetting {target}: {status}, expected {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    tenant.stop().await;
}

#[tokio::test]
async fn sign_outs_keep_to_the_same_scopes() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(PARIS_HELPDESK).await;
    for (target, expected) in [(PAULINE, 200), (NADIA, 403)] {
        let reply = tenant
            .send(
                Method::POST,
                &format!("/v1.0/users/{target}/revokeSignInSessions"),
                Some(&token),
                &[],
                None,
            )
            .await;
        assert_eq!(reply.status.as_u16(), expected, "{target}: {}", reply.text);
    }
    let admin = tenant.token(ADMIN).await;
    let reply = tenant
        .send(
            Method::POST,
            &format!("/v1.0/users/{LUC}/revokeSignInSessions"),
            Some(&admin),
            &[],
            None,
        )
        .await;
    reply.assert_error(403, "Authorization_RequestDenied");
    tenant.stop().await;
}

/// The roles of the `directoryRole` cast, as an advanced query.
async fn cast_roles(tenant: &Tenant, token: &str, upn: &str) -> Vec<String> {
    let reply = tenant
        .get_eventual(
            &format!(
                "/v1.0/users/{upn}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true"
            ),
            token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|role| role["roleTemplateId"].as_str().unwrap().to_string())
        .collect()
}

async fn assignments_of(tenant: &Tenant, token: &str, principal_id: &str) -> Vec<Value> {
    let reply = tenant
        .get(
            &format!(
                "/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '{principal_id}'"
            ),
            token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["value"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_pim_activation_makes_the_eligible_role_active() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let elias = tenant.user_id(ELIAS).await;

    // Eligible only: no role, no assignment, no reset.
    assert_eq!(reset_status(&tenant, ELIAS, NADIA).await, 403);
    assert!(assignments_of(&tenant, &admin, &elias).await.is_empty());
    assert!(cast_roles(&tenant, &admin, ELIAS).await.is_empty());

    let activate = |body: Value| tenant.dev(Method::POST, "/pim/activate", Some(body));
    let activated = activate(json!({ "userPrincipalName": ELIAS })).await;
    assert_eq!(activated.status, StatusCode::CREATED, "{}", activated.text);
    assert_eq!(
        activated.json()["roleDefinitionId"],
        PASSWORD_ADMIN_TEMPLATE
    );
    assert_eq!(activated.json()["directoryScopeId"], "/");
    let again = activate(json!({
        "userPrincipalName": ELIAS,
        "roleDefinitionId": PASSWORD_ADMIN_TEMPLATE,
    }))
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!(again.json()["id"], activated.json()["id"]);

    assert_eq!(reset_status(&tenant, ELIAS, NADIA).await, 204);
    let assignments = assignments_of(&tenant, &admin, &elias).await;
    assert_eq!(assignments.len(), 1);
    assert_eq!(assignments[0]["id"], activated.json()["id"]);
    assert_eq!(assignments[0]["roleDefinitionId"], PASSWORD_ADMIN_TEMPLATE);
    assert_eq!(assignments[0]["directoryScopeId"], "/");
    assert_eq!(
        cast_roles(&tenant, &admin, ELIAS).await,
        [PASSWORD_ADMIN_TEMPLATE]
    );

    // What the endpoint refuses, each named.
    let unknown = activate(json!({ "userPrincipalName": "nobody@contoso.example" })).await;
    unknown.assert_error(404, "Request_ResourceNotFound");
    let not_eligible = activate(json!({ "userPrincipalName": NADIA })).await;
    let body = not_eligible.assert_error(400, "Request_BadRequest");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("eligible for no role")
    );
    let other_role = activate(json!({
        "userPrincipalName": ELIAS,
        "roleDefinitionId": "62e90394-69f5-4237-9190-012177145e10",
    }))
    .await;
    other_role.assert_error(400, "Request_BadRequest");
    let misspelt = activate(json!({ "upn": ELIAS })).await;
    misspelt.assert_error(400, "Request_BadRequest");
    let not_json = tenant
        .send(
            Method::POST,
            "/_dev/pim/activate",
            None,
            &[("Content-Type", "text/plain")],
            None,
        )
        .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // A reseed takes the activation back.
    tenant.dev(Method::POST, "/reseed", Some(json!({}))).await;
    assert!(assignments_of(&tenant, &admin, &elias).await.is_empty());
    assert_eq!(reset_status(&tenant, ELIAS, NADIA).await, 403);
    tenant.stop().await;
}

fn types_and_ids(page: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = page["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|object| {
            (
                object["@odata.type"].as_str().unwrap().to_string(),
                object["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn transitive_member_of_lists_units_groups_and_tenant_wide_roles_only() {
    let tenant = Tenant::start(30).await;
    let admin = tenant.token(ADMIN).await;
    let units = tenant
        .get(
            "/v1.0/directory/administrativeUnits?$select=id,displayName",
            &admin,
        )
        .await
        .json();
    let unit_id = |name: &str| {
        units["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|unit| unit["displayName"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let groups = tenant
        .get("/v1.0/groups?$filter=isAssignableToRole eq true", &admin)
        .await
        .json();
    let tier0 = groups["value"][0]["id"].as_str().unwrap().to_string();

    // Uncast: every kind of membership, the units included.
    let pauline = tenant
        .get(
            &format!("/v1.0/users/{PAULINE}/transitiveMemberOf/microsoft.graph.directoryRole"),
            &admin,
        )
        .await
        .json();
    assert!(
        types_and_ids(&pauline).contains(&(
            "#microsoft.graph.administrativeUnit".into(),
            unit_id("Paris")
        )),
        "{pauline}"
    );
    let unit = pauline["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["@odata.type"] == "#microsoft.graph.administrativeUnit")
        .unwrap();
    assert_eq!(unit["displayName"], "Paris");
    let tomas = tenant
        .get(
            &format!("/v1.0/users/{TOMAS}/transitiveMemberOf/microsoft.graph.directoryRole"),
            &admin,
        )
        .await
        .json();
    let kinds = types_and_ids(&tomas);
    assert!(
        kinds.contains(&("#microsoft.graph.group".into(), tier0)),
        "{tomas}"
    );
    assert!(
        kinds
            .iter()
            .any(|(kind, _)| kind == "#microsoft.graph.directoryRole")
    );

    // Cast: tenant-wide roles, through a group too; unit-scoped ones not.
    assert_eq!(
        cast_roles(&tenant, &admin, TOMAS).await,
        [PASSWORD_ADMIN_TEMPLATE]
    );
    assert!(cast_roles(&tenant, &admin, PARIS_HELPDESK).await.is_empty());
    assert!(cast_roles(&tenant, &admin, VAULT_HELPDESK).await.is_empty());

    // A unit read without a unit permission: limited information.
    let limited = tenant.token_with(ADMIN, &["User.Read.All"]).await;
    let pauline = tenant
        .get(
            &format!("/v1.0/users/{PAULINE}/transitiveMemberOf/microsoft.graph.directoryRole"),
            &limited,
        )
        .await
        .json();
    let unit = pauline["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["@odata.type"] == "#microsoft.graph.administrativeUnit")
        .unwrap();
    assert_eq!(unit["displayName"], Value::Null);
    tenant.stop().await;
}

#[tokio::test]
async fn an_older_database_keeps_its_roles_as_tenant_wide_assignments() {
    let first = Tenant::start(30).await;
    let nadia = first.user_id(NADIA).await;
    let db_path = first.db_path.clone();
    let dir = first.stop().await;
    {
        // As a database made before scopes has it.
        let db = rusqlite::Connection::open(&db_path).unwrap();
        db.execute_batch(
            "CREATE TABLE user_roles (user_id TEXT NOT NULL, role_template_id TEXT NOT NULL, \
             PRIMARY KEY (user_id, role_template_id)) WITHOUT ROWID;",
        )
        .unwrap();
        db.execute(
            "INSERT INTO user_roles VALUES (?1, ?2)",
            [nadia.as_str(), PASSWORD_ADMIN_TEMPLATE],
        )
        .unwrap();
    }
    let second = Tenant::start_on(&db_path, |_| {}).await;
    let admin = second.token(ADMIN).await;
    let assignments = assignments_of(&second, &admin, &nadia).await;
    assert_eq!(assignments.len(), 1);
    assert_eq!(assignments[0]["directoryScopeId"], "/");
    assert_eq!(
        reset_status(&second, NADIA, "elodie.dupre@contoso.example").await,
        204
    );
    second.stop().await;
    let db = rusqlite::Connection::open(&db_path).unwrap();
    let left: i64 = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'user_roles'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    drop(dir);
}
