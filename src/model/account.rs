//! Officer accounts: who may open the roster, and with which role.

use serde::Serialize;

/// What an account may do. Enforced in the core, for the command line and the window
/// alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Reads: search, open records (audited as views), worklists, the audit log.
    Viewer,
    /// Everything an officer does at the desk: records, consents, printing, drills.
    Officer,
    /// An officer who also manages accounts and the recovery key.
    Admin,
}

impl Role {
    /// The stored token.
    pub fn token(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    /// The role of a stored token.
    pub fn from_token(s: &str) -> Option<Role> {
        match s.trim() {
            "viewer" => Some(Role::Viewer),
            "officer" => Some(Role::Officer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The role's name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Role::Viewer => "閲覧のみ",
            Role::Officer => "担当職員",
            Role::Admin => "管理者",
        }
    }

    /// True when the role may change the roster.
    pub fn can_write(self) -> bool {
        self >= Role::Officer
    }
}

/// An account as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Its id in the roster.
    pub id: i64,
    /// The name it signs in with (and the audit log shows).
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Its slot in the key file.
    pub slot_id: u32,
    /// When it was added (RFC 3339).
    pub created_at: String,
    /// Who added it.
    pub created_by: String,
}
