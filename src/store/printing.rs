//! Printing from the roster: gathers what the sharing rule allows, checks every character
//! against the fonts, lays out and renders, locks, hands the bytes to the caller to save,
//! and records the copy in the ledger with its audit row — all in one transaction, so a
//! copy that could not be saved is not in the ledger and a copy in the ledger exists.

use std::cmp::Ordering;

use chrono::{Days, NaiveDate};
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::issuance::{self, NewIssuance};
use super::sharing::{cut, Area};
use super::{persons, Cached, Roster, Tx};
use crate::clock::jst_date;
use crate::error::{Error, Result, SqlContext};
use crate::model::{IssuanceKind, Person};
use crate::policy::project::project;
use crate::policy::{Field, FieldProfile, FieldSet, Mode, SharePurpose};
use crate::print::form::ConsentForm;
use crate::print::furniture::{both_dates, finish, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::letter::Letter;
use crate::print::list::{ListDoc, ListRow};
use crate::print::plan::PlanSheet;
use crate::print::render::{render, DocMeta};
use crate::print::{lock, page::Page};

/// Days a copy may stay out when no due-back date is given.
pub const DEFAULT_DUE_BACK_DAYS: u64 = 365;

/// The municipality's name when none is set (`settings set municipality.name …`).
pub const DEFAULT_MUNICIPALITY: &str = "（市区町村名）";

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
    /// To be back by (default: a year on).
    pub due_back: Option<NaiveDate>,
    /// Why a copy is printed while an earlier one of the same list is still out.
    pub reprint_reason: Option<&'a str>,
}

/// What plan sheets are printed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTarget<'a> {
    /// One person.
    Person(i64),
    /// Everyone of a district (by name).
    District(&'a str),
}

/// What a plan-sheet print asks for.
#[derive(Debug, Clone, Copy)]
pub struct PlanRequest<'a> {
    /// Whose sheets.
    pub target: PlanTarget<'a>,
    /// The recipient (`None`: the office's or the person's own copy, with every field).
    pub recipient_id: Option<i64>,
    /// Lock password.
    pub password: Option<&'a str>,
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

/// Where a print goes.
pub(crate) enum Output<'a> {
    /// Rendered, locked when asked, handed to the callback and recorded in the ledger.
    Save(&'a mut dyn FnMut(&[u8]) -> Result<()>),
    /// Laid out only: the first `max` pages are kept in `pages`, the look is audited
    /// `print.preview`, and nothing goes into the ledger.
    Preview {
        max: usize,
        pages: &'a mut Vec<Page>,
    },
}

impl Output<'_> {
    fn is_preview(&self) -> bool {
        matches!(self, Output::Preview { .. })
    }
}

pub(crate) fn municipality(conn: &rusqlite::Connection) -> Result<String> {
    Ok(conn
        .row(
            "SELECT value FROM settings WHERE key = 'municipality.name'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .ctx("reading the municipality's name")?
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_MUNICIPALITY.to_string()))
}

pub(crate) fn audit_head(conn: &rusqlite::Connection) -> Result<String> {
    let head: Option<(i64, String)> = conn
        .row("SELECT seq, hash FROM audit_head WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()
        .ctx("reading the audit head")?;
    Ok(head.map_or("—".to_string(), |(seq, hash)| format!("#{seq} {hash}")))
}

/// Compares addresses as people read them: 2-10 after 2-9.
fn natural(a: &str, b: &str) -> Ordering {
    fn pieces(s: &str) -> Vec<(u8, u64, String)> {
        let mut out = Vec::new();
        let mut digits = String::new();
        let mut text = String::new();
        for c in s.chars() {
            let d = match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + 0x30),
                _ => None,
            };
            match d {
                Some(d) => {
                    if !text.is_empty() {
                        out.push((1, 0, std::mem::take(&mut text)));
                    }
                    digits.push(d);
                }
                None => {
                    if !digits.is_empty() {
                        out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
                        digits.clear();
                    }
                    text.push(c);
                }
            }
        }
        if !digits.is_empty() {
            out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
        }
        if !text.is_empty() {
            out.push((1, 0, text));
        }
        out
    }
    pieces(a).cmp(&pieces(b))
}

/// Where a person sorts on a list: by address, as people read it. People whose address is
/// withheld (address protection) sort after everyone else by furigana, so their place on
/// the list says nothing about where they live.
pub(crate) fn list_order(a: &(Person, FieldSet), b: &(Person, FieldSet)) -> Ordering {
    let hidden = |p: &(Person, FieldSet)| p.1.contains(Field::Address);
    hidden(a)
        .cmp(&hidden(b))
        .then_with(|| {
            if hidden(a) {
                a.0.furigana.cmp(&b.0.furigana)
            } else {
                natural(&a.0.address, &b.0.address)
            }
        })
        .then_with(|| a.0.id.cmp(&b.0.id))
}

pub(crate) fn disaster_marking(tx: &Tx<'_>, mode: Mode) -> Result<Option<String>> {
    if mode != Mode::Disaster {
        return Ok(None);
    }
    let status = super::disaster::status(tx.conn(), tx.now())?;
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

pub(crate) struct Record<'a> {
    pub(crate) kind: IssuanceKind,
    pub(crate) recipient_id: Option<i64>,
    pub(crate) recipient_name: &'a str,
    pub(crate) custodian: &'a str,
    pub(crate) cut: &'a str,
    pub(crate) profile: String,
    pub(crate) disaster: bool,
    pub(crate) persons: Vec<i64>,
    pub(crate) due_back: Option<NaiveDate>,
    pub(crate) reprint_reason: Option<&'a str>,
    pub(crate) password: Option<&'a str>,
    pub(crate) title: &'a str,
    pub(crate) audit_action: &'a str,
    pub(crate) excluded: usize,
}

/// Checks the reprint rule: an earlier copy of the same list still out needs a reason.
fn reprint_of(tx: &Tx<'_>, r: &Record<'_>) -> Result<Option<(i64, String)>> {
    if r.recipient_id.is_none() {
        // The office's (or the person's own) copy is not handed out: no reprint rule.
        return Ok(None);
    }
    let out = issuance::outstanding(tx.conn(), r.recipient_id, r.kind, r.cut)?;
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

/// Renders, locks, saves (through `save`) and records a ledger copy.
pub(crate) fn issue(
    tx: &mut Tx<'_>,
    r: Record<'_>,
    pages: impl FnOnce(&Furniture) -> Vec<Page>,
    furniture: Furniture,
    out: Output<'_>,
) -> Result<Printed> {
    let serial = furniture.serial.clone().unwrap_or_default();
    let save = match out {
        Output::Save(save) => save,
        Output::Preview { max, pages: kept } => {
            return preview(tx, &r, pages, &furniture, max, kept);
        }
    };
    let reprint = reprint_of(tx, &r)?;
    let mut pages = pages(&furniture);
    finish(&mut pages, &furniture);
    let mut bytes = render(
        &pages,
        &DocMeta {
            title: r.title,
            created: tx.now(),
        },
    );
    if let Some(pw) = r.password {
        bytes = lock::lock(&bytes, pw)?;
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    save(&bytes)?;
    let now = tx.stamp();
    let operator = tx.operator().to_string();
    let id = issuance::insert(
        tx.conn(),
        &NewIssuance {
            serial: &serial,
            kind: r.kind,
            recipient_id: r.recipient_id,
            recipient_name: r.recipient_name,
            custodian: r.custodian,
            cut: r.cut,
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
            "serial={serial},kind={},recipient={},persons={},excluded={},pages={},mode={},locked={},sha256={sha256}{}",
            r.kind.token(),
            r.recipient_id.map_or("-".to_string(), |i| i.to_string()),
            r.persons.len(),
            r.excluded,
            pages.len(),
            if r.disaster { "disaster" } else { "normal" },
            r.password.is_some(),
            reprint
                .as_ref()
                .map(|(_, s)| format!(",reprint_of={s}"))
                .unwrap_or_default(),
        ),
    )?;
    Ok(Printed {
        serial: Some(serial),
        pages: pages.len(),
        persons: r.persons.len(),
        excluded: r.excluded,
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
    pages: impl FnOnce(&Furniture) -> Vec<Page>,
    furniture: &Furniture,
    max: usize,
    kept: &mut Vec<Page>,
) -> Result<Printed> {
    let outstanding = match r.recipient_id {
        Some(_) => issuance::outstanding(tx.conn(), r.recipient_id, r.kind, r.cut)?
            .pop()
            .map(|i| i.serial),
        None => None,
    };
    let mut all = pages(furniture);
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
        locked: r.password.is_some(),
        disaster: r.disaster,
        sha256: String::new(),
        due_back: r.due_back.map(|d| d.format("%Y-%m-%d").to_string()),
        reprint_of: outstanding,
    })
}

pub(crate) fn due_back(asked: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate> {
    match asked {
        Some(d) if d <= today => Err(Error::invalid("due-back", "must be a day after today")),
        Some(d) => Ok(d),
        None => Ok(today
            .checked_add_days(Days::new(DEFAULT_DUE_BACK_DAYS))
            .unwrap_or(today)),
    }
}

impl Roster {
    /// Prints the simplified or detailed list for a recipient: exactly the people and
    /// fields the sharing rule gives them now, sorted by 自治会, 班 and address, with a
    /// cover page, serial, page numbers and the audit head on every page. `save` receives
    /// the finished (locked, when asked) PDF before anything is committed; if it fails,
    /// nothing is recorded. Audited `print.list`.
    pub fn print_list(
        &mut self,
        req: &ListRequest<'_>,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<Printed> {
        self.list_to(req, Output::Save(save))
    }

    /// The first `max_pages` pages of the list [`Roster::print_list`] would print now, by
    /// the same code (so a preview never shows more than the print): same people, fields
    /// and glyph check. No password is needed (nothing leaves the app) and nothing is
    /// recorded in the ledger. Audited `print.preview`.
    pub fn preview_list(
        &mut self,
        req: &ListRequest<'_>,
        max_pages: usize,
    ) -> Result<PrintPreview> {
        let mut pages = Vec::new();
        let printed = self.list_to(
            req,
            Output::Preview {
                max: max_pages,
                pages: &mut pages,
            },
        )?;
        Ok(PrintPreview { printed, pages })
    }

    fn list_to(&mut self, req: &ListRequest<'_>, out: Output<'_>) -> Result<Printed> {
        if let Some(pw) = req.password {
            lock::check_password(pw)?;
        } else if req.profile == FieldProfile::Detailed && !out.is_preview() {
            return Err(Error::invalid(
                "lock password",
                "a detailed list is always locked: give --lock-password-env VAR (or run in a terminal to be asked)",
            ));
        }
        self.write(|tx| {
            let today = jst_date(tx.now());
            let due = due_back(req.due_back, today)?;
            let area = Area {
                district: req.district,
                association: req.association,
            };
            let c = cut(tx, req.recipient_id, SharePurpose::Roster, area, false)?;
            if req.block.is_some() && c.association.is_none() {
                return Err(Error::invalid(
                    "block",
                    "a 班 is cut within a 自治会: give --association too",
                ));
            }
            let recipient_profile = c.settings.profile_of(req.recipient_id);
            if req.profile == FieldProfile::Detailed && recipient_profile != FieldProfile::Detailed {
                return Err(Error::invalid(
                    "kind",
                    format!(
                        "recipient {} receives the simplified list (settings: recipient.{}.profile = simplified); \
                         a detailed list would give them fields the municipality has not allowed",
                        req.recipient_id, req.recipient_id
                    ),
                ));
            }
            let columns_set = c
                .settings
                .fields_for(req.recipient_id, SharePurpose::Roster)
                .intersect(req.profile.fields());
            let mut excluded = 0;
            let mut chosen: Vec<(Person, FieldSet, bool)> = Vec::new();
            for (p, d) in c.people {
                if req.block.is_some_and(|b| p.block.as_deref() != Some(b)) {
                    continue;
                }
                if d.included {
                    chosen.push((p, d.withheld.union(columns_set.minus(d.fields)), d.marked_disaster && !d.normally_included));
                } else {
                    excluded += 1;
                }
            }
            if let (Some(a), true) = (c.association.as_deref(), chosen.is_empty() && excluded == 0) {
                return Err(Error::invalid(
                    "association",
                    format!("nobody on the roster in this district belongs to 「{a}」{}; check the name with `yorisoi person list`",
                        req.block.map(|b| format!(" / 班「{b}」")).unwrap_or_default()),
                ));
            }
            let mut order: Vec<(Person, FieldSet)> = Vec::with_capacity(chosen.len());
            let mut only_disaster = std::collections::HashSet::new();
            for (p, hidden, marked) in chosen {
                if marked {
                    only_disaster.insert(p.id);
                }
                order.push((p, hidden));
            }
            order.sort_by(list_order);
            let columns: Vec<Field> = columns_set.iter().collect();
            let rows: Vec<ListRow> = order
                .iter()
                .enumerate()
                .map(|(i, (p, hidden))| {
                    let values = project(p, columns_set.minus(*hidden), c.today);
                    ListRow {
                        no: i + 1,
                        person_id: p.id.unwrap_or(0),
                        cells: values.0.into_iter().map(|v| (v.field, v.text)).collect(),
                        withheld: hidden.intersect(columns_set).iter().collect(),
                        disaster_only: only_disaster.contains(&p.id),
                    }
                })
                .collect();
            let persons: Vec<i64> = order.iter().filter_map(|(p, _)| p.id).collect();
            drop(order);
            let cut_label = [
                c.district_name.clone(),
                c.association.clone(),
                req.block.map(|b| format!("{b}班").replace("班班", "班")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" / ");
            let cut_label = if cut_label.is_empty() { "全地区".to_string() } else { cut_label };
            let serial = issuance::next_serial(tx.conn(), today)?;
            let marking = disaster_marking(tx, c.mode)?;
            let kind = match req.profile {
                FieldProfile::Simplified => IssuanceKind::SimpleList,
                FieldProfile::Detailed => IssuanceKind::DetailedList,
            };
            let title = format!("避難行動要支援者名簿（{}）", req.profile.label());
            let recipient = &c.recipient;
            let furniture = Furniture {
                title: title.clone(),
                serial: Some(serial.clone()),
                subtitle: format!(
                    "提供先：{}（{}）　対象：{}　交付日：{}",
                    recipient.name,
                    recipient.kind.label(),
                    cut_label,
                    both_dates(today)
                ),
                disaster: marking.clone(),
                audit_head: audit_head(tx.conn())?,
                confidential: true,
            };
            let facts = vec![
                ("交付番号".to_string(), serial.clone()),
                ("提供先".to_string(), format!("{}（{}）", recipient.name, recipient.kind.label())),
                ("管理責任者".to_string(), if recipient.custodian.is_empty() { "（未登録）".to_string() } else { recipient.custodian.clone() }),
                ("対象地区".to_string(), cut_label.clone()),
                ("掲載人数".to_string(), format!("{}名", persons.len())),
                ("交付日".to_string(), both_dates(today)),
                ("返却期限".to_string(), both_dates(due)),
                ("提供の区分".to_string(), match &marking {
                    Some(_) => "災害時提供（災害対策基本法第49条の11第3項）".to_string(),
                    None => "平常時提供（本人同意・条例に基づく）".to_string(),
                }),
                ("交付者".to_string(), tx.operator().to_string()),
            ];
            let rules = vec![
                "この名簿は避難支援等（避難の支援、安否の確認、平常時の見守り・訓練）のためにのみ使い、ほかの目的には使いません。".to_string(),
                "施錠できる場所に保管し、複製・撮影・転記・データ化をしないでください。".to_string(),
                "名簿に記載された情報を知り得た人には秘密を守る義務があります（災害対策基本法第49条の13）。役を退いた後も同じです。".to_string(),
                format!("紛失したとき、盗まれたときは、直ちに{}へ連絡してください（交付番号 {}）。", municipality(tx.conn())?, serial),
                "返却期限までに返却してください。新しい名簿を受け取るときは、古い名簿と引き換えです。".to_string(),
            ];
            let doc = ListDoc {
                profile: req.profile,
                furniture: furniture.clone(),
                facts,
                rules,
                columns,
                rows,
            };
            let mut g = GlyphCheck::default();
            g.check(None, "recipient.name", &recipient.name);
            g.check(None, "recipient.custodian", &recipient.custodian);
            doc.check_glyphs(&mut g);
            g.finish()?;
            let recipient_name = recipient.name.clone();
            let custodian = recipient.custodian.clone();
            issue(
                tx,
                Record {
                    kind,
                    recipient_id: Some(req.recipient_id),
                    recipient_name: &recipient_name,
                    custodian: &custodian,
                    cut: &cut_label,
                    profile: columns_set.tokens(),
                    disaster: marking.is_some(),
                    persons,
                    due_back: Some(due),
                    reprint_reason: req.reprint_reason,
                    password: req.password,
                    title: &title,
                    audit_action: "print.list",
                    excluded,
                },
                |_| doc.layout(),
                furniture,
                out,
            )
        })
    }

    /// Prints individual plan sheets (front, back and 別紙 as needed). For a recipient,
    /// only the people and fields the sharing rule gives them for plans; without one, the
    /// office's (or the person's own) copy with every field. Recorded in the ledger and
    /// audited `print.plan`.
    pub fn print_plans(
        &mut self,
        req: &PlanRequest<'_>,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<Printed> {
        self.plans_to(req, Output::Save(save), &mut |_, _| {})
    }

    /// [`Roster::print_plans`], telling `progress(done, total)` as each person's sheet is
    /// laid out (for a progress bar over a district's hundreds of sheets); rendering and
    /// locking follow the last call.
    pub fn print_plans_with_progress(
        &mut self,
        req: &PlanRequest<'_>,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Printed> {
        self.plans_to(req, Output::Save(save), progress)
    }

    /// The first `max_pages` pages of the plan sheets [`Roster::print_plans`] would print
    /// now, by the same code. Nothing is recorded in the ledger. Audited `print.preview`.
    pub fn preview_plans(
        &mut self,
        req: &PlanRequest<'_>,
        max_pages: usize,
    ) -> Result<PrintPreview> {
        let mut pages = Vec::new();
        let printed = self.plans_to(
            req,
            Output::Preview {
                max: max_pages,
                pages: &mut pages,
            },
            &mut |_, _| {},
        )?;
        Ok(PrintPreview { printed, pages })
    }

    fn plans_to(
        &mut self,
        req: &PlanRequest<'_>,
        out: Output<'_>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Printed> {
        if let Some(pw) = req.password {
            lock::check_password(pw)?;
        }
        self.write(|tx| {
            let today = jst_date(tx.now());
            let municipality = municipality(tx.conn())?;
            let mut excluded = 0;
            let mut refused_reason = None;
            let mut served = None;
            let (people, mode, recipient): (Vec<(Person, FieldSet)>, Mode, Option<crate::model::Recipient>) =
                match req.recipient_id {
                    Some(rid) => {
                        let district = match req.target {
                            PlanTarget::District(d) => Some(d.to_string()),
                            PlanTarget::Person(id) => persons::load(tx.conn(), id)?.district,
                        };
                        let area = Area {
                            district: district.as_deref(),
                            association: None,
                        };
                        let c = cut(tx, rid, SharePurpose::Plan, area, true)?;
                        served = c.association.clone();
                        let mut people = Vec::new();
                        for (p, d) in c.people {
                            if let PlanTarget::Person(id) = req.target {
                                if p.id != Some(id) {
                                    continue;
                                }
                            }
                            if d.included {
                                people.push((p, d.fields));
                            } else {
                                excluded += 1;
                                refused_reason = Some(d.reason.ja);
                            }
                        }
                        (people, c.mode, Some(c.recipient))
                    }
                    None => {
                        let ids: Vec<i64> = match req.target {
                            PlanTarget::Person(id) => vec![id],
                            PlanTarget::District(d) => {
                                let did = super::places::district_id(tx.conn(), d)?.ok_or_else(|| {
                                    Error::invalid("district", "no district has that name (see `yorisoi district list`)")
                                })?;
                                let mut stmt = tx
                                    .conn()
                                    .prepare_cached(
                                        "SELECT p.id FROM persons p JOIN person_search s ON s.person_id = p.id
                                         WHERE p.district_id = ?1 AND p.archived_on IS NULL
                                         ORDER BY s.furigana_key, p.id",
                                    )
                                    .ctx("listing a district")?;
                                let ids = stmt
                                    .query_map([did], |r| r.get(0))
                                    .ctx("listing a district")?
                                    .collect::<rusqlite::Result<Vec<i64>>>()
                                    .ctx("listing a district")?;
                                ids
                            }
                        };
                        let mut people = Vec::with_capacity(ids.len());
                        for id in ids {
                            people.push((persons::load(tx.conn(), id)?, FieldSet::all()));
                        }
                        (people, Mode::Normal, None)
                    }
                };
            if people.is_empty() {
                return Err(match (req.target, refused_reason) {
                    (PlanTarget::Person(id), Some(why)) => Error::invalid(
                        "person",
                        format!("person {id}'s plan may not be given to this recipient: {why}"),
                    ),
                    (PlanTarget::Person(id), None) if served.is_some() => Error::invalid(
                        "person",
                        format!(
                            "person {id} is not in 「{}」, the only 自治会 this recipient serves",
                            served.unwrap_or_default()
                        ),
                    ),
                    _ => Error::invalid("district", "there is nobody to print a plan sheet for"),
                });
            }
            if let PlanTarget::Person(id) = req.target {
                if people[0].0.archived.is_some() {
                    return Err(Error::invalid(
                        "person",
                        format!("person {id} is archived; restore them before printing a plan"),
                    ));
                }
            }
            let sheets: Vec<PlanSheet<'_>> = people
                .iter()
                .map(|(p, allowed)| PlanSheet {
                    person: p,
                    allowed: *allowed,
                    municipality: &municipality,
                    today,
                })
                .collect();
            let mut g = GlyphCheck::default();
            for s in &sheets {
                s.check_glyphs(&mut g);
            }
            if let Some(r) = &recipient {
                g.check(None, "recipient.name", &r.name);
            }
            g.finish()?;
            let serial = issuance::next_serial(tx.conn(), today)?;
            let marking = disaster_marking(tx, mode)?;
            let (recipient_name, custodian) = match &recipient {
                Some(r) => (r.name.clone(), r.custodian.clone()),
                None => ("本人・庁内用".to_string(), String::new()),
            };
            let title = "個別避難計画（避難支援プラン）".to_string();
            let cut_label = match req.target {
                PlanTarget::Person(id) => format!("ID{id}"),
                PlanTarget::District(d) => d.to_string(),
            };
            let furniture = Furniture {
                title: title.clone(),
                serial: Some(serial),
                subtitle: format!(
                    "{}　作成：{}",
                    match &recipient {
                        Some(r) => format!("提供先：{}（{}）", r.name, r.kind.label()),
                        None => "本人・庁内用（全項目）".to_string(),
                    },
                    both_dates(today)
                ),
                disaster: marking.clone(),
                audit_head: audit_head(tx.conn())?,
                confidential: true,
            };
            let persons: Vec<i64> = people.iter().filter_map(|(p, _)| p.id).collect();
            let profile = people
                .iter()
                .fold(FieldSet::EMPTY, |acc, (_, f)| acc.union(*f))
                .tokens();
            let due = match recipient {
                Some(_) => Some(due_back(req.due_back, today)?),
                None => req.due_back,
            };
            issue(
                tx,
                Record {
                    kind: IssuanceKind::PlanSheets,
                    recipient_id: req.recipient_id,
                    recipient_name: &recipient_name,
                    custodian: &custodian,
                    cut: &cut_label,
                    profile,
                    disaster: marking.is_some(),
                    persons,
                    due_back: due,
                    reprint_reason: req.reprint_reason,
                    password: req.password,
                    title: &title,
                    audit_action: "print.plan",
                    excluded,
                },
                |f| {
                    let total = sheets.len();
                    let mut pages = Vec::new();
                    for (i, s) in sheets.iter().enumerate() {
                        pages.extend(s.layout(f));
                        progress(i + 1, total);
                    }
                    pages
                },
                furniture,
                out,
            )
        })
    }

    /// Prints the registration application and consent form, blank or filled in for
    /// `person` (to hand over or mail; not a copy of list data, so not in the ledger).
    /// Audited `print.form`.
    pub fn print_form(
        &mut self,
        person: Option<i64>,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<Printed> {
        self.write(|tx| {
            let today = jst_date(tx.now());
            let municipality = municipality(tx.conn())?;
            let p = person.map(|id| persons::load(tx.conn(), id)).transpose()?;
            let form = ConsentForm {
                person: p.as_ref(),
                municipality: &municipality,
                today,
            };
            let mut g = GlyphCheck::default();
            form.check_glyphs(&mut g);
            g.finish()?;
            let furniture = Furniture {
                title: "避難行動要支援者名簿 登録申請書 兼 個人情報提供同意書".to_string(),
                serial: None,
                subtitle: format!("{}　発行日：{}", municipality, both_dates(today)),
                disaster: None,
                audit_head: audit_head(tx.conn())?,
                confidential: p.is_some(),
            };
            let mut pages = form.layout(&furniture);
            finish(&mut pages, &furniture);
            let bytes = render(
                &pages,
                &DocMeta {
                    title: &furniture.title,
                    created: tx.now(),
                },
            );
            let sha256 = hex::encode(Sha256::digest(&bytes));
            save(&bytes)?;
            tx.audit(
                "print.form",
                "person",
                person,
                &format!(
                    "blank={},pages={},sha256={sha256}",
                    person.is_none(),
                    pages.len()
                ),
            )?;
            Ok(Printed {
                serial: None,
                pages: pages.len(),
                persons: usize::from(person.is_some()),
                excluded: 0,
                locked: false,
                disaster: false,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}

impl Roster {
    /// Prints a consent request letter followed by a prefilled consent form for everyone
    /// on the consent worklist who must be asked — never asked, no answer, consent expired
    /// or ending within `days` — in one PDF for one mailing. Each letter is recorded
    /// (`letters`, batch `L2026-00001`) so an unanswered letter shows on the worklist.
    /// Audited `print.letters` with the batch and the count.
    pub fn print_letters(
        &mut self,
        days: u32,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<Printed> {
        let w = self.consent_worklist(days)?;
        let mut ids: Vec<i64> = w
            .never_asked
            .iter()
            .chain(&w.no_answer)
            .chain(&w.expired)
            .chain(&w.expiring)
            .map(|e| e.person_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(Error::invalid(
                "worklist",
                "nobody on the consent worklist needs a letter now",
            ));
        }
        self.write(|tx| {
            let today = jst_date(tx.now());
            let municipality = municipality(tx.conn())?;
            let year = today.format("%Y").to_string();
            let last: Option<String> = tx
                .conn()
                .row(
                    "SELECT batch FROM letters WHERE batch LIKE 'L' || ?1 || '-%' ORDER BY batch DESC LIMIT 1",
                    [&year],
                    |r| r.get(0),
                )
                .optional()
                .ctx("reading the last mailing")?;
            let n = last
                .and_then(|b| b.rsplit('-').next().and_then(|n| n.parse::<u32>().ok()))
                .unwrap_or(0);
            let batch = format!("L{year}-{:05}", n + 1);
            let mut people = Vec::with_capacity(ids.len());
            for id in &ids {
                people.push(persons::load(tx.conn(), *id)?);
            }
            // By address, as the post goes.
            people.sort_by(|a, b| natural(&a.address, &b.address).then(a.id.cmp(&b.id)));
            let mut g = GlyphCheck::default();
            g.check(None, "municipality.name", &municipality);
            for p in &people {
                let letter = Letter {
                    person: p,
                    municipality: &municipality,
                    batch: &batch,
                    today,
                };
                letter.check_glyphs(&mut g);
                ConsentForm {
                    person: Some(p),
                    municipality: &municipality,
                    today,
                }
                .check_glyphs(&mut g);
            }
            g.finish()?;
            let letter_furniture = Furniture {
                title: "同意確認のお願い".to_string(),
                serial: None,
                subtitle: format!("{municipality}　{}", both_dates(today)),
                disaster: None,
                audit_head: audit_head(tx.conn())?,
                confidential: true,
            };
            let form_furniture = Furniture {
                title: "避難行動要支援者名簿 登録申請書 兼 個人情報提供同意書".to_string(),
                subtitle: format!("{municipality}　発行日：{}", both_dates(today)),
                ..letter_furniture.clone()
            };
            let mut pages = Vec::with_capacity(people.len() * 2);
            for p in &people {
                pages.push(
                    Letter {
                        person: p,
                        municipality: &municipality,
                        batch: &batch,
                        today,
                    }
                    .layout(&letter_furniture),
                );
                pages.extend(
                    ConsentForm {
                        person: Some(p),
                        municipality: &municipality,
                        today,
                    }
                    .layout(&form_furniture),
                );
            }
            finish(&mut pages, &letter_furniture);
            let bytes = render(
                &pages,
                &DocMeta {
                    title: "同意確認のお願い",
                    created: tx.now(),
                },
            );
            let sha256 = hex::encode(Sha256::digest(&bytes));
            save(&bytes)?;
            let on = today.format("%Y-%m-%d").to_string();
            let operator = tx.operator().to_string();
            for p in &people {
                tx.conn()
                    .exec(
                        "INSERT INTO letters (person_id, batch, sent_on, sent_by) VALUES (?1, ?2, ?3, ?4)",
                        rusqlite::params![p.id, batch, on, operator],
                    )
                    .ctx("recording a letter")?;
            }
            tx.audit(
                "print.letters",
                "",
                None,
                &format!("batch={batch},persons={},pages={},sha256={sha256}", people.len(), pages.len()),
            )?;
            Ok(Printed {
                serial: Some(batch),
                pages: pages.len(),
                persons: people.len(),
                excluded: 0,
                locked: false,
                disaster: false,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering;

    #[test]
    fn addresses_sort_as_people_read_them() {
        assert_eq!(natural("中央町2-9", "中央町2-10"), Ordering::Less);
        assert_eq!(natural("中央町２－１０", "中央町2-9"), Ordering::Greater);
        assert_eq!(natural("北町1", "中央町1"), "北町1".cmp("中央町1"));
    }
}
