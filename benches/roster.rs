//! Benchmarks on a `demo --persons 100000` roster, and the same queries on an unencrypted
//! SQLite copy of it for the cost of encryption.
//!
//! Run: `cargo bench --bench roster`. The roster is generated once into
//! `target/bench/` (synthetic data only) and reused; set `YORISOI_BENCH_PERSONS` for a
//! smaller one. The unencrypted copy is made with `sqlcipher_export` into a temporary
//! folder that is removed at the end — a benchmark-only step the product never takes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rusqlite::Connection;
use yorisoi::model::Person;
use yorisoi::store::{consents, persons};
use yorisoi::{FixedClock, Passphrase, PersonQuery, Roster};

const PASS: &str = "benchmark passphrase";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

fn persons_wanted() -> usize {
    std::env::var("YORISOI_BENCH_PERSONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The demo roster, made once.
fn roster_path() -> PathBuf {
    let n = persons_wanted();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    // Rosters with accounts: a file from before them would be converted on first open.
    let path = dir.join(format!("demo-{n}-accounts.db"));
    if !path.exists() {
        let started = Instant::now();
        let mut r = Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock())
            .map(|(r, _)| r)
            .unwrap();
        yorisoi::demo::populate(&mut r, n, 1).unwrap();
        let secs = started.elapsed().as_secs_f64();
        println!(
            "demo --persons {n}: {secs:.1} s ({:.0} persons/s)",
            n as f64 / secs
        );
    }
    path
}

/// The roster's SQLCipher key: its data key, from the bench account's slot.
fn data_key(path: &Path) -> String {
    use yorisoi::store::keyfile::{keys_path, KeyFile};
    let file = KeyFile::read(&keys_path(path)).unwrap();
    let slot = file.account_slot("bench").unwrap().id;
    let key = file.open(slot, PASS.as_bytes(), path).unwrap();
    key.sqlcipher_key().to_string()
}

fn keyed(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "key", data_key(path)).unwrap();
    c.pragma_update(None, "cipher_log_level", "NONE").unwrap();
    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
    same_pragmas(&c);
    c
}

/// The pragmas `Roster::open` sets that matter for reads, so both copies are on equal terms.
fn same_pragmas(c: &Connection) {
    c.pragma_update(None, "temp_store", "MEMORY").unwrap();
    c.pragma_update(None, "cache_size", -65_536).unwrap();
}

/// The search mix: family names, furigana in either kana and half-width, part of an
/// address, a phone fragment — what an officer types.
const QUERIES: &[&str] = &[
    "さとう",
    "タナカ",
    "ﾔﾏﾓﾄ",
    "鈴木",
    "中央町",
    "二丁目",
    "0990-",
    "はなこ",
    "高橋 ",
    "まつ",
    "東町3",
    "キヨ",
];

fn percentiles(conn: &Connection, label: &str) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..10 {
        for q in QUERIES {
            let query = PersonQuery {
                text: Some((*q).into()),
                limit: Some(200),
                ..Default::default()
            };
            let t = Instant::now();
            let rows = persons::list(conn, &query, today).unwrap();
            times.push(t.elapsed());
            std::hint::black_box(rows);
        }
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "search ({label}, {} queries, first 200 rows): p50 {:.2} ms, p95 {:.2} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3
    );
}

fn benches(c: &mut Criterion) {
    let path = roster_path();
    let plain_dir = tempfile::tempdir().unwrap();
    let plain_path = plain_dir.path().join("plain.db");
    {
        let enc = keyed(&path);
        enc.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [plain_path.to_str().unwrap()],
        )
        .unwrap();
        enc.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .unwrap();
        enc.execute_batch("DETACH DATABASE plain").unwrap();
    }
    let enc = keyed(&path);
    let plain = Connection::open(&plain_path).unwrap();
    same_pragmas(&plain);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    percentiles(&enc, "encrypted");
    percentiles(&plain, "unencrypted");

    c.bench_function(
        "unlock by account (Argon2id + unwrap + raw key + probe + audit row)",
        |b| {
            b.iter(|| Roster::open(&path, "bench", &Passphrase::new(PASS.into()), clock()).unwrap())
        },
    );

    let mut g = c.benchmark_group("search");
    for (label, conn) in [("encrypted", &enc), ("unencrypted", &plain)] {
        g.bench_function(format!("{label}: furigana 'さとう', first 200"), |b| {
            let q = PersonQuery {
                text: Some("さとう".into()),
                limit: Some(200),
                ..Default::default()
            };
            b.iter(|| persons::list(conn, &q, today).unwrap())
        });
        g.bench_function(format!("{label}: whole roster listing"), |b| {
            let q = PersonQuery::default();
            b.iter(|| persons::list(conn, &q, today).unwrap())
        });
    }
    g.finish();

    let mut g = c.benchmark_group("load one person with consents and supporters");
    let n = persons_wanted() as i64;
    for (label, conn) in [("encrypted", &enc), ("unencrypted", &plain)] {
        let mut id = 0;
        g.bench_function(label, |b| {
            b.iter(|| {
                id = (id + 7919) % n + 1;
                let p = persons::load(conn, id).unwrap();
                let h = consents::history(conn, id).unwrap();
                (p, h)
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("insert");
    g.sample_size(10);
    let template: Person = {
        let mut p = persons::load(&enc, 1).unwrap();
        p.resident_number = None;
        p
    };
    g.bench_function("add_person (one audited transaction each, fsync)", |b| {
        let dir = tempfile::tempdir().unwrap();
        let mut r = Roster::create(
            &dir.path().join("r.db"),
            "bench",
            &Passphrase::new(PASS.into()),
            clock(),
        )
        .map(|(r, _)| r)
        .unwrap();
        b.iter_batched(
            || template.clone(),
            |p| r.add_person(p).unwrap(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("demo populate, 2000 persons (bulk transactions)", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let r = Roster::create(
                    &dir.path().join("r.db"),
                    "bench",
                    &Passphrase::new(PASS.into()),
                    clock(),
                )
                .map(|(r, _)| r)
                .unwrap();
                (dir, r)
            },
            |(dir, mut r)| {
                yorisoi::demo::populate(&mut r, 2000, 3).unwrap();
                drop(r);
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group! {
    name = roster;
    // Few samples: the slow cases (open with its KDF, whole-roster listing) would
    // otherwise take minutes each on a 2-core machine.
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(roster);
