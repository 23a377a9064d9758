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
mod draw;
mod household;
mod notes;
mod parties;
mod people;
mod plan;
mod profile;
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
        let mut gen = Generator {
            rng,
            words,
            staff,
            pool,
            today,
            operator,
        };
        let at = tx.now();
        let total = persons as u64;
        let consents = persons::adding_many(tx, |tx| {
            let mut consents = 0;
            for index in 0..persons {
                consents += gen.add_person(tx.conn(), at, index)?;
                progress.step(Stage::Generate, index as u64 + 1, total)?;
            }
            Ok(consents)
        })?;
        let detail = format!(
            "recipients={recipients},supporters={},persons={persons}",
            gen.pool.created
        );
        tx.audit("demo.populate", "", None, &detail)?;
        Ok((recipients, gen.pool.created, consents))
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

/// The generator's state across batches: one random stream, so the whole roster depends
/// on the seed alone.
struct Generator {
    rng: ChaCha8Rng,
    words: Words,
    staff: Staff,
    pool: Supporters,
    today: NaiveDate,
    operator: String,
}

impl Generator {
    /// Generates, validates and stores person `index` with supporters, consents and (for
    /// a few) the archive; returns the number of consent rows written.
    fn add_person(&mut self, conn: &Connection, at: DateTime<Utc>, index: usize) -> Result<usize> {
        let now = &crate::clock::stamp(at);
        let rng = &mut self.rng;
        let mut draft = people::draw(rng, &self.words, &self.staff, index, self.today);
        let story = answers::story(rng, &draft, &self.staff, self.today);
        let chosen = if story.supported {
            self.pool.choose(conn, now, rng, &self.words, &draft)?
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
        let id = persons::insert(conn, &person, at)?;
        // The person was just written and the supporters are distinct and exist: the
        // store's checked paths would only look them up again.
        for (position, c) in (1..).zip(&chosen) {
            supporters::write_assignment(conn, id, c.id, position, c.role, now)?;
        }
        let rows = story.rows.len();
        for mut row in story.rows {
            row.person_id = id;
            consents::normalise(&mut row)?;
            consents::write_row(conn, &row, now, &self.operator)?;
        }
        if let Some((reason, on, note)) = draft.archive {
            persons::archive(conn, id, reason, &on.to_string(), note, now)?;
        }
        Ok(rows)
    }
}
