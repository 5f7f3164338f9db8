//! The local tenant: a Microsoft Graph v1.0 subset (users, directory roles,
//! password reset, sendMail) on SQLite, with an outbox, an audit trail, fault
//! injection and write throttling, for developing and testing the widget.

pub mod audit;
pub mod auth;
pub mod clock;
pub mod config;
pub mod containers;
pub mod db;
pub mod dev;
pub mod directory;
pub mod entra;
pub mod faults;
pub mod graph;
pub mod hashing;
pub mod ids;
pub mod lockout;
pub mod logging;
pub mod names;
pub mod outbox;
pub mod rbac;
pub mod scopes;
pub mod search;
pub mod seed;
pub mod seed_scopes;
pub mod server;
pub mod site;
pub mod smtp;
pub mod state;
pub mod static_files;
pub mod throttle;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::middleware;
use axum::routing::get;
use tokio::net::TcpListener;

pub use config::Config;
pub use logging::LogSink;
pub use server::ServerHandle;

use db::Db;
use faults::Faults;
use lockout::Lockout;
use site::Site;
use state::{AppState, SharedState};
use throttle::Throttle;

/// Opens (and if needed seeds) the database, binds, and serves in the
/// background. Returns the bound address, so port 0 works for tests.
pub async fn serve(config: Config) -> io::Result<(SocketAddr, ServerHandle)> {
    // Bound first: the Host names answered to need the real port.
    let listener = TcpListener::bind((config.host.as_str(), config.port)).await?;
    let address = listener.local_addr()?;
    let (idle_closer, close_idle) = server::IdleCloser::new();
    let state = prepare(config, address.port(), idle_closer)
        .await
        .map_err(io::Error::other)?;
    let log = state.config.log.clone();
    Ok((
        address,
        server::spawn(listener, app(state), log, close_idle),
    ))
}

async fn prepare(
    config: Config,
    port: u16,
    idle_closer: server::IdleCloser,
) -> rusqlite::Result<SharedState> {
    let db = Db::open(&config.db_path)?;
    let initial_hash = tokio::task::spawn_blocking(|| {
        // Made now, so the first failed sign-in takes no longer than the rest.
        hashing::dummy_hash();
        hashing::hash_password(seed::INITIAL_PASSWORD)
    })
    .await
    .expect("hashing does not panic");
    let empty = db.call(|conn| seed::is_empty(conn)).await?;
    if config.reseed || empty {
        let (users, hash) = (config.users, initial_hash.clone());
        let started = Instant::now();
        db.call(move |conn| seed::seed(conn, users, &hash)).await?;
        config.log.line(format!(
            "seeded {users} users into {} in {} ms",
            config.db_path.display(),
            started.elapsed().as_millis()
        ));
    }
    let throttle = Throttle::new(config.write_rate, config.write_rate);
    let config_mail_rate = config.mail_rate;
    Ok(Arc::new(AppState {
        site: Site::new(&config, port),
        sign_in_lockout: Lockout::new(config.clock.clone()),
        config,
        db,
        faults: Faults::default(),
        throttle,
        mailbox_limit: throttle::MailboxLimit::new(config_mail_rate),
        idle_closer,
        initial_hash,
    }))
}

fn app(state: SharedState) -> Router {
    let log = state.config.log.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/v1.0", graph::router(state.clone()))
        .nest("/_dev", dev::router(state.clone()))
        .fallback_service(static_files::router(
            &state.config.static_dir,
            &state.config.connect_src,
            &state.config.cors_origins,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            site::only_known_hosts,
        ))
        .layer(middleware::from_fn(server::request_context))
        .layer(middleware::from_fn_with_state(log, server::log_request))
}
