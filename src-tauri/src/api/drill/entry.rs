//! Check sheets and result entry: who a number on the sheets is, and one result entered.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::CheckEntry;
use yorisoi::drill::{DrillPerson, DrillSheet};

use super::session::token;

/// A check sheet to print (saved through the system dialog).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillSheetRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    pub district: String,
    pub association: Option<String>,
    pub block: Option<String>,
    /// `null`: the district's one 自治会 recipient.
    #[ts(type = "number | null")]
    pub recipient_id: Option<i64>,
    pub reprint_reason: Option<String>,
    /// Lock password (at least 8 characters; the window proposes one). Never stored.
    pub password: Option<String>,
    /// Why the sheet goes unlocked (required without a password; at most 200 characters,
    /// no personal data; kept in the audit log).
    pub unlocked_reason: Option<String>,
}

/// A check sheet printed for the drill.
#[derive(Debug, Serialize, TS)]
pub struct DrillSheetRow {
    pub serial: String,
    pub district: String,
    pub cut: String,
    pub recipient_name: String,
    #[ts(type = "number")]
    pub persons: i64,
    pub issued_at: String,
    pub status: String,
}

impl From<DrillSheet> for DrillSheetRow {
    fn from(s: DrillSheet) -> Self {
        DrillSheetRow {
            serial: s.serial,
            district: s.district,
            cut: s.cut,
            recipient_name: s.recipient_name,
            persons: s.persons,
            issued_at: s.issued_at,
            status: s.status,
        }
    }
}

/// Who a number on the sheets is.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillPersonRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
}

/// One result as entered.
#[derive(Debug, Serialize, TS)]
pub struct DrillCheckRow {
    #[ts(type = "number")]
    pub id: i64,
    /// `safe` | `needs-help` | `not-home` | `unreached`.
    pub status: String,
    /// When found, Japan time `YYYY-MM-DD HH:MM`.
    pub checked_at_jst: String,
    pub checked_by: String,
    pub note: String,
    /// The entry this one corrects.
    #[ts(type = "number | null")]
    pub corrects: Option<i64>,
    /// The entry that corrected this one.
    #[ts(type = "number | null")]
    pub corrected_by: Option<i64>,
    pub recorded_by: String,
}

impl From<CheckEntry> for DrillCheckRow {
    fn from(e: CheckEntry) -> Self {
        DrillCheckRow {
            id: e.id,
            status: e.status.token().to_owned(),
            checked_at_jst: e.checked_at_jst,
            checked_by: e.checked_by,
            note: e.note,
            corrects: e.corrects,
            corrected_by: e.corrected_by,
            recorded_by: e.recorded_by,
        }
    }
}

/// A person of the drill with their results so far.
#[derive(Debug, Serialize, TS)]
pub struct DrillPersonView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub furigana: String,
    pub district: String,
    /// Current status token, `null` before any result.
    pub current: Option<String>,
    pub history: Vec<DrillCheckRow>,
}

impl From<DrillPerson> for DrillPersonView {
    fn from(p: DrillPerson) -> Self {
        DrillPersonView {
            person_id: p.person_id,
            name: p.name,
            furigana: p.furigana,
            district: p.district,
            current: token(p.current),
            history: p.history.into_iter().map(DrillCheckRow::from).collect(),
        }
    }
}

/// One result to enter.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillCheckRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// `safe` | `needs-help` | `not-home` | `unreached`.
    pub status: String,
    /// As written on the paper (`HH:MM`, `HHMM`, …); `null` or empty: now.
    pub at: Option<String>,
    pub by: String,
    pub note: String,
    /// Replace the person's latest result instead of adding one.
    pub correct: bool,
}
