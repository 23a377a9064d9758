//! Benchmark: importing a 100,000-row Shift_JIS CSV (synthetic data) into a new roster, in
//! one transaction, with matching, validation and one audit row per person added.
//!
//! Run: `cargo bench --bench import`. A first, single timed import of 100,000 rows (set
//! `YORISOI_BENCH_IMPORT_ROWS` for another size) is printed; criterion's ten samples then
//! use a 10,000-row file, so the whole run stays within minutes on two cores.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use yorisoi::intake::import::ImportOptions;
use yorisoi::io::TextEncoding;
use yorisoi::model::RegistrationRoute;
use yorisoi::{FixedClock, Passphrase, Roster};

fn rows_wanted() -> usize {
    std::env::var("YORISOI_BENCH_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// A welfare extract as old systems write it: Shift_JIS, half-width kana, wareki dates.
fn extract(n: usize) -> Vec<u8> {
    const FAMILY: [&str; 8] = [
        "髙橋", "山﨑", "佐藤", "鈴木", "田中", "渡辺", "伊藤", "中村",
    ];
    const KANA: [&str; 8] = ["ﾀｶﾊｼ", "ﾔﾏｻﾞｷ", "ｻﾄｳ", "ｽｽﾞｷ", "ﾀﾅｶ", "ﾜﾀﾅﾍﾞ", "ｲﾄｳ", "ﾅｶﾑﾗ"];
    const CARE: [&str; 6] = ["", "要支援1", "要介護1", "要介護3", "要介護5", "非該当"];
    const HOUSE: [&str; 3] = ["独居", "高齢者のみ", "同居"];
    let mut s =
        String::from("宛名番号,氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号,要介護度,世帯状況,地区\r\n");
    for i in 0..n {
        let f = i % 8;
        let _ = write!(
            s,
            "{},{} 利用者{},{} ﾘﾖｳｼｬ,{},S{}.{}.{},みどり市{}町{}-{},0990-{:02}-{:04},{},{},{}地区\r\n",
            100_000 + i,
            FAMILY[f],
            i,
            KANA[f],
            if i % 2 == 0 { "男" } else { "女" },
            10 + i % 50,
            1 + i % 12,
            1 + i % 28,
            i % 40,
            i % 9 + 1,
            i % 30 + 1,
            i % 100,
            i % 10_000,
            CARE[i % 6],
            HOUSE[i % 3],
            i % 12
        );
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&s);
    bytes.into_owned()
}

fn fresh() -> (tempfile::TempDir, Roster) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ));
    let r = Roster::create(
        &dir.path().join("r.db"),
        "bench",
        &Passphrase::new("benchmark passphrase".into()),
        clock,
    )
    .map(|(r, _)| r)
    .unwrap();
    (dir, r)
}

fn options() -> ImportOptions {
    ImportOptions {
        format: None,
        encoding: TextEncoding::Auto,
        mapping: None,
        overrides: Default::default(),
        source: "bench".into(),
        route: RegistrationRoute::Consent,
        dry_run: false,
    }
}

fn bench(c: &mut Criterion) {
    let n = rows_wanted();
    let file = extract(n);
    {
        let (_d, mut r) = fresh();
        let started = Instant::now();
        let report = r.import(&file, &options()).unwrap();
        let secs = started.elapsed().as_secs_f64();
        assert_eq!(report.added, n);
        println!(
            "import of a {n}-row Shift_JIS CSV ({} KB): {secs:.1} s ({:.0} rows/s)",
            file.len() / 1024,
            n as f64 / secs
        );
    }
    let small = extract(10_000);
    let mut g = c.benchmark_group("import");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function("csv_10000_rows", |b| {
        b.iter_batched(
            fresh,
            |(_d, mut r)| r.import(&small, &options()).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
