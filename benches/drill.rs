//! Drill benchmarks on a whole 10,300-person town: entering one result as the desktop does
//! it (look the number up, record, read the person back) while thousands of results are
//! already in, entering a call to a supporter, and reading the live board.
//!
//! Run: `cargo bench --bench drill`. Uses the same synthetic `demo` roster as the print
//! benchmark (made once into `target/bench/`); each run works on a fresh copy. The sheets
//! go to the town-wide recipient with the `ordinance` basis, so everyone is on them.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use yorisoi::drill::CheckStatus;
use yorisoi::drill::WarnRequest;
use yorisoi::drill::{CheckRequest, NewDrill};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::{FixedClock, Roster};

#[path = "common/town.rs"]
mod town;

/// Results entered before timing: half the town.
const ENTERED: usize = 5_000;

fn clock() -> Arc<FixedClock> {
    // 11:00 JST on the drill day, two hours after its start.
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap(),
    ))
}

/// A fresh copy with a drill over every district, its sheets printed, and `ENTERED`
/// results in. Returns the roster, the drill and everyone on its sheets.
fn prepared(dir: &Path) -> (Roster, i64, Vec<i64>) {
    let mut r = town::fresh(dir, clock());
    let whole = town::town_wide_recipient(&r);
    let drill = r
        .drill_new(&NewDrill {
            name: "全市 安否確認訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "大雨・高齢者等避難",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &[],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap();
    let mut people = Vec::new();
    for district in &drill.districts {
        let printed = r
            .print_drill_sheet(
                &SheetRequest {
                    drill_id: drill.id,
                    district,
                    recipient_id: Some(whole),
                    unlocked_reason: Some("bench"),
                    ..Default::default()
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap();
        let serial = printed.serial.unwrap();
        people.extend(
            r.issuance_detail(&serial)
                .unwrap()
                .persons
                .iter()
                .map(|p| p.person_id),
        );
    }
    let started = Instant::now();
    for (i, id) in people.iter().take(ENTERED).enumerate() {
        let status = [CheckStatus::Safe, CheckStatus::NotHome][i % 2];
        r.drill_check(&CheckRequest {
            drill_id: drill.id,
            person_id: *id,
            status,
            at: None,
            by: "班長",
            note: "",
            correct: false,
        })
        .unwrap();
    }
    println!(
        "drill over {} people: {ENTERED} results entered in {:.1} s",
        people.len(),
        started.elapsed().as_secs_f64()
    );
    (r, drill.id, people)
}

fn call(drill: i64, supporter: i64) -> WarnRequest<'static> {
    WarnRequest {
        drill_id: drill,
        supporter_id: supporter,
        reached: true,
        at: None,
        by: "本部",
        note: "",
        correct: false,
    }
}

/// `YORISOI_BENCH_ROSTER=FILE` (with `YORISOI_BENCH_PASSPHRASE`, `YORISOI_BENCH_ACCOUNT`
/// and `YORISOI_BENCH_DRILL`, default 1): the live board of that roster's drill as the
/// window reads it (the first 50 of each district's lists), 20 times on one open roster,
/// then the complete lists once — for a city's drill made by `scripts/bench-scale.sh`.
/// Prints p50 / p95 and stops. The unlock is not part of it: the window reads the board
/// every few seconds on the roster it has open.
fn board_of(path: &str) {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let pass = yorisoi::Passphrase::new(env("YORISOI_BENCH_PASSPHRASE", ""));
    let account = env("YORISOI_BENCH_ACCOUNT", "bench");
    let drill: i64 = env("YORISOI_BENCH_DRILL", "1").parse().unwrap();
    let started = Instant::now();
    let mut r = Roster::open(Path::new(path), &account, &pass, clock()).unwrap();
    println!("unlock: {:.2} s", started.elapsed().as_secs_f64());
    let page = yorisoi::drill::BoardPage {
        limit: Some(50),
        ..Default::default()
    };
    let mut times = Vec::new();
    let mut people = 0;
    for _ in 0..20 {
        let t = Instant::now();
        let b = std::hint::black_box(r.drill_status_page(drill, &page).unwrap());
        times.push(t.elapsed().as_secs_f64());
        people = b.total.people;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "drill board, first 50 of each list, {people} people on the sheets: p50 {:.0} ms, p95 {:.0} ms (20 reads)",
        times[9] * 1e3,
        times[18] * 1e3
    );
    let t = Instant::now();
    let b = r.drill_status(drill).unwrap();
    println!(
        "drill board, complete lists ({} still unknown): {:.2} s",
        b.districts.iter().map(|d| d.unknown.len()).sum::<usize>(),
        t.elapsed().as_secs_f64()
    );
}

fn bench(c: &mut Criterion) {
    if let Ok(path) = std::env::var("YORISOI_BENCH_ROSTER") {
        board_of(&path);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (mut r, drill, people) = prepared(dir.path());
    let mut g = c.benchmark_group("drill");
    g.sample_size(50).measurement_time(Duration::from_secs(20));
    let mut next = ENTERED;
    g.bench_function(
        "one entry: look up, record, read back (10k people, 5k results)",
        |b| {
            b.iter(|| {
                let id = people[next % people.len()];
                next += 1;
                r.drill_person(drill, id).unwrap();
                r.drill_check(&CheckRequest {
                    drill_id: drill,
                    person_id: id,
                    status: CheckStatus::Safe,
                    at: None,
                    by: "班長",
                    note: "",
                    correct: false,
                })
                .unwrap();
                r.drill_person(drill, id).unwrap()
            })
        },
    );
    // Half the call list warned, so the board lists the other half as still to call.
    let supporters: Vec<i64> = r
        .drill_supporters(drill)
        .unwrap()
        .iter()
        .map(|s| s.supporter_id)
        .collect();
    for id in supporters.iter().step_by(2) {
        r.drill_warn(&call(drill, *id)).unwrap();
    }
    println!(
        "call list: {} supporters, {} warned",
        supporters.len(),
        supporters.len().div_ceil(2)
    );
    let mut next = 1;
    g.bench_function(
        "one call to a supporter: record, read their line back",
        |b| {
            b.iter(|| {
                let id = supporters[next % supporters.len()];
                next += 2;
                r.drill_warn(&call(drill, id)).unwrap()
            })
        },
    );
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("live board (10k people, their supporters)", |b| {
        b.iter(|| r.drill_status(drill).unwrap())
    });
    g.bench_function("the call list (8k supporters)", |b| {
        b.iter(|| r.drill_supporters(drill).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
