//! Changes to review: what an import found different for a person already on the roster
//! (old → new, or a death / move out / entry to a facility). An officer accepts or
//! rejects each; accepting a death or move archives the person with the reason.

use crate::commissions::form;
use crate::error::{Error, Result};
use crate::io::Column;
use crate::model::validate::normalise_person;
use crate::store::imports;
use crate::store::{persons, Roster};

pub use crate::store::imports::ReviewItem;

impl Roster {
    /// Changes waiting for a decision, oldest first.
    pub fn pending_changes(&self) -> Result<Vec<ReviewItem>> {
        imports::pending_changes(self.conn())
    }

    fn change(&self, id: i64) -> Result<ReviewItem> {
        imports::change(self.conn(), id)
    }

    /// Accepts change `id`: the fields are written (each must still hold the old value,
    /// else the record changed since the import and the change is refused), then a death
    /// or move archives the person with the reason and date. A change read from a plan
    /// form (its fields' tokens start `plan.`) is written to the plan the same way
    /// ([`crate::commissions::form`]).
    pub fn accept_change(&mut self, id: i64) -> Result<ReviewItem> {
        let item = self.change(id)?;
        if item.status != "pending" {
            return Err(Error::invalid(
                "id",
                format!("this change was already {}", item.status),
            ));
        }
        let today = self.clock().today();
        self.write(|tx| {
            let pid = item.person_id;
            if !item.fields.is_empty() {
                let mut person = persons::load(tx.conn(), pid)?;
                let (plan, columns): (Vec<_>, Vec<_>) =
                    item.fields.iter().partition(|f| form::is_form_field(&f.column));
                if !plan.is_empty() {
                    form::apply_changes(&mut person, pid, &plan)?;
                }
                for f in columns {
                    let column = Column::from_token(&f.column)
                        .ok_or_else(|| Error::Integrity("a stored change names an unknown column".to_string()))?;
                    if column.get(&person) != f.old {
                        return Err(Error::invalid(
                            "id",
                            format!("person {pid}'s {} changed after the import; reject this change and import the file again", column.header()),
                        ));
                    }
                    column
                        .set(&mut person, &f.cell)
                        .map_err(|reason| Error::invalid(column.token(), reason))?;
                }
                normalise_person(&mut person, today)?;
                persons::update(tx.conn(), pid, &person, tx.now())?;
                let names: Vec<&str> = item.fields.iter().map(|f| f.column.as_str()).collect();
                tx.audit("person.update", "person", Some(pid), &format!("change={id} fields={}", names.join(",")))?;
            }
            if let (Some(reason), Some(on)) = (item.archive_reason, &item.archive_on) {
                if !persons::is_archived(tx.conn(), pid)? {
                    persons::archive(tx.conn(), pid, reason, on, &format!("import {}", item.import_id), &tx.stamp())?;
                    tx.audit("person.archive", "person", Some(pid), reason.token())?;
                }
            }
            imports::decide(tx.conn(), id, "accepted", &tx.stamp(), tx.account())?;
            tx.audit("import.review.accept", "import_change", Some(id), &format!("person={pid}"))
        })?;
        self.change(id)
    }

    /// Rejects change `id`: the roster stays as it is.
    pub fn reject_change(&mut self, id: i64) -> Result<ReviewItem> {
        let item = self.change(id)?;
        if item.status != "pending" {
            return Err(Error::invalid(
                "id",
                format!("this change was already {}", item.status),
            ));
        }
        self.write(|tx| {
            imports::decide(tx.conn(), id, "rejected", &tx.stamp(), tx.account())?;
            tx.audit(
                "import.review.reject",
                "import_change",
                Some(id),
                &format!("person={}", item.person_id),
            )
        })?;
        self.change(id)
    }
}
