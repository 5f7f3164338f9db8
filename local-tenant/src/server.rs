//! The HTTP plumbing: the accept loop (which can drop a connection on
//! purpose), request ids with Graph error bodies, and the request log.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

use crate::faults::DropConnection;
use crate::graph::errors::{PendingErrorBody, error_body};
use crate::ids;
use crate::logging::LogSink;

const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// Stops the server when asked; dropping it leaves the server running.
pub struct ServerHandle {
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl ServerHandle {
    /// Stops accepting, closes open connections and waits until all is done.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

/// Asks every open connection to close once idle. Used when a `drop` fault
/// is queued: browsers silently resend a request whose reused keep-alive
/// connection closes without an answer, which would hide the fault; on a
/// fresh connection they report the failure.
#[derive(Clone)]
pub struct IdleCloser(watch::Sender<u64>);

impl IdleCloser {
    pub fn new() -> (IdleCloser, watch::Receiver<u64>) {
        let (sender, receiver) = watch::channel(0);
        (IdleCloser(sender), receiver)
    }

    pub fn close_idle_connections(&self) {
        self.0.send_modify(|generation| *generation += 1);
    }
}

pub fn spawn(
    listener: TcpListener,
    app: Router,
    log: LogSink,
    close_idle: watch::Receiver<u64>,
) -> ServerHandle {
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                _ = &mut stopped => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        let close_idle = close_idle.clone();
                        connections.spawn(serve_connection(stream, peer, app.clone(), close_idle));
                    }
                    Err(error) => {
                        // Out of file descriptors and the like: wait, then go on.
                        log.line(format!("accept failed: {error}"));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
        connections.shutdown().await;
    });
    ServerHandle {
        stop: Some(stop),
        task,
    }
}

/// Returned to hyper to make it close the connection without an answer.
#[derive(Debug)]
struct DroppedByFault;

impl std::fmt::Display for DroppedByFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedByFault {}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    mut close_idle: watch::Receiver<u64>,
) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |mut request: hyper::Request<Incoming>| {
        let app = app.clone();
        async move {
            request.extensions_mut().insert(ConnectInfo(peer));
            let response = app
                .oneshot(request)
                .await
                .unwrap_or_else(|never| match never {});
            if response.extensions().get::<DropConnection>().is_some() {
                Err(DroppedByFault)
            } else {
                Ok(response)
            }
        }
    });
    close_idle.mark_unchanged();
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    // Errors here are the client's (reset, bad request line) or a drop fault.
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = close_idle.changed() => connection.as_mut().graceful_shutdown(),
    }
    let _ = connection.await;
}

/// The `request-id` of the request being answered; audit records keep it as
/// their `correlationId`.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Gives every response a `request-id` and a `client-request-id` (the
/// client's own when it sent a usable one, else the new request id, as Graph
/// answers), and turns a pending Graph error into its JSON body, whose
/// `innerError` carries both ids and the date.
pub async fn request_context(mut request: Request, next: Next) -> Response {
    let request_id = ids::random_guid();
    request
        .extensions_mut()
        .insert(RequestId(request_id.clone()));
    let client_request_id = request
        .headers()
        .get(&CLIENT_REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|value| !value.is_empty() && value.len() <= 128)
        .filter(|value| value.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| request_id.clone());
    let mut response = next.run(request).await;
    if let Some(pending) = response.extensions_mut().remove::<PendingErrorBody>() {
        let body = error_body(&pending, &request_id, &client_request_id);
        *response.body_mut() = Body::from(body.to_string());
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    let headers = response.headers_mut();
    headers.insert(
        REQUEST_ID,
        HeaderValue::from_str(&request_id).expect("a GUID is ASCII"),
    );
    if let Ok(client) = HeaderValue::from_str(&client_request_id) {
        headers.insert(CLIENT_REQUEST_ID, client);
    }
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// One line per request: method, path (never the query or a body), status, time.
pub async fn log_request(State(log): State<LogSink>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(200).collect();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = if response.extensions().get::<DropConnection>().is_some() {
        "dropped".to_string()
    } else {
        response.status().as_u16().to_string()
    };
    log.line(format!(
        "{method} {path} {status} {}ms",
        started.elapsed().as_millis()
    ));
    response
}
