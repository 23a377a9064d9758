//! Synthetic demo rosters: 「みどり市」, a fictional town, filled with made-up people needing
//! support, their supporters, the bodies lists go to, and years of consent answers.
//!
//! Nothing here is anyone's real data: names are drawn from common-name lists, addresses
//! from a town that does not exist, landlines from a withdrawn prefix. The same seed gives
//! the same roster (same ids, same content) for a given clock, so demos, screenshots and
//! benchmarks are repeatable.
//!
//! Writing goes through the store's own insert functions, all in one transaction with one
//! audit row: a roster of 100,000 people would otherwise spend its time in fsync, and a
//! demo stopped half-way (Ctrl-C) leaves the roster empty rather than half-filled.

mod answers;
mod commissions;
mod draw;
mod household;
pub mod map;
mod notes;
mod parties;
mod people;
mod plan;
mod profile;
mod shelters;
mod town;
mod words;

#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::{Error, Result, SqlContext};
use crate::model::validate::normalise_person;
use crate::model::{ArchiveReason, ConsentRecord, DestinationKind, Person, Supporter};
use crate::progress::{Progress, Quiet, Stage};
use crate::store::{consents, persons, supporters};
use crate::Roster;
use parties::Supporters;
use town::Staff;
use words::Words;

/// What [`populate`] created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// People needing support (archived ones included).
    pub persons: usize,
    /// Supporters: neighbours, 班 groups, 自主防災会 and care offices.
    pub supporters: usize,
    /// Recipient organisations.
    pub recipients: usize,
    /// Consent rows recorded.
    pub consents: usize,
    /// Districts.
    pub districts: usize,
}

/// Fills an empty roster with `persons` synthetic people. Same seed → same roster (same
/// ids, same content); dates are relative to the roster's clock.
///
/// Refuses a roster that already holds people, supporters or recipients. Everything is
/// written in one transaction: an error leaves the roster empty, as it was.
pub fn populate(roster: &mut Roster, persons: usize, seed: u64) -> Result<DemoSummary> {
    populate_with(roster, persons, seed, &Quiet)
}

/// [`populate`], reporting each person to `progress`; when it asks to stop, the
/// transaction is rolled back and the roster stays empty ([`Error::Cancelled`]).
pub fn populate_with(
    roster: &mut Roster,
    persons: usize,
    seed: u64,
    progress: &dyn Progress,
) -> Result<DemoSummary> {
    ensure_empty(roster.conn())?;
    let today = roster.clock().today();
    let words = Words::load()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let staff = Staff::draw(&mut rng, &words);
    let specialists = (staff.care_managers.clone(), staff.counsellors.clone());
    let operator = roster.account().to_string();
    let (recipients, supporters, consents) = roster.fill_empty(|tx| {
        let (recipients, pool) = parties::setup(tx.conn(), &tx.stamp(), &mut rng, &words, &staff)?;
        tx.conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('municipality.name', 'みどり市')
                 ON CONFLICT (key) DO NOTHING",
                [],
            )
            .ctx("naming the demo town")?;
        let layers = map::import(tx, today)?;
        let shelter_ids = shelters::add(tx.conn(), &tx.stamp())?;
        let gen = Generator {
            rng,
            words,
            staff,
            pool,
            today,
        };
        let writer = Writer {
            at: tx.now(),
            now: tx.stamp(),
            operator,
            shelters: shelter_ids,
        };
        let (consents, created) = persons::adding_many(tx, |tx| {
            made_and_written(tx, gen, &writer, persons, progress)
        })?;
        shelters::set_capacities(tx.conn(), &writer.shelters)?;
        let (offices, commissions, asked) = commissions::add(
            tx,
            seed,
            today,
            &specialists.0,
            &specialists.1,
            (persons / 40).clamp(12, 2000),
        )?;
        let detail = format!(
            "recipients={recipients},supporters={created},persons={persons},hazard_layers={layers},commissions={commissions},shelters={}",
            writer.shelters.len()
        );
        tx.audit("demo.populate", "", None, &detail)?;
        Ok((recipients + offices, created, consents + asked))
    })?;
    Ok(DemoSummary {
        persons,
        supporters,
        recipients,
        consents,
        districts: roster.districts()?.len(),
    })
}

fn ensure_empty(conn: &Connection) -> Result<()> {
    let records: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM persons) + (SELECT count(*) FROM supporters)
                  + (SELECT count(*) FROM recipients)",
            [],
            |r| r.get(0),
        )
        .ctx("checking the roster is empty")?;
    if records > 0 {
        return Err(Error::invalid(
            "roster",
            "already holds records; demo data goes only into a new, empty roster",
        ));
    }
    Ok(())
}

/// Makes the people on a second thread and writes them on this one, the connection's, in
/// the order made: the random stream, and so the roster, are the same as made and written
/// one after the other (the generator never touches the connection). Returns the consent
/// rows written and the supporters created.
///
/// Making a person (drawing, choosing supporters, checking) was a fifth of the time of a
/// 500,000-person demo spent beside the writing, on the one thread.
fn made_and_written(
    tx: &mut crate::store::Tx<'_>,
    mut gen: Generator,
    writer: &Writer,
    persons: usize,
    progress: &dyn Progress,
) -> Result<(usize, usize)> {
    let total = persons as u64;
    std::thread::scope(|scope| {
        // People go over in batches: one hand-over a person woke the other thread 2 × 150,000
        // times (150,000 people: 5 s in the kernel, 2.5 s in batches). Four batches ahead even out the pace.
        let (send, made) = std::sync::mpsc::sync_channel::<Result<Vec<Made>>>(4);
        let maker = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for index in 0..persons {
                match gen.make_person(index) {
                    Ok(person) => batch.push(person),
                    Err(e) => {
                        let _ = send.send(Err(e));
                        break;
                    }
                }
                if batch.len() == BATCH || index + 1 == persons {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    // The writer stopped (an error, or asked to stop): nothing more to make.
                    if send.send(Ok(full)).is_err() {
                        break;
                    }
                }
            }
            gen.pool.created
        });
        let written = (|| -> Result<usize> {
            let mut consents = 0;
            let mut done = 0;
            // The maker ends early only with an error it sends, or by panicking: the join
            // below passes that on.
            while let Ok(batch) = made.recv() {
                for person in batch? {
                    consents += writer.write(tx.conn(), person)?;
                    done += 1;
                    progress.step(Stage::Generate, done, total)?;
                }
            }
            Ok(consents)
        })();
        // The maker, blocked on a full channel, gives up at its next send.
        drop(made);
        let created = match maker.join() {
            Ok(created) => created,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok((written?, created))
    })
}

/// How many people the maker hands over at once.
const BATCH: usize = 64;

/// One person as made, checked and ready to write, with the supporters to write first.
struct Made {
    /// Neighbours made for this person, each with the id it must get.
    supporters: Vec<(i64, Supporter)>,
    person: Person,
    chosen: Vec<parties::Chosen>,
    /// Consent answers, normalised; their person id is set when the person is written.
    consents: Vec<ConsentRecord>,
    archive: Option<(ArchiveReason, NaiveDate, &'static str)>,
}

/// What the connection's thread needs to write the people made.
struct Writer {
    at: DateTime<Utc>,
    now: String,
    operator: String,
    /// The registry's shelters by name: a plan's destination of that name is linked.
    shelters: std::collections::HashMap<String, i64>,
}

impl Writer {
    /// Stores one person made with supporters, consents and (for a few) the archive;
    /// returns the number of consent rows written.
    fn write(&self, conn: &Connection, made: Made) -> Result<usize> {
        let now = self.now.as_str();
        for (expected, s) in &made.supporters {
            let id = supporters::insert(conn, s, now)?;
            if id != *expected {
                // The persons' assignments name the id the maker gave: a roster whose ids
                // went otherwise would hold wrong assignments.
                return Err(Error::invalid(
                    "supporter",
                    format!("demo supporter written as {id}, made as {expected}"),
                ));
            }
        }
        let mut person = made.person;
        if let Some(plan) = &mut person.plan {
            for d in &mut plan.destinations {
                if matches!(
                    d.kind,
                    DestinationKind::Shelter | DestinationKind::WelfareShelter
                ) {
                    d.shelter_id = self.shelters.get(&d.name).copied();
                }
            }
        }
        let id = persons::insert(conn, &person, self.at)?;
        // The person was just written and the supporters are distinct and exist: the
        // store's checked paths would only look them up again.
        for (position, c) in (1..).zip(&made.chosen) {
            supporters::write_assignment(conn, id, c.id, position, c.role, now)?;
        }
        let mut rows = made.consents;
        for row in &mut rows {
            row.person_id = id;
        }
        consents::write_rows(conn, &rows, now, &self.operator)?;
        let rows = rows.len();
        if let Some((reason, on, note)) = made.archive {
            persons::archive(conn, id, reason, &on.to_string(), note, now)?;
        }
        Ok(rows)
    }
}

/// The generator's state across batches: one random stream, so the whole roster depends
/// on the seed alone.
struct Generator {
    rng: ChaCha8Rng,
    words: Words,
    staff: Staff,
    pool: Supporters,
    today: NaiveDate,
}

impl Generator {
    /// Generates and validates person `index` with supporters, consents and (for a few)
    /// the archive, ready to write.
    fn make_person(&mut self, index: usize) -> Result<Made> {
        let rng = &mut self.rng;
        let mut draft = people::draw(rng, &self.words, &self.staff, index, self.today);
        let story = answers::story(rng, &draft, &self.staff, self.today);
        let chosen = if story.supported {
            self.pool.choose(rng, &self.words, &draft)
        } else {
            Vec::new()
        };
        if let Some(on) = story.plan_on {
            let warner = match chosen.first() {
                Some(c) => c.name.clone(),
                None => format!("{}（民生委員）", draft.person.welfare_commissioner),
            };
            draft.person.plan = Some(plan::draw(
                rng,
                &draft,
                &self.staff,
                &warner,
                on,
                self.today,
            ));
        }
        let mut person = draft.person;
        // A person the generator gets wrong must stop the demo, not slip into the roster.
        normalise_person(&mut person, self.today)?;
        let mut consents = story.rows;
        for row in &mut consents {
            consents::normalise(row)?;
        }
        Ok(Made {
            supporters: self.pool.take_new(),
            person,
            chosen,
            consents,
            archive: draft.archive,
        })
    }
}
