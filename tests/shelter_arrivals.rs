//! Arrivals at shelters in a drill (#22): entered by the barcode on a sheet or by number,
//! counted per shelter on the board and in the report against who was expected and the
//! capacity, with who went elsewhere than planned (a reason to review the plan).

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::*;
use yorisoi::drill::{ArrivalRequest, Arriving, CheckRequest, CheckStatus, NewDrill};
use yorisoi::model::shelter::NewShelter;
use yorisoi::model::{Recipient, RecipientKind};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::shelters::{DestinationPlace, DestinationSet};
use yorisoi::{Error, Roster};

struct Drill {
    t: TempRoster,
    r: Roster,
    drill: i64,
    welfare: i64,
    school: i64,
    /// Plans name the 福祉避難所.
    a: i64,
    b: i64,
    /// Plans name the school.
    c: i64,
}

fn shelter(r: &mut Roster, doc: serde_json::Value) -> i64 {
    let doc: NewShelter = serde_json::from_value(doc).unwrap();
    r.add_shelter(doc).unwrap().id
}

fn goes(r: &mut Roster, person: i64, shelter: i64, direct: bool) {
    r.set_destination(&DestinationSet {
        person_id: person,
        hazard: None,
        place: DestinationPlace::Shelter {
            id: shelter,
            direct,
        },
    })
    .unwrap();
}

fn drill() -> Drill {
    let (t, mut r) = TempRoster::new();
    r.set_setting("consent.basis", "ordinance").unwrap();
    let welfare = shelter(
        &mut r,
        serde_json::json!({"name": "みどり苑", "welfare": "designated",
            "groups": ["elderly"], "capacity": 2}),
    );
    let school = shelter(&mut r, serde_json::json!({"name": "みどり小学校"}));
    let a = r
        .add_person(person("到着 一子", "トウチャク イチコ", "1940-01-01"))
        .unwrap();
    let b = r
        .add_person(person("到着 二子", "トウチャク ニコ", "1941-01-01"))
        .unwrap();
    let c = r
        .add_person(person("到着 三子", "トウチャク ミコ", "1942-01-01"))
        .unwrap();
    goes(&mut r, a, welfare, true);
    goes(&mut r, b, welfare, true);
    goes(&mut r, c, school, false);
    let whole = r
        .add_recipient(&Recipient {
            id: None,
            kind: RecipientKind::CareCentre,
            name: "地域包括支援センター".into(),
            district: None,
            association: None,
            custodian: "センター長".into(),
            address: String::new(),
            phone: String::new(),
        })
        .unwrap();
    let d = r
        .drill_new(&NewDrill {
            name: "避難所開設訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &[],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap();
    for district in &d.districts {
        r.print_drill_sheet(
            &SheetRequest {
                drill_id: d.id,
                district,
                recipient_id: Some(whole),
                unlocked_reason: Some("試験"),
                ..Default::default()
            },
            &mut |_: &[u8]| Ok(()),
        )
        .unwrap();
    }
    Drill {
        t,
        r,
        drill: d.id,
        welfare,
        school,
        a,
        b,
        c,
    }
}

fn arrive(
    d: &mut Drill,
    shelter: i64,
    who: Arriving<'_>,
) -> yorisoi::Result<yorisoi::drill::ArrivalRecorded> {
    d.r.drill_arrive(&ArrivalRequest {
        drill_id: d.drill,
        shelter_id: shelter,
        who,
        at: None,
        by: "受付 担当",
    })
}

fn due_reasons(r: &Roster, id: i64) -> Vec<String> {
    r.plans_due()
        .unwrap()
        .into_iter()
        .filter(|d| d.person_id == id)
        .flat_map(|d| d.reasons.into_iter().map(|x| x.code))
        .collect()
}

#[test]
fn arrivals_are_counted_per_shelter_and_an_unplanned_one_brings_a_review() {
    let mut d = drill();
    let (welfare, school, a, b, c) = (d.welfare, d.school, d.a, d.b, d.c);
    // By the barcode as the scanner types it (zero-padded digits), and by number.
    let code = yorisoi::print::barcode::payload(a);
    let got = arrive(&mut d, welfare, Arriving::Barcode(&code)).unwrap();
    assert_eq!(
        (got.person_id, got.name.as_str(), got.planned),
        (a, "到着 一子", true)
    );
    let got = arrive(&mut d, welfare, Arriving::Person(c)).unwrap();
    assert!(!got.planned);
    assert_eq!(got.planned_shelters, ["みどり小学校"]);

    let shelters = d.r.drill_shelters(d.drill).unwrap();
    let counts: Vec<_> = shelters
        .iter()
        .map(|s| (s.shelter_id, s.expected, s.arrived, s.capacity))
        .collect();
    // Independent count: a and b expected at the 福祉避難所, a and c arrived; c expected
    // at the school, nobody arrived.
    assert_eq!(counts, vec![(welfare, 2, 2, Some(2)), (school, 1, 0, None)]);
    let away: Vec<_> = shelters[0]
        .elsewhere
        .iter()
        .map(|e| (e.person_id, e.name.as_str()))
        .collect();
    assert_eq!(away, vec![(c, "到着 三子")]);
    assert!(!shelters[0].elsewhere.iter().any(|e| e.person_id == b));
    // On the board (an arrival is 無事) and in the report, the same.
    let board = d.r.drill_status(d.drill).unwrap();
    assert_eq!(board.shelters, shelters);
    assert_eq!(board.total.safe, 2);
    assert_eq!(d.r.drill_report(d.drill).unwrap().shelters, shelters);
    // The plan of the one who went elsewhere is due for review.
    assert_eq!(due_reasons(&d.r, c), ["drill-elsewhere"]);
    assert!(due_reasons(&d.r, a).is_empty());

    // Correcting c's result takes the arrival and the flag with it.
    d.r.drill_check(&CheckRequest {
        drill_id: d.drill,
        person_id: c,
        status: CheckStatus::NotHome,
        at: None,
        by: "受付 担当",
        note: "別人だった",
        correct: true,
    })
    .unwrap();
    let shelters = d.r.drill_shelters(d.drill).unwrap();
    assert_eq!((shelters[0].arrived, shelters[0].elsewhere.len()), (1, 0));
    assert!(due_reasons(&d.r, c).is_empty());
    let audit = d.r.audit_log(None, None).unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "drill.arrive").count(),
        2
    );
}

#[test]
fn a_bad_barcode_or_someone_not_on_the_sheets_is_refused_and_nothing_is_written() {
    let mut d = drill();
    let welfare = d.welfare;
    for code in ["", "12a", "-5", "１２"] {
        let e = arrive(&mut d, welfare, Arriving::Barcode(code)).unwrap_err();
        assert!(
            matches!(&e, Error::Invalid(v) if v.field == "barcode"),
            "{code:?}: {e}"
        );
    }
    let e = arrive(&mut d, welfare, Arriving::Person(999)).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    let a = d.a;
    let e = arrive(&mut d, 999, Arriving::Person(a)).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    let c = raw(&d.t.path);
    let n: i64 = c
        .query_row("SELECT count(*) FROM drill_arrivals", [], |r| r.get(0))
        .unwrap();
    let checks: i64 = c
        .query_row("SELECT count(*) FROM drill_checks", [], |r| r.get(0))
        .unwrap();
    assert_eq!((n, checks), (0, 0));
}

#[test]
fn the_command_line_enters_an_arrival_by_barcode() {
    let d = drill();
    let (db, drill, welfare, b) = (d.t.path.clone(), d.drill, d.welfare, d.b);
    drop(d.r);
    let code = yorisoi::print::barcode::payload(b);
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "drill",
            "arrive",
            &drill.to_string(),
            "--shelter",
            &welfare.to_string(),
            "--barcode",
            &code,
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (r["person_id"].as_i64(), r["planned"].as_bool()),
        (Some(b), Some(true))
    );
    let o = yorisoi(&db, Some(PASS), &["drill", "status", &drill.to_string()]);
    assert!(stdout(&o).contains("避難先"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("予定 2\t到着 1\t定員 2"),
        "{}",
        stdout(&o)
    );
    let o = yorisoi(
        &db,
        Some(PASS),
        &[
            "drill",
            "arrive",
            &drill.to_string(),
            "--shelter",
            &welfare.to_string(),
            "--barcode",
            "x1",
        ],
    );
    assert_eq!(o.status.code(), Some(5), "{}", stderr(&o));
}
