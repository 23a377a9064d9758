//! A write in progress: the transaction, who acts and when, and the audit row that
//! commits with it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Transaction};

use super::audit;
use crate::clock::stamp;
use crate::error::Result;

/// A write in progress: the transaction, who is acting and when.
pub struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    /// The account that unlocked: who does what this write does.
    pub(super) account: &'a str,
    /// The name the desk gave (the OS account, or a free-text name for a shared team
    /// account): kept beside the account in the audit log, as information only.
    pub(super) operator: &'a str,
    pub(super) now: DateTime<Utc>,
    /// In a reading that could not be written ([`Roster::note`] while the roster cannot
    /// be written): the audit rows are held here, to be written at the next write.
    pub(super) held: Option<&'a mut Vec<HeldEntry>>,
}

/// An audit row that could not be written when it happened (the roster was busy, the disk
/// full): kept in memory with its own time and written first at the next write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeldEntry {
    pub(crate) at: String,
    pub(crate) account: String,
    pub(crate) operator: String,
    pub(crate) action: String,
    pub(crate) entity: String,
    pub(crate) entity_id: Option<i64>,
    pub(crate) detail: String,
}

impl HeldEntry {
    /// The row as it is appended late: its own time, and `held=1` in its detail so the
    /// log says it was written after what it records.
    pub(crate) fn append(&self, conn: &Connection) -> Result<()> {
        let detail = if self.detail.is_empty() {
            "held=1".to_string()
        } else {
            format!("{},held=1", self.detail)
        };
        audit::append(
            conn,
            &audit::NewEntry {
                at: &self.at,
                account: &self.account,
                operator: &self.operator,
                action: &self.action,
                entity: &self.entity,
                entity_id: self.entity_id,
                detail: &detail,
            },
        )
    }
}

impl Tx<'_> {
    /// The transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The instant this write happens at.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Who is acting: the account that unlocked (recorded as the `…_by` of what it does).
    pub fn account(&self) -> &str {
        self.account
    }

    /// True in a reading whose audit rows are held (the roster cannot be written now).
    pub(crate) fn is_held(&self) -> bool {
        self.held.is_some()
    }

    /// The instant as stored.
    pub fn stamp(&self) -> String {
        stamp(self.now)
    }

    /// Appends an audit row in this transaction. `detail` must hold no personal data.
    pub fn audit(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        let account = self.account;
        self.audit_as(account, action, entity, entity_id, detail)
    }

    /// [`Tx::audit`] for something no account did (e.g. [`SYSTEM_OPERATOR`]), the name given
    /// as the account.
    pub(crate) fn audit_as(
        &mut self,
        account: &str,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        if let Some(held) = self.held.as_mut() {
            held.push(HeldEntry {
                at: stamp(self.now),
                account: account.to_string(),
                operator: self.operator.to_string(),
                action: action.to_string(),
                entity: entity.to_string(),
                entity_id,
                detail: detail.to_string(),
            });
            return Ok(());
        }
        audit::append(
            &self.tx,
            &audit::NewEntry {
                at: &stamp(self.now),
                account,
                operator: self.operator,
                action,
                entity,
                entity_id,
                detail,
            },
        )
    }
}
