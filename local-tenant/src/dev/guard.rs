//! Who may call `/_dev`: programs on this machine (tests, scripts) and the
//! demo page the tenant serves itself. Not another web page: a browser tab is
//! a loopback caller too, so its requests are told apart by what browsers add.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::graph::errors::GraphError;
use crate::site::Site;
use crate::state::SharedState;

pub async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let loopback = peer.is_some_and(|ip| match ip {
        IpAddr::V6(v6) => {
            v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()) || v6.is_loopback()
        }
        v4 => v4.is_loopback(),
    });
    if loopback {
        next.run(request).await
    } else {
        refused("The dev endpoints answer loopback callers only.").into_response()
    }
}

/// Refuses another origin's page, and any write that is not JSON: a foreign
/// page can send a `text/plain` or form POST without asking first, but not
/// an `application/json` one, which needs a CORS preflight `/_dev` never grants.
pub async fn own_origin_json_only(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    match check(&state.site, request.method(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

fn check(site: &Site, method: &Method, headers: &HeaderMap) -> Result<(), GraphError> {
    let host = header_text(headers, header::HOST.as_str()).unwrap_or_default();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin
            .to_str()
            .is_ok_and(|origin| site.is_own_origin(origin, host));
        if !own {
            return Err(refused("The dev endpoints do not answer other origins."));
        }
    }
    if let Some(fetch_site) = header_text(headers, "sec-fetch-site")
        && matches!(fetch_site, "cross-site" | "same-site")
    {
        return Err(refused("The dev endpoints do not answer other sites."));
    }
    let writes = [Method::POST, Method::PUT, Method::PATCH, Method::DELETE];
    if writes.contains(method) && !is_json(header_text(headers, header::CONTENT_TYPE.as_str())) {
        return Err(GraphError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            "The dev endpoints take Content-Type: application/json.",
        ));
    }
    Ok(())
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// `application/json`, with parameters such as `charset` allowed.
fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

fn refused(message: &str) -> GraphError {
    GraphError::new(
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
        message,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
        for (name, value) in pairs {
            headers.insert(*name, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn tells_own_page_and_programs_from_other_pages() {
        let site = Site::new(&Config::default(), 8080);
        let json = ("content-type", "application/json; charset=utf-8");
        let allowed = [
            headers(&[json]),
            headers(&[json, ("origin", "http://127.0.0.1:8080")]),
            headers(&[json, ("sec-fetch-site", "same-origin")]),
        ];
        for ok in allowed {
            assert_eq!(check(&site, &Method::POST, &ok), Ok(()));
        }
        let status = |method: Method, pairs: &[(&'static str, &'static str)]| {
            check(&site, &method, &headers(pairs)).map_err(|e| e.status.as_u16())
        };
        assert_eq!(
            status(Method::GET, &[("origin", "http://127.0.0.1:8081")]),
            Err(403)
        );
        assert_eq!(status(Method::GET, &[("origin", "null")]), Err(403));
        assert_eq!(
            status(Method::GET, &[("sec-fetch-site", "same-site")]),
            Err(403)
        );
        assert_eq!(
            status(Method::POST, &[json, ("sec-fetch-site", "cross-site")]),
            Err(403)
        );
        assert_eq!(
            status(Method::POST, &[("content-type", "text/plain")]),
            Err(415)
        );
        assert_eq!(status(Method::DELETE, &[]), Err(415));
        assert_eq!(status(Method::GET, &[]), Ok(()));
    }
}
