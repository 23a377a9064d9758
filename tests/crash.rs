//! Crash safety: a writer process is SIGKILLed at random moments, again and again, and the
//! roster must always reopen sound, with every transaction either wholly there or wholly
//! absent.
//!
//! The writer is this test binary itself, re-executed to run only the ignored
//! `crash_child` test (which does nothing unless the environment names a roster). Each of
//! its "batches" is two multi-row transactions: one `add_person` with dozens of child rows
//! (emergency contacts, household members, devices, a plan with destinations), and one
//! `update_person` that replaces all the child rows of a shared "accumulator" person. A
//! torn transaction would show as a person with fewer rows, or with rows of another state.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use yorisoi::model::Person;
use yorisoi::{PersonQuery, Roster};

const ENV_DB: &str = "YORISOI_CRASH_CHILD_DB";
const ENV_START: &str = "YORISOI_CRASH_START";
const ENV_ACC: &str = "YORISOI_CRASH_ACC";
const ENV_SEED: &str = "YORISOI_CRASH_SEED";

/// Kill rounds.
const ROUNDS: u32 = 36;
/// Batches one child writes before it stops by itself: far more than it can write before
/// the kill, so a child that finishes means the kill did not happen.
const CHILD_BATCHES: u64 = 5_000;

const CONTACTS: usize = 20;
const MEMBERS: usize = 10;
const DEVICES: usize = 3;
const DESTINATIONS: usize = 3;
/// How many batches the accumulator's rows cover (a sliding window ending at its state).
const WINDOW: u64 = 25;

const READY: &str = "@crash-ready@";
const COMMITTED: &str = "@crash-committed:";
const FINISHED: &str = "@crash-finished@";

const BATCH_NAME: &str = "バッチ ";
const ACC_NAME: &str = "累積 記録";

// ---------------------------------------------------------------------------------------
// The documents. Everything about batch `b` (and accumulator state `k`) is derived from the
// number alone, so the checker knows exactly what must be there.

fn batch_person(b: u64) -> Person {
    let contacts: Vec<_> = (0..CONTACTS)
        .map(|i| {
            serde_json::json!({
                "name": format!("batch-{b}-contact-{i}"),
                "relationship": "親族",
                "phone": format!("090-{:04}-{:04}", b % 10_000, i),
            })
        })
        .collect();
    let members: Vec<_> = (0..MEMBERS)
        .map(|i| serde_json::json!({"name": format!("batch-{b}-member-{i}"), "relationship": "同居", "age": i}))
        .collect();
    let kinds = ["oxygen", "suction", "other"];
    let devices: Vec<_> = (0..DEVICES)
        .map(|i| {
            serde_json::json!({"device": kinds[i % kinds.len()], "power_dependent": i % 2 == 0,
                               "note": format!("batch-{b}-device-{i}")})
        })
        .collect();
    let destinations: Vec<_> = (0..DESTINATIONS)
        .map(|i| serde_json::json!({"kind": "shelter", "name": format!("batch-{b}-dest-{i}")}))
        .collect();
    Person::from_json(
        &serde_json::json!({
            "name": format!("{BATCH_NAME}{b}"), "furigana": "ばっち", "sex": "male",
            "date_of_birth": "1940-01-01", "address": format!("みどり市試験町{b}"),
            "district": "試験地区", "notes": format!("batch-{b}"),
            "emergency_contacts": contacts, "household_members": members,
            "medical_devices": devices,
            "plan": {"destinations": destinations, "route": format!("batch-{b}-route"), "means": "car"},
        })
        .to_string(),
    )
    .unwrap()
}

/// The batches the accumulator's rows cover in state `k`.
fn window(k: u64) -> std::ops::RangeInclusive<u64> {
    (k.saturating_sub(WINDOW - 1)).max(1)..=k
}

fn accumulator(k: u64) -> Person {
    let contacts: Vec<_> = window(k)
        .map(
            |j| serde_json::json!({"name": format!("acc-{k}-contact-{j}"), "relationship": "知人"}),
        )
        .collect();
    let members: Vec<_> = window(k)
        .map(|j| serde_json::json!({"name": format!("acc-{k}-member-{j}")}))
        .collect();
    Person::from_json(
        &serde_json::json!({
            "name": ACC_NAME, "furigana": "るいせき", "sex": "female",
            "date_of_birth": "1941-02-03", "address": "みどり市累積町1",
            "notes": format!("acc-{k}"),
            "emergency_contacts": contacts, "household_members": members,
        })
        .to_string(),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------------------
// The child.

fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}").unwrap();
    out.flush().unwrap();
}

/// The writer that `crash_safety` starts and kills. Does nothing when run by hand.
#[test]
#[ignore = "the child process of crash_safety; does nothing unless it sets YORISOI_CRASH_CHILD_DB"]
fn crash_child() {
    let Ok(db) = std::env::var(ENV_DB) else {
        return;
    };
    let start: u64 = std::env::var(ENV_START).unwrap().parse().unwrap();
    let acc: i64 = std::env::var(ENV_ACC).unwrap().parse().unwrap();
    let mut roster = Roster::open(
        Path::new(&db),
        common::ACCOUNT,
        &common::pass(),
        common::clock(),
    )
    .unwrap();
    say(READY);
    // A kill between a batch's two transactions left the accumulator one state behind:
    // catch it up first, so it is never more than one behind the batches.
    roster.update_person(acc, accumulator(start - 1)).unwrap();
    for b in start..start + CHILD_BATCHES {
        roster.add_person(batch_person(b)).unwrap();
        roster.update_person(acc, accumulator(b)).unwrap();
        say(&format!("{COMMITTED}{b}@"));
    }
    say(FINISHED);
}

// ---------------------------------------------------------------------------------------
// The parent.

/// xorshift64*: a small, seeded generator (no new dependency, repeatable kill times).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

enum Said {
    Ready,
    Committed(u64),
    Finished,
}

struct Running {
    child: Child,
    said: mpsc::Receiver<Said>,
    reader: JoinHandle<()>,
    stderr: JoinHandle<String>,
}

fn spawn_child(db: &Path, start: u64, acc: i64) -> Running {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--ignored", "--nocapture"])
        .env(ENV_DB, db)
        .env(ENV_START, start.to_string())
        .env(ENV_ACC, acc.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, said) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // libtest's own lines may share a line with ours: look for the markers anywhere.
            let msg = if line.contains(READY) {
                Some(Said::Ready)
            } else if line.contains(FINISHED) {
                Some(Said::Finished)
            } else if let Some(at) = line.find(COMMITTED) {
                let rest = &line[at + COMMITTED.len()..];
                let end = rest.find('@').expect("a complete committed marker");
                Some(Said::Committed(rest[..end].parse().unwrap()))
            } else {
                None
            };
            if let Some(m) = msg {
                if tx.send(m).is_err() {
                    break;
                }
            }
        }
    });
    let mut err = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    Running {
        child,
        said,
        reader,
        stderr,
    }
}

/// Rows per person in each child table.
fn row_counts(path: &Path) -> HashMap<i64, [i64; 5]> {
    let c = common::raw(path);
    let mut stmt = c
        .prepare(
            "SELECT p.id,
                    (SELECT count(*) FROM emergency_contacts x WHERE x.person_id = p.id),
                    (SELECT count(*) FROM household_members x WHERE x.person_id = p.id),
                    (SELECT count(*) FROM medical_devices x WHERE x.person_id = p.id),
                    (SELECT count(*) FROM plans x WHERE x.person_id = p.id),
                    (SELECT count(*) FROM plan_destinations x WHERE x.person_id = p.id)
             FROM persons p",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Batch `b`'s record as loaded equals what the child wrote, row for row.
fn assert_batch_complete(roster: &mut Roster, id: i64, b: u64) {
    let got = roster.view_person(id).unwrap();
    let want = batch_person(b);
    assert_eq!(got.notes, want.notes, "person {id}");
    assert_eq!(
        got.emergency_contacts, want.emergency_contacts,
        "batch {b}: contacts"
    );
    assert_eq!(
        got.household_members, want.household_members,
        "batch {b}: household"
    );
    assert_eq!(
        got.medical_devices, want.medical_devices,
        "batch {b}: devices"
    );
    let (g, w) = (got.plan.expect("a plan"), want.plan.unwrap());
    assert_eq!(g.destinations, w.destinations, "batch {b}: destinations");
    assert_eq!(g.route, w.route, "batch {b}: route");
}

struct Seen {
    /// Highest batch on the roster.
    max: u64,
}

/// Opens the roster after a kill and checks everything; returns what is on it.
fn verify(path: &Path, acc: i64, before: u64, reported: &[u64], round: u32) -> Seen {
    let mut roster = Roster::open(path, common::ACCOUNT, &common::pass(), common::clock())
        .unwrap_or_else(|e| panic!("round {round}: the roster does not open after a kill: {e}"));
    let report = roster.check().unwrap();
    assert!(report.is_ok(), "round {round}: check failed: {report:?}");

    let all = roster
        .list_persons(&PersonQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    let mut batches: Vec<(u64, i64)> = Vec::new();
    let mut accs = 0;
    for p in &all {
        if let Some(n) = p.name.strip_prefix(BATCH_NAME) {
            batches.push((n.parse().unwrap(), p.id));
        } else {
            assert_eq!(p.name, ACC_NAME, "round {round}: an unexpected person");
            assert_eq!(p.id, acc);
            accs += 1;
        }
    }
    assert_eq!(accs, 1, "round {round}: the accumulator person");
    batches.sort_unstable();
    let max = batches.last().map_or(0, |b| b.0);
    // Batches are 1..=max, each exactly once: nothing lost, nothing doubled.
    let numbers: Vec<u64> = batches.iter().map(|b| b.0).collect();
    assert_eq!(
        numbers,
        (1..=max).collect::<Vec<_>>(),
        "round {round}: batches on the roster"
    );
    assert!(
        max >= before,
        "round {round}: batches of earlier rounds vanished"
    );

    // Every batch the child reported is there; at most one more (committed, not yet said).
    let last_reported = reported.iter().copied().max().unwrap_or(before);
    assert!(
        max >= last_reported,
        "round {round}: batch {last_reported} was reported committed but only {max} are there"
    );
    assert!(
        max <= last_reported + 1,
        "round {round}: {max} batches present, only {last_reported} reported"
    );
    for w in reported.windows(2) {
        assert_eq!(
            w[1],
            w[0] + 1,
            "round {round}: the child reported out of order"
        );
    }

    // Every person on the roster has all of its rows (no torn transaction), counted in SQL.
    let counts = row_counts(path);
    assert_eq!(counts.len(), all.len(), "round {round}: persons");
    let whole = [
        CONTACTS as i64,
        MEMBERS as i64,
        DEVICES as i64,
        1,
        DESTINATIONS as i64,
    ];
    for &(b, id) in &batches {
        assert_eq!(
            counts[&id], whole,
            "round {round}: batch {b} (person {id}) is partial"
        );
    }
    // The batches new this round: every row, value for value, through the library.
    for &(b, id) in batches.iter().filter(|(b, _)| *b > before) {
        assert_batch_complete(&mut roster, id, b);
    }
    // An older one too, so an earlier batch damaged by a later crash would show.
    if let Some(&(b, id)) = batches.get((max / 2) as usize) {
        assert_batch_complete(&mut roster, id, b);
    }

    // The accumulator is wholly in one state, and that state is the last or second-last batch.
    let got = roster.view_person(acc).unwrap();
    let k: u64 = got
        .notes
        .strip_prefix("acc-")
        .and_then(|k| k.parse().ok())
        .unwrap_or_else(|| panic!("round {round}: accumulator notes {:?}", got.notes));
    assert!(
        k == max || (max > 0 && k == max - 1),
        "round {round}: accumulator at state {k}, batches at {max}"
    );
    if let Some(&r) = reported.last() {
        assert!(
            k >= r,
            "round {round}: the accumulator update of batch {r} was reported but is gone"
        );
    }
    let want = accumulator(k);
    assert_eq!(
        got.emergency_contacts, want.emergency_contacts,
        "round {round}: accumulator contacts (state {k})"
    );
    assert_eq!(
        got.household_members, want.household_members,
        "round {round}: accumulator household (state {k})"
    );
    let n = window(k).count() as i64;
    assert_eq!(
        counts[&acc],
        [n, n, 0, 0, 0],
        "round {round}: accumulator rows"
    );
    Seen { max }
}

#[test]
fn crash_safety_under_repeated_sigkill() {
    let seed: u64 = std::env::var(ENV_SEED)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026_1122);
    eprintln!("crash test seed {seed} (set {ENV_SEED} to repeat another)");
    let mut rng = Rng(seed.max(1));

    let (t, mut roster) = common::TempRoster::new();
    let acc = roster.add_person(accumulator(0)).unwrap();
    drop(roster);

    let mut max = 0;
    let mut killed = 0;
    let mut killed_while_writing = 0;
    let mut total_reported = 0;
    for round in 0..ROUNDS {
        let start = max + 1;
        let mut run = spawn_child(&t.path, start, acc);
        let mut reported = Vec::new();
        let mut finished = false;
        let mut take = |m: Said, reported: &mut Vec<u64>| match m {
            Said::Ready => {}
            Said::Committed(b) => reported.push(b),
            Said::Finished => finished = true,
        };
        // Half the rounds count from the spawn (kills land in start-up and unlocking too),
        // half from the moment the roster is open (kills land in the writes).
        if round % 2 == 1 {
            for m in run.said.iter() {
                let ready = matches!(m, Said::Ready);
                take(m, &mut reported);
                if ready {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(rng.between(5, 400)));
        run.child.kill().unwrap();
        let status = run.child.wait().unwrap();
        run.reader.join().unwrap();
        for m in run.said.try_iter() {
            take(m, &mut reported);
        }
        let stderr = run.stderr.join().unwrap();
        assert!(
            !finished,
            "round {round}: the child wrote all {CHILD_BATCHES} batches before the kill"
        );
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                status.signal(),
                Some(9),
                "round {round}: the child did not die by SIGKILL ({status}); stderr:\n{stderr}"
            );
        }
        #[cfg(not(unix))]
        assert!(
            !status.success(),
            "round {round}: the child was not killed; stderr:\n{stderr}"
        );
        killed += 1;
        if !reported.is_empty() {
            killed_while_writing += 1;
            assert_eq!(reported[0], start, "round {round}: the child's first batch");
        }
        total_reported += reported.len();

        let seen = verify(&t.path, acc, max, &reported, round);
        max = seen.max;
    }
    eprintln!(
        "{killed} kills, {killed_while_writing} while writing; {total_reported} batches reported, {max} on the roster"
    );
    assert_eq!(killed, ROUNDS);
    assert!(
        killed_while_writing >= ROUNDS / 4,
        "only {killed_while_writing} of {ROUNDS} kills came after the first commit of a round"
    );
    assert!(max > 0 && total_reported > 0);
}
