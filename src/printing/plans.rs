//! Individual evacuation plan sheets (個別避難計画): for a recipient, only the people and
//! fields the sharing rule gives them for plans; for the office, every field.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::{mpsc, Arc, Mutex};

use super::destination::{ledger_copy, settle, Destination};
use super::ledger::{
    disaster_marking, due_back, issue, lay_out, record as record_copy, Laid, Output, Record,
    Rendered,
};
use super::locking::{self, Sensitivity};
use super::plan_notes::plan_notes;
use super::{PlanRequest, PlanTarget, PrintPreview, Printed};
use crate::clock::jst_date;
use crate::error::{Error, Result};
use crate::map::AreaFilter;
use crate::model::{IssuanceKind, Person};
use crate::policy::{FieldSet, Mode, SharePurpose};
use crate::print::furniture::{both_dates, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::page::Page;
use crate::print::plan::PlanSheet;
use crate::progress::{Progress, Quiet, Stage};
use crate::sharing::{cut, Area};
use crate::store::{audit, issuance, persons, places, settings, Roster, Tx};

/// Who a plan-sheet job would print ([`Roster::plan_sheet_people`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetPeople {
    /// One sheet each, in the print's order.
    pub ids: Vec<i64>,
    /// Left off by the sharing rule.
    pub excluded: usize,
    /// Left off because their homes could not be placed (an area's job).
    pub unplaced: usize,
}

impl Roster {
    /// Prints individual plan sheets (front, back and 別紙 as needed). For a recipient,
    /// only the people and fields the sharing rule gives them for plans; without one, the
    /// office's (or the person's own) copy with every field, which is always locked; a
    /// recipient's copy goes unlocked only with `unlocked_reason`, which is audited.
    /// Recorded in the ledger and audited `print.plan`. A district's sheets are one PDF and
    /// one copy in the ledger, all or nothing: staged at `to`, recorded, then published
    /// (see [`Destination`]).
    pub fn print_plans(
        &mut self,
        req: &PlanRequest<'_>,
        to: &mut dyn Destination,
    ) -> Result<Printed> {
        self.print_plans_with_progress(req, to, &mut |_, _| {})
    }

    /// [`Roster::print_plans`], telling `progress(done, total)` as each person's sheet is
    /// laid out (for a progress bar over a district's hundreds of sheets); rendering and
    /// locking follow the last call. A failure after sheet k of n (the file, a ledger
    /// row) leaves no file and no copy: progress is only the layout's.
    pub fn print_plans_with_progress(
        &mut self,
        req: &PlanRequest<'_>,
        to: &mut dyn Destination,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Printed> {
        let result = self.plans_to(req, Output::Save(&mut *to), progress, &Quiet);
        settle(to, result, ledger_copy)
    }

    /// [`Roster::print_plans`], telling `progress` ([`Stage::Print`]) as each person's
    /// sheet is laid out. A stop it asks for ends the print with [`Error::Cancelled`]
    /// once the sheets laid out so far are done, before anything is rendered, staged or
    /// recorded: no file, no copy in the ledger, no audit row.
    pub fn print_plans_reporting(
        &mut self,
        req: &PlanRequest<'_>,
        to: &mut dyn Destination,
        progress: &dyn Progress,
    ) -> Result<Printed> {
        progress.step(Stage::Print, 0, 0)?;
        let result = self.plans_to(
            req,
            Output::Save(&mut *to),
            &mut |done, total| progress.report(Stage::Print, done as u64, total as u64),
            progress,
        );
        settle(to, result, ledger_copy)
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
            &Quiet,
        )?;
        Ok(PrintPreview { printed, pages })
    }

    fn plans_to(
        &mut self,
        req: &PlanRequest<'_>,
        out: Output<'_>,
        progress: &mut dyn FnMut(usize, usize),
        stop: &dyn Progress,
    ) -> Result<Printed> {
        let sensitivity = match req.recipient_id {
            None => Sensitivity::EveryField("the office's (or the person's own) plan sheet"),
            Some(_) => Sensitivity::Sensitive,
        };
        let unlocked_reason = locking::check(
            sensitivity,
            req.password,
            req.unlocked_reason,
            out.is_preview(),
        )?;
        self.write(|tx| {
            plans_in(
                tx,
                req,
                unlocked_reason,
                progress,
                stop,
                None,
                |tx, r, pages, f| issue(tx, r, pages, f, out, stop),
            )
        })
    }

    /// Who a plan-sheet job for the district of `req` (a [`PlanTarget::District`]) would
    /// print, one sheet each, in the district print's order: without a recipient everyone
    /// of the district not archived; for a recipient, only the people the sharing rule
    /// gives them plans for (the rest are counted in the second value). Reads ids only;
    /// the job itself ([`Roster::print_plan_sheets`]) checks each sheet again, records and
    /// audits it.
    pub fn plan_sheet_people(&mut self, req: &PlanRequest<'_>) -> Result<SheetPeople> {
        let (district, area) = match req.target {
            PlanTarget::District(d) => (Some(d), None),
            PlanTarget::Area(shape) => (None, Some(shape)),
            PlanTarget::Person(_) => {
                return Err(Error::invalid(
                    "district",
                    "a plan-sheet job is chosen by district or area (--district NAME, --area FILE or --layer ID)",
                ))
            }
        };
        self.write(|tx| {
            let area = area
                .map(|shape| AreaFilter::new(tx.conn(), shape))
                .transpose()?;
            match (req.recipient_id, &area) {
                (None, Some(area)) => {
                    let (ids, unplaced) = area.inside(tx.conn())?;
                    Ok(SheetPeople {
                        ids,
                        excluded: 0,
                        unplaced,
                    })
                }
                (None, None) => {
                    let did = places::known_district_id(tx.conn(), district.unwrap_or(""))?;
                    Ok(SheetPeople {
                        ids: persons::in_district(tx.conn(), did)?,
                        excluded: 0,
                        unplaced: 0,
                    })
                }
                (Some(rid), _) => {
                    let cut_area = Area {
                        district,
                        association: None,
                        person: None,
                    };
                    let c = cut(tx, rid, SharePurpose::Plan, cut_area, false)?;
                    let mut out = SheetPeople::default();
                    for (p, d) in c.people {
                        if let Some(area) = &area {
                            if !area.keeps(tx.conn(), p.id.unwrap_or(0), &mut out.unplaced)? {
                                continue;
                            }
                        }
                        match (d.included, p.id) {
                            (true, Some(id)) => out.ids.push(id),
                            _ => out.excluded += 1,
                        }
                    }
                    Ok(out)
                }
            }
        })
    }

    /// Plan sheets for each of `sheets`' people, one PDF each and one copy in the ledger
    /// each (its own serial and audit row `print.plan`), as [`Roster::print_plans`] would
    /// print them one by one (`req.target` is not used: each entry names its person) — but
    /// in one transaction, so a thousand sheets cost one commit, not a thousand. All or
    /// nothing: every PDF is staged at its destination, the ledger rows and audit rows are
    /// committed together, and only then is each file published. `progress` hears
    /// [`Stage::Print`] sheet by sheet; a stop it asks for ends the job with
    /// [`Error::Cancelled`] before anything is committed, so no copy is recorded and no
    /// file is left.
    pub fn print_plan_sheets(
        &mut self,
        req: &PlanRequest<'_>,
        sheets: &mut [(i64, &mut dyn Destination)],
        progress: &dyn Progress,
    ) -> Result<Vec<Printed>> {
        let sensitivity = match req.recipient_id {
            None => Sensitivity::EveryField("the office's (or the person's own) plan sheet"),
            Some(_) => Sensitivity::Sensitive,
        };
        let unlocked_reason =
            locking::check(sensitivity, req.password, req.unlocked_reason, false)?;
        let total = sheets.len() as u64;
        let people: Vec<i64> = sheets.iter().map(|(person, _)| *person).collect();
        let result = self.write(|tx| {
            // This thread gathers and lays out each sheet in the transaction; the
            // rendering and locking, which need no roster, go to the workers; each copy is
            // then recorded here in the sheets' order (serials numbered ahead).
            std::thread::scope(|scope| {
                let workers = render_workers();
                let (work, queue) = mpsc::sync_channel::<(usize, Laid)>(workers);
                let queue = Arc::new(Mutex::new(queue));
                let (done, finished) = mpsc::channel::<Finished>();
                for _ in 0..workers {
                    let queue = Arc::clone(&queue);
                    let done = done.clone();
                    scope.spawn(move || render_sheets(&queue, &done));
                }
                drop(done);
                let mut flight = InFlight {
                    waiting: VecDeque::with_capacity(2 * workers),
                    ready: BTreeMap::new(),
                    finished,
                    printed: Vec::with_capacity(people.len()),
                };
                let mut last_serial: Option<String> = None;
                let mut seen = BTreeSet::new();
                for (index, person) in people.iter().enumerate() {
                    progress.step(Stage::Print, index as u64, total)?;
                    if !seen.insert(*person) {
                        // A second sheet for someone already in the job: their first copy
                        // is recorded before this one is checked against it (the reprint
                        // rule), as one by one.
                        flight.record_all(tx, sheets, progress)?;
                    }
                    let one = PlanRequest {
                        target: PlanTarget::Person(*person),
                        ..*req
                    };
                    let (record, laid) = plans_in(
                        tx,
                        &one,
                        unlocked_reason.clone(),
                        &mut |_, _| {},
                        progress,
                        last_serial.as_deref(),
                        |tx, r, pages, f| {
                            let laid = lay_out(tx, &r, pages, f, progress)?;
                            Ok((r, laid))
                        },
                    )?;
                    last_serial = Some(laid.serial().to_string());
                    flight.waiting.push_back(record);
                    work.send((index, laid)).map_err(|_| workers_gone())?;
                    flight.record_ready(tx, sheets, progress)?;
                }
                drop(work);
                flight.record_all(tx, sheets, progress)?;
                progress.step(Stage::Print, total, total)?;
                Ok(flight.printed)
            })
        });
        match result {
            Ok(printed) => {
                // Every copy is recorded now: publish them all, and name the first that
                // could not be (the others are published all the same).
                let mut first_failure = None;
                for ((_, to), p) in sheets.iter_mut().zip(&printed) {
                    if let Err(e) = settle(&mut **to, Ok(p.clone()), ledger_copy) {
                        first_failure.get_or_insert(e);
                    }
                }
                match first_failure {
                    Some(e) => Err(e),
                    None => Ok(printed),
                }
            }
            Err(e) => {
                for (_, to) in sheets.iter_mut() {
                    to.discard();
                }
                Err(e)
            }
        }
    }
}

/// Gathers and checks the plan sheets of `req` inside `tx`, numbers the copy (after
/// `serial_after` when a job has numbered copies not yet recorded, else after the roster's
/// last) and hands its ledger record, page layout and furniture to `then` (which issues it
/// or lays it out for a job).
fn plans_in<'r, T>(
    tx: &mut Tx<'_>,
    req: &PlanRequest<'r>,
    unlocked_reason: Option<String>,
    progress: &mut dyn FnMut(usize, usize),
    stop: &dyn Progress,
    serial_after: Option<&str>,
    then: impl FnOnce(
        &mut Tx<'_>,
        Record<'r>,
        &mut dyn FnMut(&Furniture) -> Result<Vec<Page>>,
        Furniture,
    ) -> Result<T>,
) -> Result<T> {
    let today = jst_date(tx.now());
    let municipality = settings::municipality(tx.conn())?;
    let mut excluded = 0;
    let mut unplaced = 0;
    let mut refused_reason = None;
    let mut served = None;
    let area = match req.target {
        PlanTarget::Area(shape) => Some(AreaFilter::new(tx.conn(), shape)?),
        PlanTarget::Person(_) | PlanTarget::District(_) => None,
    };
    let (people, mode, recipient): (
        Vec<(Person, FieldSet)>,
        Mode,
        Option<crate::model::Recipient>,
    ) = match req.recipient_id {
        Some(rid) => {
            let district = match req.target {
                PlanTarget::District(d) => Some(d.to_string()),
                PlanTarget::Person(id) => persons::load(tx.conn(), id)?.district,
                // The recipient's own district (all for one who serves every district).
                PlanTarget::Area(_) => None,
            };
            let cut_area = Area {
                district: district.as_deref(),
                association: None,
                person: match req.target {
                    PlanTarget::Person(id) => Some(id),
                    PlanTarget::District(_) | PlanTarget::Area(_) => None,
                },
            };
            let c = cut(tx, rid, SharePurpose::Plan, cut_area, true)?;
            served = c.association.clone();
            let mut people = Vec::new();
            for (p, d) in c.people {
                if let PlanTarget::Person(id) = req.target {
                    if p.id != Some(id) {
                        continue;
                    }
                }
                if let Some(area) = &area {
                    if !area.keeps(tx.conn(), p.id.unwrap_or(0), &mut unplaced)? {
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
            let ids: Vec<i64> = match (req.target, &area) {
                (PlanTarget::Person(id), _) => vec![id],
                (PlanTarget::District(d), _) => {
                    let did = places::known_district_id(tx.conn(), d)?;
                    persons::in_district(tx.conn(), did)?
                }
                (PlanTarget::Area(_), Some(area)) => {
                    let (ids, left_off) = area.inside(tx.conn())?;
                    unplaced = left_off;
                    ids
                }
                (PlanTarget::Area(_), None) => Vec::new(),
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
            (PlanTarget::Area(_), _) => Error::invalid(
                "area",
                format!(
                    "there is nobody to print a plan sheet for inside the area{}{}",
                    match excluded {
                        0 => String::new(),
                        n => format!("; {n} inside may not be given to this recipient"),
                    },
                    match unplaced {
                        0 => String::new(),
                        n => format!(
                            "; {n} could not be placed on the map (`yorisoi map positions summary`)"
                        ),
                    }
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
    let everyone: Vec<&Person> = people.iter().map(|(p, _)| p).collect();
    let notes = plan_notes(tx, &everyone, today)?;
    let none = (String::new(), String::new());
    let sheets: Vec<PlanSheet<'_>> = people
        .iter()
        .map(|(p, allowed)| {
            let (made_by, sharing) =
                p.id.and_then(|id| notes.by_person.get(&id))
                    .unwrap_or(&none);
            PlanSheet {
                person: p,
                allowed: *allowed,
                municipality: &municipality,
                today,
                made_by,
                sharing,
                disclaimer: &notes.disclaimer,
            }
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
    let serial = match serial_after {
        Some(last) => issuance::serial_after(Some(last), today),
        None => issuance::next_serial(tx.conn(), today)?,
    };
    let marking = disaster_marking(tx, mode)?;
    let (recipient_name, custodian) = match &recipient {
        Some(r) => (r.name.clone(), r.custodian.clone()),
        None => ("本人・庁内用".to_string(), String::new()),
    };
    let title = "個別避難計画（避難支援プラン）".to_string();
    let cut_label = match (req.target, &area) {
        (PlanTarget::Person(id), _) => format!("ID{id}"),
        (PlanTarget::District(d), _) => d.to_string(),
        (PlanTarget::Area(_), Some(area)) => area.label().to_string(),
        (PlanTarget::Area(_), None) => String::new(),
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
        audit_head: audit::head_label(tx.conn())?,
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
    let record = Record {
        kind: IssuanceKind::PlanSheets,
        recipient_id: req.recipient_id,
        recipient_name,
        custodian,
        cut: cut_label.clone(),
        profile,
        disaster: marking.is_some(),
        persons,
        due_back: due,
        reprint_reason: req.reprint_reason,
        password: req.password,
        unlocked_reason,
        title: title.clone(),
        audit_action: "print.plan",
        excluded,
        unplaced,
    };
    let mut layout = |f: &Furniture| {
        let total = sheets.len();
        let mut pages = Vec::new();
        for (i, s) in sheets.iter().enumerate() {
            // A district's sheets take seconds to lay out: a stop reaches into it.
            if stop.stop_requested() {
                return Err(Error::Cancelled);
            }
            pages.extend(s.layout(f));
            progress(i + 1, total);
        }
        Ok(pages)
    };
    then(tx, record, &mut layout, furniture)
}

/// A sheet rendered by a worker: its place in the job, its layout and the bytes (or why not).
type Finished = (usize, Laid, Result<Rendered>);

/// How many threads render a job's sheets: every core (this thread lays out the next
/// sheets meanwhile), at most four.
fn render_workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// A worker: renders and locks sheets from `queue` until it closes, with its own lock key
/// material for the job.
fn render_sheets(queue: &Mutex<mpsc::Receiver<(usize, Laid)>>, done: &mpsc::Sender<Finished>) {
    let _keys = crate::print::lock::Job::begin();
    loop {
        let next = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        let Ok((index, laid)) = next else { return };
        let rendered = laid.render();
        if done.send((index, laid, rendered)).is_err() {
            return;
        }
    }
}

/// A job's copies between their layout and the ledger.
struct InFlight<'r> {
    /// The records of the copies laid out and not yet recorded, in the job's order.
    waiting: VecDeque<Record<'r>>,
    /// Renderings back from the workers, by place in the job.
    ready: BTreeMap<usize, (Laid, Result<Rendered>)>,
    /// Where the workers send them.
    finished: mpsc::Receiver<Finished>,
    /// The copies recorded so far, in the job's order.
    printed: Vec<Printed>,
}

impl InFlight<'_> {
    /// Records, in the job's order, every copy whose rendering is back.
    fn record_ready(
        &mut self,
        tx: &mut Tx<'_>,
        sheets: &mut [(i64, &mut dyn Destination)],
        stop: &dyn Progress,
    ) -> Result<()> {
        self.ready
            .extend(self.finished.try_iter().map(|(i, l, r)| (i, (l, r))));
        while let Some((laid, rendered)) = self.ready.remove(&self.printed.len()) {
            let record = self.waiting.pop_front().ok_or_else(|| {
                Error::Pdf("a rendered plan sheet came back without its record".into())
            })?;
            let to = &mut *sheets[self.printed.len()].1;
            self.printed
                .push(record_copy(tx, record, laid, rendered?, to, stop)?);
        }
        Ok(())
    }

    /// Waits for every copy laid out so far and records them.
    fn record_all(
        &mut self,
        tx: &mut Tx<'_>,
        sheets: &mut [(i64, &mut dyn Destination)],
        stop: &dyn Progress,
    ) -> Result<()> {
        while !self.waiting.is_empty() {
            let (i, l, r) = self.finished.recv().map_err(|_| workers_gone())?;
            self.ready.insert(i, (l, r));
            self.record_ready(tx, sheets, stop)?;
        }
        Ok(())
    }
}

/// A worker stopped without its sheets (it can only have panicked: the job fails).
fn workers_gone() -> Error {
    Error::Pdf("the plan sheets' rendering stopped unexpectedly".into())
}
