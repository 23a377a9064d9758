//! Map benchmarks (#17): hazard zones for everyone against a layer of 50,000 polygons, and
//! the people inside a drawn area.
//!
//! Run: `cargo bench --bench map`. The roster is a `demo` roster (its homes are placed on
//! みどり市's synthetic 位置参照情報), made once into `target/bench/` with
//! `YORISOI_BENCH_PERSONS` people (default 20,000), or `YORISOI_BENCH_ROSTER=/path/demo.db`
//! (with `YORISOI_BENCH_PASSPHRASE`, account `bench`), such as the CLI's
//! `demo --persons 500000`. Each run works on a copy. Before criterion starts it prints:
//! the import of a flood layer of `YORISOI_BENCH_POLYGONS` polygons (default 50,000; a
//! grid of small squares over the town, each home's zone checked and every difference kept
//! to review), the first drawn area (which reads the areas' directory into memory), and
//! the percentiles of the next ones.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use geo_types::{LineString, MultiPolygon, Polygon};
use yorisoi::map::{Area, AreaShape, HazardSource, LayerImport};
use yorisoi::model::HazardKind;
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

/// The roster to copy: named, or a demo made once.
fn source() -> (PathBuf, String) {
    if let Ok(path) = std::env::var("YORISOI_BENCH_ROSTER") {
        return (PathBuf::from(path), env("YORISOI_BENCH_PASSPHRASE", ""));
    }
    let persons: usize = env("YORISOI_BENCH_PERSONS", "20000").parse().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("map-{persons}.db"));
    if !path.exists() {
        let started = Instant::now();
        yorisoi::store::skip_memory_wiping_for_synthetic_data();
        let (mut r, _) =
            Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock()).unwrap();
        yorisoi::demo::populate(&mut r, persons, 1).unwrap();
        println!(
            "made a {persons}-person demo roster in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    (path, PASS.to_string())
}

/// Copies the roster and its key file into `dir` and opens the copy.
fn copy(dir: &Path) -> Roster {
    let (from, pass) = source();
    let to = dir.join("map.db");
    std::fs::copy(&from, &to).unwrap();
    std::fs::copy(from.with_extension("keys"), to.with_extension("keys")).unwrap();
    Roster::open(&to, "bench", &Passphrase::new(pass), clock()).unwrap()
}

/// A flood layer of `n` small squares in a grid over みどり市 (about 138.37–138.52 E,
/// 34.96–35.03 N), as GeoJSON.
fn grid_layer(n: usize) -> Vec<u8> {
    let cols = (n as f64).sqrt().ceil() as usize;
    let rows = n.div_ceil(cols);
    let (w, s, e, north) = (138.37, 34.96, 138.52, 35.03);
    let (dx, dy) = ((e - w) / cols as f64, (north - s) / rows as f64);
    let mut features = Vec::with_capacity(n);
    for i in 0..n {
        let (c, r) = ((i % cols) as f64, (i / cols) as f64);
        let (x0, y0) = (w + c * dx, s + r * dy);
        // Each square covers 60 % of its cell's width and height.
        let (x1, y1) = (x0 + dx * 0.6, y0 + dy * 0.6);
        features.push(serde_json::json!({
            "type": "Feature", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}
        }));
    }
    serde_json::json!({"type": "FeatureCollection", "features": features})
        .to_string()
        .into_bytes()
}

/// An area drawn over the middle of the town: a pentagon about 4 km across.
fn drawn() -> Area {
    let ring: Vec<(f64, f64)> = (0..=5)
        .map(|i| {
            let a = std::f64::consts::TAU * (i % 5) as f64 / 5.0;
            (138.43 + 0.025 * a.cos(), 34.99 + 0.02 * a.sin())
        })
        .collect();
    Area {
        shape: AreaShape::Drawn(vec![MultiPolygon(vec![Polygon::new(
            LineString::from(ring),
            vec![],
        )])]),
        districts: vec![],
    }
}

/// This process's resident memory (Linux), in MB.
fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut r = copy(dir.path());
    let placement = r.placement().unwrap();
    println!(
        "homes placed: 街区 {} 町丁目 {} 手動 {} 未特定 {}",
        placement.block, placement.town, placement.manual, placement.unplaced
    );

    let polygons: usize = env("YORISOI_BENCH_POLYGONS", "50000").parse().unwrap();
    let bytes = grid_layer(polygons);
    let started = Instant::now();
    let source = HazardSource::GeoJson(bytes);
    let done = r
        .import_hazard_layer(&LayerImport {
            source: &source,
            name: "grid.geojson",
            kind: HazardKind::Flood,
            origin: "benchmark grid",
            dated: "2026-01-01",
        })
        .unwrap();
    println!(
        "hazard zones for everyone: a layer of {polygons} polygons imported and {} homes checked in {:.2} s ({} changes to review)",
        done.check.checked,
        started.elapsed().as_secs_f64(),
        done.check.new_changes
    );
    let started = Instant::now();
    let again = r.check_zones().unwrap();
    println!(
        "checking everyone again (every layer in use): {:.2} s for {} homes",
        started.elapsed().as_secs_f64(),
        again.checked
    );

    let area = drawn();
    // The first area after opening (or after a change) reads who lives where into memory.
    let (rss_before, started) = (resident_mb(), Instant::now());
    r.people_in_area(&area).unwrap();
    println!(
        "the first area after opening (the areas' directory read into memory): {:.2} s, resident memory {:.0} → {:.0} MB",
        started.elapsed().as_secs_f64(),
        rss_before,
        resident_mb()
    );
    let mut times = Vec::new();
    let mut inside = 0;
    for _ in 0..30 {
        let started = Instant::now();
        let people = r.people_in_area(&area).unwrap();
        times.push(started.elapsed());
        inside = people.inside.len();
    }
    times.sort();
    println!(
        "people in a drawn area ({inside} inside): p50 {:.1} ms, p95 {:.1} ms over {} runs",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times.len()
    );

    c.bench_function("people in a drawn area", |b| {
        b.iter(|| r.people_in_area(&area).unwrap().inside.len())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(10));
    targets = bench
}
criterion_main!(benches);
