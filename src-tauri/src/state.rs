//! What the running app holds between commands.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use yorisoi::{Clock, Roster, SystemClock};

use crate::error::IpcError;

/// Overrides the roster's default location. Tests (and anyone trying the app) set it
/// so the real roster of the user is never touched.
const ROSTER_PATH_OVERRIDE: &str = "YORISOI_DB";

/// The open roster (if any), who is using the app, and the clock.
pub struct AppState {
    /// `None` while locked. Dropping the `Roster` closes the database.
    roster: Mutex<Option<Roster>>,
    /// Recorded in the audit log with every change.
    pub operator: String,
    pub clock: Arc<dyn Clock + Send + Sync>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            roster: Mutex::new(None),
            operator: operator_name(),
            clock: Arc::new(SystemClock),
        }
    }

    /// The slot holding the open roster.
    pub fn roster(&self) -> Result<MutexGuard<'_, Option<Roster>>, IpcError> {
        // A poisoned lock means a command panicked while holding the roster; refuse
        // rather than carry on with a handle in an unknown state.
        self.roster
            .lock()
            .map_err(|_| IpcError::internal("the roster handle is unusable; restart the app"))
    }
}

/// Where the roster file lives: `YORISOI_DB` if set (tests, trials), else the core's
/// default location. The page never chooses a path.
pub fn roster_path() -> Result<PathBuf, IpcError> {
    match std::env::var_os(ROSTER_PATH_OVERRIDE) {
        Some(path) if !path.is_empty() => Ok(PathBuf::from(path)),
        _ => Ok(yorisoi::default_roster_path()?),
    }
}

/// The OS account name stands in for the operator until the app has its own users.
fn operator_name() -> String {
    ["USER", "USERNAME"]
        .iter()
        .find_map(|key| std::env::var(key).ok().filter(|name| !name.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}
