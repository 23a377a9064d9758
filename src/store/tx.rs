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

    /// Who is acting.
    pub fn operator(&self) -> &str {
        self.operator
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
        let operator = self.operator;
        self.audit_as(operator, action, entity, entity_id, detail)
    }

    /// [`Tx::audit`] for something no operator did (e.g. [`SYSTEM_OPERATOR`]).
    pub(crate) fn audit_as(
        &mut self,
        operator: &str,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        audit::append(
            &self.tx,
            &audit::NewEntry {
                at: &stamp(self.now),
                operator,
                action,
                entity,
                entity_id,
                detail,
            },
        )
    }
}
