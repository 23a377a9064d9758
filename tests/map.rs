//! Where people live (#17): hazard layers, homes placed from the 位置参照情報, the zones
//! they give kept as changes to review, and the people inside an area.

mod common;

use common::*;
use yorisoi::geo::LonLat;
use yorisoi::map::{Area, AreaShape, HazardSource, LayerImport, MapColouring, PointClass};
use yorisoi::model::{HazardKind, Person, PositionLevel};
use yorisoi::{Error, Roster};

/// 中央町一丁目's 街区 1–6 lie east to west along latitude 35°, 0.001° apart.
fn block_lon(block: u32) -> f64 {
    138.0 + 0.001 * f64::from(block)
}

/// A 街区レベル file as the ministry publishes it (Shift_JIS, every value quoted).
fn block_file() -> Vec<u8> {
    let mut text = String::from(
        "\"都道府県名\",\"市区町村名\",\"大字・丁目名\",\"小字・通称名\",\"街区符号・地番\",\"座標系番号\",\"Ｘ座標\",\"Ｙ座標\",\"緯度\",\"経度\",\"住居表示フラグ\",\"代表フラグ\",\"更新前履歴フラグ\",\"更新後履歴フラグ\"\r\n",
    );
    for b in 1..=6 {
        text.push_str(&format!(
            "\"静岡県\",\"みどり市\",\"中央町一丁目\",\"\",\"{b}\",\"8\",\"-111.1\",\"222.2\",\"35.000000\",\"{:.6}\",\"1\",\"1\",\"0\",\"0\"\r\n",
            block_lon(b)
        ));
    }
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    bytes.into_owned()
}

/// A flood area over 街区 1–3 with a hole around 街区 2.
fn flood_geojson() -> Vec<u8> {
    serde_json::json!({
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {"A31_001": "みどり川"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[138.0005, 34.99], [138.0032, 34.99], [138.0032, 35.01], [138.0005, 35.01], [138.0005, 34.99]],
                    [[138.0015, 34.995], [138.0015, 35.005], [138.0025, 35.005], [138.0025, 34.995], [138.0015, 34.995]]
                ]
            }
        }]
    })
    .to_string()
    .into_bytes()
}

fn person_at(name: &str, address: &str, flood: bool) -> Person {
    let mut p = person(name, "たろう", "1940-01-01");
    p.address = address.to_string();
    p.hazard_zones.flood = flood;
    p
}

fn flood_of(roster: &mut Roster, id: i64) -> bool {
    roster.view_person(id).unwrap().hazard_zones.flood
}

struct Town {
    t: TempRoster,
    roster: Roster,
    /// 街区 1 (no flood on record): the layer puts it inside.
    in_block_1: i64,
    /// 街区 2, in the hole (flood on record): the layer takes it out.
    in_hole: i64,
    /// 街区 3 (flood on record): agrees.
    in_block_3: i64,
    /// 街区 6 (no flood): agrees.
    in_block_6: i64,
    /// 中央町九丁目: not in the file.
    unknown_town: i64,
    /// 街区 40: not in the file; placed at the 町丁目.
    unknown_block: i64,
}

fn town() -> Town {
    let (t, mut roster) = TempRoster::new();
    let mut add = |name: &str, address: &str, flood: bool| {
        roster.add_person(person_at(name, address, flood)).unwrap()
    };
    let in_block_1 = add("一番 花子", "みどり市中央町一丁目1番5号", false);
    let in_hole = add("二番 太郎", "みどり市中央町1-2-3", true);
    let in_block_3 = add("三番 次郎", "静岡県みどり市中央町１丁目３番地２", true);
    let in_block_6 = add("六番 三郎", "みどり市中央町1-6-1 みどりハイツ101", false);
    let unknown_town = add("九丁 四郎", "みどり市中央町九丁目1番1号", false);
    let unknown_block = add("四十 五郎", "みどり市中央町一丁目40番1号", false);
    Town {
        t,
        roster,
        in_block_1,
        in_hole,
        in_block_3,
        in_block_6,
        unknown_town,
        unknown_block,
    }
}

fn import_flood(roster: &mut Roster) -> yorisoi::map::LayerImported {
    let source = HazardSource::GeoJson(flood_geojson());
    roster
        .import_hazard_layer(&LayerImport {
            source: &source,
            name: "flood.geojson",
            kind: HazardKind::Flood,
            origin: "国土数値情報 洪水浸水想定区域（試験）",
            dated: "2024-03-31",
        })
        .unwrap()
}

#[test]
fn homes_are_placed_at_their_block_or_town_and_the_rest_listed_apart() {
    let mut w = town();
    let done = w
        .roster
        .import_positions(&block_file(), "12345-22.0a.csv")
        .unwrap();
    assert_eq!(done.file.entries, 6);
    assert_eq!(
        (
            done.placement.block,
            done.placement.town,
            done.placement.unplaced
        ),
        (4, 1, 1)
    );
    let p = w.roster.position(w.in_block_3).unwrap().unwrap();
    assert_eq!(p.level, PositionLevel::Block);
    assert!((p.lon.unwrap() - block_lon(3)).abs() < 1e-9);
    let town_level = w.roster.position(w.unknown_block).unwrap().unwrap();
    assert_eq!(town_level.level, PositionLevel::Town);
    assert_eq!(
        w.roster.position(w.unknown_town).unwrap().unwrap().level,
        PositionLevel::Unplaced
    );

    // A new person is placed when added; a changed address is placed again.
    let later = w
        .roster
        .add_person(person_at("後 六子", "みどり市中央町1-5-9", false))
        .unwrap();
    let p = w.roster.position(later).unwrap().unwrap();
    assert_eq!(p.level, PositionLevel::Block);
    assert!((p.lon.unwrap() - block_lon(5)).abs() < 1e-9);
    let mut moved = w.roster.view_person(later).unwrap();
    moved.address = "みどり市中央町一丁目4番1号".to_string();
    w.roster.update_person(later, moved).unwrap();
    let p = w.roster.position(later).unwrap().unwrap();
    assert!((p.lon.unwrap() - block_lon(4)).abs() < 1e-9, "{p:?}");

    // By hand: kept until the address changes.
    w.roster
        .set_position(
            w.unknown_town,
            LonLat {
                lon: 138.0101,
                lat: 35.002,
            },
        )
        .unwrap();
    let p = w.roster.position(w.unknown_town).unwrap().unwrap();
    assert_eq!(p.level, PositionLevel::Manual);
    let mut moved = w.roster.view_person(w.unknown_town).unwrap();
    moved.address = "みどり市中央町1-6-2".to_string();
    w.roster.update_person(w.unknown_town, moved).unwrap();
    let p = w.roster.position(w.unknown_town).unwrap().unwrap();
    assert_eq!(p.level, PositionLevel::Block);
    assert!((p.lon.unwrap() - block_lon(6)).abs() < 1e-9);

    // Not in Japan: refused, nothing written.
    let err = w
        .roster
        .set_position(
            w.in_block_1,
            LonLat {
                lon: 35.0,
                lat: 138.0,
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err}");
    assert_eq!(
        w.roster.position(w.in_block_1).unwrap().unwrap().level,
        PositionLevel::Block
    );
    drop(w.t);
}

#[test]
fn a_layer_makes_changes_to_review_and_nothing_changes_until_accepted() {
    let mut w = town();
    w.roster
        .import_positions(&block_file(), "block.csv")
        .unwrap();
    let done = import_flood(&mut w.roster);
    assert_eq!(done.layer.features, 1);
    assert_eq!(done.check.new_changes, 2);
    assert_eq!(done.check.unplaced, 1);

    let changes = w.roster.zone_changes().unwrap();
    let found: Vec<(i64, bool, bool)> = changes
        .iter()
        .map(|c| (c.person_id, c.old, c.new))
        .collect();
    assert_eq!(
        found,
        vec![(w.in_block_1, false, true), (w.in_hole, true, false)]
    );
    assert_eq!(changes[0].layers[0].dated, "2024-03-31");
    assert_eq!(changes[0].kind, HazardKind::Flood);
    // Nothing changed yet.
    assert!(!flood_of(&mut w.roster, w.in_block_1));
    assert!(flood_of(&mut w.roster, w.in_hole));

    // Accepted: the record changes. Rejected: it stays, and is not raised again.
    let accepted = w.roster.accept_zone_change(changes[0].id).unwrap();
    assert_eq!(accepted.status, "accepted");
    assert!(flood_of(&mut w.roster, w.in_block_1));
    w.roster.reject_zone_change(changes[1].id).unwrap();
    assert!(flood_of(&mut w.roster, w.in_hole));
    let again = w.roster.check_zones().unwrap();
    assert_eq!((again.new_changes, again.still_pending), (0, 0));
    assert!(w.roster.zone_changes().unwrap().is_empty());
    // A change cannot be decided twice.
    assert!(w.roster.accept_zone_change(changes[1].id).is_err());

    // The same areas from a newer file: the finding rejected is raised again (new data),
    // the one accepted agrees.
    let newer = import_flood(&mut w.roster);
    let again: Vec<(i64, bool)> = w
        .roster
        .zone_changes()
        .unwrap()
        .iter()
        .map(|c| (c.person_id, c.new))
        .collect();
    assert_eq!(again, vec![(w.in_hole, false)]);
    assert_eq!(newer.check.new_changes, 1);
    // Retiring both: no flood layer is in use, so nothing is known about floods and the
    // change waiting is set aside; the records stay as they are.
    w.roster.retire_hazard_layer(done.layer.id).unwrap();
    let retired = w.roster.retire_hazard_layer(newer.layer.id).unwrap();
    assert!(
        retired.kinds.is_empty(),
        "no flood layer is in use: nothing is known"
    );
    assert_eq!(retired.superseded, 1);
    assert!(w.roster.zone_changes().unwrap().is_empty());
    assert!(flood_of(&mut w.roster, w.in_block_1));
    assert!(flood_of(&mut w.roster, w.in_hole));

    let actions: Vec<String> = w
        .roster
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "positions.import",
        "hazard.import",
        "zone.accept",
        "zone.reject",
        "zone.check",
        "hazard.retire",
    ] {
        assert!(
            actions.iter().any(|x| x == a),
            "{a} not audited: {actions:?}"
        );
    }
}

#[test]
fn the_people_in_an_area_match_an_independent_count() {
    let mut w = town();
    w.roster
        .import_positions(&block_file(), "block.csv")
        .unwrap();
    let layer = import_flood(&mut w.roster).layer.id;
    let by_layer = w
        .roster
        .people_in_area(&Area {
            shape: AreaShape::Layers(vec![layer]),
            districts: vec![],
        })
        .unwrap();
    let inside: Vec<i64> = by_layer.inside.iter().map(|p| p.person_id).collect();
    let mut expected = vec![w.in_block_1, w.in_block_3];
    expected.sort_unstable();
    let mut got = inside.clone();
    got.sort_unstable();
    assert_eq!(got, expected);
    let unplaced: Vec<i64> = by_layer.unplaced.iter().map(|p| p.person_id).collect();
    assert_eq!(unplaced, vec![w.unknown_town]);

    // A drawn rectangle over 街区 4–6, counted independently from the block positions.
    let drawn = geo_types::MultiPolygon(vec![geo_types::Polygon::new(
        geo_types::LineString::from(vec![
            (138.0035, 34.9),
            (138.0065, 34.9),
            (138.0065, 35.1),
            (138.0035, 35.1),
            (138.0035, 34.9),
        ]),
        vec![],
    )]);
    let people = w
        .roster
        .people_in_area(&Area {
            shape: AreaShape::Drawn(vec![drawn]),
            districts: vec!["中央地区".to_string()],
        })
        .unwrap();
    let placed = [
        (w.in_block_1, block_lon(1)),
        (w.in_hole, block_lon(2)),
        (w.in_block_3, block_lon(3)),
        (w.in_block_6, block_lon(6)),
        (w.unknown_block, (1..=6).map(block_lon).sum::<f64>() / 6.0),
    ];
    let mut expected: Vec<i64> = placed
        .iter()
        .filter(|(_, lon)| (138.0035..=138.0065).contains(lon))
        .map(|(id, _)| *id)
        .collect();
    expected.sort_unstable();
    let mut got: Vec<i64> = people.inside.iter().map(|p| p.person_id).collect();
    got.sort_unstable();
    assert_eq!(got, expected);
    assert_eq!(expected.len(), 2, "街区 6 and the 町丁目's centre");

    // An unknown district is refused by name.
    let err = w
        .roster
        .people_in_area(&Area {
            shape: AreaShape::Layers(vec![layer]),
            districts: vec!["どこにもない地区".to_string()],
        })
        .unwrap_err();
    assert!(err.to_string().contains("どこにもない地区"), "{err}");
}

#[test]
fn the_command_line_imports_reviews_and_lists_an_area() {
    let (t, mut roster) = TempRoster::new();
    let a = roster
        .add_person(person_at("一番 花子", "みどり市中央町一丁目1番5号", false))
        .unwrap();
    let b = roster
        .add_person(person_at("どこか 誰か", "みどり市どこか町1-1-1", false))
        .unwrap();
    drop(roster);
    let dir = t.dir.path();
    std::fs::write(dir.join("block.csv"), block_file()).unwrap();
    std::fs::write(dir.join("flood.geojson"), flood_geojson()).unwrap();
    let run = |args: &[&str]| yorisoi(&t.path, Some(PASS), args);

    let o = run(&[
        "map",
        "positions",
        "import",
        dir.join("block.csv").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("街区 1"), "{}", stdout(&o));

    let o = run(&[
        "map",
        "layer",
        "import",
        dir.join("flood.geojson").to_str().unwrap(),
        "--kind",
        "flood",
        "--source",
        "試験",
        "--dated",
        "2024-03-31",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["map", "zones", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["person_id"], a);
    assert_eq!(list[0]["new"], true);

    let o = run(&["area", "people", "--layer", "1", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["inside"][0]["person_id"], a);
    assert_eq!(v["inside"].as_array().unwrap().len(), 1);
    assert_eq!(v["unplaced"][0]["person_id"], b);

    // A wrong kind is a usage error naming the field; a broken file is refused, naming it.
    let o = run(&[
        "map",
        "layer",
        "import",
        dir.join("flood.geojson").to_str().unwrap(),
        "--kind",
        "fire",
        "--source",
        "x",
        "--dated",
        "2024-03-31",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("--kind"), "{}", stderr(&o));
    std::fs::write(
        dir.join("broken.geojson"),
        b"{\"type\": \"FeatureCollection\", \"features\": [",
    )
    .unwrap();
    let o = run(&[
        "map",
        "layer",
        "import",
        dir.join("broken.geojson").to_str().unwrap(),
        "--kind",
        "flood",
        "--source",
        "x",
        "--dated",
        "2024-03-31",
    ]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    let o = run(&["map", "layer", "list", "--json"]);
    let layers: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        layers.as_array().unwrap().len(),
        1,
        "the broken file left nothing"
    );

    let o = run(&["map", "zones", "accept", "--all"]);
    assert!(stdout(&o).contains("accepted 1"), "{}", stdout(&o));
}

#[test]
fn the_map_shows_everyone_placed_coloured_by_priority_to_every_role() {
    use yorisoi::model::account::Role;
    use yorisoi::model::{HouseholdKind, Mobility};
    use yorisoi::Passphrase;
    let (t, mut roster) = TempRoster::new();
    // Bedridden, alone, in a flood zone: 2 × 4 × 3 = 24, high. Nothing else: 1, low.
    let mut urgent = person_at("寝子 高", "みどり市中央町九丁目1番1号", true);
    urgent.mobility = Some(Mobility::Bedridden);
    urgent.household = Some(HouseholdKind::Alone);
    let urgent = roster.add_person(urgent).unwrap();
    let well = roster
        .add_person(person_at("元気 低", "みどり市中央町九丁目1番2号", false))
        .unwrap();
    let nowhere = roster
        .add_person(person_at("不明 人", "みどり市中央町九丁目1番3号", false))
        .unwrap();
    for (id, lon) in [(urgent, 138.001), (well, 138.002)] {
        roster.set_position(id, LonLat { lon, lat: 35.0 }).unwrap();
    }

    let p = roster.map_points(MapColouring::Priority).unwrap();
    assert_eq!(p.ids, vec![urgent, well], "the placed, by id");
    assert_eq!(
        p.class,
        vec![PointClass::High.code(), PointClass::Low.code()]
    );
    assert!((p.lon[1] - 138.002).abs() < 1e-12 && (p.lat[1] - 35.0).abs() < 1e-12);
    assert_eq!((p.placement.manual, p.placement.unplaced), (2, 1));
    let seen = roster.audit_log(None, Some(1)).unwrap().remove(0);
    assert_eq!(
        (seen.action.as_str(), seen.detail.as_str()),
        ("map.view", "colour=priority points=2 unplaced=1"),
        "counts only"
    );
    let home = roster.map_home(nowhere).unwrap().unwrap();
    assert_eq!((home.level, home.lon), (PositionLevel::Unplaced, None));
    assert!(
        roster.map_points(MapColouring::Drill(99)).is_err(),
        "no such drill"
    );

    // A viewer sees the map, and may not move anyone on it.
    let secret = "kappa sells umbrellas at dawn";
    roster
        .account_add("sato", Role::Viewer, &Passphrase::new(secret.into()))
        .unwrap();
    drop(roster);
    let mut viewer =
        Roster::open(&t.path, "sato", &Passphrase::new(secret.into()), clock()).unwrap();
    assert_eq!(
        viewer.map_points(MapColouring::Priority).unwrap().ids.len(),
        2
    );
    let refused = viewer
        .set_position(
            nowhere,
            LonLat {
                lon: 138.0,
                lat: 35.0,
            },
        )
        .unwrap_err();
    assert!(matches!(refused, Error::Forbidden { .. }), "{refused}");
}

#[test]
fn during_a_drill_the_map_colours_everyone_as_the_board_counts_them() {
    use chrono::{NaiveDate, NaiveTime};
    use yorisoi::drill::{CheckRequest, CheckStatus, NewDrill};
    use yorisoi::printing::drill::SheetRequest;
    let (_t, mut r) = TempRoster::new();
    // The demo town comes with its 位置参照情報: everyone is placed.
    yorisoi::demo::populate(&mut r, 120, 5).unwrap();
    r.set_setting("consent.basis", "ordinance").unwrap();
    let whole = r
        .recipients()
        .unwrap()
        .into_iter()
        .find(|x| x.district.is_none())
        .and_then(|x| x.id)
        .unwrap();
    let drill = r
        .drill_new(&NewDrill {
            name: "地図の訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &[],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap();
    // Sheets for all but the last district: its people are not in the drill.
    let (last, sheeted) = drill.districts.split_last().unwrap();
    assert!(!last.is_empty());
    let mut people = Vec::new();
    for district in sheeted {
        let printed = r
            .print_drill_sheet(
                &SheetRequest {
                    drill_id: drill.id,
                    district,
                    recipient_id: Some(whole),
                    unlocked_reason: Some("試験"),
                    ..Default::default()
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap();
        let serial = printed.serial.unwrap();
        people.extend(
            r.issuance_detail(&serial)
                .unwrap()
                .persons
                .iter()
                .map(|p| p.person_id),
        );
    }
    let statuses = [
        CheckStatus::Safe,
        CheckStatus::NotHome,
        CheckStatus::NeedsHelp,
        CheckStatus::Unreached,
    ];
    for (i, id) in people.iter().step_by(3).enumerate() {
        r.drill_check(&CheckRequest {
            drill_id: drill.id,
            person_id: *id,
            status: statuses[i % 4],
            at: None,
            by: "班長",
            note: "",
            correct: false,
        })
        .unwrap();
    }

    let p = r.map_points(MapColouring::Drill(drill.id)).unwrap();
    assert_eq!(p.placement.unplaced, 0, "the demo town places everyone");
    let count = |c: PointClass| p.class.iter().filter(|x| **x == c.code()).count();
    let board = r.drill_status(drill.id).unwrap();
    assert_eq!(count(PointClass::Safe), board.total.safe);
    assert_eq!(count(PointClass::NeedsHelp), board.total.needs_help);
    assert_eq!(count(PointClass::NotHome), board.total.not_home);
    assert_eq!(count(PointClass::Unreached), board.total.not_reached);
    assert_eq!(
        count(PointClass::NotInDrill),
        p.ids.len() - board.total.people
    );
    assert!(count(PointClass::NotInDrill) > 0 && count(PointClass::Safe) > 0);
    let seen = r.audit_log(None, Some(2)).unwrap();
    assert!(
        seen.iter().any(|e| e.detail
            == format!(
                "colour=drill:{} points={} unplaced=0",
                drill.id,
                p.ids.len()
            )),
        "{seen:?}"
    );
}
