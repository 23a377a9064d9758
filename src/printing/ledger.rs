//! The copy ledger's side of a print: where the bytes go (saved or only previewed), the
//! reprint rule, the disaster-time marking, and the one place a finished print is rendered,
//! locked, staged at its destination and recorded with its audit row (the destination
//! names the file only after the commit: `destination.rs`).

use chrono::{DateTime, Days, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::destination::Destination;
use super::{Printed, DEFAULT_DUE_BACK_DAYS};
use crate::error::{Error, Result};
use crate::model::IssuanceKind;
use crate::policy::Mode;
use crate::print::furniture::{finish, Furniture};
use crate::print::render::{render, DocMeta};
use crate::print::{lock, page::Page};
use crate::progress::Progress;
use crate::store::issuance::{self, NewIssuance};
use crate::store::{disaster, Tx};

/// Where a print goes.
pub(crate) enum Output<'a> {
    /// Rendered, locked when asked, staged at the destination and recorded in the ledger
    /// (the caller publishes or discards it once the transaction ends).
    Save(&'a mut dyn Destination),
    /// Laid out only: the first `max` pages are kept in `pages`, the look is audited
    /// `print.preview`, and nothing goes into the ledger.
    Preview {
        max: usize,
        pages: &'a mut Vec<Page>,
    },
}

impl Output<'_> {
    /// True for a preview (no password needed, nothing recorded).
    pub(super) fn is_preview(&self) -> bool {
        matches!(self, Output::Preview { .. })
    }
}

/// The 災害時提供 marking every page of a disaster-mode print carries (`None` in normal
/// times).
pub(crate) fn disaster_marking(tx: &Tx<'_>, mode: Mode) -> Result<Option<String>> {
    if mode != Mode::Disaster {
        return Ok(None);
    }
    let status = disaster::status(tx.conn(), tx.now())?;
    let since = status
        .since
        .as_deref()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| {
            crate::clock::jst(t.to_utc())
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    Ok(Some(format!(
        "【災害時提供】災害対策基本法第49条の11第3項による提供（災害時モード {since} から、理由：{}）。平常時に戻ったら回収します。",
        status.reason.unwrap_or_default()
    )))
}

/// What the ledger records of a print, and what its audit row says.
pub(crate) struct Record<'a> {
    pub(crate) kind: IssuanceKind,
    pub(crate) recipient_id: Option<i64>,
    pub(crate) recipient_name: String,
    pub(crate) custodian: String,
    pub(crate) cut: String,
    pub(crate) profile: String,
    pub(crate) disaster: bool,
    pub(crate) persons: Vec<i64>,
    pub(crate) due_back: Option<NaiveDate>,
    pub(crate) reprint_reason: Option<&'a str>,
    pub(crate) password: Option<&'a str>,
    /// Why it goes unlocked, as the officer said (checked by `locking::check`).
    pub(crate) unlocked_reason: Option<String>,
    pub(crate) title: String,
    pub(crate) audit_action: &'a str,
    pub(crate) excluded: usize,
    /// People of the cut left off because their homes could not be placed (an area's).
    pub(crate) unplaced: usize,
}

/// Checks the reprint rule: an earlier copy of the same list still out needs a reason.
fn reprint_of(tx: &Tx<'_>, r: &Record<'_>) -> Result<Option<(i64, String)>> {
    if r.recipient_id.is_none() {
        // The office's (or the person's own) copy is not handed out: no reprint rule.
        return Ok(None);
    }
    let out = issuance::outstanding(tx.conn(), r.recipient_id, r.kind, &r.cut)?;
    let Some(last) = out.last() else {
        return Ok(None);
    };
    match r.reprint_reason.map(str::trim).filter(|s| !s.is_empty()) {
        Some(_) => Ok(Some((last.id, last.serial.clone()))),
        None => Err(Error::invalid(
            "reprint",
            format!(
                "copy {} of this list is still out with the recipient (issued {}); \
                 record it returned, destroyed or lost first (`yorisoi issuance return {}`), \
                 or give a reason for a reprint (--reprint-reason)",
                last.serial,
                crate::clock::jst_date_of(&last.issued_at)
                    .map_or_else(|| last.issued_at.clone(), |d| d.to_string()),
                last.serial
            ),
        )),
    }
}

/// Renders, locks, stages (at the destination) and records a ledger copy.
pub(crate) fn issue(
    tx: &mut Tx<'_>,
    r: Record<'_>,
    pages: impl FnOnce(&Furniture) -> Result<Vec<Page>>,
    furniture: Furniture,
    out: Output<'_>,
    stop: &dyn Progress,
) -> Result<Printed> {
    let save = match out {
        Output::Save(save) => save,
        Output::Preview { max, pages: kept } => {
            return preview(tx, &r, pages, &furniture, max, kept);
        }
    };
    let laid = lay_out(tx, &r, pages, furniture, stop)?;
    let rendered = laid.render()?;
    record(tx, r, laid, rendered, save, stop)
}

/// A copy laid out and checked inside its transaction, waiting to be rendered — which
/// needs no roster, so a job of many copies renders them on other threads — and then
/// recorded ([`record`]).
pub(crate) struct Laid {
    serial: String,
    pages: Vec<Page>,
    reprint: Option<(i64, String)>,
    title: String,
    created: DateTime<Utc>,
    password: Option<String>,
}

/// A copy's finished bytes (locked when a password was given) and their SHA-256.
pub(crate) struct Rendered {
    bytes: Vec<u8>,
    sha256: String,
}

impl Laid {
    /// The copy's serial (交付番号).
    pub(crate) fn serial(&self) -> &str {
        &self.serial
    }

    /// Renders and locks the copy.
    pub(crate) fn render(&self) -> Result<Rendered> {
        let mut bytes = render(
            &self.pages,
            &DocMeta {
                title: &self.title,
                created: self.created,
            },
        );
        if let Some(pw) = &self.password {
            bytes = lock::lock(&bytes, pw)?;
        }
        let sha256 = hex::encode(Sha256::digest(&bytes));
        Ok(Rendered { bytes, sha256 })
    }
}

/// Checks the reprint rule and lays out the pages of `r`, with their furniture.
pub(crate) fn lay_out(
    tx: &Tx<'_>,
    r: &Record<'_>,
    pages: impl FnOnce(&Furniture) -> Result<Vec<Page>>,
    furniture: Furniture,
    stop: &dyn Progress,
) -> Result<Laid> {
    let reprint = reprint_of(tx, r)?;
    let mut pages = pages(&furniture)?;
    finish(&mut pages, &furniture);
    // A stop asked for while the pages were laid out ends the print here, before
    // anything is staged or recorded.
    if stop.stop_requested() {
        return Err(Error::Cancelled);
    }
    Ok(Laid {
        serial: furniture.serial.unwrap_or_default(),
        pages,
        reprint,
        title: r.title.clone(),
        created: tx.now(),
        password: r.password.map(str::to_string),
    })
}

/// Stages a rendered copy at its destination and records it in the ledger, with its
/// audit row.
pub(crate) fn record(
    tx: &mut Tx<'_>,
    r: Record<'_>,
    laid: Laid,
    rendered: Rendered,
    save: &mut dyn Destination,
    stop: &dyn Progress,
) -> Result<Printed> {
    let Laid {
        serial,
        pages,
        reprint,
        ..
    } = laid;
    let Rendered { bytes, sha256 } = rendered;
    if stop.stop_requested() {
        return Err(Error::Cancelled);
    }
    save.stage(&bytes, Some(&serial))?;
    let now = tx.stamp();
    let operator = tx.account().to_string();
    let id = issuance::insert(
        tx.conn(),
        &NewIssuance {
            serial: &serial,
            kind: r.kind,
            recipient_id: r.recipient_id,
            recipient_name: &r.recipient_name,
            custodian: &r.custodian,
            cut: &r.cut,
            profile: &r.profile,
            disaster: r.disaster,
            locked: r.password.is_some(),
            pages: pages.len(),
            sha256: &sha256,
            issued_at: &now,
            issued_by: &operator,
            due_back: r.due_back,
            reprint_of: reprint.as_ref().map(|(id, _)| *id),
            // A reason given when no earlier copy is out is not a reprint.
            reprint_reason: match reprint {
                Some(_) => r.reprint_reason.map(str::trim).unwrap_or(""),
                None => "",
            },
        },
        &r.persons,
    )?;
    tx.audit(
        r.audit_action,
        "issuance",
        Some(id),
        &format!(
            "serial={serial},kind={},recipient={},persons={},excluded={},pages={},mode={},locked={},sha256={sha256}{}{}{}",
            r.kind.token(),
            r.recipient_id.map_or("-".to_string(), |i| i.to_string()),
            r.persons.len(),
            r.excluded,
            pages.len(),
            if r.disaster { "disaster" } else { "normal" },
            r.password.is_some(),
            // An area's people who could not be placed (left off; they may live inside).
            match r.unplaced {
                0 => String::new(),
                n => format!(",unplaced={n}"),
            },
            reprint
                .as_ref()
                .map(|(_, s)| format!(",reprint_of={s}"))
                .unwrap_or_default(),
            // Free text, so always the last item: everything after the key is the reason.
            r.unlocked_reason
                .as_deref()
                .filter(|_| r.password.is_none())
                .map(|why| format!(",unlocked_reason={why}"))
                .unwrap_or_default(),
        ),
    )?;
    Ok(Printed {
        serial: Some(serial),
        pages: pages.len(),
        persons: r.persons.len(),
        excluded: r.excluded,
        unplaced: r.unplaced,
        locked: r.password.is_some(),
        disaster: r.disaster,
        sha256,
        due_back: r.due_back.map(|d| d.format("%Y-%m-%d").to_string()),
        reprint_of: reprint.map(|(_, s)| s),
    })
}

/// Lays out what [`issue`] would print, keeps the first `max` pages and audits the look
/// (`print.preview`, counts only). Records no copy; an earlier copy still out is named in
/// `reprint_of` (printing will then ask for a reason) instead of refusing.
fn preview(
    tx: &mut Tx<'_>,
    r: &Record<'_>,
    pages: impl FnOnce(&Furniture) -> Result<Vec<Page>>,
    furniture: &Furniture,
    max: usize,
    kept: &mut Vec<Page>,
) -> Result<Printed> {
    let outstanding = match r.recipient_id {
        Some(_) => issuance::outstanding(tx.conn(), r.recipient_id, r.kind, &r.cut)?
            .pop()
            .map(|i| i.serial),
        None => None,
    };
    let mut all = pages(furniture)?;
    finish(&mut all, furniture);
    let total = all.len();
    all.truncate(max);
    *kept = all;
    tx.audit(
        "print.preview",
        "recipient",
        r.recipient_id,
        &format!(
            "kind={},persons={},excluded={},pages={},mode={}",
            r.kind.token(),
            r.persons.len(),
            r.excluded,
            total,
            if r.disaster { "disaster" } else { "normal" },
        ),
    )?;
    Ok(Printed {
        serial: furniture.serial.clone(),
        pages: total,
        persons: r.persons.len(),
        excluded: r.excluded,
        unplaced: r.unplaced,
        locked: r.password.is_some(),
        disaster: r.disaster,
        sha256: String::new(),
        due_back: r.due_back.map(|d| d.format("%Y-%m-%d").to_string()),
        reprint_of: outstanding,
    })
}

/// The due-back date of a copy: the one asked (after today), else a year on.
pub(crate) fn due_back(asked: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate> {
    match asked {
        Some(d) if d <= today => Err(Error::invalid("due-back", "must be a day after today")),
        Some(d) => Ok(d),
        None => Ok(today
            .checked_add_days(Days::new(DEFAULT_DUE_BACK_DAYS))
            .unwrap_or(today)),
    }
}
