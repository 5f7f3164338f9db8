//! Requests as Microsoft's generated Graph SDKs build them, byte for byte
//! where it matters: the namespace alias in type casts, `@odata.type`
//! annotations and nulls in the reset body, sendMail's parameters as the
//! metadata names them and enum values in lower case. Each body below is one
//! `@microsoft/msgraph-sdk` 1.0.0-preview.90 sent (tests/e2e/graph-sdk.spec.mjs
//! drives that SDK end to end).

mod common;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
const NADIA: &str = "nadia.lefevre@contoso.example";
const PASSWORD_ADMIN_TEMPLATE: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";
const GLOBAL_ADMIN_TEMPLATE: &str = "62e90394-69f5-4237-9190-012177145e10";

#[tokio::test]
async fn a_role_cast_written_with_the_namespace_alias_answers_as_the_full_name() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token(ADMIN).await;
    let pwadmin = tenant.user_id("pwadmin@contoso.example").await;
    // The SDK's GET, with the headers Graph requires for a cast.
    let query = "$count=true&$select=displayName,roleTemplateId";
    for (path, template) in [
        (
            format!("/v1.0/users/{pwadmin}/transitiveMemberOf/graph.directoryRole?{query}"),
            PASSWORD_ADMIN_TEMPLATE,
        ),
        (
            format!("/v1.0/me/transitiveMemberOf/graph.directoryRole?{query}"),
            GLOBAL_ADMIN_TEMPLATE,
        ),
    ] {
        let alias = tenant.get_eventual(&path, &token).await;
        assert_eq!(alias.status, StatusCode::OK, "{path}: {}", alias.text);
        let full = tenant
            .get_eventual(
                &path.replace("/graph.directoryRole", "/microsoft.graph.directoryRole"),
                &token,
            )
            .await;
        assert_eq!(alias.json()["value"], full.json()["value"], "{path}");
        let role = &alias.json()["value"][0];
        assert_eq!(role["@odata.type"], "#microsoft.graph.directoryRole");
        assert_eq!(role["roleTemplateId"], template, "{path}");
    }
    // Another namespace is not Graph's.
    let other = tenant
        .get_eventual(
            &format!("/v1.0/users/{pwadmin}/transitiveMemberOf/other.directoryRole"),
            &token,
        )
        .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST, "{}", other.text);
    tenant.stop().await;
}

async fn patch_nadia(tenant: &Tenant, token: &str, body: Value) -> common::Reply {
    tenant
        .send(
            Method::PATCH,
            &format!("/v1.0/users/{NADIA}"),
            Some(token),
            &[],
            Some(body),
        )
        .await
}

#[tokio::test]
async fn a_reset_annotated_with_odata_types_and_nulls_is_applied() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token("pwadmin@contoso.example").await;

    // The SDK's PATCH for a User with `odataType` set on it and on its
    // passwordProfile (the property order is the SDK's).
    let reply = patch_nadia(
        &tenant,
        &token,
        json!({
            "@odata.type": "#microsoft.graph.user",
            "passwordProfile": {
                "forceChangePasswordNextSignIn": true,
                "@odata.type": "#microsoft.graph.passwordProfile",
                "password": STRONG,
            },
        }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let signed_in = tenant.sign_in(NADIA, STRONG).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json()["mustChangePassword"], true);

    // A property set to null is sent as null; null is "not forced", as
    // leaving it out is. The alias spelling of the type is the same type.
    let second = "Wr8$nY3@qMz1-Ja";
    let reply = patch_nadia(
        &tenant,
        &token,
        json!({
            "@odata.type": "#graph.user",
            "passwordProfile": {
                "forceChangePasswordNextSignIn": null,
                "forceChangePasswordNextSignInWithMfa": null,
                "password": second,
            },
        }),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    let signed_in = tenant.sign_in(NADIA, second).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json()["mustChangePassword"], false);

    // An annotation naming another type is refused, and nothing changes.
    for body in [
        json!({ "@odata.type": "#microsoft.graph.group", "passwordProfile": { "password": STRONG } }),
        json!({ "passwordProfile": { "@odata.type": "#microsoft.graph.user", "password": STRONG } }),
    ] {
        let reply = patch_nadia(&tenant, &token, body).await;
        let error = reply.assert_error(400, "Request_BadRequest");
        assert!(
            error["error"]["message"]
                .as_str()
                .unwrap()
                .contains("is not assignable to the expected type"),
            "{}",
            reply.text
        );
        assert!(!reply.text.contains(STRONG), "the password is echoed");
    }
    assert_eq!(tenant.sign_in(NADIA, second).await.status, StatusCode::OK);
    tenant.stop().await;
}

#[tokio::test]
async fn send_mail_takes_its_parameters_as_the_metadata_names_them() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token("helpdesk@contoso.example").await;
    let send = |body: Value| {
        tenant.send(
            Method::POST,
            "/v1.0/me/sendMail",
            Some(&token),
            &[],
            Some(body),
        )
    };
    // The SDK's POST: `Message` and `SaveToSentItems`, BodyType in lower case.
    let reply = send(json!({
        "Message": {
            "body": { "content": "Bonjour Élodie", "contentType": "text" },
            "subject": "Votre mot de passe",
            "toRecipients": [{ "emailAddress": { "address": "elodie.perso@example.net" } }],
        },
        "SaveToSentItems": false,
    }))
    .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);
    // With the annotations an SDK adds when a model's `odataType` is set.
    let reply = send(json!({
        "Message": {
            "@odata.type": "#microsoft.graph.message",
            "body": { "@odata.type": "#microsoft.graph.itemBody", "content": "<p>Hi</p>", "contentType": "html" },
            "subject": "Second",
            "toRecipients": [{
                "@odata.type": "#microsoft.graph.recipient",
                "emailAddress": { "@odata.type": "#microsoft.graph.emailAddress", "address": "a@example.net" },
            }],
        },
        "SaveToSentItems": true,
    }))
    .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);

    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    let messages = outbox.as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["to"], json!(["elodie.perso@example.net"]));
    assert_eq!(messages[0]["subject"], "Votre mot de passe");
    assert_eq!(messages[0]["contentType"], "Text");
    assert_eq!(messages[1]["contentType"], "HTML");
    assert_eq!(messages[1]["to"], json!(["a@example.net"]));

    // The parameter is a boolean in either spelling.
    for name in ["SaveToSentItems", "saveToSentItems"] {
        let mut body = json!({ "message": {
            "subject": "s",
            "body": { "contentType": "Text", "content": "c" },
            "toRecipients": [{ "emailAddress": { "address": "a@example.net" } }],
        }});
        body[name] = json!("yes");
        send(body).await.assert_error(400, "ErrorInvalidRequest");
    }
    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    assert_eq!(outbox.as_array().unwrap().len(), 2);
    tenant.stop().await;
}
