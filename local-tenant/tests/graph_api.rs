//! Reading the directory over real HTTP: /me, roles, users, paging, search,
//! filter, error shapes, static files and CORS.

mod common;

use std::collections::HashSet;

use common::{ADMIN, Tenant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const GLOBAL_ADMIN_TEMPLATE: &str = "62e90394-69f5-4237-9190-012177145e10";
const PASSWORD_ADMIN_TEMPLATE: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";

#[tokio::test]
async fn me_users_and_directory_roles() {
    let tenant = Tenant::start(60).await;
    let token = tenant.token(ADMIN).await;

    let me = tenant
        .get("/v1.0/me?$select=id,displayName,userPrincipalName", &token)
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let me = me.json();
    assert_eq!(me["userPrincipalName"], ADMIN);
    assert!(me["id"].as_str().unwrap().len() == 36);
    assert!(me.get("mail").is_none(), "$select is respected: {me}");

    let full = tenant.get("/v1.0/me", &token).await.json();
    for property in [
        "id",
        "displayName",
        "givenName",
        "surname",
        "userPrincipalName",
        "mail",
        "otherMails",
        "accountEnabled",
    ] {
        assert!(
            full.get(property).is_some(),
            "{property} missing from {full}"
        );
    }
    assert_eq!(full["mail"], ADMIN);

    let roles = tenant
        .get_eventual("/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId&$count=true", &token)
        .await
        .json();
    assert_eq!(roles["value"].as_array().unwrap().len(), 1);
    let role = &roles["value"][0];
    assert_eq!(role["@odata.type"], "#microsoft.graph.directoryRole");
    assert_eq!(role["displayName"], "Global Administrator");
    assert_eq!(role["roleTemplateId"], GLOBAL_ADMIN_TEMPLATE);
    assert!(role["id"].is_string());

    // Another user's roles, by id and by sign-in name; a user without roles.
    let pwadmin = tenant.user_id("pwadmin@contoso.example").await;
    for key in [
        pwadmin.as_str(),
        "pwadmin@contoso.example",
        "PWADMIN@contoso.example",
    ] {
        let reply = tenant
            .get_eventual(
                &format!(
                    "/v1.0/users/{key}/transitiveMemberOf/microsoft.graph.directoryRole?$count=true"
                ),
                &token,
            )
            .await;
        assert_eq!(
            reply.json()["value"][0]["roleTemplateId"],
            PASSWORD_ADMIN_TEMPLATE
        );
    }
    let nadia = tenant
        .get_eventual("/v1.0/users/nadia.lefevre@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole?$count=true", &token)
        .await;
    assert_eq!(nadia.json()["value"], json!([]));

    // One user by id or sign-in name, with the seeded shapes.
    let elodie = tenant
        .get("/v1.0/users/elodie.dupre@contoso.example", &token)
        .await
        .json();
    assert_eq!(elodie["displayName"], "Élodie Dupré");
    assert_eq!(elodie["givenName"], "Élodie");
    assert_eq!(elodie["surname"], "Dupré");
    assert_eq!(elodie["otherMails"], json!(["elodie.perso@example.net"]));
    assert_eq!(elodie["accountEnabled"], true);
    let by_id = tenant
        .get(
            &format!("/v1.0/users/{}", elodie["id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert_eq!(
        by_id.json()["userPrincipalName"],
        "elodie.dupre@contoso.example"
    );
    let markup = tenant
        .get(
            "/v1.0/users/markup.test@contoso.example?$select=displayName",
            &token,
        )
        .await;
    assert_eq!(markup.json()["displayName"], "<img src=x onerror=alert(1)>");

    tenant
        .get("/v1.0/users/nobody@contoso.example", &token)
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .get(
            "/v1.0/users/nobody@contoso.example/transitiveMemberOf/microsoft.graph.directoryRole",
            &token,
        )
        .await
        .assert_error(404, "Request_ResourceNotFound");
    tenant
        .get("/v1.0/me?$select=id,jobTitle", &token)
        .await
        .assert_error(400, "Request_BadRequest");
    tenant.stop().await;
}

#[tokio::test]
async fn every_error_has_the_graph_shape() {
    let tenant = Tenant::start(30).await;
    let token = tenant.token(ADMIN).await;

    let missing = tenant
        .send(
            Method::GET,
            "/v1.0/me",
            None,
            &[("client-request-id", "trace-42")],
            None,
        )
        .await;
    let body = missing.assert_error(401, "InvalidAuthenticationToken");
    assert_eq!(body["error"]["innerError"]["client-request-id"], "trace-42");
    assert_eq!(missing.header("client-request-id"), Some("trace-42"));

    tenant
        .get("/v1.0/me", "not-a-token")
        .await
        .assert_error(401, "InvalidAuthenticationToken");
    let expired = tenant
        .dev(
            Method::POST,
            "/token",
            Some(json!({ "upn": ADMIN, "expires_in": 0 })),
        )
        .await
        .json();
    assert_eq!(expired["expires_in"], 0);
    let expired = expired["access_token"].as_str().unwrap();
    tenant
        .get("/v1.0/users", expired)
        .await
        .assert_error(401, "InvalidAuthenticationToken");

    for top in ["0", "1000", "abc", "-1"] {
        tenant
            .get(&format!("/v1.0/users?$top={top}"), &token)
            .await
            .assert_error(400, "Request_UnsupportedQuery");
    }
    let search = "/v1.0/users?$search=%22displayName:elo%22";
    tenant
        .get(search, &token)
        .await
        .assert_error(400, "Request_UnsupportedQuery");
    tenant
        .get_eventual("/v1.0/users?$search=elo", &token)
        .await
        .assert_error(400, "Request_BadRequest");
    tenant
        .get("/v1.0/users?$orderby=displayName%20desc", &token)
        .await
        .assert_error(400, "Request_UnsupportedQuery");
    tenant
        .get("/v1.0/users?$filter=accountEnabled%20ne%20true", &token)
        .await
        .assert_error(400, "Request_UnsupportedQuery");
    tenant
        .get("/v1.0/users?$skiptoken=garbage!", &token)
        .await
        .assert_error(400, "Request_BadRequest");
    tenant
        .get("/v1.0/devices", &token)
        .await
        .assert_error(400, "BadRequest");
    tenant
        .send(
            Method::DELETE,
            "/v1.0/users/nadia.lefevre@contoso.example",
            Some(&token),
            &[],
            None,
        )
        .await
        .assert_error(405, "Request_BadRequest");
    tenant
        .dev(
            Method::POST,
            "/token",
            Some(json!({ "upn": "ghost@contoso.example" })),
        )
        .await
        .assert_error(404, "Request_ResourceNotFound");

    // Every response carries both ids, successes included: without a
    // client-request-id of the client's, the request's own GUID stands in.
    let ok = tenant.get("/v1.0/me", &token).await;
    assert_eq!(ok.header("request-id").map(str::len), Some(36));
    assert_eq!(ok.header("client-request-id"), ok.header("request-id"));
    let echoed = tenant
        .send(
            Method::GET,
            "/v1.0/me",
            Some(&token),
            &[("client-request-id", "5c4fd5a4-0d0a-4c8e-9d53-1b1ad3e8e7c1")],
            None,
        )
        .await;
    assert_eq!(
        echoed.header("client-request-id"),
        Some("5c4fd5a4-0d0a-4c8e-9d53-1b1ad3e8e7c1")
    );
    assert_ne!(
        echoed.header("request-id"),
        echoed.header("client-request-id")
    );
    // innerError's date is Graph's: UTC to the second, no zone suffix.
    let date = body["error"]["innerError"]["date"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(date.len(), 19, "{date}");
    assert_eq!(&date[10..11], "T");
    let anonymous = tenant.get("/v1.0/me", "not-a-token").await;
    let inner = &anonymous.assert_error(401, "InvalidAuthenticationToken")["error"]["innerError"];
    assert_eq!(
        inner["client-request-id"].as_str(),
        anonymous.header("client-request-id")
    );
    assert_eq!(inner["client-request-id"], inner["request-id"]);
    tenant.stop().await;
}

/// Follows `@odata.nextLink` to the end, resending ConsistencyLevel.
async fn all_pages(tenant: &Tenant, first: &str, token: &str) -> (Vec<Value>, usize, Vec<Value>) {
    let mut users = Vec::new();
    let mut pages = 0;
    let mut counts = Vec::new();
    let mut next = Some(tenant.url(first));
    while let Some(link) = next {
        let reply = tenant.get_eventual(&link, token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let page = reply.json();
        counts.push(page["@odata.count"].clone());
        users.extend(page["value"].as_array().unwrap().iter().cloned());
        next = page["@odata.nextLink"].as_str().map(str::to_string);
        if let Some(link) = &next {
            assert!(
                link.starts_with(&format!("{}/v1.0/users?", tenant.base)),
                "{link}"
            );
        }
        pages += 1;
    }
    (users, pages, counts)
}

#[tokio::test]
async fn paging_over_2500_users_misses_and_repeats_nothing() {
    let tenant = Tenant::start(2500).await;
    let token = tenant.token(ADMIN).await;

    let (users, pages, counts) = all_pages(
        &tenant,
        "/v1.0/users?$select=displayName&$top=999&$count=true",
        &token,
    )
    .await;
    assert_eq!(pages, 3);
    assert!(counts.iter().all(|count| count == 2500), "{counts:?}");
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!((users.len(), ids.len()), (2500, 2500));
    let keys: Vec<(String, String)> = users
        .iter()
        .map(|u| {
            (
                u["displayName"].as_str().unwrap().into(),
                u["id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        keys.windows(2).all(|pair| pair[0] < pair[1]),
        "stable order by displayName, id"
    );
    assert!(users.iter().all(|u| u.get("mail").is_none()));

    // The default page size is 100, and a smaller page walks the same users.
    let first = tenant.get("/v1.0/users?$select=id", &token).await.json();
    assert_eq!(first["value"].as_array().unwrap().len(), 100);
    let (small, small_pages, _) =
        all_pages(&tenant, "/v1.0/users?$select=displayName&$top=250", &token).await;
    assert_eq!(small_pages, 10);
    assert_eq!(small, users);

    // Generated users come in several scripts, and some have otherMails.
    let everyone = all_pages(&tenant, "/v1.0/users?$top=999", &token).await.0;
    let names: Vec<&str> = everyone
        .iter()
        .map(|u| u["displayName"].as_str().unwrap())
        .collect();
    for sample in ["王", "佐藤", "محمد", "शर्मा", "Müller", "García", "Amani"] {
        assert!(
            names.iter().any(|n| n.contains(sample)),
            "no name with {sample}"
        );
    }
    assert!(
        everyone
            .iter()
            .filter(|u| u["otherMails"] != json!([]))
            .count()
            > 200
    );
    assert!(everyone.iter().any(|u| u["accountEnabled"] == false));
    tenant.stop().await;
}

fn names(reply: &Value) -> Vec<String> {
    let mut names: Vec<String> = reply["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["displayName"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn search_and_filter() {
    let tenant = Tenant::start(2500).await;
    let token = tenant.token(ADMIN).await;
    let search =
        |query: &str| format!("/v1.0/users?$count=true&$select=displayName&$search={query}");

    let elo = r#""displayName:elo" OR "userPrincipalName:elo" OR "mail:elo""#;
    let reply = tenant.get_eventual(&search(elo), &token).await.json();
    assert_eq!(names(&reply), ["Élodie Dupré"]);
    assert_eq!(reply["@odata.count"], 1);

    // Case and accents do not matter; a term must start a word.
    for term in [
        "%22displayName:%C3%89LO%22",
        "%22displayName:dupr%22",
        "%22userPrincipalName:ELODIE.DUP%22",
    ] {
        assert_eq!(
            names(&tenant.get_eventual(&search(term), &token).await.json()),
            ["Élodie Dupré"],
            "{term}"
        );
    }
    let inside_word = tenant
        .get_eventual(&search("%22displayName:lodie%22"), &token)
        .await
        .json();
    assert_eq!(inside_word["value"], json!([]));
    assert_eq!(inside_word["@odata.count"], 0);
    let by_mail = tenant
        .get_eventual(&search("%22mail:lefevre%22"), &token)
        .await
        .json();
    assert_eq!(names(&by_mail), ["Nadia Lefèvre"]);
    let both = r#""displayName:nadia" AND "mail:contoso""#;
    assert_eq!(
        names(&tenant.get_eventual(&search(both), &token).await.json()),
        ["Nadia Lefèvre"]
    );

    // Many matches page like any list; the count covers all pages.
    let wang = tenant
        .get_eventual(
            "/v1.0/users?$count=true&$top=7&$search=%22displayName:%E7%8E%8B%22",
            &token,
        )
        .await
        .json();
    let total = wang["@odata.count"].as_u64().unwrap();
    assert!(total > 7);
    let (all, _, _) = all_pages(
        &tenant,
        "/v1.0/users?$top=7&$search=%22displayName:%E7%8E%8B%22",
        &token,
    )
    .await;
    assert_eq!(all.len() as u64, total);
    assert!(
        all.iter()
            .all(|u| u["displayName"].as_str().unwrap().starts_with('王'))
    );

    let filtered = tenant
        .get(
            "/v1.0/users?$filter=startswith(displayName,%27%C3%A9lo%27)",
            &token,
        )
        .await;
    assert_eq!(names(&filtered.json()), ["Élodie Dupré"]);
    let by_upn = tenant
        .get(
            "/v1.0/users?$filter=startswith(userPrincipalName,'NADIA')",
            &token,
        )
        .await;
    assert_eq!(names(&by_upn.json()), ["Nadia Lefèvre"]);
    let markup = tenant
        .get(
            "/v1.0/users?$filter=startswith(displayName,'%3Cimg')",
            &token,
        )
        .await;
    assert_eq!(names(&markup.json()), ["<img src=x onerror=alert(1)>"]);
    tenant.stop().await;
}

/// `GET /users/$count` as Graph documents it (user-list, "Get only a count
/// of users"): a plain-text number, for the whole directory or a search,
/// only with `ConsistencyLevel: eventual`.
#[tokio::test]
async fn count_segment_answers_a_plain_number() {
    let tenant = Tenant::start(2500).await;
    let token = tenant.token(ADMIN).await;
    let all = tenant.get_eventual("/v1.0/users/$count", &token).await;
    assert_eq!(all.status.as_u16(), 200, "{}", all.text);
    assert!(
        all.header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(all.text, "2500");

    let wang = "$search=%22displayName:%E7%8E%8B%22";
    let listed = tenant
        .get_eventual(&format!("/v1.0/users?$count=true&$top=1&{wang}"), &token)
        .await
        .json();
    let counted = tenant
        .get_eventual(&format!("/v1.0/users/$count?{wang}"), &token)
        .await;
    assert_eq!(counted.text, listed["@odata.count"].to_string());
    assert!(counted.text.parse::<u64>().unwrap() > 1);

    // Without the header Graph refuses the count segment.
    tenant
        .get("/v1.0/users/$count", &token)
        .await
        .assert_error(400, "Request_BadRequest");
    tenant
        .get_eventual("/v1.0/users/$count", "not-a-token")
        .await
        .assert_error(401, "InvalidAuthenticationToken");
    tenant.stop().await;
}

#[tokio::test]
async fn static_files_carry_a_strict_policy() {
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.connect_src = vec!["https://graph.microsoft.com".into()];
    })
    .await;
    let dist = tenant.db_path.parent().unwrap().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    std::fs::write(dist.join("widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("widget.js"), "export default 1;").unwrap();
    std::fs::write(dist.join("widget.css"), "body{}").unwrap();

    let index = tenant.send(Method::GET, "/", None, &[], None).await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.text.contains("widget"));
    assert_eq!(index.header("content-type"), Some("text/html"));
    assert_eq!(index.header("cache-control"), Some("no-store"));
    assert_eq!(
        index.header("content-security-policy"),
        Some(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             connect-src 'self' https://graph.microsoft.com; img-src 'self' data:; object-src 'none'; \
             base-uri 'none'; frame-ancestors 'none'"
        )
    );
    assert_eq!(index.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(index.header("referrer-policy"), Some("no-referrer"));
    for (file, mime) in [
        ("widget_bg.wasm", "application/wasm"),
        ("widget.js", "text/javascript"),
        ("widget.css", "text/css"),
    ] {
        let reply = tenant
            .send(Method::GET, &format!("/{file}"), None, &[], None)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let kind = reply.header("content-type").unwrap();
        // mime_guess has said both text/ and application/javascript over time.
        assert!(
            kind.starts_with(mime) || (file.ends_with(".js") && kind.contains("javascript")),
            "{file}: {kind}"
        );
        assert!(reply.header("content-security-policy").is_some());
    }
    let missing = tenant
        .send(Method::GET, "/nothing.js", None, &[], None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.header("content-security-policy").is_some());

    let health = tenant.send(Method::GET, "/healthz", None, &[], None).await;
    assert_eq!(
        (health.status, health.text.as_str()),
        (StatusCode::OK, "ok")
    );
    tenant.stop().await;
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.cors_origins = vec!["http://host.test:3000".into()];
    })
    .await;
    let token = tenant.token(ADMIN).await;
    let preflight = [
        ("Origin", "http://host.test:3000"),
        ("Access-Control-Request-Method", "PATCH"),
        (
            "Access-Control-Request-Headers",
            "authorization,content-type,consistencylevel,client-request-id",
        ),
    ];
    let reply = tenant
        .send(
            Method::OPTIONS,
            "/v1.0/users/someone",
            None,
            &preflight,
            None,
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.status);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://host.test:3000")
    );
    let methods = reply
        .header("access-control-allow-methods")
        .unwrap()
        .to_ascii_uppercase();
    assert!(methods.contains("PATCH") && methods.contains("POST"));
    let allowed = reply
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for name in [
        "authorization",
        "content-type",
        "consistencylevel",
        "client-request-id",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }

    let get = tenant
        .send(
            Method::GET,
            "/v1.0/me",
            Some(&token),
            &[("Origin", "http://host.test:3000")],
            None,
        )
        .await;
    assert_eq!(
        get.header("access-control-allow-origin"),
        Some("http://host.test:3000")
    );
    let exposed = get
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    // Graph exposes its ids but not Retry-After (microsoft-graph-docs#17488).
    assert!(exposed.contains("request-id") && exposed.contains("client-request-id"));
    assert!(!exposed.contains("retry-after"), "{exposed}");

    let other = tenant
        .send(
            Method::GET,
            "/v1.0/me",
            Some(&token),
            &[("Origin", "http://evil.test")],
            None,
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    tenant.stop().await;
}

#[tokio::test]
async fn widget_files_may_be_loaded_by_configured_origins_only() {
    let tenant = Tenant::start_with(|config| {
        config.users = 12;
        config.cors_origins = vec!["http://host.test:3000".into()];
    })
    .await;
    let dist = tenant.db_path.parent().unwrap().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("widget.js"), "export default 1;").unwrap();

    let allowed = tenant
        .send(
            Method::GET,
            "/widget.js",
            None,
            &[("Origin", "http://host.test:3000")],
            None,
        )
        .await;
    assert_eq!(allowed.status, StatusCode::OK);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://host.test:3000")
    );
    let other = tenant
        .send(
            Method::GET,
            "/widget.js",
            None,
            &[("Origin", "http://evil.test")],
            None,
        )
        .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    tenant.stop().await;
}

/// Links used to be built from the request's Host header, always over http.
#[tokio::test]
async fn links_start_at_the_public_origin_whatever_host_was_used() {
    let tenant = Tenant::start_with(|config| {
        config.users = 30;
        config.allowed_hosts = vec!["devbox".into()];
    })
    .await;
    let token = tenant.token(ADMIN).await;
    let devbox = format!("devbox:{}", tenant.address.port());
    let page = tenant
        .send(
            Method::GET,
            "/v1.0/users?$top=5",
            Some(&token),
            &[("Host", &devbox)],
            None,
        )
        .await
        .json();
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}/v1.0/users?$top=5&$skiptoken=", tenant.base)),
        "{next}"
    );
    assert!(
        page["@odata.context"]
            .as_str()
            .unwrap()
            .starts_with(&tenant.base)
    );
    tenant.stop().await;

    let tenant = Tenant::start_with(|config| {
        config.users = 30;
        config.public_origin = Some("https://tenant.example".into());
    })
    .await;
    let token = tenant.token(ADMIN).await;
    for host in [None, Some("tenant.example")] {
        let headers: Vec<(&str, &str)> = host.map(|host| ("Host", host)).into_iter().collect();
        let page = tenant
            .send(
                Method::GET,
                "/v1.0/users?$top=5",
                Some(&token),
                &headers,
                None,
            )
            .await
            .json();
        let next = page["@odata.nextLink"].as_str().unwrap();
        assert!(
            next.starts_with("https://tenant.example/v1.0/users?$top=5&$skiptoken="),
            "{next}"
        );
        // The link is followed as given (here through the local address).
        let local = next.replace("https://tenant.example", &tenant.base);
        assert_eq!(tenant.get(&local, &token).await.status, StatusCode::OK);
    }
    let me = tenant.get("/v1.0/me", &token).await.json();
    assert_eq!(
        me["@odata.context"],
        "https://tenant.example/v1.0/$metadata#users/$entity"
    );
    tenant.stop().await;
}

/// 1,650 OR'd clauses used to reach SQLite's expression depth limit (a 500);
/// a search is now bounded, and the widget's own search is within the bounds.
#[tokio::test]
async fn search_is_bounded_and_the_widgets_search_fits() {
    let tenant = Tenant::start(200).await;
    let token = tenant.token(ADMIN).await;
    let search = |clauses: &[String]| {
        let query = clauses.join(" OR ").replace('"', "%22").replace(' ', "%20");
        format!("/v1.0/users?$count=true&$select=displayName&$search={query}")
    };
    let clause = |field: &str, term: &str| format!("\"{field}:{term}\"");

    let widget = |term: &str| {
        ["displayName", "userPrincipalName", "mail"]
            .map(|field| clause(field, term))
            .to_vec()
    };
    let reply = tenant.get_eventual(&search(&widget("elo")), &token).await;
    assert_eq!(names(&reply.json()), ["Élodie Dupré"]);
    let longest = "x".repeat(100);
    let reply = tenant
        .get_eventual(&search(&widget(&longest)), &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["@odata.count"], 0);
    let ten = vec![clause("displayName", "nadia"); 10];
    let reply = tenant.get_eventual(&search(&ten), &token).await;
    assert_eq!(names(&reply.json()), ["Nadia Lefèvre"]);

    let refused = [
        vec![clause("displayName", "a"); 1650],
        vec![clause("displayName", "a"); 11],
        widget(&"x".repeat(101)),
        vec![clause(
            "displayName",
            &('a'..='z').map(String::from).collect::<Vec<_>>().join(" "),
        )],
    ];
    for clauses in refused {
        tenant
            .get_eventual(&search(&clauses), &token)
            .await
            .assert_error(400, "Request_UnsupportedQuery");
    }
    // The tenant goes on answering.
    assert_eq!(tenant.get("/v1.0/me", &token).await.status, StatusCode::OK);
    tenant.stop().await;
}

/// What Graph takes without `ConsistencyLevel: eventual` (search-query-parameter,
/// user-list): `$count=true` is ignored, not refused; `$orderby=displayName`
/// and `$filter=accountEnabled eq true|false` work.
#[tokio::test]
async fn plain_queries_graph_answers_without_advanced_headers() {
    let tenant = Tenant::start(80).await;
    let token = tenant.token(ADMIN).await;
    let names = |reply: &common::Reply| -> Vec<String> {
        reply.json()["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["displayName"].as_str().unwrap().to_string())
            .collect()
    };

    let counted = tenant.get("/v1.0/users?$count=true&$top=999", &token).await;
    assert_eq!(counted.status, 200, "{}", counted.text);
    assert!(
        counted.json().get("@odata.count").is_none(),
        "ignored without the header"
    );
    let everyone = names(&counted);

    let ordered = tenant
        .get("/v1.0/users?$orderby=displayName&$top=999", &token)
        .await;
    assert_eq!(ordered.status, 200, "{}", ordered.text);
    assert_eq!(names(&ordered), everyone);
    assert!(names(&ordered).windows(2).all(|w| w[0] <= w[1]));
    let ascending = tenant
        .get("/v1.0/users?$orderby=displayName%20asc&$top=999", &token)
        .await;
    assert_eq!(names(&ascending), everyone);

    let flags = |query: &str| {
        let query = query.to_string();
        let tenant = &tenant;
        let token = &token;
        async move {
            let reply = tenant.get(&query, token).await;
            assert_eq!(reply.status, 200, "{}", reply.text);
            reply.json()["value"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["accountEnabled"].as_bool().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let enabled =
        flags("/v1.0/users?$select=accountEnabled&$top=999&$filter=accountEnabled%20eq%20true")
            .await;
    let disabled =
        flags("/v1.0/users?$select=accountEnabled&$top=999&$filter=accountEnabled%20eq%20false")
            .await;
    assert!(enabled.iter().all(|e| *e) && !enabled.is_empty());
    assert!(disabled.iter().all(|e| !*e) && !disabled.is_empty());
    assert_eq!(enabled.len() + disabled.len(), everyone.len());
}
