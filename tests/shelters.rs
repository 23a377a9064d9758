//! The municipality's shelter registry (#22): the published files read by header, cut to
//! the municipality, and every difference from the roster's registry kept to review.

mod common;

use common::*;
use yorisoi::io::TextEncoding;
use yorisoi::model::shelter::{RegistryLayout, ShelterHazard};
use yorisoi::shelters::ShelterImport;
use yorisoi::Roster;

const HEADER: &str = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考\n";

fn emergency_file(rows: &[&str]) -> String {
    format!("{HEADER}{}", rows.concat())
}

const SCHOOL: &str =
    "1,S-001,架空県みどり市,みどり小学校,みどり市中央町1-1,1,,,1,,1,,,1,35.0010,135.0010,\n";
const PARK: &str =
    "2,S-002,架空県みどり市,中央公園,みどり市中央町2-2,,,,1,,1,,,,35.0020,135.0020,\n";
const HALL: &str =
    "3,S-003,架空県みどり市,北公民館,みどり市北町3-3,1,1,,1,,,,,1,35.0030,135.0030,\n";
const ELSEWHERE: &str = "4,X-001,架空県となり町,となり小学校,となり町1,1,,,1,,,,,1,35.1,135.1,\n";

fn import(r: &mut Roster, text: &str) -> yorisoi::Result<yorisoi::shelters::ShelterImported> {
    r.import_shelters(&ShelterImport {
        bytes: text.as_bytes(),
        file_name: "指定緊急避難場所.csv",
        encoding: TextEncoding::Auto,
        municipality: Some("みどり市"),
    })
}

fn accept_all(r: &mut Roster) {
    for c in r.shelter_changes(false).unwrap() {
        r.accept_shelter_change(c.id).unwrap();
    }
}

fn counts(t: &TempRoster) -> (i64, i64, i64, i64) {
    let c = raw(&t.path);
    let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    (
        n("SELECT count(*) FROM shelters"),
        n("SELECT count(*) FROM shelter_changes"),
        n("SELECT count(*) FROM shelter_imports"),
        n("SELECT count(*) FROM audit_log"),
    )
}

#[test]
fn an_import_is_kept_to_review_and_only_an_acceptance_changes_the_registry() {
    let (t, mut r) = TempRoster::new();
    let done = import(&mut r, &emergency_file(&[SCHOOL, PARK, ELSEWHERE])).unwrap();
    assert_eq!(done.layout, RegistryLayout::GsiEmergency);
    assert_eq!(
        (
            done.entries,
            done.outside,
            done.new,
            done.changed,
            done.gone
        ),
        (2, 1, 2, 0, 0)
    );
    assert!(
        r.shelters(None).unwrap().is_empty(),
        "nothing before review"
    );
    let changes = r.shelter_changes(false).unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0].entry.as_ref().unwrap().name, "みどり小学校");
    accept_all(&mut r);
    let list = r.shelters(None).unwrap();
    assert_eq!(list.len(), 2);
    let school = &list[0];
    assert_eq!(
        school.hazards,
        vec![
            ShelterHazard::Flood,
            ShelterHazard::Earthquake,
            ShelterHazard::LargeFire
        ]
    );
    assert!(school.emergency_site && school.evacuation_centre);
    assert!(!list[1].evacuation_centre);
    let flood: Vec<String> = r
        .shelters(Some(ShelterHazard::Flood))
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(flood, vec!["みどり小学校"]);

    // Next year's file: the park no longer listed, the school no longer for floods, a new
    // hall. Nothing changes until each is accepted; a rejected one changes nothing.
    let next = emergency_file(&[&SCHOOL.replace(",1,,,1,,1,,,1,", ",,,,1,,1,,,1,"), HALL]);
    let done = import(&mut r, &next).unwrap();
    assert_eq!(
        (done.new, done.changed, done.gone, done.unchanged),
        (1, 1, 1, 0)
    );
    // The same file again: the pending changes are superseded by identical ones.
    let again = import(&mut r, &next).unwrap();
    assert_eq!((again.new, again.changed, again.gone), (1, 1, 1));
    let pending = r.shelter_changes(false).unwrap();
    assert_eq!(pending.len(), 3, "{pending:#?}");
    assert_eq!(r.shelters(Some(ShelterHazard::Flood)).unwrap().len(), 1);
    let by_kind = |k: &str| pending.iter().find(|c| c.change == k).unwrap().id;
    r.accept_shelter_change(by_kind("changed")).unwrap();
    r.accept_shelter_change(by_kind("gone")).unwrap();
    r.reject_shelter_change(by_kind("new")).unwrap();
    let list = r.shelters(None).unwrap();
    assert_eq!(list.len(), 2, "the rejected hall was not added");
    assert!(!list[0].hazards.contains(&ShelterHazard::Flood));
    assert!(list[1].gone_on.is_some(), "the park is kept, marked gone");
    assert!(r.shelters(Some(ShelterHazard::Flood)).unwrap().is_empty());
    let err = r.accept_shelter_change(by_kind("new")).unwrap_err();
    assert!(err.to_string().contains("already rejected"), "{err}");

    let log = r.audit_log(None, None).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in [
        "shelter.import",
        "shelter.change.accept",
        "shelter.change.reject",
    ] {
        assert!(actions.contains(&a), "{a} missing");
    }
    drop(r);
    let (shelters, _, imports, _) = counts(&t);
    assert_eq!((shelters, imports), (2, 3));
}

#[test]
fn the_evacuation_centres_list_adds_to_the_same_shelter_by_its_common_id() {
    let (_t, mut r) = TempRoster::new();
    import(&mut r, &emergency_file(&[PARK])).unwrap();
    accept_all(&mut r);
    let centres = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,指定緊急避難場所との住所同一,その他市町村長が必要と認める事項,受入対象者,緯度,経度,備考\n\
                   1,S-002,架空県みどり市,中央公園,みどり市中央町2-2,1,,要配慮者,35.0020,135.0020,\n";
    let done = import(&mut r, centres).unwrap();
    assert_eq!(
        (done.layout, done.changed, done.gone),
        (RegistryLayout::GsiEvacuation, 1, 0)
    );
    accept_all(&mut r);
    let s = &r.shelters(None).unwrap()[0];
    assert!(s.emergency_site && s.evacuation_centre);
    assert_eq!(s.accepts, "要配慮者");
    assert_eq!(
        s.hazards,
        vec![ShelterHazard::Earthquake, ShelterHazard::LargeFire]
    );
}

#[test]
fn a_file_with_a_row_it_cannot_read_is_refused_whole_and_writes_nothing() {
    let (t, mut r) = TempRoster::new();
    import(&mut r, &emergency_file(&[SCHOOL])).unwrap();
    let before = counts(&t);
    let bad = emergency_file(&[PARK, &HALL.replace("35.0030", "北緯35度")]);
    let err = import(&mut r, &bad).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("row 3") && text.contains("緯度"), "{text}");
    let missing = HEADER.replace(",津波,", ",つなみ,") + SCHOOL;
    let err = import(&mut r, &missing).unwrap_err();
    assert!(err.to_string().contains("津波"), "{err}");
    let err = import(&mut r, &emergency_file(&[ELSEWHERE])).unwrap_err();
    assert!(err.to_string().contains("no shelter of みどり市"), "{err}");
    // A national file, and no municipality said or set: refused, naming the choice.
    let national = emergency_file(&[PARK, ELSEWHERE]);
    let err = r
        .import_shelters(&ShelterImport {
            bytes: national.as_bytes(),
            file_name: "全国.csv",
            encoding: TextEncoding::Auto,
            municipality: None,
        })
        .unwrap_err();
    assert!(err.to_string().contains("2 municipalities"), "{err}");
    drop(r);
    assert_eq!(counts(&t), before);
}

#[test]
fn a_welfare_shelter_is_entered_with_whom_it_accepts_and_its_capacity() {
    let (_t, mut r) = TempRoster::new();
    let doc = |v: serde_json::Value| serde_json::from_value(v).unwrap();
    let s = r
        .add_shelter(doc(serde_json::json!({
            "name": " みどり園 ", "address": "みどり市南町5", "welfare": "designated",
            "groups": ["medical-care", "elderly", "elderly"], "capacity": 12, "family": 1,
            "contact": "0990-55-1111", "equipment": ["電源", "介護ベッド"],
            "lat": 35.01, "lon": 135.02
        })))
        .unwrap();
    assert_eq!(s.name, "みどり園");
    assert_eq!(
        s.groups,
        vec![
            yorisoi::model::shelter::AcceptedGroup::Elderly,
            yorisoi::model::shelter::AcceptedGroup::MedicalCare
        ]
    );
    assert_eq!((s.capacity, s.family), (Some(12), 1));
    assert_eq!(s.equipment, vec!["電源", "介護ベッド"]);
    assert_eq!(r.shelter(s.id).unwrap(), s);
    // A 指定 福祉避難所 publishes whom it accepts and has a capacity; groups are for 福祉避難所.
    for (bad, field) in [
        (
            serde_json::json!({"name": "a", "welfare": "designated", "capacity": 5}),
            "groups",
        ),
        (
            serde_json::json!({"name": "a", "welfare": "agreement"}),
            "capacity",
        ),
        (
            serde_json::json!({"name": "a", "groups": ["infant"]}),
            "groups",
        ),
        (serde_json::json!({"name": " "}), "name"),
        (serde_json::json!({"name": "a", "lat": 35.0}), "lat"),
    ] {
        let err = r.add_shelter(doc(bad)).unwrap_err();
        assert!(err.to_string().contains(field), "{field}: {err}");
    }
    assert_eq!(r.shelters(None).unwrap().len(), 1);
}

#[test]
fn the_command_line_imports_reviews_and_lists_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("roster.db");
    let run = |args: &[&str]| yorisoi(&db, Some(PASS), args);
    let o = run(&["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A Shift_JIS national file.
    let file = dir.path().join("指定緊急避難場所.csv");
    let text = emergency_file(&[SCHOOL, ELSEWHERE]);
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    std::fs::write(&file, &bytes).unwrap();
    let path = file.to_str().unwrap();
    let o = run(&[
        "shelter",
        "import",
        path,
        "--municipality",
        "みどり市",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let done: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (done["new"].as_u64(), done["outside"].as_u64()),
        (Some(1), Some(1))
    );
    let o = run(&["shelter", "review", "list", "--json"]);
    let changes: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = changes[0]["id"].as_i64().unwrap().to_string();
    let o = run(&["shelter", "review", "accept", &id]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["shelter", "list", "--hazard", "flood", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(list[0]["name"], "みどり小学校");
    assert_eq!(list[0]["hazards"][0], "flood");
    let o = run(&["shelter", "list", "--hazard", "fire"]);
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("large-fire"), "{}", stderr(&o));
    let o = run(&["shelter", "import", "/nonexistent.csv"]);
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
}
