//! The widget's files are sent in the encoding the browser accepts, from the
//! copies the build made, with headers that let caches and streaming
//! compilation do their work.

mod common;

use common::Tenant;

/// Stand-ins for the build's output: distinct bytes per encoding, so the test
/// can tell which copy was sent.
const WASM: &[u8] = b"\0asm\x01\0\0\0 the plain module";
const WASM_BR: &[u8] = b"brotli copy of the module";
const WASM_GZ: &[u8] = b"gzip copy of the module";

async fn tenant_with_build() -> Tenant {
    let tenant = Tenant::start(5).await;
    let dist = tenant.db_path.parent().unwrap().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("widget_bg.wasm"), WASM).unwrap();
    std::fs::write(dist.join("widget_bg.wasm.br"), WASM_BR).unwrap();
    std::fs::write(dist.join("widget_bg.wasm.gz"), WASM_GZ).unwrap();
    std::fs::write(dist.join("plain.css"), "p{}").unwrap();
    tenant
}

struct Sent {
    encoding: Option<String>,
    content_type: String,
    vary: Vec<String>,
    cache: String,
    last_modified: Option<String>,
    body: Vec<u8>,
}

async fn get(tenant: &Tenant, path: &str, accept_encoding: Option<&str>) -> Sent {
    let mut request = tenant.client.get(tenant.url(path));
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let sent = Sent {
        encoding: header("content-encoding"),
        content_type: header("content-type").unwrap_or_default(),
        vary: response
            .headers()
            .get_all("vary")
            .iter()
            .map(|v| v.to_str().unwrap().to_ascii_lowercase())
            .collect(),
        cache: header("cache-control").unwrap_or_default(),
        last_modified: header("last-modified"),
        body: Vec::new(),
    };
    Sent {
        body: response.bytes().await.unwrap().to_vec(),
        ..sent
    }
}

#[tokio::test]
async fn the_wasm_goes_out_in_the_best_encoding_the_browser_accepts() {
    let tenant = tenant_with_build().await;
    let cases: [(Option<&str>, Option<&str>, &[u8]); 5] = [
        (Some("gzip, deflate, br, zstd"), Some("br"), WASM_BR),
        (Some("br"), Some("br"), WASM_BR),
        (Some("gzip"), Some("gzip"), WASM_GZ),
        (Some("identity"), None, WASM),
        (None, None, WASM),
    ];
    for (accept, expected_encoding, expected_body) in cases {
        let sent = get(&tenant, "/widget_bg.wasm", accept).await;
        assert_eq!(sent.encoding.as_deref(), expected_encoding, "{accept:?}");
        assert_eq!(sent.body, expected_body, "{accept:?}");
        // Streaming compilation needs this exact type, whatever the encoding.
        assert_eq!(sent.content_type, "application/wasm", "{accept:?}");
        assert!(
            sent.vary.iter().any(|v| v.contains("accept-encoding")),
            "{accept:?}: Vary {:?}",
            sent.vary
        );
        // Kept by the browser, but checked again before use.
        assert_eq!(sent.cache, "no-cache");
        assert!(
            sent.last_modified.is_some(),
            "revalidation needs a validator"
        );
    }
}

#[tokio::test]
async fn a_file_without_compressed_copies_is_sent_as_it_is() {
    let tenant = tenant_with_build().await;
    let sent = get(&tenant, "/plain.css", Some("br, gzip")).await;
    assert_eq!(sent.encoding, None);
    assert_eq!(sent.body, b"p{}");
    assert!(sent.content_type.starts_with("text/css"));
}

#[tokio::test]
async fn an_unchanged_file_is_revalidated_without_its_bytes() {
    let tenant = tenant_with_build().await;
    let first = get(&tenant, "/widget_bg.wasm", Some("br")).await;
    let again = tenant
        .client
        .get(tenant.url("/widget_bg.wasm"))
        .header("accept-encoding", "br")
        .header("if-modified-since", first.last_modified.unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}
