//! The 地図 page of a list (#17): the homes of the people on the list, numbered as their
//! rows, and nobody else; an address-protected person is never drawn, and their number is
//! listed with the others not on the map, without a reason. The page is part of the one
//! copy: its furniture, its serial, one ledger row.

use std::process::Command;

use yorisoi::map::{HazardSource, LayerImport};
use yorisoi::model::HazardKind;
use yorisoi::printing::ListRequest;

use super::support::*;

/// 中央町一丁目's 街区 1–6 along latitude 35°, 0.001° apart: a 街区レベル 位置参照情報
/// file as the ministry publishes it (Shift_JIS, every value quoted).
fn block_file() -> Vec<u8> {
    let mut text = String::from(
        "\"都道府県名\",\"市区町村名\",\"大字・丁目名\",\"小字・通称名\",\"街区符号・地番\",\"座標系番号\",\"Ｘ座標\",\"Ｙ座標\",\"緯度\",\"経度\",\"住居表示フラグ\",\"代表フラグ\",\"更新前履歴フラグ\",\"更新後履歴フラグ\"\r\n",
    );
    for b in 1..=6 {
        text.push_str(&format!(
            "\"静岡県\",\"みどり市\",\"中央町一丁目\",\"\",\"{b}\",\"8\",\"-111.1\",\"222.2\",\"35.000000\",\"{:.6}\",\"1\",\"1\",\"0\",\"0\"\r\n",
            138.0 + 0.001 * f64::from(b)
        ));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    bytes.into_owned()
}

/// The print test town, with more neighbours of the 自治会 and the 位置参照情報 imported.
/// The 自治会's list then reads, by address (people whose address is withheld last):
///  1 石川 (1-2-3, 街区 2)      2 青木 (1-2-10, 街区 2)     3 宇野 (1-5-2, 街区 5)
///  4 九条 (九丁目: not placed)  5 四方 (一丁目40番: the 町丁目 only)
///  6 遠藤 (address protected, not placed)  7 山口 (address protected, placed at 街区 4)
/// 井上 (1-2-9, 街区 2) refused the 自治会: she is not on its list.
struct Mapped {
    town: Town,
    protected_placed: i64,
}

fn mapped_town() -> Mapped {
    let mut town = town();
    let mut add = |name: &str, furigana: &str, address: &str, extra| {
        add_neighbour(&mut town.r, name, furigana, address, extra)
    };
    add(
        "石川 同子",
        "いしかわ どうこ",
        "みどり市中央町1-2-3",
        serde_json::json!({}),
    );
    add(
        "宇野 五子",
        "うの いつこ",
        "みどり市中央町1-5-2",
        serde_json::json!({}),
    );
    add(
        "九条 九子",
        "くじょう ここ",
        "みどり市中央町9-1-1",
        serde_json::json!({}),
    );
    add(
        "四方 粗子",
        "よも あらこ",
        "みどり市中央町一丁目40番1号",
        serde_json::json!({}),
    );
    let protected_placed = add(
        "山口 守子",
        "やまぐち もりこ",
        "みどり市中央町1-4-1",
        serde_json::json!({"address_protected": true}),
    );
    let done = town
        .r
        .import_positions(&block_file(), "22000-21.0a.csv")
        .unwrap();
    assert_eq!(done.placement.unplaced, 3, "九条, 遠藤 and 北町's 岡田");
    assert!(town
        .r
        .position(protected_placed)
        .unwrap()
        .unwrap()
        .lon
        .is_some());
    assert!(town
        .r
        .position(town.refused_assoc)
        .unwrap()
        .unwrap()
        .lon
        .is_some());
    Mapped {
        town,
        protected_placed,
    }
}

/// The text inside the map's frame on the last page (the numbers of the homes drawn:
/// the frame holds nothing else but the north arrow's "N"), as pdftotext reads it.
fn framed_text(pdf: &[u8], page: usize) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    // The frame: 12–198 mm across, 36.8–232.8 mm down (no disaster marking), in points.
    let pt = |mm: f64| ((mm * 72.0 / 25.4).round() as i64).to_string();
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-r", "72"])
        .args([
            "-x",
            &pt(12.5),
            "-y",
            &pt(37.5),
            "-W",
            &pt(185.0),
            "-H",
            &pt(194.5),
        ])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn numbers(text: &str) -> Vec<usize> {
    let mut n: Vec<usize> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    n.sort_unstable();
    n
}

#[test]
fn the_map_numbers_the_homes_on_the_list_and_no_one_else() {
    let Mapped {
        mut town,
        protected_placed,
    } = mapped_town();
    let before = town.r.issuances(None).unwrap().len();
    let (printed, pdf) = list(
        &mut town.r,
        &ListRequest {
            map: true,
            ..simple(town.assoc)
        },
    )
    .unwrap();
    assert_eq!(printed.persons, 7);
    let pages = pages_text(&pdf, None);
    assert_eq!(pages.len(), printed.pages);
    assert_eq!(printed.pages, 3, "cover, the rows, the map");
    let map = pages.last().unwrap();
    // The heading (pdftotext lays its full-width space out as spaces).
    assert!(
        map.contains("地図") && map.contains("自宅の位置（数字は名簿の番号）"),
        "{map}"
    );

    // Drawn: 1 and 2 (one 街区, one dot), 3, and 5 at its 町丁目; nobody else — not 井上,
    // whom the sharing rule kept off the list though her home is placed.
    let framed = framed_text(&pdf, 3);
    assert_eq!(numbers(&framed), [1, 2, 3, 5], "{framed}");
    assert!(framed.contains("1・2"), "{framed}");
    let all = pages.join("\n");
    assert!(!has_id(&all, town.refused_assoc), "井上 is not on the list");
    assert!(!all.contains("井上"), "{all}");

    // Not drawn: 4 (not placed), 6 and 7 (address protected; 7's home is placed) — on one
    // line, with no reason.
    let line = map
        .lines()
        .find(|l| l.contains("地図に載せていない番号"))
        .unwrap_or_else(|| panic!("{map}"));
    assert_eq!(line.trim(), "地図に載せていない番号：4, 6, 7");
    for word in ["保護", "支援措置", "非開示", "未特定", "山口", "遠藤"] {
        assert!(!map.contains(word), "{word} on the map page:\n{map}");
    }
    assert!(has_id(&all, protected_placed), "山口 is on the list itself");

    // One copy: one ledger row; the map page carries its serial, its place in the page
    // count and the rest of the furniture.
    let serial = printed.serial.clone().unwrap();
    assert_eq!(town.r.issuances(None).unwrap().len(), before + 1);
    let detail = town.r.issuance_detail(&serial).unwrap();
    assert_eq!(detail.persons.len(), 7);
    assert!(map.contains(&format!("交付番号 {serial}")), "{map}");
    assert!(
        map.contains("3 / 3 ページ") && map.contains("監査ハッシュ"),
        "{map}"
    );
    assert!(
        map.contains("取扱注意・複製禁止") && map.contains("中央地区"),
        "{map}"
    );
    assert!(
        map.contains("縮尺 約1:") && map.contains("ハザード区域"),
        "{map}"
    );
}

#[test]
fn who_is_drawn_follows_the_recipients_list_and_the_map_is_only_there_when_asked() {
    let Mapped { mut town, .. } = mapped_town();
    // Without --map: no map page.
    let (printed, pdf) = list(&mut town.r, &simple(town.assoc)).unwrap();
    assert_eq!(printed.pages, 2);
    assert!(!pages_text(&pdf, None).join("\n").contains("地図"));

    // The 民生委員 may have 井上 (she consented to them) and 青木 and 遠藤, not the 自治会's
    // other neighbours: 井上 (1-2-9) and 青木 (1-2-10) share 街区 2's dot; 遠藤 is not drawn.
    let (printed, pdf) = list(
        &mut town.r,
        &ListRequest {
            map: true,
            ..simple(town.commissioner)
        },
    )
    .unwrap();
    assert_eq!(printed.persons, 3);
    let pages = pages_text(&pdf, None);
    let framed = framed_text(&pdf, pages.len());
    assert_eq!(numbers(&framed), [1, 2], "{framed}");
    assert!(framed.contains("1・2"), "{framed}");
    let map = pages.last().unwrap();
    assert!(map.contains("地図に載せていない番号：3"), "{map}");
}

/// A hazard file of one polygon (JGD2011 degrees), with holes.
fn geojson(outer: [f64; 4], holes: &[[f64; 4]]) -> HazardSource {
    let ring = |[w, s, e, n]: [f64; 4]| serde_json::json!([[w, s], [e, s], [e, n], [w, n], [w, s]]);
    let mut rings = vec![ring(outer)];
    rings.extend(holes.iter().map(|h| ring(*h)));
    HazardSource::GeoJson(
        serde_json::json!({
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {},
                          "geometry": {"type": "Polygon", "coordinates": rings}}]
        })
        .to_string()
        .into_bytes(),
    )
}

/// The RGB pixels of page `page` at 60 dpi, by row.
fn raster(pdf: &[u8], page: usize) -> Vec<Vec<[u8; 3]>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let n = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-f", &n, "-l", &n, "-r", "60", "-png", "-singlefile"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(out.status.success());
    let bytes = std::fs::read(dir.path().join("page.png")).unwrap();
    let mut d = png::Decoder::new(&bytes[..]);
    d.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = d.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    buf[..info.buffer_size()]
        .chunks(info.width as usize * channels)
        .map(|row| row.chunks(channels).map(|p| [p[0], p[1], p[2]]).collect())
        .collect()
}

/// Runs of the light blue of a flood area (or its darker outline) along a row.
fn blue_runs(row: &[[u8; 3]]) -> usize {
    let blue = |p: &[u8; 3]| i32::from(p[2]) > i32::from(p[0]) + 40;
    let mut runs = 0;
    let mut len = 0;
    for p in row {
        if blue(p) {
            len += 1;
        } else {
            runs += usize::from(len >= 3);
            len = 0;
        }
    }
    runs + usize::from(len >= 3)
}

#[test]
fn the_hazard_areas_in_use_are_shaded_inside_the_frame_holes_and_all() {
    let Mapped { mut town, .. } = mapped_town();
    // A flood area from west of the map to between 街区 3 and 4, far beyond the frame to
    // the north and south, with a hole around 街区 2 (138.002°).
    let flood = geojson(
        [137.99, 34.9, 138.0032, 35.1],
        &[[138.0015, 34.95, 138.0025, 35.05]],
    );
    town.r
        .import_hazard_layer(&LayerImport {
            source: &flood,
            name: "flood.geojson",
            kind: HazardKind::Flood,
            origin: "国土数値情報 洪水浸水想定区域（試験）",
            dated: "2024-03-31",
        })
        .unwrap();
    // A tsunami layer over everything, retired: not in use, so neither shaded nor named.
    let tsunami = geojson([137.9, 34.9, 138.1, 35.1], &[]);
    let retired = town
        .r
        .import_hazard_layer(&LayerImport {
            source: &tsunami,
            name: "tsunami.geojson",
            kind: HazardKind::Tsunami,
            origin: "古い津波浸水想定",
            dated: "2012-03-31",
        })
        .unwrap()
        .layer
        .id;
    town.r.retire_hazard_layer(retired).unwrap();

    let (printed, pdf) = list(
        &mut town.r,
        &ListRequest {
            map: true,
            ..simple(town.assoc)
        },
    )
    .unwrap();
    let map = pages_text(&pdf, None).pop().unwrap();
    assert!(map.contains("浸水想定区域"), "{map}");
    assert!(
        map.contains("国土数値情報 洪水浸水想定区域（試験）") && map.contains("2024-03-31"),
        "{map}"
    );
    assert!(
        !map.contains("津波"),
        "a retired layer is not in use:\n{map}"
    );
    // The homes are numbered as before.
    assert_eq!(numbers(&framed_text(&pdf, printed.pages)), [1, 2, 3, 5]);

    let rows = raster(&pdf, printed.pages);
    let px = |mm: f64| (mm * 60.0 / 25.4).round() as usize;
    // Across the frame, 43 mm above the homes' row: the flood to the west, the hole
    // (white), the flood again, then dry land — two blue runs.
    assert_eq!(blue_runs(&rows[px(80.0)][px(12.5)..px(197.5)]), 2);
    // Clipped to the frame: the header above it is not shaded.
    for (y, row) in rows.iter().enumerate().take(px(35.5)).skip(px(14.0)) {
        assert_eq!(blue_runs(row), 0, "blue at row {y}, above the frame");
    }
    // Nor is anything below it but the key's swatch.
    let below: usize = (px(234.0)..px(280.0)).map(|y| blue_runs(&rows[y])).sum();
    assert!(below <= px(5.0), "{below} rows of blue below the frame");
}

#[test]
fn the_command_line_adds_the_map_with_map() {
    use super::common::{stderr, yorisoi, PASS};
    let Mapped { town, .. } = mapped_town();
    let db = town.t.path.clone();
    let assoc = town.assoc.to_string();
    drop(town.r);
    let out = town.t.dir.path().join("list.pdf");
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print",
            "list",
            "--kind",
            "simple",
            "--recipient",
            &assoc,
            "--map",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(&out).unwrap();
    let pages = pages_text(&pdf, None);
    assert_eq!(pages.len(), 3);
    assert!(
        pages[2].contains("地図に載せていない番号：4, 6, 7"),
        "{}",
        pages[2]
    );
    assert_eq!(numbers(&framed_text(&pdf, 3)), [1, 2, 3, 5]);
}

/// A rectangle in JGD2011 degrees.
fn rectangle(west: f64, south: f64, east: f64, north: f64) -> geo_types::MultiPolygon<f64> {
    geo_types::MultiPolygon(vec![geo_types::Polygon::new(
        geo_types::LineString::from(vec![
            (west, south),
            (east, south),
            (east, north),
            (west, north),
            (west, south),
        ]),
        vec![],
    )])
}

#[test]
fn plan_sheets_for_an_area_are_of_the_homes_inside_and_those_not_placed_are_counted() {
    use yorisoi::map::AreaShape;
    use yorisoi::model::{ConsentAnswer, ConsentPurpose, RecipientKind};
    use yorisoi::printing::{PlanRequest, PlanTarget, SheetPeople};
    let Mapped { mut town, .. } = mapped_town();
    // 街区 4 and 5 (138.004, 138.005); the 町丁目's centre (138.0035) is outside.
    let (west, east) = (138.0038, 138.0055);
    let area = AreaShape::Drawn(vec![rectangle(west, 34.99, east, 35.01)]);
    // Who is inside, counted independently from each person's position.
    let everyone: Vec<i64> = town
        .r
        .list_persons(&Default::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let (mut inside, mut not_placed) = (Vec::new(), 0);
    for id in &everyone {
        match town.r.position(*id).unwrap().and_then(|p| p.lon) {
            Some(lon) if (west..=east).contains(&lon) => inside.push(*id),
            Some(_) => {}
            None => not_placed += 1,
        }
    }
    inside.sort_unstable();
    assert_eq!(inside.len(), 2, "宇野 (街区 5) and 山口 (街区 4)");
    assert!(not_placed >= 3, "九条, 遠藤 and 岡田");

    // The office's copy: every home inside, one copy in the ledger named by its area.
    let office = PlanRequest {
        target: PlanTarget::Area(&area),
        recipient_id: None,
        password: Some("area-plan-lock"),
        unlocked_reason: None,
        due_back: None,
        reprint_reason: None,
    };
    let (printed, pdf) = plans(&mut town.r, &office).unwrap();
    assert_eq!(printed.unplaced, not_placed);
    let audited = town.r.audit_log(None, None).unwrap();
    let row = audited
        .iter()
        .rev()
        .find(|e| e.action == "print.plan")
        .unwrap();
    assert!(
        row.detail.contains(&format!(",unplaced={not_placed}")),
        "{}",
        row.detail
    );
    let detail = town
        .r
        .issuance_detail(printed.serial.as_deref().unwrap())
        .unwrap();
    let mut on_copy: Vec<i64> = detail.persons.iter().map(|p| p.person_id).collect();
    on_copy.sort_unstable();
    assert_eq!(on_copy, inside);
    let cut = &detail.issuance.cut;
    assert!(
        cut.starts_with("区域：指定範囲（1区画・") && cut.chars().count() == 19,
        "the cut names a drawn area with a fingerprint: {cut}"
    );
    let text = pages_text(&pdf, Some("area-plan-lock")).join("\n");
    assert!(
        text.contains("宇野 五子") && text.contains("山口 守子"),
        "{text}"
    );
    assert!(!text.contains("石川 同子"), "街区 2 is outside:\n{text}");
    let job = town.r.plan_sheet_people(&office).unwrap();
    let mut ids = job.ids.clone();
    ids.sort_unstable();
    assert_eq!(
        (ids, job.excluded, job.unplaced),
        (inside.clone(), 0, not_placed)
    );

    // For the 自治会: only those inside whom the sharing rule gives it plans for (宇野
    // has a plan and consented to sharing it; 山口 did not).
    let uno = inside
        .iter()
        .copied()
        .find(|id| town.r.view_person(*id).unwrap().name == "宇野 五子")
        .unwrap();
    town.r
        .record_consent(consent_for(
            uno,
            ConsentPurpose::PlanShare,
            RecipientKind::Neighbourhood,
            ConsentAnswer::Consented,
        ))
        .unwrap();
    let mut p = town.r.view_person(uno).unwrap();
    p.plan = Some(
        serde_json::from_value(
            serde_json::json!({"route": "自宅 → 中央小学校（約300m）", "means": "walk"}),
        )
        .unwrap(),
    );
    town.r.update_person(uno, p).unwrap();
    let for_assoc = PlanRequest {
        recipient_id: Some(town.assoc),
        password: None,
        unlocked_reason: Some("区域の試験"),
        ..office
    };
    let (printed, pdf) = plans(&mut town.r, &for_assoc).unwrap();
    assert_eq!((printed.persons, printed.excluded), (1, 1));
    let text = pages_text(&pdf, None).join("\n");
    assert!(
        text.contains("宇野 五子") && !text.contains("山口 守子"),
        "{text}"
    );
    let SheetPeople { ids, excluded, .. } = town.r.plan_sheet_people(&for_assoc).unwrap();
    assert_eq!((ids, excluded), (vec![uno], 1));
    // The same area again is a reprint (a reason is asked); another area drawn for the
    // same recipient is a copy of its own.
    let again = plans(&mut town.r, &for_assoc).unwrap_err();
    assert!(again.to_string().contains("reprint"), "{again}");
    let wider = AreaShape::Drawn(vec![rectangle(west - 0.0001, 34.99, east, 35.01)]);
    let (other, _) = plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::Area(&wider),
            ..for_assoc
        },
    )
    .unwrap();
    assert_eq!(other.persons, 1);
    assert_ne!(other.reprint_of, printed.serial);

    // Nobody inside: refused, saying so; nothing recorded.
    let before = town.r.issuances(None).unwrap().len();
    let empty = AreaShape::Drawn(vec![rectangle(139.0, 36.0, 139.001, 36.001)]);
    let err = plans(
        &mut town.r,
        &PlanRequest {
            target: PlanTarget::Area(&empty),
            ..office
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("inside the area"), "{err}");
    assert_eq!(town.r.issuances(None).unwrap().len(), before);
}

#[test]
fn the_command_line_prints_plan_sheets_for_a_layer_one_file_each() {
    use super::common::{stderr, stdout, yorisoi, yorisoi_as, ACCOUNT, PASS};
    let Mapped { mut town, .. } = mapped_town();
    // A flood layer over 街区 5 only.
    town.r
        .import_hazard_layer(&LayerImport {
            source: &geojson([138.0045, 34.99, 138.0055, 35.01], &[]),
            name: "flood.geojson",
            kind: HazardKind::Flood,
            origin: "試験",
            dated: "2024-03-31",
        })
        .unwrap();
    let db = town.t.path.clone();
    drop(town.r);
    let dir = town.t.dir.path().join("sheets");
    let o = yorisoi_as(
        &db,
        Some(ACCOUNT),
        Some(PASS),
        &[("AREA_LOCK", "layer-lock-1")],
        &[
            "print",
            "plan",
            "--layer",
            "1",
            "--each",
            dir.to_str().unwrap(),
            "--lock-password-env",
            "AREA_LOCK",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "宇野 alone lives in 街区 5: {files:?}");
    assert!(stdout(&o).contains("could not be placed"), "{}", stdout(&o));
    let text = pages_text(
        &std::fs::read(dir.join(&files[0])).unwrap(),
        Some("layer-lock-1"),
    )
    .join("\n");
    assert!(text.contains("宇野 五子"), "{text}");

    // --person with an area is a usage error.
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "print", "plan", "--person", "1", "--layer", "1", "--out", "x.pdf",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
