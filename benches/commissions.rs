//! Commission benchmarks (#21): a year's claim lists for 5,000 commissions, and the
//! 要見直し worklist of a city.
//!
//! Run: `cargo bench --bench commissions`. Before criterion starts it prints:
//! - the claim lists (data and CSV, then PDF) of the twelve months of 年度 2025 on a roster
//!   of `YORISOI_BENCH_COMMISSIONS` commissions (default 5,000), each taken from request to
//!   approval through the library (made once into `target/bench/`);
//! - the 要見直し worklist of a `demo` roster of `YORISOI_BENCH_PERSONS` people (default
//!   20,000; made once into `target/bench/`), or of `YORISOI_BENCH_ROSTER=/path/demo.db`
//!   (with `YORISOI_BENCH_PASSPHRASE`, account `bench`), such as the CLI's
//!   `demo --persons 500000`. Each run works on a copy.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use yorisoi::commissions::claims::claims_csv;
use yorisoi::model::commission::{
    CommissionStatus, CommissionStep, FeeItem, FeeTable, NewCommission, Office, OfficeKind,
};
use yorisoi::printing::ClaimsFormat;
use yorisoi::{FixedClock, Passphrase, Roster};

const PASS: &str = "benchmark passphrase";

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a roster and its key file into `dir` and opens the copy.
fn copy(from: &Path, pass: &str, dir: &Path) -> Roster {
    let to = dir.join("copy.db");
    std::fs::copy(from, &to).unwrap();
    std::fs::copy(from.with_extension("keys"), to.with_extension("keys")).unwrap();
    Roster::open(&to, "bench", &Passphrase::new(pass.into()), clock()).unwrap()
}

fn table(year: i32) -> FeeTable {
    let item = |item: &str, label: &str, yen, extra| FeeItem {
        item: item.into(),
        label: label.into(),
        yen,
        extra,
        once_per_year: false,
    };
    FeeTable {
        year,
        items: vec![
            item("new", "新規", 7000, false),
            item("update", "更新", 3000, false),
            item("info-only", "避難情報のみ", 1000, false),
            item("case-meeting", "個別ケース会議", 3500, true),
        ],
    }
}

/// A roster of `n` commissions approved through 年度 2025, made once.
fn claims_roster(n: usize) -> PathBuf {
    let path = bench_dir().join(format!("commissions-{n}.db"));
    if path.exists() {
        return path;
    }
    let started = Instant::now();
    yorisoi::store::skip_memory_wiping_for_synthetic_data();
    let (mut r, _) =
        Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock()).unwrap();
    // The demo's own commissions are few (at most 2,000) and spread over two years.
    yorisoi::demo::populate(&mut r, n + n / 5, 3).unwrap();
    r.set_setting("consent.basis", "ordinance").unwrap();
    r.set_fee_table(&table(2025)).unwrap();
    let offices: Vec<i64> = (0..20)
        .map(|k| {
            r.add_office(&Office {
                id: None,
                kind: OfficeKind::HomeCareSupport,
                name: format!("ベンチ居宅介護支援事業所{k:02}"),
                office_number: String::new(),
                district: None,
                custodian: String::new(),
                address: String::new(),
                phone: String::new(),
                fax: String::new(),
                specialists: Vec::new(),
                under_way: 0,
            })
            .unwrap()
        })
        .collect();
    let day = |from: &str, days: usize| {
        NaiveDate::parse_from_str(from, "%Y-%m-%d")
            .unwrap()
            .checked_add_days(Days::new(days as u64))
            .unwrap()
            .to_string()
    };
    let mut made = 0;
    let mut person = 0;
    while made < n {
        person += 1;
        let k = made;
        let requested = day("2025-04-01", k % 60);
        let Ok(c) = r.new_commission(&NewCommission {
            person_id: person,
            office_id: Some(offices[k % offices.len()]),
            specialist_id: None,
            on: Some(&requested),
            note: "",
        }) else {
            continue; // archived, refused, or a commission of the demo under way
        };
        use CommissionStatus::*;
        for (to, d) in [(Accepted, 2), (Visited, 10), (Submitted, 20)] {
            let on = day(&requested, d);
            r.step_commission(
                c.id,
                &CommissionStep {
                    to,
                    on: Some(&on),
                    reason: "",
                    fee: None,
                    extras: &[],
                },
            )
            .unwrap();
        }
        let approved = day("2025-07-01", k % 270);
        let extras = if k % 7 == 0 {
            vec!["case-meeting".to_string()]
        } else {
            Vec::new()
        };
        let approve = |fee| CommissionStep {
            to: Approved,
            on: Some(&approved),
            reason: "",
            fee,
            extras: &extras,
        };
        // A plan older than the request: the commission ended in information only.
        if r.step_commission(c.id, &approve(None)).is_err() {
            r.step_commission(c.id, &approve(Some("info-only")))
                .unwrap();
        }
        made += 1;
    }
    println!(
        "made a roster of {n} commissions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    path
}

const MONTHS: [&str; 12] = [
    "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11",
    "2025-12", "2026-01", "2026-02", "2026-03",
];

fn year_of_claims(r: &Roster) -> (usize, i64) {
    let mut count = 0;
    let mut yen = 0;
    for m in MONTHS {
        let c = r.claims(m, None).unwrap();
        let csv = claims_csv(&c).unwrap();
        assert!(csv.len() > 3);
        count += c.count;
        yen += c.total_yen;
    }
    (count, yen)
}

fn claims(c: &mut Criterion) {
    let n: usize = env("YORISOI_BENCH_COMMISSIONS", "5000").parse().unwrap();
    let from = claims_roster(n);
    let dir = tempfile::tempdir().unwrap();
    let mut r = copy(&from, PASS, dir.path());
    let started = Instant::now();
    let (count, yen) = year_of_claims(&r);
    println!(
        "claim lists of 年度 2025 (12 months, data and CSV): {count} commissions, {yen} yen in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    let mut pages = 0;
    for m in MONTHS {
        let p = r
            .print_claims(m, None, ClaimsFormat::Pdf, &mut |_: &[u8]| Ok(()))
            .unwrap();
        pages += p.pages;
    }
    println!(
        "claim lists of 年度 2025 as PDF: {pages} pages in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut g = c.benchmark_group("commissions");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("a year's claim lists (data and CSV)", |b| {
        b.iter(|| year_of_claims(&r))
    });
    g.finish();
}

fn plans_due(c: &mut Criterion) {
    let (from, pass) = match std::env::var("YORISOI_BENCH_ROSTER") {
        Ok(path) => (PathBuf::from(path), env("YORISOI_BENCH_PASSPHRASE", "")),
        Err(_) => {
            let persons: usize = env("YORISOI_BENCH_PERSONS", "20000").parse().unwrap();
            let path = bench_dir().join(format!("map-{persons}.db"));
            if !path.exists() {
                yorisoi::store::skip_memory_wiping_for_synthetic_data();
                let (mut r, _) =
                    Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock()).unwrap();
                yorisoi::demo::populate(&mut r, persons, 1).unwrap();
            }
            (path, PASS.to_string())
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let r = copy(&from, &pass, dir.path());
    let started = Instant::now();
    let due = r.plans_due().unwrap();
    println!(
        "要見直し: {} plans due, first list in {:.0} ms",
        due.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut g = c.benchmark_group("commissions");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("要見直し worklist", |b| {
        b.iter(|| r.plans_due().unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, claims, plans_due);
criterion_main!(benches);
