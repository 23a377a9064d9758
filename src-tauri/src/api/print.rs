//! Printing (preview, save) and the copy ledger (交付台帳).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::printing::Printed;
use yorisoi::printing::{CopyPerson, CopyToChase, Issuance, IssuanceDetail};

/// What to print. The same request previews and prints, so the preview shows exactly
/// what the print would.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PrintRequest {
    /// `list` | `plans` | `form` (the consent form, blank or for `person_id`) |
    /// `letters` (consent request letters to everyone the consent worklist says to ask).
    pub document: String,
    /// For a list: `simplified` | `detailed`.
    pub profile: String,
    /// The recipient (required for a list; for plan sheets `null` is the office's or
    /// the person's own copy with every field).
    #[ts(type = "number | null")]
    pub recipient_id: Option<i64>,
    /// District by name (`null`: the recipient's own, else all for a list).
    pub district: Option<String>,
    /// A list cut to this 自治会 (and 班).
    pub association: Option<String>,
    pub block: Option<String>,
    /// Plan sheets of one person (else of the district).
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// Lock password (at least 8 characters; required for a detailed list and for the
    /// office's plan sheets). Never stored.
    pub password: Option<String>,
    /// Why a recipient's plan sheets go unlocked (required then; at most 200 characters,
    /// no personal data; kept in the audit log).
    pub unlocked_reason: Option<String>,
    /// To be back by (ISO date), else a year on.
    pub due_back: Option<String>,
    /// Why a copy is printed while an earlier one is still out.
    pub reprint_reason: Option<String>,
    /// Letters: also to people whose consent ends within this many days (default 60).
    pub days: Option<u32>,
    /// A list of the people placed inside an area drawn on the map (its corners).
    #[serde(default)]
    #[ts(optional)]
    pub area: Option<Vec<crate::api::MapLonLat>>,
    /// A list also gets its 地図 page (the homes numbered with their list rows).
    #[serde(default)]
    #[ts(optional)]
    pub map: Option<bool>,
}

/// What was (or would be) printed.
#[derive(Debug, Serialize, TS)]
pub struct PrintSummary {
    pub serial: Option<String>,
    pub pages: u32,
    pub persons: u32,
    pub excluded: u32,
    /// For a list of an area: people of the recipient's cut who could not be placed (they
    /// may be inside; not on the list).
    pub unplaced: u32,
    pub locked: bool,
    pub disaster: bool,
    pub due_back: Option<String>,
    /// The copy still out that this one reprints (for a preview: the one printing would
    /// ask a reason for).
    pub reprint_of: Option<String>,
    /// The saved file's name (not its folder), after printing.
    pub file_name: Option<String>,
    /// This window's handle for the saved file, for 「印刷」 (`print_open`): the page
    /// never holds the file's path.
    pub saved_file: Option<u32>,
}

impl From<Printed> for PrintSummary {
    fn from(p: Printed) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        PrintSummary {
            serial: p.serial,
            pages: n(p.pages),
            persons: n(p.persons),
            excluded: n(p.excluded),
            unplaced: n(p.unplaced),
            locked: p.locked,
            disaster: p.disaster,
            due_back: p.due_back,
            reprint_of: p.reprint_of,
            file_name: None,
            saved_file: None,
        }
    }
}

/// The first pages as SVG documents (text escaped by the core), and the whole print's
/// counts.
#[derive(Debug, Serialize, TS)]
pub struct PrintPreviewView {
    pub summary: PrintSummary,
    pub pages: Vec<String>,
}

/// Progress of a batch, sent as the `print-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrintProgress {
    pub done: u32,
    pub total: u32,
}

/// One copy in the ledger.
#[derive(Debug, Serialize, TS)]
pub struct LedgerRow {
    pub serial: String,
    /// `simple-list` | `detailed-list` | `plan-sheets` | `drill-sheet`.
    pub kind: String,
    pub recipient_name: String,
    pub custodian: String,
    pub cut: String,
    pub disaster: bool,
    pub locked: bool,
    #[ts(type = "number")]
    pub persons: i64,
    #[ts(type = "number")]
    pub pages: i64,
    pub issued_at: String,
    pub issued_by: String,
    pub due_back: Option<String>,
    /// `issued` | `returned` | `destroyed` | `lost`.
    pub status: String,
    pub status_at: Option<String>,
    pub status_by: String,
    pub status_note: String,
    pub reprint_of: Option<String>,
    pub sha256: String,
}

impl From<Issuance> for LedgerRow {
    fn from(i: Issuance) -> Self {
        LedgerRow {
            serial: i.serial,
            kind: i.kind.token().to_owned(),
            recipient_name: i.recipient_name,
            custodian: i.custodian,
            cut: i.cut,
            disaster: i.disaster,
            locked: i.locked,
            persons: i.person_count,
            pages: i.pages,
            issued_at: i.issued_at,
            issued_by: i.issued_by,
            due_back: i.due_back,
            status: i.status.token().to_owned(),
            status_at: i.status_at,
            status_by: i.status_by,
            status_note: i.status_note,
            reprint_of: i.reprint_of,
            sha256: i.sha256,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LedgerQuery {
    /// Only copies with this status; `null` for all.
    pub status: Option<String>,
}

/// A file this window saved, by the handle its [`PrintSummary`] gave.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SavedFileRequest {
    pub saved_file: u32,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SerialRequest {
    pub serial: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LedgerStatusRequest {
    pub serial: String,
    /// `returned` | `destroyed` | `lost`.
    pub status: String,
    pub note: String,
}

/// A person on a copy (to tell them about a lost copy).
#[derive(Debug, Serialize, TS)]
pub struct CopyPersonRow {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub address: String,
    pub phone: String,
}

impl From<CopyPerson> for CopyPersonRow {
    fn from(p: CopyPerson) -> Self {
        CopyPersonRow {
            person_id: p.person_id,
            name: p.name,
            address: p.address,
            phone: p.phone,
        }
    }
}

/// A copy with its history and the people on it.
#[derive(Debug, Serialize, TS)]
pub struct LedgerDetail {
    pub copy: LedgerRow,
    /// (status, at, by, note), oldest first.
    pub events: Vec<LedgerEvent>,
    pub persons: Vec<CopyPersonRow>,
}

#[derive(Debug, Serialize, TS)]
pub struct LedgerEvent {
    pub status: String,
    pub at: String,
    pub recorded_by: String,
    pub note: String,
}

impl From<IssuanceDetail> for LedgerDetail {
    fn from(d: IssuanceDetail) -> Self {
        LedgerDetail {
            copy: d.issuance.into(),
            events: d
                .events
                .into_iter()
                .map(|e| LedgerEvent {
                    status: e.status.token().to_owned(),
                    at: e.at,
                    recorded_by: e.recorded_by,
                    note: e.note,
                })
                .collect(),
            persons: d.persons.into_iter().map(CopyPersonRow::from).collect(),
        }
    }
}

/// A copy to chase back, and why (the reason is the core's Japanese sentence).
#[derive(Debug, Serialize, TS)]
pub struct CopyChase {
    pub copy: LedgerRow,
    /// `overdue` | `custodian_changed` | `withdrawn`.
    pub why: String,
    pub reason: String,
}

impl CopyChase {
    pub fn new(why: &str, c: CopyToChase) -> Self {
        CopyChase {
            copy: c.issuance.into(),
            why: why.to_owned(),
            reason: c.reason,
        }
    }
}
