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
