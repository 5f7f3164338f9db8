//! Resets and mail over real HTTP: the role matrix row by row, the password
//! policy, sign-in with the new password, the outbox, the audit, SMTP relay.

mod common;

use common::{ADMIN, INITIAL_PASSWORD, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const STRONG: &str = "Vq7#mZ2!pLx9-Kd";
const NADIA: &str = "nadia.lefevre@contoso.example";

#[tokio::test]
async fn reset_then_sign_in_with_the_new_password() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;
    let nadia_id = tenant.user_id(NADIA).await;

    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.json(),
        json!({ "ok": true, "mustChangePassword": false })
    );

    let reply = tenant.reset(&token, &nadia_id, STRONG, true).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert!(reply.text.is_empty());
    assert_eq!(reply.header("request-id").map(str::len), Some(36));

    let signed_in = tenant.sign_in(NADIA, STRONG).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(signed_in.json()["mustChangePassword"], true);
    let old = tenant.sign_in(NADIA, INITIAL_PASSWORD).await;
    assert_eq!(
        (old.status, old.json()),
        (StatusCode::UNAUTHORIZED, json!({ "ok": false }))
    );
    assert_eq!(
        tenant.sign_in("ghost@contoso.example", STRONG).await.status,
        StatusCode::UNAUTHORIZED
    );

    // By sign-in name too; the MFA flag is recorded and reported.
    let body = json!({ "passwordProfile": {
        "password": "Another-Good-Pw-77", "forceChangePasswordNextSignIn": false,
        "forceChangePasswordNextSignInWithMfa": true }});
    let reply = tenant
        .send(
            Method::PATCH,
            &format!("/v1.0/users/{NADIA}"),
            Some(&token),
            &[],
            Some(body),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);
    assert_eq!(
        tenant.sign_in(NADIA, "Another-Good-Pw-77").await.json(),
        json!({ "ok": true, "mustChangePassword": true })
    );
    assert_eq!(
        tenant.sign_in(NADIA, STRONG).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A generated user has no password until reset.
    let named: Vec<String> = local_tenant::seed::named_users()
        .into_iter()
        .map(|user| user.user_principal_name)
        .collect();
    let users = tenant
        .get("/v1.0/users?$top=999&$select=userPrincipalName", &token)
        .await
        .json();
    let generated = users["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_string())
        .find(|upn| !named.contains(upn))
        .expect("the tenant has generated users");
    assert_eq!(
        tenant.sign_in(&generated, INITIAL_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );

    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    let resets: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "resetPassword")
        .collect();
    assert_eq!(resets.len(), 2);
    for entry in resets {
        assert_eq!(entry["actor"], ADMIN);
        assert_eq!(entry["target"], NADIA);
        assert_eq!(entry["outcome"], "success");
        assert!(entry["at"].as_str().unwrap().ends_with('Z'));
    }
    tenant.stop().await;
}

/// Who may reset whom, from the table in GRAPH.md, written out by hand.
#[tokio::test]
async fn role_matrix_row_by_row() {
    let tenant = Tenant::start(20).await;
    let targets = [
        ("nadia.lefevre", "no role"),
        ("pwadmin", "Password Administrator"),
        ("helpdesk", "Helpdesk Administrator"),
        ("authadmin", "Authentication Administrator"),
        ("useradmin", "User Administrator"),
        ("groupsadmin", "Groups Administrator"),
        ("admin", "Global Administrator"),
        ("ga2", "Global Administrator"),
        ("privauth", "Privileged Authentication Administrator"),
    ];
    let everyone: Vec<&str> = targets.iter().map(|(t, _)| *t).collect();
    let rows: [(&str, Vec<&str>); 9] = [
        ("admin", everyone.clone()),
        ("ga2", everyone.clone()),
        ("privauth", everyone.clone()),
        ("pwadmin", vec!["nadia.lefevre", "pwadmin"]),
        ("helpdesk", vec!["nadia.lefevre", "pwadmin", "helpdesk"]),
        ("authadmin", vec!["nadia.lefevre", "pwadmin", "authadmin"]),
        (
            "useradmin",
            vec![
                "nadia.lefevre",
                "pwadmin",
                "helpdesk",
                "useradmin",
                "groupsadmin",
            ],
        ),
        ("groupsadmin", vec![]),
        ("nadia.lefevre", vec![]),
    ];
    for (actor, may_reset) in rows {
        let token = tenant.token(&format!("{actor}@contoso.example")).await;
        for (target, role) in targets {
            // A too-short password: an allowed reset reaches the policy
            // check (400) without the cost of hashing; a denied one is 403.
            let reply = tenant
                .reset(&token, &format!("{target}@contoso.example"), "short", false)
                .await;
            let allowed = may_reset.contains(&target) && actor != target;
            let expected = if allowed {
                (400, "Request_BadRequest")
            } else {
                (403, "Authorization_RequestDenied")
            };
            assert_eq!(
                (
                    reply.status.as_u16(),
                    reply.json()["error"]["code"].as_str().unwrap()
                ),
                expected,
                "{actor} resetting {target} ({role})"
            );
            if !allowed {
                assert_eq!(
                    reply.json()["error"]["message"],
                    "Insufficient privileges to complete the operation."
                );
            }
        }
    }
    // A real reset by the narrowest role that may do it.
    let helpdesk = tenant.token("helpdesk@contoso.example").await;
    let reply = tenant
        .reset(&helpdesk, "pwadmin@contoso.example", STRONG, true)
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text);

    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    let own = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["actor"] == ADMIN && e["target"] == ADMIN)
        .unwrap();
    assert_eq!(own["outcome"], "Authorization_RequestDenied");
    tenant.stop().await;
}

#[tokio::test]
async fn password_policy_and_request_errors() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token("pwadmin@contoso.example").await;
    let long = format!("Aa1!{}", "x".repeat(253));
    for (password, why) in [
        ("Ab1!x", "too short"),
        (long.as_str(), "257 characters"),
        ("Pässword-2026x", "a character Entra refuses"),
        ("alllowercaseletters", "one class only"),
        ("Nadia2!x", "the user's first name"),
        ("P@ssword1!", "a banned term"),
    ] {
        let reply = tenant.reset(&token, NADIA, password, true).await;
        let body = reply.assert_error(400, "Request_BadRequest");
        assert_eq!(
            body["error"]["message"],
            "The specified password does not comply with password complexity requirements. \
             Please provide a different password.",
            "{why}"
        );
        assert!(
            !reply.text.contains(password),
            "{why}: the password is echoed"
        );
    }
    assert_eq!(
        tenant.sign_in(NADIA, INITIAL_PASSWORD).await.status,
        StatusCode::OK,
        "nothing was applied"
    );

    let nadia_path = format!("/v1.0/users/{NADIA}");
    let patch =
        |body: Value| tenant.send(Method::PATCH, &nadia_path, Some(&token), &[], Some(body));
    patch(json!({ "passwordProfile": { "forceChangePasswordNextSignIn": true } }))
        .await
        .assert_error(400, "Request_BadRequest");
    patch(json!({ "displayName": "x", "passwordProfile": { "password": STRONG } }))
        .await
        .assert_error(400, "Request_BadRequest");
    let wrong_type = patch(json!({ "passwordProfile": { "password": STRONG, "forceChangePasswordNextSignIn": "yes" } })).await;
    wrong_type.assert_error(400, "Request_BadRequest");
    assert!(!wrong_type.text.contains(STRONG));
    tenant
        .reset(&token, "nobody@contoso.example", STRONG, true)
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .send(
            Method::PATCH,
            &format!("/v1.0/users/{NADIA}"),
            None,
            &[],
            Some(json!({ "passwordProfile": { "password": STRONG } })),
        )
        .await
        .assert_error(401, "InvalidAuthenticationToken");
    tenant
        .reset("expired-or-unknown", NADIA, STRONG, true)
        .await
        .assert_error(401, "InvalidAuthenticationToken");

    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    let outcomes: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == "Request_BadRequest")
            .count(),
        9
    );
    assert!(outcomes.contains(&"Request_ResourceNotFound"));
    let anonymous = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"].is_null())
        .count();
    assert_eq!(anonymous, 2);
    tenant.stop().await;
}

#[tokio::test]
async fn send_mail_lands_in_the_outbox() {
    let tenant = Tenant::start(20).await;
    let token = tenant.token("helpdesk@contoso.example").await;
    let reply = tenant
        .send_mail(
            &token,
            &["elodie.perso@example.net"],
            "Votre mot de passe",
            "Bonjour Élodie",
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.text);
    let reply = tenant
        .send_mail(
            &token,
            &["a@example.net", "b@example.org"],
            "Second",
            "Two recipients",
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);

    let outbox = tenant.dev(Method::GET, "/outbox", None).await.json();
    let messages = outbox.as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["to"], json!(["elodie.perso@example.net"]));
    assert_eq!(messages[0]["subject"], "Votre mot de passe");
    assert_eq!(messages[0]["body"], "Bonjour Élodie");
    assert_eq!(messages[0]["from"], "helpdesk@contoso.example");
    assert!(messages[0]["sentAt"].as_str().unwrap().ends_with('Z'));
    assert!(
        messages[0]["id"].as_i64() < messages[1]["id"].as_i64(),
        "oldest first"
    );
    assert_eq!(messages[1]["to"], json!(["a@example.net", "b@example.org"]));

    let send = |body: Value| {
        tenant.send(
            Method::POST,
            "/v1.0/me/sendMail",
            Some(&token),
            &[],
            Some(body),
        )
    };
    let message = |to: Value| json!({ "message": { "subject": "s", "body": { "contentType": "Text", "content": "c" }, "toRecipients": to } });
    send(message(json!([])))
        .await
        .assert_error(400, "ErrorInvalidRecipients");
    send(message(
        json!([{ "emailAddress": { "address": "not an address" } }]),
    ))
    .await
    .assert_error(400, "ErrorInvalidRecipients");
    send(message(json!([{ "emailAddress": {} }])))
        .await
        .assert_error(400, "ErrorInvalidRecipients");
    send(json!({ "message": { "body": { "content": "c" }, "toRecipients": [{ "emailAddress": { "address": "a@example.net" } }] } }))
        .await
        .assert_error(400, "ErrorInvalidRequest");
    send(json!({ "message": { "subject": "s", "toRecipients": [{ "emailAddress": { "address": "a@example.net" } }] } }))
        .await
        .assert_error(400, "ErrorInvalidRequest");
    send(json!({ "saveToSentItems": false }))
        .await
        .assert_error(400, "ErrorInvalidRequest");
    tenant
        .send_mail("bad-token", &["a@example.net"], "s", "c")
        .await
        .assert_error(401, "InvalidAuthenticationToken");
    assert_eq!(
        tenant
            .dev(Method::GET, "/outbox", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let audit = tenant.dev(Method::GET, "/audit", None).await.json();
    let mails: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "sendMail")
        .collect();
    assert_eq!(mails.len(), 9);
    assert_eq!(mails[0]["target"], "elodie.perso@example.net");
    assert_eq!(mails[0]["outcome"], "success");
    assert_eq!(mails[1]["target"], "a@example.net, b@example.org");
    assert_eq!(mails[2]["outcome"], "ErrorInvalidRecipients");
    tenant.stop().await;
}

/// A tiny SMTP server: accepts one message and hands back what it received.
async fn fake_smtp() -> (
    String,
    tokio::sync::oneshot::Receiver<(Vec<String>, String)>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let (sender, receiver) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
        let mut commands = Vec::new();
        let mut data = String::new();
        let mut in_data = false;
        while let Some(line) = lines.next_line().await.unwrap() {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            commands.push(line.clone());
            let reply: &[u8] = match line.split(' ').next().unwrap() {
                "EHLO" => b"250-fake\r\n250 8BITMIME\r\n",
                "DATA" => {
                    in_data = true;
                    b"354 go ahead\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(reply).await.unwrap();
        }
        let _ = sender.send((commands, data));
    });
    (address, receiver)
}

#[tokio::test]
async fn mail_is_relayed_over_smtp() {
    use base64::Engine;
    let (smtp, received) = fake_smtp().await;
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.smtp = Some(smtp);
    })
    .await;
    let token = tenant.token(ADMIN).await;
    let reply = tenant
        .send_mail(
            &token,
            &["elodie.perso@example.net"],
            "Réinitialisation",
            "Ligne 1\n.\nLigne 3",
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);

    let (commands, data) = tokio::time::timeout(std::time::Duration::from_secs(10), received)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(commands[0], "EHLO local-tenant");
    assert_eq!(commands[1], "MAIL FROM:<admin@contoso.example>");
    assert_eq!(commands[2], "RCPT TO:<elodie.perso@example.net>");
    assert_eq!(commands[3], "DATA");
    assert!(data.contains("To: <elodie.perso@example.net>"));
    let subject = base64::engine::general_purpose::STANDARD.encode("Réinitialisation");
    assert!(
        data.contains(&format!("Subject: =?UTF-8?B?{subject}?=")),
        "{data}"
    );
    let body: String = data.split("\n\n").nth(1).unwrap().lines().collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), "Ligne 1\n.\nLigne 3");
    tenant.stop().await;
}
