//! Reference renderings: the pages of a simplified list, a plan sheet and a blank consent
//! form are rasterised (pdftoppm, 30 dpi, grey) and compared with the images committed in
//! `tests/fixtures/print/`, so a layout regression fails the suite. After an intended
//! change, look at the new pages and run with `YORISOI_BLESS_RENDERINGS=1` to replace them.

use std::path::{Path, PathBuf};
use std::process::Command;

use yorisoi::policy::FieldProfile;
use yorisoi::printing::{ListRequest, PlanRequest, PlanTarget};

use super::support::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/print")
}

/// Grey pixels of each page.
fn raster(pdf: &[u8]) -> Vec<(u32, u32, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "30", "-gray", "-png"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(out.status.success());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| decode(&std::fs::read(f).unwrap()))
        .collect()
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut d = png::Decoder::new(png_bytes);
    d.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = d.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let grey = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|px| px[0])
        .collect();
    (info.width, info.height, grey)
}

fn encode(w: u32, h: u32, grey: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, w, h);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    e.write_header().unwrap().write_image_data(grey).unwrap();
    out
}

fn compare(name: &str, pdf: &[u8]) {
    let pages = raster(pdf);
    let bless = std::env::var_os("YORISOI_BLESS_RENDERINGS").is_some();
    for (i, (w, h, grey)) in pages.iter().enumerate() {
        let file = fixtures().join(format!("{name}-{}.png", i + 1));
        if bless {
            std::fs::create_dir_all(fixtures()).unwrap();
            std::fs::write(&file, encode(*w, *h, grey)).unwrap();
            continue;
        }
        let want = std::fs::read(&file)
            .unwrap_or_else(|_| panic!("{} is missing: bless the renderings", file.display()));
        let (ww, wh, wgrey) = decode(&want);
        assert_eq!((ww, wh), (*w, *h), "{name} page {} size", i + 1);
        // Anti-aliasing may differ by a shade between poppler builds; moved or missing
        // text and boxes change many pixels by a lot.
        let changed = grey
            .iter()
            .zip(&wgrey)
            .filter(|(a, b)| a.abs_diff(**b) > 64)
            .count();
        let share = changed as f64 / grey.len() as f64;
        assert!(
            share < 0.002,
            "{name} page {} differs from {} in {:.2}% of pixels",
            i + 1,
            file.display(),
            share * 100.0
        );
    }
    if !bless {
        let extra = fixtures().join(format!("{name}-{}.png", pages.len() + 1));
        assert!(!extra.exists(), "{name} has fewer pages than its reference");
    }
}

#[test]
fn pages_look_like_the_reference_renderings() {
    let mut town = town();
    let (_, pdf) = list(
        &mut town.r,
        &ListRequest {
            recipient_id: town.assoc,
            profile: FieldProfile::Simplified,
            ..Default::default()
        },
    )
    .unwrap();
    compare("simplified-list", &pdf);
    let (_, pdf) = plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::Person(town.both),
            recipient_id: None,
            password: Some("kagi-no-aikotoba"),
            unlocked_reason: None,
            due_back: None,
            reprint_reason: None,
        },
    )
    .unwrap();
    // The office's copy is always locked: compared as it opens with its password.
    compare("plan-sheet", &unlocked(&pdf, "kagi-no-aikotoba"));
    let mut form = Vec::new();
    town.r
        .print_form(None, &mut |b: &[u8]| {
            form = b.to_vec();
            Ok(())
        })
        .unwrap();
    compare("consent-form", &form);
}
