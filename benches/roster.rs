//! Benchmarks on a `demo --persons 100000` roster, and the same queries on an unencrypted
//! SQLite copy of it for the cost of encryption.
//!
//! Run: `cargo bench --bench roster`. The roster is generated once into
//! `target/bench/` (synthetic data only) and reused; set `YORISOI_BENCH_PERSONS` for
//! another size (`500000` for a city). Before criterion starts, the run prints the search
//! percentiles (the typical queries, through the index and, for comparison in the same
//! run, by the plain `instr` scan of every row that search was until schema v12), the
//! roster page's percentiles over sorts and filters, and opening one person
//! (`YORISOI_BENCH_SEARCH_ONLY=1`: the search alone, then stop;
//! `YORISOI_BENCH_PAGE_ONLY=1`: the roster page alone, then stop). The unencrypted copy is
//! made with `sqlcipher_export` into a temporary folder that is removed at the end — a
//! benchmark-only step the product never takes.
//!
//! `YORISOI_BENCH_ROSTER=/path/demo.db` (with `YORISOI_BENCH_PASSPHRASE`, account `bench`)
//! times an existing roster instead, such as a copy of the CLI's `demo --persons 500000`;
//! it is opened (and migrated when older) but never made or scaled here.

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

/// The passphrase of the roster timed: `YORISOI_BENCH_PASSPHRASE` for one named by
/// `YORISOI_BENCH_ROSTER`, else the generated roster's.
fn pass() -> String {
    std::env::var("YORISOI_BENCH_PASSPHRASE").unwrap_or_else(|_| PASS.into())
}

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
    let named = std::env::var_os("YORISOI_BENCH_ROSTER").map(PathBuf::from);
    let path = named
        .clone()
        .unwrap_or_else(|| dir.join(format!("demo-{n}-accounts.db")));
    if let Some(from) = scale_from().filter(|_| !path.exists() && named.is_none()) {
        scale_up(&dir, from, n, &path);
    }
    assert!(
        named.is_none() || path.exists(),
        "YORISOI_BENCH_ROSTER names no file"
    );
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
    // A roster made by an older build gets its search index here, once (the migration).
    let started = Instant::now();
    drop(Roster::open(&path, "bench", &Passphrase::new(pass()), clock()).unwrap());
    println!(
        "open (unlock, and migrate when the file is older): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    path
}

/// `YORISOI_BENCH_SCALE_FROM=100000`: make the roster of `YORISOI_BENCH_PERSONS` people
/// by repeating that smaller demo roster's people (with their search keys, consents,
/// supporters' assignments, plans and other rows) instead of generating them — minutes
/// instead of the generator's hours, for a first look at city scale. Benchmark-only.
fn scale_from() -> Option<usize> {
    std::env::var("YORISOI_BENCH_SCALE_FROM")
        .ok()
        .and_then(|v| v.parse().ok())
}

fn scale_up(dir: &Path, from: usize, n: usize, path: &Path) {
    let source = dir.join(format!("demo-{from}-accounts.db"));
    assert!(source.exists(), "make the {from}-person roster first");
    let started = Instant::now();
    std::fs::copy(&source, path).unwrap();
    std::fs::copy(source.with_extension("keys"), path.with_extension("keys")).unwrap();
    // The key file names its roster; the copy opens with the same data key.
    let c = keyed(path);
    let max: i64 = c
        .query_row("SELECT max(id) FROM persons", [], |r| r.get(0))
        .unwrap();
    let columns = |table: &str| -> Vec<String> {
        let mut st = c.prepare(&format!("PRAGMA table_info({table})")).unwrap();
        let cols = st
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        cols
    };
    c.execute_batch("BEGIN").unwrap();
    let copies = n.div_ceil(from);
    for k in 1..copies as i64 {
        let offset = k * max;
        for table in [
            "persons",
            "person_search",
            "consents",
            "assignments",
            "plans",
            "plan_destinations",
            "emergency_contacts",
            "household_members",
            "medical_devices",
            "communication_needs",
        ] {
            let cols: Vec<String> = columns(table)
                .into_iter()
                .filter(|col| !(col == "id" && table != "persons"))
                .collect();
            let values: Vec<String> = cols
                .iter()
                .map(|col| match col.as_str() {
                    "id" | "person_id" => format!("{col} + {offset}"),
                    "resident_number" => format!("{col} || '-{k}'"),
                    _ => col.clone(),
                })
                .collect();
            let key = if table == "persons" {
                "id"
            } else {
                "person_id"
            };
            c.execute_batch(&format!(
                "INSERT INTO {table} ({}) SELECT {} FROM {table} WHERE {key} <= {max}",
                cols.join(", "),
                values.join(", ")
            ))
            .unwrap();
        }
    }
    c.execute_batch("COMMIT").unwrap();
    let people: i64 = c
        .query_row("SELECT count(*) FROM persons", [], |r| r.get(0))
        .unwrap();
    println!(
        "roster of {people} people made from the {from}-person demo roster, repeated: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The roster's SQLCipher key: its data key, from the bench account's slot.
fn data_key(path: &Path) -> String {
    use yorisoi::store::keyfile::{keys_path, KeyFile};
    let file = KeyFile::read(&keys_path(path)).unwrap();
    let slot = file.account_slot("bench").unwrap().id;
    let key = file.open(slot, pass().as_bytes(), path).unwrap();
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

/// The search as it was until schema v12: the `instr` test on every row of the search
/// table, then sorted. Only the ids, for comparison with the indexed search.
fn scan_ids(conn: &Connection, q: &str, limit: i64) -> Vec<i64> {
    use yorisoi::store::search_key::{looks_like_phone, phone_key, text_key};
    let text = Some(text_key(q)).filter(|t| !t.is_empty());
    let phone = looks_like_phone(q).then(|| phone_key(q));
    let mut st = conn
        .prepare_cached(
            "SELECT person_id FROM person_search NOT INDEXED
             WHERE (?1 IS NULL OR instr(name_key, ?1) > 0 OR instr(furigana_key, ?1) > 0
                    OR instr(address_key, ?1) > 0 OR (?2 IS NOT NULL AND instr(phone_key, ?2) > 0))
               AND archived = 0
             ORDER BY furigana_key, person_id LIMIT ?3",
        )
        .unwrap();
    let ids = st
        .query_map(rusqlite::params![text, phone, limit], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<i64>>>()
        .unwrap();
    ids
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{label} ({} runs): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        times.len(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        at(1.0).as_secs_f64() * 1e3
    );
}

/// The typical queries' search times. First each query's first 200 rows are checked
/// against the plain scan of every row (and the scans timed: search as it was until
/// schema v12). That scan reads the whole table and leaves the page cache full of it, so
/// the next round of queries finds little of the search index in the cache: it is timed
/// apart, as the first search after the roster was opened. Then 10 rounds as typed, one
/// query after another, with nothing else reading in between.
fn percentiles(conn: &Connection, label: &str) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let query = |q: &str| PersonQuery {
        text: Some(q.into()),
        limit: Some(200),
        ..Default::default()
    };
    let mut scans: Vec<Duration> = Vec::new();
    for _ in 0..3 {
        for q in QUERIES {
            let t = Instant::now();
            let ids = scan_ids(conn, q, 200);
            scans.push(t.elapsed());
            let found: Vec<i64> = persons::list(conn, &query(q), today)
                .unwrap()
                .iter()
                .map(|p| p.id)
                .collect();
            assert_eq!(found, ids, "{q}: the index and the scan disagree");
        }
    }
    // A text nobody has: the scan reads every row, and the cache holds the scanned table.
    assert!(scan_ids(conn, "ヰヱヰヱ", 1).is_empty());
    let mut cold: Vec<Duration> = Vec::new();
    for q in QUERIES {
        let t = Instant::now();
        std::hint::black_box(persons::list(conn, &query(q), today).unwrap());
        cold.push(t.elapsed());
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut by_query: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    for _ in 0..10 {
        for q in QUERIES {
            let t = Instant::now();
            let rows = persons::list(conn, &query(q), today).unwrap();
            times.push(t.elapsed());
            by_query.entry(*q).or_default().push(t.elapsed());
            std::hint::black_box(rows);
        }
    }
    report(
        &format!("search ({label}, typical queries, first 200 rows)"),
        times,
    );
    report(
        &format!("search ({label}, each query once right after a whole-table scan: cold cache)"),
        cold,
    );
    report(
        &format!("search as until v12 ({label}, instr scan of every row)"),
        scans,
    );
    let medians: Vec<String> = by_query
        .iter_mut()
        .map(|(q, t)| {
            t.sort();
            format!("{q} {:.1}", t[t.len() / 2].as_secs_f64() * 1e3)
        })
        .collect();
    println!("  median ms by query: {}", medians.join(", "));
}

/// The roster page over the sorts and filters the window offers, first and a later page.
fn page_percentiles(r: &Roster) {
    use yorisoi::model::{CareLevel, Category};
    use yorisoi::store::roster_page::{
        ArchivedFilter, HazardFilter, RosterPageQuery, RosterSort, SupporterCount,
    };
    let district = r.districts().unwrap().into_iter().next().map(|d| d.name);
    let sorts = [
        RosterSort::Furigana,
        RosterSort::Name,
        RosterSort::Age,
        RosterSort::District,
        RosterSort::Supporters,
        RosterSort::Id,
    ];
    let filters: Vec<(&str, RosterPageQuery)> = vec![
        ("none", RosterPageQuery::default()),
        (
            "text さとう",
            RosterPageQuery {
                text: Some("さとう".into()),
                ..Default::default()
            },
        ),
        (
            "text 鈴木",
            RosterPageQuery {
                text: Some("鈴木".into()),
                ..Default::default()
            },
        ),
        (
            "phone 0990-",
            RosterPageQuery {
                text: Some("0990-".into()),
                ..Default::default()
            },
        ),
        (
            "district",
            RosterPageQuery {
                district: district.clone(),
                ..Default::default()
            },
        ),
        (
            "category",
            RosterPageQuery {
                category: Some(Category::ElderlyLivingAlone),
                ..Default::default()
            },
        ),
        (
            "care level",
            RosterPageQuery {
                care_level: Some(CareLevel::Care3),
                ..Default::default()
            },
        ),
        (
            "no supporter",
            RosterPageQuery {
                supporters: Some(SupporterCount::None),
                ..Default::default()
            },
        ),
        (
            "no plan",
            RosterPageQuery {
                has_plan: Some(false),
                ..Default::default()
            },
        ),
        (
            "flood zone",
            RosterPageQuery {
                hazard: Some(HazardFilter::Flood),
                ..Default::default()
            },
        ),
        (
            "archived",
            RosterPageQuery {
                archived: ArchivedFilter::Only,
                ..Default::default()
            },
        ),
        (
            "text 中央町",
            RosterPageQuery {
                text: Some("中央町".into()),
                ..Default::default()
            },
        ),
        (
            "text 山 (one character)",
            RosterPageQuery {
                text: Some("山".into()),
                ..Default::default()
            },
        ),
        (
            "text 丁目 with flood zone and no plan",
            RosterPageQuery {
                text: Some("丁目".into()),
                hazard: Some(HazardFilter::Flood),
                has_plan: Some(false),
                ..Default::default()
            },
        ),
        (
            "tsunami zone",
            RosterPageQuery {
                hazard: Some(HazardFilter::Tsunami),
                ..Default::default()
            },
        ),
        (
            "district, care level, no plan",
            RosterPageQuery {
                district: district.clone(),
                care_level: Some(CareLevel::Care5),
                has_plan: Some(false),
                ..Default::default()
            },
        ),
    ];
    // `YORISOI_BENCH_PAGE_ROUNDS`: every query that many times (the first round reads a
    // cold page cache).
    let rounds: usize = std::env::var("YORISOI_BENCH_PAGE_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    // `YORISOI_BENCH_PAGE_SLOW=50`: name each page that took longer (ms).
    let slow: Option<f64> = std::env::var("YORISOI_BENCH_PAGE_SLOW")
        .ok()
        .and_then(|v| v.parse().ok());
    // The first page filtered by a text the trigram index cannot narrow reads the search
    // table into memory (once per change of it): timed on its own, then every page after.
    let rss = || {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string())
            })
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    let before = rss();
    let t = Instant::now();
    std::hint::black_box(
        r.person_page(&RosterPageQuery {
            text: Some("0990-".into()),
            limit: 100,
            ..Default::default()
        })
        .unwrap(),
    );
    println!(
        "first page with a text tested on everyone (reads the search table into memory): {:.1} ms; resident memory {before} -> {} MB",
        t.elapsed().as_secs_f64() * 1e3,
        rss()
    );
    let mut all = Vec::new();
    for (name, filter) in &filters {
        let mut times = Vec::new();
        for sort in (0..rounds).flat_map(|_| sorts) {
            for (descending, offset) in [(false, 0), (true, 0), (false, 1000)] {
                let q = RosterPageQuery {
                    sort,
                    descending,
                    offset,
                    limit: 100,
                    ..filter.clone()
                };
                let t = Instant::now();
                std::hint::black_box(r.person_page(&q).unwrap());
                times.push(t.elapsed());
                if slow.is_some_and(|ms| t.elapsed().as_secs_f64() * 1e3 > ms) {
                    println!(
                        "  slow: {name}, {sort:?}{}, offset {offset}: {:.1} ms",
                        if descending { " descending" } else { "" },
                        t.elapsed().as_secs_f64() * 1e3
                    );
                }
            }
        }
        all.extend(times.iter().copied());
        report(&format!("roster page, filter {name}, 6 sorts"), times);
    }
    println!("resident memory after every page: {} MB", rss());
    report("roster page, 100 rows, every sort and filter", all);
}

fn benches(c: &mut Criterion) {
    let path = roster_path();
    if std::env::var_os("YORISOI_BENCH_PAGE_ONLY").is_some() {
        let r = Roster::open(&path, "bench", &Passphrase::new(pass()), clock()).unwrap();
        page_percentiles(&r);
        return;
    }
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
    if std::env::var_os("YORISOI_BENCH_SEARCH_ONLY").is_some() {
        return;
    }
    {
        let mut r = Roster::open(&path, "bench", &Passphrase::new(pass()), clock()).unwrap();
        let n = persons_wanted() as i64;
        let mut times = Vec::new();
        for i in 0..200 {
            let id = (i * 7919) % n + 1;
            let t = Instant::now();
            std::hint::black_box(r.view_person(id).unwrap());
            std::hint::black_box(r.consent_history(id).unwrap());
            times.push(t.elapsed());
        }
        report(
            "open one person as the window does (view_person, audited, + consent_history)",
            times,
        );
        let mut times = Vec::new();
        for i in 0..200 {
            let id = (i * 7907) % n + 1;
            let t = Instant::now();
            std::hint::black_box(persons::load(&enc, id).unwrap());
            std::hint::black_box(consents::history(&enc, id).unwrap());
            times.push(t.elapsed());
        }
        report(
            "load one person with consents and supporters (reads only, no audit row)",
            times,
        );
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS"))
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        println!("this process, two connections open and the searches above run: {rss}");
        page_percentiles(&r);
    }

    c.bench_function(
        "unlock by account (Argon2id + unwrap + raw key + probe + audit row)",
        |b| b.iter(|| Roster::open(&path, "bench", &Passphrase::new(pass()), clock()).unwrap()),
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
