//! Plans point at the shelter registry (#22): a destination per kind of hazard, the checks
//! of the plans' shelters, the review a changed designation brings, and 福祉避難所
//! matching within capacity.

mod common;

use common::*;
use yorisoi::geo::LonLat;
use yorisoi::io::TextEncoding;
use yorisoi::map::{HazardSource, LayerImport};
use yorisoi::model::shelter::{NewShelter, ShelterHazard};
use yorisoi::model::{DestinationKind, HazardKind, Person};
use yorisoi::shelters::{DestinationPlace, DestinationSet, ShelterImport};
use yorisoi::Roster;

const HEADER: &str = "NO,共通ID,都道府県名及び市町村名,施設・場所名,住所,洪水,崖崩れ、土石流及び地滑り,高潮,地震,津波,大規模な火事,内水氾濫,火山現象,指定避難所との住所同一,緯度,経度,備考\n";
/// Safe in a flood, an earthquake and a fire.
const SCHOOL: &str =
    "1,S-001,架空県みどり市,みどり小学校,みどり市中央町1-1,1,,,1,,1,,,1,35.0010,135.0010,\n";
/// Safe in an earthquake and a fire only, and inside the flood layer below.
const PARK: &str =
    "2,S-002,架空県みどり市,中央公園,みどり市中央町2-2,,,,1,,1,,,,35.0020,135.0020,\n";

fn import(r: &mut Roster, rows: &[&str]) {
    let text = format!("{HEADER}{}", rows.concat());
    r.import_shelters(&ShelterImport {
        bytes: text.as_bytes(),
        file_name: "指定緊急避難場所.csv",
        encoding: TextEncoding::Auto,
        municipality: Some("みどり市"),
    })
    .unwrap();
    for c in r.shelter_changes(false).unwrap() {
        r.accept_shelter_change(c.id).unwrap();
    }
}

fn id_of(r: &Roster, name: &str) -> i64 {
    r.shelters(None)
        .unwrap()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .id
}

fn welfare(r: &mut Roster, doc: serde_json::Value) -> i64 {
    let doc: NewShelter = serde_json::from_value(doc).unwrap();
    r.add_shelter(doc).unwrap().id
}

fn someone(name: &str, dob: &str, extra: serde_json::Value) -> Person {
    let mut v = serde_json::json!({
        "name": name, "furigana": "テスト", "sex": "female", "date_of_birth": dob,
        "address": "みどり市中央町1-2-3", "phone": "0990-11-2222", "district": "中央地区"
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    Person::from_json(&v.to_string()).unwrap()
}

fn set(r: &mut Roster, person: i64, hazard: Option<ShelterHazard>, place: DestinationPlace) {
    r.set_destination(&DestinationSet {
        person_id: person,
        hazard,
        place,
    })
    .unwrap();
}

fn shelter(id: i64) -> DestinationPlace {
    DestinationPlace::Shelter { id, direct: false }
}

fn direct(id: i64) -> DestinationPlace {
    DestinationPlace::Shelter { id, direct: true }
}

fn codes(r: &Roster, person: i64) -> Vec<(i64, String, Option<ShelterHazard>)> {
    r.shelter_warnings(person)
        .unwrap()
        .into_iter()
        .map(|w| (w.position, w.code, w.hazard))
        .collect()
}

#[test]
fn a_plan_names_a_place_per_hazard_from_the_registry() {
    let (t, mut r) = TempRoster::new();
    import(&mut r, &[SCHOOL, PARK]);
    let (school, park) = (id_of(&r, "みどり小学校"), id_of(&r, "中央公園"));
    let id = r
        .add_person(someone("洪水 花子", "1940-05-01", serde_json::json!({})))
        .unwrap();
    set(&mut r, id, Some(ShelterHazard::Flood), shelter(school));
    set(&mut r, id, Some(ShelterHazard::Earthquake), shelter(park));
    r.set_destination(&DestinationSet {
        person_id: id,
        hazard: None,
        place: DestinationPlace::Private {
            kind: DestinationKind::Relative,
            name: "長男宅".into(),
            address: "となり町1-1".into(),
        },
    })
    .unwrap();
    let plan = r.view_person(id).unwrap().plan.unwrap();
    let got: Vec<_> = plan
        .destinations
        .iter()
        .map(|d| (d.kind, d.name.as_str(), d.hazard, d.shelter_id))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                DestinationKind::Shelter,
                "みどり小学校",
                Some(ShelterHazard::Flood),
                Some(school)
            ),
            (
                DestinationKind::Shelter,
                "中央公園",
                Some(ShelterHazard::Earthquake),
                Some(park)
            ),
            (DestinationKind::Relative, "長男宅", None, None),
        ]
    );
    assert_eq!(plan.destinations[0].kind_label(), "指定避難所（洪水）");
    assert!(
        codes(&r, id).is_empty(),
        "each place is safe for its hazard"
    );

    // The same kind for the same hazard is replaced in its place, and the park is no
    // place for a flood.
    let done = r
        .set_destination(&DestinationSet {
            person_id: id,
            hazard: Some(ShelterHazard::Flood),
            place: shelter(park),
        })
        .unwrap();
    assert_eq!((done.position, done.replaced), (1, 1));
    assert_eq!(
        done.warnings
            .iter()
            .map(|w| (w.code.as_str(), w.hazard))
            .collect::<Vec<_>>(),
        vec![("not-designated", Some(ShelterHazard::Flood))]
    );
    let c = raw(&t.path);
    let links: Vec<(Option<String>, Option<i64>)> = c
        .prepare("SELECT hazard, shelter_id FROM plan_destination_shelters ORDER BY destination_id")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        links,
        vec![
            (Some("flood".into()), Some(park)),
            (Some("earthquake".into()), Some(park))
        ],
        "the relative's home has no link; the plan was written again"
    );
    // Taking the first off leaves two, and is audited.
    r.remove_destination(id, 1).unwrap();
    assert_eq!(
        r.view_person(id).unwrap().plan.unwrap().destinations.len(),
        2
    );
    let audit: Vec<String> = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("plan.destination"))
        .collect();
    assert_eq!(
        audit,
        [
            "plan.destination.remove",
            "plan.destination.set",
            "plan.destination.set",
            "plan.destination.set",
            "plan.destination.set",
        ],
        "newest first"
    );
    let removed = r
        .audit_log(None, None)
        .unwrap()
        .into_iter()
        .find(|e| e.action == "plan.destination.remove")
        .unwrap();
    assert_eq!(
        removed.detail,
        format!("position=1 hazard=flood shelter={park}")
    );
}

#[test]
fn refusals_name_what_is_wrong_and_change_nothing() {
    let (_t, mut r) = TempRoster::new();
    import(&mut r, &[SCHOOL]);
    let school = id_of(&r, "みどり小学校");
    let id = r
        .add_person(someone("拒否 花子", "1940-05-01", serde_json::json!({})))
        .unwrap();
    let err = r
        .set_destination(&DestinationSet {
            person_id: id,
            hazard: None,
            place: direct(school),
        })
        .unwrap_err();
    assert!(err.to_string().contains("福祉避難所"), "{err}");
    let err = r
        .set_destination(&DestinationSet {
            person_id: id,
            hazard: None,
            place: shelter(999),
        })
        .unwrap_err();
    assert!(matches!(err, yorisoi::Error::NotFound { .. }), "{err}");
    assert!(r.view_person(id).unwrap().plan.is_none(), "no plan begun");
    // A person document naming a shelter the registry lacks is refused by field.
    let mut p = r.view_person(id).unwrap();
    p.plan = Some(
        serde_json::from_value(serde_json::json!({
            "destinations": [{"kind": "shelter", "name": "", "shelter_id": 999}]
        }))
        .unwrap(),
    );
    let err = r.update_person(id, p).unwrap_err();
    assert!(
        err.to_string().contains("plan.destinations[0].shelter_id"),
        "{err}"
    );
}

#[test]
fn the_checks_find_each_problem_and_a_changed_designation_brings_a_review() {
    let (_t, mut r) = TempRoster::new();
    import(&mut r, &[SCHOOL, PARK]);
    let (school, park) = (id_of(&r, "みどり小学校"), id_of(&r, "中央公園"));
    let elderly_only = welfare(
        &mut r,
        serde_json::json!({"name": "みどり苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 10}),
    );
    let on_request = welfare(
        &mut r,
        serde_json::json!({"name": "ひかり園", "welfare": "agreement",
            "groups": ["disabled", "disabled-child"], "capacity": 10}),
    );
    // A child with a disability, at home in the flood zone.
    let child = r
        .add_person(someone(
            "障害 児童",
            "2015-04-01",
            serde_json::json!({"intellectual_disability_grade": "A",
                "hazard_zones": {"flood": true}}),
        ))
        .unwrap();
    set(&mut r, child, None, shelter(park)); // any hazard: the park is no flood place
    set(&mut r, child, None, direct(elderly_only)); // does not take children
                                                    // 協定: no direct evacuation; and no 指定緊急避難場所 for earthquakes.
    set(
        &mut r,
        child,
        Some(ShelterHazard::Earthquake),
        direct(on_request),
    );
    let got = codes(&r, child);
    assert_eq!(
        got,
        vec![
            (1, "not-designated".into(), Some(ShelterHazard::Flood)),
            (2, "not-designated".into(), Some(ShelterHazard::Flood)),
            (2, "not-accepted".into(), None),
            (3, "not-designated".into(), Some(ShelterHazard::Earthquake)),
            (
                3,
                "agreement-direct".into(),
                Some(ShelterHazard::Earthquake)
            ),
        ]
    );
    // Naming a place of its own for floods settles the flood warnings of the others.
    set(&mut r, child, Some(ShelterHazard::Flood), shelter(school));
    let got = codes(&r, child);
    assert_eq!(
        got.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        ["not-accepted", "not-designated", "agreement-direct"]
    );

    // The flood layer holds the park: a destination for floods there is in the zone.
    let elder = r
        .add_person(someone("公園 太郎", "1935-01-01", serde_json::json!({})))
        .unwrap();
    set(&mut r, elder, Some(ShelterHazard::Flood), shelter(park));
    let square = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},
        "geometry":{"type":"Polygon","coordinates":[[[135.0015,35.0015],[135.0025,35.0015],
        [135.0025,35.0025],[135.0015,35.0025],[135.0015,35.0015]]]}}]}"#;
    r.import_hazard_layer(&LayerImport {
        source: &HazardSource::GeoJson(square.as_bytes().to_vec()),
        name: "flood.geojson",
        kind: HazardKind::Flood,
        origin: "国土数値情報 洪水浸水想定区域（試験）",
        dated: "2024-03-31",
    })
    .unwrap();
    assert_eq!(
        codes(&r, elder),
        vec![
            (1, "not-designated".into(), Some(ShelterHazard::Flood)),
            (1, "in-hazard-zone".into(), Some(ShelterHazard::Flood)),
        ]
    );
    // The worklist gives both people, with names.
    let all = r.shelter_check().unwrap();
    assert_eq!(all.iter().filter(|w| w.person_id == child).count(), 3);
    assert_eq!(all.iter().filter(|w| w.person_id == elder).count(), 2);
    assert!(all.iter().all(|w| !w.name.is_empty()));

    // The park goes from the registry: the plans naming it are due for review, and the
    // check says so; a plan naming only the school is not touched.
    let other = r
        .add_person(someone("学校 次郎", "1936-01-01", serde_json::json!({})))
        .unwrap();
    set(&mut r, other, Some(ShelterHazard::Flood), shelter(school));
    import(&mut r, &[SCHOOL]);
    assert!(r.shelter(park).unwrap().gone_on.is_some());
    assert!(r.shelter(school).unwrap().gone_on.is_none());
    let due = r.plans_due().unwrap();
    let reasons = |id: i64| -> Vec<String> {
        due.iter()
            .filter(|d| d.person_id == id)
            .flat_map(|d| d.reasons.iter().map(|x| x.code.clone()))
            .collect()
    };
    assert_eq!(reasons(child), ["shelter-changed"]);
    assert_eq!(reasons(elder), ["shelter-changed"]);
    assert!(reasons(other).is_empty());
    assert_eq!(
        codes(&r, elder),
        vec![(1, "gone".into(), Some(ShelterHazard::Flood))]
    );
    assert!(codes(&r, child).contains(&(1, "gone".into(), None)));
}

#[test]
fn matching_counts_agreed_people_and_family_against_capacity() {
    let (_t, mut r) = TempRoster::new();
    let small = welfare(
        &mut r,
        serde_json::json!({"name": "ちいさな苑", "welfare": "designated",
            "groups": ["elderly", "medical-care"], "capacity": 3, "family": 1,
            "lat": 35.0, "lon": 135.0}),
    );
    let near = welfare(
        &mut r,
        serde_json::json!({"name": "ちかくの苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 5, "family": 1,
            "lat": 35.001, "lon": 135.001}),
    );
    let far = welfare(
        &mut r,
        serde_json::json!({"name": "とおくの苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 5, "family": 0,
            "lat": 35.1, "lon": 135.1}),
    );
    let children_only = welfare(
        &mut r,
        serde_json::json!({"name": "こども園", "welfare": "designated",
            "groups": ["disabled-child"], "capacity": 50}),
    );
    let device = serde_json::json!({
        "medical_devices": [{"device": "ventilator", "power_dependent": true}],
        "household_members": [{"name": "同居 一郎", "relationship": "夫"},
                              {"name": "同居 二郎", "relationship": "長男"}]
    });
    let a = r
        .add_person(someone("機器 一子", "1950-01-01", device.clone()))
        .unwrap();
    let b = r
        .add_person(someone("機器 二子", "1951-01-01", device))
        .unwrap();
    set(&mut r, a, None, direct(small));
    set(&mut r, b, None, direct(small));
    // Needs one, none agreed, lives with one person; placed near the first two.
    let c = r
        .add_person(someone(
            "要介護 三子",
            "1930-01-01",
            serde_json::json!({"care_level": "care-5",
                "household_members": [{"name": "同居 三郎", "relationship": "長男"}]}),
        ))
        .unwrap();
    r.set_position(
        c,
        LonLat {
            lon: 135.0011,
            lat: 35.0011,
        },
    )
    .unwrap();
    // Needs nothing by the rule.
    r.add_person(someone("元気 四子", "1945-01-01", serde_json::json!({})))
        .unwrap();

    let m = r.shelter_match().unwrap();
    let small_load = m.shelters.iter().find(|l| l.shelter_id == small).unwrap();
    // Independent count: two people, each with two at home but one allowed: 2 + 2 = 4.
    assert_eq!(small_load.people, vec![a, b]);
    assert_eq!(
        (small_load.family, small_load.total, small_load.room),
        (2, 4, -1)
    );
    assert_eq!(m.over_capacity, vec![small]);
    assert_eq!(
        m.needing.iter().map(|n| n.person_id).collect::<Vec<_>>(),
        vec![c]
    );
    let need = &m.needing[0];
    assert_eq!(need.reasons, ["care-level"]);
    // The full one and the children's one are not offered; the near one comes first.
    let offered: Vec<i64> = need.suggestions.iter().map(|s| s.shelter_id).collect();
    assert_eq!(offered, vec![near, far]);
    assert!(!offered.contains(&children_only));
    assert!(need.suggestions[0].distance_m.unwrap() < 100);
    assert!(need.suggestions[1].distance_m.unwrap() > 10_000);

    // Agreed with the near one, the person leaves the list and fills it by two.
    set(&mut r, c, None, direct(near));
    let m = r.shelter_match().unwrap();
    assert!(m.needing.is_empty());
    let near_load = m.shelters.iter().find(|l| l.shelter_id == near).unwrap();
    assert_eq!((near_load.total, near_load.room), (2, 3));
}

#[test]
fn the_command_line_sets_destinations_checks_and_matches() {
    let (t, mut r) = TempRoster::new();
    import(&mut r, &[SCHOOL, PARK]);
    let park = id_of(&r, "中央公園");
    let id = r
        .add_person(someone(
            "端末 花子",
            "1940-05-01",
            serde_json::json!({"hazard_zones": {"flood": true}, "care_level": "care-4"}),
        ))
        .unwrap();
    drop(r);
    let db = &t.path;
    let pw = Some(PASS);
    let o = yorisoi(
        db,
        pw,
        &[
            "plan",
            "destination",
            "set",
            "--person",
            &id.to_string(),
            "--hazard",
            "flood",
            "--shelter",
            &park.to_string(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("not-designated"), "{}", stdout(&o));
    let o = yorisoi(db, pw, &["shelter", "check", "--json"]);
    let warnings: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(warnings[0]["code"], "not-designated");
    assert_eq!(warnings[0]["name"], "端末 花子");
    let o = yorisoi(db, pw, &["shelter", "match", "--json"]);
    let m: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(m["needing"][0]["person_id"], id);
    // A hazard that is none is refused (5); a shelter that is not there is not found (4).
    let o = yorisoi(
        db,
        pw,
        &[
            "plan",
            "destination",
            "set",
            "--person",
            &id.to_string(),
            "--hazard",
            "rain",
            "--shelter",
            &park.to_string(),
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
    assert!(stderr(&o).contains("--hazard"), "{}", stderr(&o));
    let o = yorisoi(
        db,
        pw,
        &[
            "plan",
            "destination",
            "set",
            "--person",
            &id.to_string(),
            "--shelter",
            "999",
        ],
    );
    assert_eq!(o.status.code(), Some(4), "{}", stderr(&o));
    let o = yorisoi(
        db,
        pw,
        &[
            "plan",
            "destination",
            "set",
            "--person",
            &id.to_string(),
            "--name",
            "長男宅",
            "--address",
            "となり町1-1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = yorisoi(db, pw, &["person", "show", &id.to_string()]);
    assert!(
        stdout(&o).contains("指定避難所（洪水） 中央公園"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("親族・知人宅 長男宅"), "{}", stdout(&o));
}

#[test]
fn a_welfare_shelter_is_changed_and_a_new_standing_brings_a_review() {
    let (_t, mut r) = TempRoster::new();
    import(&mut r, &[SCHOOL]);
    let school = id_of(&r, "みどり小学校");
    let en = welfare(
        &mut r,
        serde_json::json!({"name": "みどり苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 10}),
    );
    let id = r
        .add_person(someone("変更 花子", "1940-05-01", serde_json::json!({})))
        .unwrap();
    set(&mut r, id, None, direct(en));
    let doc = |v: serde_json::Value| -> NewShelter { serde_json::from_value(v).unwrap() };
    // A new capacity: no review.
    r.update_shelter(
        en,
        doc(
            serde_json::json!({"name": "みどり苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 12}),
        ),
    )
    .unwrap();
    assert_eq!(r.shelter(en).unwrap().capacity, Some(12));
    assert!(r.plans_due().unwrap().is_empty());
    // 協定 now: the plan is reviewed, and the check says why.
    r.update_shelter(
        en,
        doc(
            serde_json::json!({"name": "みどり苑", "welfare": "agreement",
            "groups": ["elderly"], "capacity": 12}),
        ),
    )
    .unwrap();
    let due = r.plans_due().unwrap();
    assert_eq!(due[0].reasons[0].code, "shelter-changed");
    assert_eq!(codes(&r, id), vec![(1, "agreement-direct".into(), None)]);
    // A registry shelter keeps what the registry says.
    let e = r
        .update_shelter(school, doc(serde_json::json!({"name": "べつの学校"})))
        .unwrap_err();
    assert!(
        matches!(&e, yorisoi::Error::Invalid(v) if v.field == "name"),
        "{e}"
    );
    assert_eq!(r.shelter(school).unwrap().name, "みどり小学校");
}
