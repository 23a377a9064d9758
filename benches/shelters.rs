//! Shelter benchmarks (#22): a national registry file, the checks and the matching of a
//! city, and one arrival at a shelter.
//!
//! Run: `cargo bench --bench shelters`. Before criterion starts it prints:
//! - a synthetic 100,000-row 国土地理院 指定緊急避難場所 file (1,700 municipalities) read,
//!   cut to みどり市 and compared with the registry (`YORISOI_BENCH_REGISTRY_ROWS`);
//! - `shelter check` and `shelter match` on a `demo` roster of `YORISOI_BENCH_PERSONS`
//!   people (default 20,000; made once into `target/bench/`), or of
//!   `YORISOI_BENCH_ROSTER=/path/demo.db` (with `YORISOI_BENCH_PASSPHRASE`, account
//!   `bench`), such as the CLI's `demo --persons 500000`. Each run works on a copy;
//! - one arrival entered by barcode in a drill over that roster's smallest district.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use yorisoi::drill::{ArrivalRequest, Arriving, NewDrill};
use yorisoi::io::TextEncoding;
use yorisoi::printing::drill::SheetRequest;
use yorisoi::shelters::ShelterImport;
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

/// A national 指定緊急避難場所 file of `rows` rows over 1,700 municipalities, みどり市 one
/// of them.
fn national_file(rows: usize) -> Vec<u8> {
    let mut out = String::from(
        "\u{feff}NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考\r\n",
    );
    for i in 0..rows {
        let m = i % 1_700;
        let city = if m == 0 {
            "静岡県みどり市".to_string()
        } else {
            format!("架空県第{m}市")
        };
        let flag = |k: usize| if (i + k) % 3 == 0 { "1" } else { "" };
        out.push_str(&format!(
            "{},{:05}-{:05},{city},第{i}避難場所,{city}本町{}番地,{},{},{},1,{},1,{},,{},{:.6},{:.6},\r\n",
            i + 1,
            10_000 + m,
            i,
            i % 50 + 1,
            flag(0),
            flag(1),
            flag(2),
            flag(3),
            flag(4),
            flag(5),
            34.0 + (i % 1000) as f64 * 0.001,
            135.0 + (i % 997) as f64 * 0.001,
        ));
    }
    out.into_bytes()
}

fn import(r: &mut Roster, bytes: &[u8]) -> usize {
    let done = r
        .import_shelters(&ShelterImport {
            bytes,
            file_name: "mergeFromCity_1.csv",
            encoding: TextEncoding::Auto,
            municipality: Some("みどり市"),
        })
        .unwrap();
    done.entries
}

fn registry(c: &mut Criterion) {
    let rows: usize = env("YORISOI_BENCH_REGISTRY_ROWS", "100000")
        .parse()
        .unwrap();
    let bytes = national_file(rows);
    let dir = tempfile::tempdir().unwrap();
    let (mut r, _) = Roster::create(
        &dir.path().join("r.db"),
        "bench",
        &Passphrase::new(PASS.into()),
        clock(),
    )
    .unwrap();
    let started = Instant::now();
    let kept = import(&mut r, &bytes);
    println!(
        "national registry of {rows} rows ({} MB): {kept} of みどり市 kept to review in {:.0} ms",
        bytes.len() / 1_000_000,
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut g = c.benchmark_group("shelters");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("national registry file, read, cut and compared", |b| {
        b.iter(|| import(&mut r, &bytes))
    });
    g.finish();
}

/// The roster checked: `YORISOI_BENCH_ROSTER`, or a demo of `YORISOI_BENCH_PERSONS`.
fn city() -> (PathBuf, String) {
    match std::env::var("YORISOI_BENCH_ROSTER") {
        Ok(path) => (PathBuf::from(path), env("YORISOI_BENCH_PASSPHRASE", "")),
        Err(_) => {
            let persons: usize = env("YORISOI_BENCH_PERSONS", "20000").parse().unwrap();
            let path = bench_dir().join(format!("shelters-{persons}.db"));
            if !path.exists() {
                yorisoi::store::skip_memory_wiping_for_synthetic_data();
                let (mut r, _) =
                    Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock()).unwrap();
                yorisoi::demo::populate(&mut r, persons, 1).unwrap();
            }
            (path, PASS.to_string())
        }
    }
}

fn checks(c: &mut Criterion) {
    let (from, pass) = city();
    let dir = tempfile::tempdir().unwrap();
    let r = copy(&from, &pass, dir.path());
    let started = Instant::now();
    let warnings = r.shelter_check().unwrap();
    println!(
        "shelter check: {} warnings in {:.0} ms",
        warnings.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let started = Instant::now();
    let m = r.shelter_match().unwrap();
    println!(
        "shelter match: {} people to place, {} over capacity in {:.0} ms",
        m.needing.len(),
        m.over_capacity.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut g = c.benchmark_group("shelters");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("shelter check", |b| {
        b.iter(|| r.shelter_check().unwrap().len())
    });
    g.bench_function("shelter match", |b| {
        b.iter(|| r.shelter_match().unwrap().needing.len())
    });
    g.finish();
}

fn arrival(c: &mut Criterion) {
    let (from, pass) = city();
    let dir = tempfile::tempdir().unwrap();
    let mut r = copy(&from, &pass, dir.path());
    r.set_setting("consent.basis", "ordinance").unwrap();
    let whole = r
        .recipients()
        .unwrap()
        .into_iter()
        .find(|x| x.district.is_none() && x.kind != yorisoi::model::RecipientKind::CareOffice)
        .and_then(|x| x.id)
        .unwrap();
    let smallest = r
        .districts()
        .unwrap()
        .into_iter()
        .min_by_key(|d| d.persons)
        .unwrap()
        .name;
    let drill = r
        .drill_new(&NewDrill {
            name: "避難所受付訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: std::slice::from_ref(&smallest),
            targets: (20, 90),
            disaster: false,
        })
        .unwrap();
    let printed = r
        .print_drill_sheet(
            &SheetRequest {
                drill_id: drill.id,
                district: &smallest,
                recipient_id: Some(whole),
                unlocked_reason: Some("ベンチ"),
                ..Default::default()
            },
            &mut |_: &[u8]| Ok(()),
        )
        .unwrap();
    let people: Vec<i64> = r
        .issuance_detail(&printed.serial.unwrap())
        .unwrap()
        .persons
        .iter()
        .map(|p| p.person_id)
        .collect();
    let shelter = r.shelters(None).unwrap()[0].id;
    let codes: Vec<String> = people
        .iter()
        .map(|id| yorisoi::print::barcode::payload(*id))
        .collect();
    let mut next = 0;
    let mut g = c.benchmark_group("shelters");
    g.sample_size(50).measurement_time(Duration::from_secs(10));
    g.bench_function("one arrival by barcode", |b| {
        b.iter(|| {
            let code = &codes[next % codes.len()];
            next += 1;
            r.drill_arrive(&ArrivalRequest {
                drill_id: drill.id,
                shelter_id: shelter,
                who: Arriving::Barcode(code),
                at: None,
                by: "受付",
            })
            .unwrap()
            .arrival_id
        })
    });
    g.finish();
}

criterion_group!(benches, registry, checks, arrival);
criterion_main!(benches);
