//! What every handler shares.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::faults::Faults;
use crate::lockout::Lockout;
use crate::server::IdleCloser;
use crate::site::Site;
use crate::throttle::{MailboxLimit, Throttle};

pub struct AppState {
    pub config: Config,
    pub site: Site,
    pub db: Db,
    pub faults: Faults,
    pub throttle: Throttle,
    /// sendMail's per-mailbox limit.
    pub mailbox_limit: MailboxLimit,
    pub idle_closer: IdleCloser,
    /// The named users' initial password, hashed once per process.
    pub initial_hash: String,
    pub sign_in_lockout: Lockout,
}

pub type SharedState = Arc<AppState>;
