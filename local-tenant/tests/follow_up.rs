//! Following up on resets: the directory audit log in Graph's shape,
//! users' lastPasswordChangeDateTime and signInActivity, and the user's own
//! password change.

mod common;

use common::{ADMIN, INITIAL_PASSWORD, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const NADIA: &str = "nadia.lefevre@contoso.example";
const ELODIE: &str = "elodie.dupre@contoso.example";
const FIRST: &str = "Harbour-Lantern-42!";
const SECOND: &str = "Quiet-Meadow-Tide-77";
const THIRD: &str = "Copper-Kettle-Sings-19";
const WEAK: &str = "password";
const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
const AUDITS: &str = "/v1.0/auditLogs/directoryAudits";

fn audits_with(query: &str) -> String {
    format!("{AUDITS}?{}", query.replace(' ', "%20"))
}

fn values(reply: &common::Reply) -> Vec<Value> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["value"].as_array().unwrap().clone()
}

fn times(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["activityDateTime"].as_str().unwrap().to_string())
        .collect()
}

fn assert_no_password_in(tenant: &Tenant, passwords: &[&str]) {
    for body in tenant.bodies.lock().unwrap().iter() {
        for password in passwords {
            assert!(!body.contains(password), "a password leaked: {body}");
        }
    }
    for password in passwords {
        assert!(!tenant.log_text().contains(password));
    }
}

#[tokio::test]
async fn resets_show_in_the_directory_audit_log_newest_first() {
    let tenant = Tenant::start(60).await;
    let admin = tenant.token(ADMIN).await;
    let admin_id = tenant.user_id(ADMIN).await;
    let nadia_id = tenant.user_id(NADIA).await;

    let mut request_ids = Vec::new();
    for password in [FIRST, SECOND, THIRD] {
        let reply = tenant.reset(&admin, NADIA, password, true).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
        request_ids.push(reply.header("request-id").unwrap().to_string());
    }
    let weak = tenant.reset(&admin, NADIA, WEAK, true).await;
    let weak_error = weak.assert_error(400, "Request_BadRequest");
    // Mail and unauthenticated attempts are not directory changes.
    let mail = tenant
        .send_mail(&admin, &["nadia@example.net"], "s", "b")
        .await;
    assert_eq!(mail.status, StatusCode::ACCEPTED);
    let anonymous = tenant
        .send(
            Method::PATCH,
            &format!("/v1.0/users/{NADIA}"),
            None,
            &[],
            Some(json!({ "passwordProfile": { "password": FIRST } })),
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let reply = tenant.get(AUDITS, &admin).await;
    let body = reply.json();
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/$metadata#auditLogs/directoryAudits")
    );
    assert!(body.get("@odata.nextLink").is_none());
    let entries = values(&reply);
    assert_eq!(entries.len(), 4, "{}", reply.text);

    // Newest first: the refused reset, then the three in reverse.
    let all_times = times(&entries);
    let mut sorted = all_times.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(all_times, sorted);
    let failed = &entries[0];
    assert_eq!(failed["result"], "failure");
    assert_eq!(failed["resultReason"], weak_error["error"]["message"]);

    let newest_success = &entries[1];
    let expected_keys = [
        "activityDateTime",
        "activityDisplayName",
        "additionalDetails",
        "category",
        "correlationId",
        "id",
        "initiatedBy",
        "loggedByService",
        "operationType",
        "result",
        "resultReason",
        "targetResources",
    ];
    let mut keys: Vec<&str> = newest_success
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, expected_keys);
    assert_eq!(newest_success["activityDisplayName"], "Reset user password");
    assert_eq!(newest_success["category"], "UserManagement");
    assert_eq!(newest_success["loggedByService"], "Core Directory");
    assert_eq!(newest_success["operationType"], "Update");
    assert_eq!(newest_success["result"], "success");
    assert_eq!(newest_success["resultReason"], "");
    assert_eq!(newest_success["correlationId"], request_ids[2].as_str());
    assert_eq!(newest_success["id"].as_str().unwrap().len(), 36);
    assert_eq!(newest_success["additionalDetails"], json!([]));
    let user = &newest_success["initiatedBy"]["user"];
    assert_eq!(user["id"], admin_id.as_str());
    assert_eq!(user["displayName"], "Amara Okafor");
    assert_eq!(user["userPrincipalName"], ADMIN);
    assert_eq!(user["ipAddress"], "127.0.0.1");
    assert_eq!(newest_success["initiatedBy"]["app"], Value::Null);
    let target = &newest_success["targetResources"][0];
    assert_eq!(target["id"], nadia_id.as_str());
    assert_eq!(target["displayName"], "Nadia Lefèvre");
    assert_eq!(target["type"], "User");
    assert_eq!(target["userPrincipalName"], NADIA);
    assert_eq!(target["modifiedProperties"], json!([]));

    // Paging: $top=3 gives a link to the rest, built like the user list's.
    let first_page = tenant.get(&format!("{AUDITS}?$top=3"), &admin).await;
    let link = first_page.json()["@odata.nextLink"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        link.starts_with(&format!("{}{AUDITS}?$top=3&$skiptoken=", tenant.base)),
        "{link}"
    );
    let mut paged = values(&first_page);
    assert_eq!(paged.len(), 3);
    let second_page = tenant.get(&link, &admin).await;
    assert!(second_page.json().get("@odata.nextLink").is_none());
    paged.extend(values(&second_page));
    let ids = |list: &[Value]| -> Vec<Value> { list.iter().map(|e| e["id"].clone()).collect() };
    assert_eq!(ids(&paged), ids(&entries));

    // Oldest first on request.
    let ascending = values(
        &tenant
            .get(&audits_with("$orderby=activityDateTime asc"), &admin)
            .await,
    );
    let mut reversed = ids(&entries);
    reversed.reverse();
    assert_eq!(ids(&ascending), reversed);

    // Filters: activity, time, target, initiator, combined with and.
    let by_activity = |name: &str| audits_with(&format!("$filter=activityDisplayName eq '{name}'"));
    assert_eq!(
        values(
            &tenant
                .get(&by_activity("Reset user password"), &admin)
                .await
        )
        .len(),
        4
    );
    assert!(
        values(
            &tenant
                .get(&by_activity("Change user password"), &admin)
                .await
        )
        .is_empty()
    );
    let since = &all_times[1];
    let recent = values(
        &tenant
            .get(
                &audits_with(&format!(
                    "$filter=activityDisplayName eq 'Reset user password' and activityDateTime ge {since}"
                )),
                &admin,
            )
            .await,
    );
    assert!(recent.len() >= 2);
    assert!(times(&recent).iter().all(|t| t >= since));
    let oldest = &all_times[3];
    let early = values(
        &tenant
            .get(
                &audits_with(&format!("$filter=activityDateTime le {oldest}")),
                &admin,
            )
            .await,
    );
    assert!(!early.is_empty());
    assert!(times(&early).iter().all(|t| t <= oldest));
    let all_days =
        audits_with("$filter=activityDateTime ge 2000-01-01 and activityDateTime le 2999-12-31");
    assert_eq!(values(&tenant.get(&all_days, &admin).await).len(), 4);
    let future = audits_with("$filter=activityDateTime ge 2999-01-01T00:00:00Z");
    assert!(values(&tenant.get(&future, &admin).await).is_empty());
    let for_nadia = audits_with(&format!(
        "$filter=targetResources/any(t: t/id eq '{nadia_id}')"
    ));
    assert_eq!(values(&tenant.get(&for_nadia, &admin).await).len(), 4);
    let for_admin = audits_with(&format!(
        "$filter=targetResources/any(t: t/id eq '{admin_id}')"
    ));
    assert!(values(&tenant.get(&for_admin, &admin).await).is_empty());
    let by_admin = audits_with(&format!("$filter=initiatedBy/user/id eq '{admin_id}'"));
    assert_eq!(values(&tenant.get(&by_admin, &admin).await).len(), 4);

    // $select keeps only what is named (and id).
    let selected = values(
        &tenant
            .get(&audits_with("$select=activityDateTime,result"), &admin)
            .await,
    );
    assert_eq!(selected[0].as_object().unwrap().len(), 3);

    // What it does not support is a 400 in Graph's error shape.
    for query in [
        "$filter=category eq 'UserManagement'",
        "$filter=activityDisplayName ne 'x'",
        "$filter=activityDateTime ge yesterday",
        "$filter=activityDisplayName eq 'x' or activityDateTime ge 2026-01-01",
        "$orderby=activityDisplayName",
        "$top=1000",
        "$top=0",
        "$search=\"x\"",
        "$skiptoken=not-a-token",
    ] {
        let reply = tenant.get(&audits_with(query), &admin).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.text
        );
        reply.assert_error(400, reply.json()["error"]["code"].as_str().unwrap());
    }
    let unsupported = tenant
        .get(&audits_with("$filter=result eq 'success'"), &admin)
        .await;
    unsupported.assert_error(400, "Request_UnsupportedQuery");

    // /_dev/audit keeps its shape and order.
    let dev = tenant.dev(Method::GET, "/audit", None).await.json();
    let dev = dev.as_array().unwrap();
    assert_eq!(dev.len(), 6);
    for entry in dev {
        let mut keys: Vec<&str> = entry
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(keys, ["action", "actor", "at", "outcome", "target"]);
    }
    assert_eq!(dev[0]["action"], "resetPassword");
    assert_eq!(dev[0]["target"], NADIA);
    assert_eq!(dev[5]["actor"], Value::Null);

    assert_no_password_in(&tenant, &[FIRST, SECOND, THIRD, INITIAL_PASSWORD]);
    tenant.stop().await;
}

#[tokio::test]
async fn only_audit_log_readers_list_directory_audits() {
    let tenant = Tenant::start(60).await;
    let no_token = tenant.send(Method::GET, AUDITS, None, &[], None).await;
    no_token.assert_error(401, "InvalidAuthenticationToken");

    let password_admin = tenant.token("pwadmin@contoso.example").await;
    tenant
        .get(AUDITS, &password_admin)
        .await
        .assert_error(403, "Authorization_RequestDenied");

    tenant.grant_role(ELODIE, REPORTS_READER);
    let reader = tenant.token(ELODIE).await;
    let reply = tenant.get(AUDITS, &reader).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    tenant.stop().await;
}

#[tokio::test]
async fn sign_in_activity_and_last_password_change_are_selected_only() {
    let tenant = Tenant::start(60).await;
    let admin = tenant.token(ADMIN).await;
    let path = format!("/v1.0/users/{NADIA}?$select=lastPasswordChangeDateTime,signInActivity");

    // Not in the default set.
    let plain = tenant
        .get(&format!("/v1.0/users/{NADIA}"), &admin)
        .await
        .json();
    assert!(plain.get("signInActivity").is_none());
    assert!(plain.get("lastPasswordChangeDateTime").is_none());

    let before = tenant.get(&path, &admin).await.json();
    assert_eq!(before["lastPasswordChangeDateTime"], Value::Null);
    let activity = &before["signInActivity"];
    assert_eq!(activity["lastSignInDateTime"], Value::Null);
    assert_eq!(activity["lastSuccessfulSignInDateTime"], Value::Null);
    assert_eq!(activity["lastNonInteractiveSignInDateTime"], Value::Null);

    // A failed sign-in is not recorded; a successful one is.
    assert_eq!(
        tenant.sign_in(NADIA, "wrong").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        tenant.get(&path, &admin).await.json()["signInActivity"]["lastSignInDateTime"],
        Value::Null
    );
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::OK
    );
    let after = tenant.get(&path, &admin).await.json();
    let signed_in = after["signInActivity"]["lastSuccessfulSignInDateTime"]
        .as_str()
        .expect("a sign-in time");
    assert_eq!(after["signInActivity"]["lastSignInDateTime"], signed_in);
    assert!(
        signed_in.ends_with('Z') && signed_in.len() == 24,
        "{signed_in}"
    );

    // A reset sets lastPasswordChangeDateTime.
    let reply = tenant.reset(&admin, NADIA, FIRST, true).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let changed = tenant.get(&path, &admin).await.json();
    let reset_at = changed["lastPasswordChangeDateTime"].as_str().unwrap();
    assert!(reset_at >= signed_in);

    // In lists too.
    let list = tenant
        .get(
            "/v1.0/users?$select=userPrincipalName,signInActivity&$top=999",
            &admin,
        )
        .await;
    let users = values(&list);
    let nadia = users
        .iter()
        .find(|u| u["userPrincipalName"] == NADIA)
        .unwrap();
    assert_eq!(
        nadia["signInActivity"]["lastSuccessfulSignInDateTime"],
        signed_in
    );

    // signInActivity needs an audit-log reader; the password change date does not.
    let password_admin = tenant.token("pwadmin@contoso.example").await;
    tenant
        .get(&path, &password_admin)
        .await
        .assert_error(403, "Authorization_RequestDenied");
    let allowed = tenant
        .get(
            &format!("/v1.0/users/{NADIA}?$select=lastPasswordChangeDateTime"),
            &password_admin,
        )
        .await;
    assert_eq!(allowed.json()["lastPasswordChangeDateTime"], reset_at);

    assert_no_password_in(&tenant, &[FIRST, INITIAL_PASSWORD]);
    tenant.stop().await;
}

async fn change(tenant: &Tenant, token: &str, current: &str, new: &str) -> common::Reply {
    tenant
        .send(
            Method::POST,
            "/v1.0/me/changePassword",
            Some(token),
            &[],
            Some(json!({ "currentPassword": current, "newPassword": new })),
        )
        .await
}

#[tokio::test]
async fn users_change_their_own_password() {
    let tenant = Tenant::start(60).await;
    let admin = tenant.token(ADMIN).await;
    let nadia_id = tenant.user_id(NADIA).await;
    let reply = tenant.reset(&admin, NADIA, FIRST, true).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        tenant.sign_in(NADIA, FIRST).await.json()["mustChangePassword"],
        true
    );
    let date_path = format!("/v1.0/users/{NADIA}?$select=lastPasswordChangeDateTime");
    let reset_at = tenant.get(&date_path, &admin).await.json()["lastPasswordChangeDateTime"]
        .as_str()
        .unwrap()
        .to_string();

    let nadia = tenant.token(NADIA).await;
    change(&tenant, &nadia, "not-the-password", SECOND)
        .await
        .assert_error(403, "Authorization_RequestDenied");
    let weak = change(&tenant, &nadia, FIRST, WEAK).await;
    let weak_error = weak.assert_error(400, "Request_BadRequest");
    let weak_reset = tenant.reset(&admin, NADIA, WEAK, false).await;
    assert_eq!(
        weak_error["error"]["message"],
        weak_reset.json()["error"]["message"]
    );
    // One character class only: refused as complexity, as for a reset.
    change(&tenant, &nadia, FIRST, "onlylowercaseletters")
        .await
        .assert_error(400, "Request_BadRequest");
    let malformed = tenant
        .send(
            Method::POST,
            "/v1.0/me/changePassword",
            Some(&nadia),
            &[],
            Some(json!({ "newPassword": SECOND })),
        )
        .await;
    malformed.assert_error(400, "Request_BadRequest");
    let anonymous = tenant
        .send(
            Method::POST,
            "/v1.0/me/changePassword",
            None,
            &[],
            Some(json!({ "currentPassword": FIRST, "newPassword": SECOND })),
        )
        .await;
    anonymous.assert_error(401, "InvalidAuthenticationToken");

    let done = change(&tenant, &nadia, FIRST, SECOND).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);
    assert!(done.text.is_empty());
    let signed_in = tenant.sign_in(NADIA, SECOND).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json()["mustChangePassword"], false);
    assert_eq!(
        tenant.sign_in(NADIA, FIRST).await.status,
        StatusCode::UNAUTHORIZED
    );
    let changed_at = tenant.get(&date_path, &admin).await.json()["lastPasswordChangeDateTime"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(changed_at >= reset_at);

    // Audited: her five attempts on herself, newest first (the
    // unauthenticated one has no initiator and stays out of this view).
    let filter = audits_with("$filter=activityDisplayName eq 'Change user password'");
    let entries = values(&tenant.get(&filter, &admin).await);
    let results: Vec<&str> = entries
        .iter()
        .map(|e| e["result"].as_str().unwrap())
        .collect();
    assert_eq!(
        results,
        ["success", "failure", "failure", "failure", "failure"]
    );
    for entry in &entries {
        assert_eq!(entry["initiatedBy"]["user"]["id"], nadia_id.as_str());
        assert_eq!(entry["targetResources"][0]["id"], nadia_id.as_str());
        assert_eq!(entry["loggedByService"], "Core Directory");
    }
    assert_eq!(
        entries[4]["resultReason"],
        "Access to change password operation is denied."
    );
    let dev = tenant.dev(Method::GET, "/audit", None).await.json();
    let changes = dev
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "changePassword")
        .count();
    // The five above and the unauthenticated attempt.
    assert_eq!(changes, 6);

    assert_no_password_in(
        &tenant,
        &[FIRST, SECOND, "not-the-password", "onlylowercaseletters"],
    );
    tenant.stop().await;
}

#[tokio::test]
async fn guessing_the_current_password_is_limited_like_sign_in() {
    let tenant = Tenant::start(60).await;
    let nadia = tenant.token(NADIA).await;
    for _ in 0..10 {
        change(&tenant, &nadia, "wrong-guess", SECOND)
            .await
            .assert_error(403, "Authorization_RequestDenied");
    }
    let locked = change(&tenant, &nadia, INITIAL_PASSWORD, SECOND).await;
    locked.assert_error(429, "TooManyRequests");
    assert!(locked.header("retry-after").is_some());
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    tenant.stop().await;
}

#[tokio::test]
async fn an_older_database_file_gains_the_new_columns() {
    let first = Tenant::start(60).await;
    let admin = first.token(ADMIN).await;
    assert_eq!(
        first.reset(&admin, NADIA, FIRST, false).await.status,
        StatusCode::NO_CONTENT
    );
    let db_path = first.db_path.clone();
    let dir = first.stop().await;

    // Take the database back to the columns the first release had.
    let db = rusqlite::Connection::open(&db_path).unwrap();
    for (table, column) in local_tenant::db::ADDED_COLUMNS {
        db.execute_batch(&format!("ALTER TABLE {table} DROP COLUMN {column}"))
            .unwrap();
    }
    drop(db);

    let second = Tenant::start_on(&db_path, |_| {}).await;
    let admin = second.token(ADMIN).await;
    let old = values(&second.get(AUDITS, &admin).await);
    assert_eq!(old.len(), 1);
    assert_eq!(old[0]["activityDisplayName"], "Reset user password");
    assert_eq!(old[0]["initiatedBy"]["user"]["userPrincipalName"], ADMIN);
    assert_eq!(old[0]["targetResources"][0]["userPrincipalName"], NADIA);
    let id = old[0]["id"].clone();
    assert_eq!(values(&second.get(AUDITS, &admin).await)[0]["id"], id);
    assert_eq!(
        second.reset(&admin, NADIA, SECOND, false).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(values(&second.get(AUDITS, &admin).await).len(), 2);
    second.stop().await;
    drop(dir);
}
