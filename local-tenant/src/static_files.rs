//! The widget's built files at `/`, under a strict Content Security Policy,
//! sent compressed when the build made `.br` / `.gz` copies of them (the
//! release build does) and the browser accepts that encoding.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

pub fn router(dir: &Path, connect_src: &[String], cors_origins: &[String]) -> Router {
    let policy = Arc::new(
        HeaderValue::from_str(&content_security_policy(connect_src))
            .expect("origins were checked when the configuration was read"),
    );
    let router = Router::new()
        .fallback_service(
            ServeDir::new(dir)
                .append_index_html_on_directories(true)
                // Brotli first: it is a quarter smaller than gzip for the wasm.
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(middleware::from_fn_with_state(policy, security_headers));
    // A host page on another origin loads the widget's module and wasm with
    // CORS requests: allow the same origins that may call the API.
    let origins: Vec<HeaderValue> = cors_origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    if origins.is_empty() {
        router
    } else {
        router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::HEAD]),
        )
    }
}

pub fn content_security_policy(connect_src: &[String]) -> String {
    let extra: String = connect_src
        .iter()
        .map(|origin| format!(" {origin}"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self'{extra}; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'"
    )
}

async fn security_headers(
    State(policy): State<Arc<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, (*policy).clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // HTML names the current build's files: always fetch it. The files
    // themselves may be kept, but are checked again before use.
    let cache = if is_html { "no-store" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // The same URL answers in brotli, gzip or plain by the request's
    // Accept-Encoding: caches must keep them apart.
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}
