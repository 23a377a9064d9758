//! Changes to review: what an import found different for a person already on the roster
//! (old → new, or a death / move out / entry to a facility). An officer accepts or
//! rejects each; accepting a death or move archives the person with the reason.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::imports::FieldChange;
use super::{persons, Cached, Roster};
use crate::error::{Error, Result, SqlContext};
use crate::io::Column;
use crate::model::validate::normalise_person;
use crate::model::ArchiveReason;

/// One change waiting for (or given) a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    /// The change's id.
    pub id: i64,
    /// The import that found it.
    pub import_id: i64,
    /// The row in that file.
    pub file_row: i64,
    /// The person.
    pub person_id: i64,
    /// Their name (the officers' own list).
    pub name: String,
    /// Field changes, old → new.
    pub fields: Vec<FieldChange>,
    /// 死亡 / 転出 / 施設入所, if the file says so.
    pub archive_reason: Option<ArchiveReason>,
    /// The date it happened.
    pub archive_on: Option<String>,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
}

const SELECT: &str = "SELECT c.id, c.import_id, c.file_row, c.person_id, p.name, c.fields,
                             c.archive_reason, c.archive_on, c.status
                      FROM import_changes c JOIN persons p ON p.id = c.person_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReviewItem> {
    let fields: String = r.get(5)?;
    let reason: Option<String> = r.get(6)?;
    Ok(ReviewItem {
        id: r.get(0)?,
        import_id: r.get(1)?,
        file_row: r.get(2)?,
        person_id: r.get(3)?,
        name: r.get(4)?,
        fields: serde_json::from_str(&fields).unwrap_or_default(),
        archive_reason: reason.as_deref().and_then(ArchiveReason::from_token),
        archive_on: r.get(7)?,
        status: r.get(8)?,
    })
}

impl Roster {
    /// Changes waiting for a decision, oldest first.
    pub fn pending_changes(&self) -> Result<Vec<ReviewItem>> {
        let mut stmt = self
            .conn()
            .prepare(&format!(
                "{SELECT} WHERE c.status = 'pending' ORDER BY c.id"
            ))
            .ctx("reading changes to review")?;
        let rows = stmt
            .query_map([], from_row)
            .ctx("reading changes to review")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading changes to review")
    }

    fn change(&self, id: i64) -> Result<ReviewItem> {
        self.conn()
            .row(&format!("{SELECT} WHERE c.id = ?1"), [id], from_row)
            .optional()
            .ctx("reading a change")?
            .ok_or(Error::NotFound { what: "change", id })
    }

    /// Accepts change `id`: the fields are written (each must still hold the old value,
    /// else the record changed since the import and the change is refused), then a death
    /// or move archives the person with the reason and date.
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
                for f in &item.fields {
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
            decide(tx, id, "accepted")?;
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
            decide(tx, id, "rejected")?;
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

fn decide(tx: &mut super::Tx<'_>, id: i64, status: &str) -> Result<()> {
    let at = tx.stamp();
    let by = tx.operator.to_string();
    tx.conn()
        .exec(
            "UPDATE import_changes SET status = ?2, decided_at = ?3, decided_by = ?4 WHERE id = ?1",
            params![id, status, at, by],
        )
        .ctx("recording a decision")?;
    Ok(())
}
