//! The copy ledger (交付台帳) as the officers work it: a copy's history and the people on
//! it, recording a copy returned, destroyed or lost, and the copies to chase.

use serde::Serialize;

use crate::clock::jst_date;
use crate::error::{Error, Result};
use crate::model::IssuanceStatus;
use crate::store::issuance::{self, CopyPerson, Issuance, IssuanceEvent};
use crate::store::{recipients, Roster};

/// A copy with its status history and people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuanceDetail {
    /// The copy.
    pub issuance: Issuance,
    /// Status changes, oldest first: (status, at, by, note).
    pub events: Vec<IssuanceEvent>,
    /// The people on it.
    pub persons: Vec<CopyPerson>,
}

/// A copy on a worklist, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyToChase {
    /// The copy.
    pub issuance: Issuance,
    /// Why it is on the list, in Japanese.
    pub reason: String,
    /// The recipient's custodian now (when it changed).
    pub custodian_now: Option<String>,
    /// People on it who have since withdrawn or refused (ids).
    pub withdrawn_person_ids: Vec<i64>,
}

/// The copy worklists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyWorklist {
    /// The day the lists were made for.
    pub today: String,
    /// Past their due-back date.
    pub overdue: Vec<CopyToChase>,
    /// Held by a recipient whose custodian has changed since.
    pub custodian_changed: Vec<CopyToChase>,
    /// Holding someone who has withdrawn (or refused) since the copy was made.
    pub withdrawn: Vec<CopyToChase>,
}

impl Roster {
    /// The ledger, oldest first, optionally only copies with `status`.
    pub fn issuances(&self, status: Option<IssuanceStatus>) -> Result<Vec<Issuance>> {
        issuance::list(self.conn(), status)
    }

    /// One copy with its history and the people on it. Audited `issuance.show` (it lists
    /// names: the officer is about to tell the people on a lost copy).
    pub fn issuance_detail(&mut self, serial: &str) -> Result<IssuanceDetail> {
        self.write(|tx| {
            let issuance = issuance::by_serial(tx.conn(), serial)?;
            let events = issuance::events(tx.conn(), issuance.id)?;
            let persons = issuance::persons_on(tx.conn(), issuance.id)?;
            tx.audit(
                "issuance.show",
                "issuance",
                Some(issuance.id),
                &format!("serial={},persons={}", issuance.serial, persons.len()),
            )?;
            Ok(IssuanceDetail {
                issuance,
                events,
                persons,
            })
        })
    }

    /// Records that copy `serial` came back, was destroyed or was lost. A copy still out
    /// can take any of the three; a lost copy may still turn up (returned) or be reported
    /// destroyed; returned and destroyed copies are closed. Audited `issuance.<status>`.
    pub fn set_issuance_status(
        &mut self,
        serial: &str,
        status: IssuanceStatus,
        note: &str,
    ) -> Result<Issuance> {
        if status == IssuanceStatus::Issued {
            return Err(Error::invalid(
                "status",
                "a copy cannot be put back to issued; print a new copy instead",
            ));
        }
        let operator = self.account().to_string();
        self.write(|tx| {
            let current = issuance::by_serial(tx.conn(), serial)?;
            let allowed = match current.status {
                IssuanceStatus::Issued => true,
                IssuanceStatus::Lost => status != IssuanceStatus::Lost,
                IssuanceStatus::Returned | IssuanceStatus::Destroyed => false,
            };
            if !allowed {
                return Err(Error::invalid(
                    "serial",
                    format!(
                        "copy {} is already {} ({}); nothing was changed",
                        current.serial,
                        current.status.token(),
                        current.status.label()
                    ),
                ));
            }
            let at = tx.stamp();
            issuance::set_status(tx.conn(), current.id, status, &at, &operator, note.trim())?;
            let action = match status {
                IssuanceStatus::Returned => "issuance.return",
                IssuanceStatus::Destroyed => "issuance.destroy",
                IssuanceStatus::Lost => "issuance.lost",
                IssuanceStatus::Issued => unreachable!("refused above"),
            };
            tx.audit(
                action,
                "issuance",
                Some(current.id),
                &format!("serial={},persons={}", current.serial, current.person_count),
            )?;
            issuance::by_serial(tx.conn(), serial)
        })
    }

    /// Copies to chase: overdue, held under a custodian who has changed, or holding someone
    /// who has withdrawn (or refused) since the copy was made.
    pub fn copy_worklist(&self) -> Result<CopyWorklist> {
        let conn = self.conn();
        let today = jst_date(self.clock().now());
        let today_s = today.format("%Y-%m-%d").to_string();
        let out = issuance::list(conn, Some(IssuanceStatus::Issued))?;
        let mut w = CopyWorklist {
            today: today_s.clone(),
            overdue: Vec::new(),
            custodian_changed: Vec::new(),
            withdrawn: Vec::new(),
        };
        for i in out {
            let chase = |reason: String| CopyToChase {
                issuance: i.clone(),
                reason,
                custodian_now: None,
                withdrawn_person_ids: Vec::new(),
            };
            if let Some(due) = i.due_back.as_deref().filter(|d| *d < today_s.as_str()) {
                w.overdue
                    .push(chase(format!("返却期限（{due}）を過ぎています")));
            }
            if let Some(rid) = i.recipient_id {
                let now = recipients::custodian_now(conn, rid)?;
                if let Some(now) = now.filter(|n| *n != i.custodian) {
                    let mut c = chase(format!(
                        "管理責任者が交付時（{}）から変わりました",
                        if i.custodian.is_empty() {
                            "未設定"
                        } else {
                            &i.custodian
                        }
                    ));
                    c.custodian_now = Some(now);
                    w.custodian_changed.push(c);
                }
            }
            let ids = issuance::withdrawn_since(conn, i.id, &i.issued_at)?;
            if !ids.is_empty() && i.recipient_id.is_some() {
                let mut c = chase(format!(
                    "交付後に同意を撤回・拒否した人が{}名含まれています",
                    ids.len()
                ));
                c.withdrawn_person_ids = ids;
                w.withdrawn.push(c);
            }
        }
        Ok(w)
    }
}
