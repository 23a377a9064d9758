//! Printing from the roster: gathers what the sharing rule allows, checks every character
//! against the fonts, lays out and renders, locks, stages the bytes at the caller's
//! [`Destination`] (a [`NewFile`] under an unfinished name), and records the copy in the
//! ledger with its audit row in one transaction; only once that committed is the file
//! given its name. So a copy that could not be saved is not in the ledger, a failed
//! record leaves no file and uses up no serial, and a copy in the ledger exists (in the
//! rare case that the last rename fails, under the unfinished name the error gives).

mod claims;
mod commission;
mod copies;
mod coverage;
mod destination;
mod forms;
mod ledger;
mod list;
mod locking;
mod map;
mod order;
mod plan_notes;
mod plans;

pub mod drill;

use chrono::NaiveDate;
use serde::Serialize;

use crate::policy::FieldProfile;
use crate::print::page::Page;

/// Days a copy may stay out when no due-back date is given.
pub const DEFAULT_DUE_BACK_DAYS: u64 = 365;

pub use crate::store::issuance::{CopyPerson, Issuance, IssuanceEvent};
pub use crate::store::settings::DEFAULT_MUNICIPALITY;
pub use claims::ClaimsFormat;
pub use commission::CommissionPrint;
pub use copies::{CopyToChase, CopyWorklist, IssuanceDetail};
pub use destination::{Destination, NewFile, Unpublished};
pub use locking::MAX_UNLOCKED_REASON_CHARS;
pub use plans::SheetPeople;

/// What a list print asks for.
#[derive(Debug, Clone, Default)]
pub struct ListRequest<'a> {
    /// The recipient (`recipient list`).
    pub recipient_id: i64,
    /// Simplified or detailed.
    pub profile: FieldProfile,
    /// District (else the recipient's own, else all).
    pub district: Option<&'a str>,
    /// Only this 自治会.
    pub association: Option<&'a str>,
    /// Only this 班 (within the association).
    pub block: Option<&'a str>,
    /// Lock password (required for a detailed list).
    pub password: Option<&'a str>,
    /// Why the list goes unlocked (kept in the audit row; not needed for the simplified
    /// list; see `locking`).
    pub unlocked_reason: Option<&'a str>,
    /// To be back by (default: a year on).
    pub due_back: Option<NaiveDate>,
    /// Why a copy is printed while an earlier one of the same list is still out.
    pub reprint_reason: Option<&'a str>,
    /// Only the people whose homes are inside this alert area (people of the cut who could
    /// not be placed are left off and counted in [`Printed::unplaced`]).
    pub area: Option<&'a crate::map::AreaShape>,
    /// Add a 地図 page after the people: each home on the list numbered as its row, over
    /// the hazard areas in use (see `printing/map.rs` for who is drawn).
    pub map: bool,
    /// The list of a shelter's operator (a recipient of kind `shelter`): only the people
    /// whose plans name this shelter of the registry, through the sharing rule like any
    /// list. A recipient of kind `shelter` is given no other list.
    pub shelter: Option<i64>,
}

/// What plan sheets are printed for.
#[derive(Debug, Clone, Copy)]
pub enum PlanTarget<'a> {
    /// One person.
    Person(i64),
    /// Everyone of a district (by name).
    District(&'a str),
    /// Everyone whose home is inside an alert area (for a recipient, of the people the
    /// sharing rule gives them); those who could not be placed are left off and counted
    /// in [`Printed::unplaced`].
    Area(&'a crate::map::AreaShape),
}

/// What a plan-sheet print asks for.
#[derive(Debug, Clone, Copy)]
pub struct PlanRequest<'a> {
    /// Whose sheets.
    pub target: PlanTarget<'a>,
    /// The recipient (`None`: the office's or the person's own copy, with every field).
    pub recipient_id: Option<i64>,
    /// Lock password (required for the office's copy, which has every field).
    pub password: Option<&'a str>,
    /// Why a recipient's sheets go unlocked (needed without a password; kept in the audit
    /// row).
    pub unlocked_reason: Option<&'a str>,
    /// To be back by (default: a year on, for a recipient's copy).
    pub due_back: Option<NaiveDate>,
    /// Why a copy is printed while an earlier one is still out.
    pub reprint_reason: Option<&'a str>,
}

/// What was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printed {
    /// 交付番号 (`None` for a consent form, which is not a copy of roster data).
    pub serial: Option<String>,
    /// Pages.
    pub pages: usize,
    /// People in it.
    pub persons: usize,
    /// People of the cut left off by the sharing rule.
    pub excluded: usize,
    /// For a list of an alert area: people of the cut left off because their homes could
    /// not be placed (they may be inside; check them by hand).
    pub unplaced: usize,
    /// Locked with a password.
    pub locked: bool,
    /// Made in disaster mode (marked on every page).
    pub disaster: bool,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Due back (ISO), for a ledger copy.
    pub due_back: Option<String>,
    /// The copy this one reprints, if any.
    pub reprint_of: Option<String>,
}

/// What a preview shows: the first pages exactly as they would be printed, and the
/// counts of the whole print. Nothing is recorded in the ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintPreview {
    /// The print as it would be (its serial is the one the next copy would take; no
    /// hash, as no file is made).
    pub printed: Printed,
    /// The first pages, as laid out for the PDF.
    pub pages: Vec<Page>,
}
