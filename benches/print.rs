//! Printing benchmarks: 1,000 plan sheets, and a simplified list of 10,000 people — from
//! the roster to the finished PDF bytes (gathering, the sharing rule, the glyph check,
//! layout, rendering with font subsetting, the ledger rows and the audit row).
//!
//! Run: `cargo bench --bench print`. A `demo --persons 10300` roster is generated once into
//! `target/bench/` (synthetic data only); each run works on a fresh copy of it, with the
//! municipality's basis set to `ordinance` so every person is on the list.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use yorisoi::policy::FieldProfile;
use yorisoi::printing::{ListRequest, PlanRequest, PlanTarget};
use yorisoi::{FixedClock, Roster};

#[path = "common/town.rs"]
mod town;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

fn fresh(dir: &Path) -> Roster {
    town::fresh(dir, clock())
}

/// The town-wide recipient and the first district's name.
fn targets(r: &Roster) -> (i64, String) {
    (
        town::town_wide_recipient(r),
        r.districts().unwrap()[0].name.clone(),
    )
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("print");
    g.sample_size(10).measurement_time(Duration::from_secs(60));

    if std::env::var_os("PRINT_BENCH_SHEETS_ONLY").is_some() {
        // Only the 1,000-sheet job, for profiling it (`perf record`) and quick comparisons.
        let mut r = fresh(dir.path());
        let ids = first_thousand(&r);
        sheets_job(&mut r, &ids);
        return;
    }
    let mut r = fresh(dir.path());
    let (whole, district) = targets(&r);
    // One timed run each, reported with the sizes (criterion's means follow).
    let started = Instant::now();
    let mut size = 0;
    let list = r
        .print_list(
            &ListRequest {
                recipient_id: whole,
                profile: FieldProfile::Simplified,
                ..Default::default()
            },
            &mut |b: &[u8]| {
                size = b.len();
                Ok(())
            },
        )
        .unwrap();
    println!(
        "simplified list: {} people, {} pages, {:.1} MB, {:.2} s",
        list.persons,
        list.pages,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    drop(r);

    let mut r = fresh(dir.path());
    let ids = first_thousand(&r);
    let started = Instant::now();
    let mut pages = 0;
    for id in &ids {
        let p = r
            .print_plans(
                &PlanRequest {
                    target: PlanTarget::Person(*id),
                    recipient_id: None,
                    // The office's copy is always locked: the lock is part of the cost.
                    password: Some("bench-lock-password"),
                    unlocked_reason: None,
                    due_back: None,
                    reprint_reason: None,
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap();
        pages += p.pages;
    }
    println!(
        "1,000 plan sheets one by one: {pages} pages, {:.2} s",
        started.elapsed().as_secs_f64()
    );
    drop(r);

    // The same 1,000 sheets as one job: one PDF and one ledger copy each, one transaction.
    let mut r = fresh(dir.path());
    sheets_job(&mut r, &ids);
    let started = Instant::now();
    let p = r
        .print_plans(
            &PlanRequest {
                target: PlanTarget::District(&district),
                recipient_id: None,
                password: Some("bench-lock-password"),
                unlocked_reason: None,
                due_back: None,
                reprint_reason: None,
            },
            &mut |_: &[u8]| Ok(()),
        )
        .unwrap();
    println!(
        "plan sheets for a whole district ({} people, {} pages) in one PDF: {:.2} s",
        p.persons,
        p.pages,
        started.elapsed().as_secs_f64()
    );
    drop(r);

    let mut r = fresh(dir.path());
    g.bench_function("simplified list, whole town", |b| {
        b.iter(|| {
            r.print_list(
                &ListRequest {
                    recipient_id: whole,
                    profile: FieldProfile::Simplified,
                    reprint_reason: Some("bench"),
                    ..Default::default()
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap()
        })
    });
    g.bench_function("one plan sheet", |b| {
        b.iter(|| {
            r.print_plans(
                &PlanRequest {
                    target: PlanTarget::Person(ids[0]),
                    recipient_id: None,
                    // The office's copy is always locked: the lock is part of the cost.
                    password: Some("bench-lock-password"),
                    unlocked_reason: None,
                    due_back: None,
                    reprint_reason: None,
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap()
        })
    });
    g.finish();
}

/// The first 1,000 people's ids.
fn first_thousand(r: &Roster) -> Vec<i64> {
    r.list_persons(&yorisoi::PersonQuery {
        limit: Some(1000),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|p| p.id)
    .collect()
}

/// The 1,000 sheets of `ids` as one job (`print_plan_sheets`): one PDF and one ledger copy
/// each, one transaction; prints the time and the PDFs' total size.
fn sheets_job(r: &mut Roster, ids: &[i64]) {
    let started = Instant::now();
    let size = std::cell::Cell::new(0usize);
    let mut sinks: Vec<_> = ids
        .iter()
        .map(|_| {
            |b: &[u8]| {
                size.set(size.get() + b.len());
                Ok(())
            }
        })
        .collect();
    let mut sheets: Vec<(i64, &mut dyn yorisoi::printing::Destination)> = ids
        .iter()
        .copied()
        .zip(
            sinks
                .iter_mut()
                .map(|s| s as &mut dyn yorisoi::printing::Destination),
        )
        .collect();
    let printed = r
        .print_plan_sheets(
            &PlanRequest {
                target: PlanTarget::Person(ids[0]),
                recipient_id: None,
                password: Some("bench-lock-password"),
                unlocked_reason: None,
                due_back: None,
                reprint_reason: None,
            },
            &mut sheets,
            &yorisoi::progress::Quiet,
        )
        .unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{} plan sheets as one job (one PDF and one ledger copy each): {} pages, {:.1} MB, {:.2} s",
        printed.len(),
        printed.iter().map(|p| p.pages).sum::<usize>(),
        size.get() as f64 / 1e6,
        elapsed
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
