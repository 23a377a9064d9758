//! The anchors: Yorisoi's simplified list of the whole town against LibreOffice Calc
//! (CSV → PDF, headless) and typst (a comparable A4 landscape table) on the same rows,
//! INTERLEAVED in one run — round after round of Yorisoi, LibreOffice, typst — so the
//! ratios hold whatever this machine's speed is today (it varies about 2× from day to day).
//!
//! Run it with `scripts/bench-anchors.sh`, which installs the two anchors and says where
//! they are: `ANCHOR_SOFFICE` (the `soffice` program), `ANCHOR_PYTHON` (a Python with the
//! `typst` package from PyPI), `ANCHOR_FONTS` (the folder of IPAex Gothic, given to typst
//! and, through fontconfig, to LibreOffice) and `ANCHOR_ROUNDS` (default 5).
//!
//! What is timed:
//! - Yorisoi: `Roster::print_list` of the simplified list for the town-wide recipient, in
//!   this process, from the roster to the finished PDF bytes (the sharing rule, the glyph
//!   check, layout, rendering with font subsetting, the ledger row and its audit row); the
//!   unlock (Argon2id, once per session) is not part of a print;
//! - LibreOffice: `soffice --headless --convert-to pdf rows.csv`, the whole process (it has
//!   no way in without starting; its user profile is made by an untimed first run);
//! - typst: `typst.compile(list.typ)` inside a Python process, the compile call only (the
//!   Python start is not timed; loading the fonts is, as it is for a typst compile).
//!
//! The rows are the people the list prints (the roster's active people: the bench roster's
//! basis is `ordinance`, so all of them), with the list's columns: No., ふりがな／氏名, 性別,
//! 年齢, 住所, 電話番号, 携帯電話, 地区. The data is the synthetic demo town (nothing real is
//! written to the unencrypted CSV).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use yorisoi::io::{ExportEncoding, Format, Profile};
use yorisoi::policy::FieldProfile;
use yorisoi::printing::ListRequest;
use yorisoi::FixedClock;

#[path = "common/town.rs"]
mod town;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// Full years from `dob` to `today`.
fn age(dob: NaiveDate, today: NaiveDate) -> i32 {
    let mut years = today.year() - dob.year();
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years
}

/// The list's rows from the roster's full CSV export: No., name, furigana, sex, age,
/// address, phone, mobile, district.
fn anchor_rows(export: &[u8], today: NaiveDate) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(export).expect("a UTF-8 export");
    let text = text.trim_start_matches('\u{feff}');
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("the export has no column {name}: {header:?}"))
    };
    let [name, furigana, sex, dob, address, phone, mobile, district] = [
        "氏名",
        "フリガナ",
        "性別",
        "生年月日",
        "住所",
        "電話番号",
        "携帯電話",
        "地区",
    ]
    .map(col);
    let mut rows = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let rec = rec.unwrap();
        let dob = &rec[dob];
        let age = NaiveDate::parse_from_str(dob, "%Y-%m-%d")
            .map(|d| format!("{}歳", age(d, today)))
            .unwrap_or_default();
        rows.push(vec![
            (i + 1).to_string(),
            rec[name].to_string(),
            rec[furigana].to_string(),
            rec[sex].to_string(),
            age,
            rec[address].to_string(),
            rec[phone].to_string(),
            rec[mobile].to_string(),
            rec[district].to_string(),
        ]);
    }
    rows
}

const HEADER: [&str; 9] = [
    "No.",
    "氏名",
    "ふりがな",
    "性別",
    "年齢",
    "住所",
    "電話番号",
    "携帯電話",
    "地区",
];

/// The typst document: A4 landscape, 12 mm margins, IPAex Gothic 9.5 pt, a ruled table
/// whose header repeats on every page, the furigana above the name, "x / y ページ" below.
const TYPST_LIST: &str = r#"#set page(paper: "a4", flipped: true, margin: 12mm,
  header: [#text(size: 14pt)[避難行動要支援者名簿（簡易版）] #h(1fr) #box(stroke: 1.4pt, inset: 3pt)[取扱注意・複製禁止]],
  footer: context [#h(1fr) #counter(page).display("1 / 1", both: true) ページ])
#set text(font: "IPAexGothic", size: 9.5pt, lang: "ja")
#let rows = csv("rows.csv")
#table(
  columns: (14mm, 44fr, 11fr, 11fr, 70fr, 28fr, 28fr, 26fr),
  stroke: 0.5pt,
  inset: 1.5mm,
  table.header(
    ..("No.", "ふりがな／氏名", "性別", "年齢", "住所", "電話番号", "携帯電話", "地区")
      .map(h => table.cell(fill: luma(85%), text(size: 8.5pt, h)))
  ),
  ..rows.slice(1).map(r => (
    r.at(0),
    [#text(size: 7.5pt, r.at(2)) \ #r.at(1)],
    r.at(3), r.at(4), r.at(5), r.at(6), r.at(7), r.at(8),
  )).flatten()
)
"#;

const TYPST_DRIVER: &str = r#"
import sys, time, typst
t = time.perf_counter()
typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])
print(time.perf_counter() - t)
"#;

struct Anchors {
    work: PathBuf,
    soffice: PathBuf,
    python: PathBuf,
    fonts: PathBuf,
}

impl Anchors {
    fn libreoffice(&self) -> Duration {
        let out = self.work.join("lo");
        let _ = std::fs::remove_dir_all(&out);
        let profile = format!("file://{}", self.work.join("lo-profile").display());
        let started = Instant::now();
        let status = Command::new(&self.soffice)
            .arg(format!("-env:UserInstallation={profile}"))
            .args(["--headless", "--norestore", "--convert-to", "pdf"])
            // Comma-separated, double-quoted, UTF-8 (76), first row as is.
            .args(["--infilter=CSV:44,34,76,1", "--outdir"])
            .arg(&out)
            .arg(self.work.join("rows.csv"))
            .output()
            .expect("soffice runs");
        let took = started.elapsed();
        assert!(
            status.status.success() && out.join("rows.pdf").exists(),
            "LibreOffice made no PDF: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        took
    }

    fn typst(&self) -> Duration {
        let out = self.work.join("typst.pdf");
        let _ = std::fs::remove_file(&out);
        let run = Command::new(&self.python)
            .args(["-c", TYPST_DRIVER])
            .arg(self.work.join("list.typ"))
            .arg(&out)
            .arg(&self.fonts)
            .output()
            .expect("python runs");
        assert!(
            run.status.success() && out.exists(),
            "typst made no PDF: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let secs: f64 = String::from_utf8_lossy(&run.stdout).trim().parse().unwrap();
        Duration::from_secs_f64(secs)
    }
}

fn pages_of(pdf: &Path) -> String {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("Pages:"))
                .map(|l| l["Pages:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

fn summary(times: &[Duration]) -> (f64, f64) {
    let mut s: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    s.sort_by(f64::total_cmp);
    (s[0], s[s.len() / 2])
}

fn main() {
    let rounds: usize = std::env::var("ANCHOR_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5)
        .max(1);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let anchors = Anchors {
        work: manifest.join("target/bench/anchors"),
        soffice: env_path("ANCHOR_SOFFICE", "soffice"),
        python: env_path("ANCHOR_PYTHON", "python3"),
        fonts: std::env::var_os("ANCHOR_FONTS")
            .map_or_else(|| manifest.join("assets/fonts"), PathBuf::from),
    };
    std::fs::create_dir_all(&anchors.work).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let made = Instant::now();
    let mut r = town::fresh(tmp.path(), clock());
    println!(
        "bench roster (demo --persons {}, basis ordinance): ready in {:.1} s",
        town::PERSONS,
        made.elapsed().as_secs_f64()
    );
    let whole = town::town_wide_recipient(&r);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let (export, _) = r
        .render_export(Format::Csv, Profile::Full, ExportEncoding::Utf8Bom)
        .unwrap();
    let rows = anchor_rows(&export, today);
    let mut w = csv::Writer::from_path(anchors.work.join("rows.csv")).unwrap();
    w.write_record(HEADER).unwrap();
    for row in &rows {
        w.write_record(row).unwrap();
    }
    w.flush().unwrap();
    std::fs::write(anchors.work.join("list.typ"), TYPST_LIST).unwrap();

    let mut first = true;
    let mut yorisoi = |pdf: &Path| {
        let started = Instant::now();
        let mut bytes = Vec::new();
        let printed = r
            .print_list(
                &ListRequest {
                    recipient_id: whole,
                    profile: FieldProfile::Simplified,
                    // Every copy after the first reprints the one still out.
                    reprint_reason: (!first).then_some("bench"),
                    ..Default::default()
                },
                &mut |b: &[u8]| {
                    bytes = b.to_vec();
                    Ok(())
                },
            )
            .unwrap();
        let took = started.elapsed();
        first = false;
        assert_eq!(
            printed.persons,
            rows.len(),
            "the list and the CSV must hold the same people"
        );
        std::fs::write(pdf, &bytes).unwrap();
        took
    };

    // Untimed first runs: LibreOffice makes its user profile, every PDF is made once to
    // be looked at.
    let ours = anchors.work.join("yorisoi.pdf");
    yorisoi(&ours);
    anchors.libreoffice();
    anchors.typst();
    println!(
        "{} rows; pages: yorisoi {}, libreoffice {}, typst {} (PDFs in {})",
        rows.len(),
        pages_of(&ours),
        pages_of(&anchors.work.join("lo/rows.pdf")),
        pages_of(&anchors.work.join("typst.pdf")),
        anchors.work.display()
    );

    let (mut y, mut lo, mut ty) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        y.push(yorisoi(&ours));
        lo.push(anchors.libreoffice());
        ty.push(anchors.typst());
        println!(
            "round {round}/{rounds}: yorisoi {:.2} s, libreoffice {:.2} s, typst {:.2} s",
            y[round - 1].as_secs_f64(),
            lo[round - 1].as_secs_f64(),
            ty[round - 1].as_secs_f64()
        );
    }
    let (y_min, y_med) = summary(&y);
    let (lo_min, lo_med) = summary(&lo);
    let (ty_min, ty_med) = summary(&ty);
    println!("\n{rounds} rounds, seconds   min     median");
    println!("yorisoi              {y_min:6.2}  {y_med:6.2}");
    println!("libreoffice          {lo_min:6.2}  {lo_med:6.2}");
    println!("typst                {ty_min:6.2}  {ty_med:6.2}");
    println!(
        "libreoffice / yorisoi: {:.1}× (min)  {:.1}× (median)",
        lo_min / y_min,
        lo_med / y_med
    );
    println!(
        "typst / yorisoi:       {:.1}× (min)  {:.1}× (median)",
        ty_min / y_min,
        ty_med / y_med
    );
}
