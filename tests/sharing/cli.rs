//! The command line's sharing contract: `share preview` field by field, disaster mode,
//! audit rows, and the exit codes for bad tokens.

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use yorisoi::policy::{Field, LOCATING};

use crate::common::*;

fn init(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("roster.db");
    let o = yorisoi(&db, Some(PASS), &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    db
}

fn run(db: &Path, args: &[&str]) -> Output {
    yorisoi(db, Some(PASS), args)
}

/// Runs and expects success; returns stdout.
fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json_of(db: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).unwrap()
}

fn add_person(db: &Path, doc: &Value) -> String {
    let file = db.with_extension("json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let id = ok(db, &["person", "add", "--json", file.to_str().unwrap()])
        .trim()
        .to_string();
    std::fs::remove_file(&file).unwrap();
    id
}

/// Expects exit `code` with `needle` in the message.
fn fails(db: &Path, code: i32, needle: &str, args: &[&str]) {
    let o = run(db, args);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
    assert!(
        stderr(&o).contains(needle),
        "{args:?}: {} lacks {needle}",
        stderr(&o)
    );
}

fn age_today(dob: &str) -> i64 {
    let dob = NaiveDate::parse_from_str(dob, "%Y-%m-%d").unwrap();
    let today = (Utc::now() + Duration::hours(9)).date_naive();
    let mut age = i64::from(today.year() - dob.year());
    if (today.month(), today.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

fn tokens(fields: impl Iterator<Item = Field>) -> Vec<String> {
    let mut k: Vec<String> = fields.map(|f| f.token().to_string()).collect();
    k.sort();
    k
}

fn entry(preview: &Value, id: &str) -> Value {
    preview["included"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["person_id"].as_i64() == id.parse().ok())
        .unwrap_or_else(|| panic!("person {id} not on the list: {preview}"))
        .clone()
}

/// A roster with: the sentinel (consented), someone never asked, and an address-protected
/// person consenting by proxy; one welfare-commissioner recipient.
fn roster_with_three(dir: &tempfile::TempDir) -> (PathBuf, String, String, String) {
    let db = init(dir);
    let sentinel = add_person(&db, &serde_json::from_str(&sentinel_person_json()).unwrap());
    let never = add_person(
        &db,
        &json!({"name": "未同意 太郎", "furigana": "みどうい たろう", "sex": "male", "date_of_birth": "1941-02-03",
                "address": "みどり市中央町5-5", "phone": "0990-55-5555", "district": "中央地区"}),
    );
    let hidden = add_person(
        &db,
        &json!({"name": "秘匿 三子", "furigana": "ひとく みこ", "sex": "female", "date_of_birth": "1950-06-07",
                "address": "みどり市秘匿台9-9", "phone": "0990-99-9999", "district": "中央地区",
                "address_protected": true, "notes": "見える特記"}),
    );
    assert_eq!(
        ok(
            &db,
            &[
                "recipient",
                "add",
                "--kind",
                "welfare-commissioner",
                "--name",
                "民生委員 中央",
                "--district",
                "中央地区"
            ]
        )
        .trim(),
        "1"
    );
    ok(
        &db,
        &[
            "consent",
            "record",
            &sentinel,
            "--purpose",
            "roster",
            "--recipient-kind",
            "welfare-commissioner",
            "--answer",
            "consented",
            "--obtained",
            "2020-04-01",
            "--expires",
            "2099-03-31",
            "--by",
            "訪問 担当",
            "--evidence",
            "F-0001",
        ],
    );
    ok(
        &db,
        &[
            "consent",
            "record",
            &hidden,
            "--purpose",
            "roster",
            "--recipient-kind",
            "welfare-commissioner",
            "--answer",
            "proxy",
            "--proxy",
            "秘匿 長男",
            "--relationship",
            "長男",
            "--obtained",
            "R2.4.1",
            "--expires",
            "2099-03-31",
        ],
    );
    (db, sentinel, never, hidden)
}

#[test]
fn share_preview_gives_exactly_the_simplified_then_the_detailed_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sentinel, never, hidden) = roster_with_three(&dir);
    let preview = json_of(&db, &["share", "preview", "--recipient", "1", "--json"]);
    assert_eq!(preview["mode"], "normal");
    assert_eq!(preview["marked_disaster"], false);
    assert_eq!(preview["profile"], "simplified");
    assert_eq!(
        preview["district"], "中央地区",
        "cut to the recipient's district"
    );
    assert_eq!(preview["included_count"], 2);
    assert_eq!(preview["excluded_count"], 1);

    // Simplified: exactly these keys, each with the record's value.
    let s = entry(&preview, &sentinel);
    let simplified = [
        "name",
        "furigana",
        "sex",
        "age",
        "address",
        "phone",
        "mobile_phone",
        "district",
    ];
    assert_eq!(
        keys(&s["fields"]),
        tokens(simplified.iter().map(|t| Field::from_token(t).unwrap()))
    );
    let f = &s["fields"];
    assert_eq!(f["name"], "秘密山 漏洩子");
    assert_eq!(f["furigana"], "ひみつやま ろうえいこ");
    assert_eq!(f["sex"], "female");
    assert_eq!(f["age"], age_today("1937-04-05"));
    assert_eq!(f["address"], "みどり市センチネル町9丁目8番7号");
    assert_eq!(f["phone"], "0990-12-3456");
    assert_eq!(f["mobile_phone"], "");
    assert_eq!(f["district"], "中央地区");
    assert_eq!(
        s["reason"],
        "民生委員への提供に同意 2020-04-01（有効期限 2099-03-31）"
    );
    assert_eq!(s["reason_code"], "consent");
    assert_eq!(
        s["reason_en"],
        "consent for welfare-commissioner given 2020-04-01, expires 2099-03-31"
    );
    assert_eq!(s["withheld"], json!([]));

    // Address-protected: nothing that locates her, even with consent.
    let h = entry(&preview, &hidden);
    assert_eq!(keys(&h["fields"]), ["age", "furigana", "name", "sex"]);
    assert_eq!(
        h["withheld"],
        json!(["address", "phone", "mobile_phone", "district"])
    );
    assert!(h["reason"].as_str().unwrap().contains("代理人が同意"));

    // Left off: id and reason only.
    let excluded = preview["excluded"].as_array().unwrap();
    assert_eq!(excluded.len(), 1);
    assert_eq!(
        keys(&excluded[0]),
        ["person_id", "reason", "reason_code", "reason_en"]
    );
    assert_eq!(excluded[0]["person_id"].to_string(), never);
    assert_eq!(excluded[0]["reason_code"], "never-asked");
    let text = preview.to_string();
    for secret in [
        "未同意 太郎",
        "0990-55-5555",
        "秘匿台",
        "0990-99-9999",
        "SENTINEL-NOTE",
    ] {
        assert!(!text.contains(secret), "{secret} in the preview");
    }
    let human = ok(&db, &["share", "preview", "--recipient", "1"]);
    assert!(
        human.contains("住所: みどり市センチネル町9丁目8番7号"),
        "{human}"
    );
    assert!(
        human.contains("対象 2 人 / 対象外 1 人（同意未確認 1）"),
        "{human}"
    );
    for secret in ["未同意", "秘匿台", "0990-99-9999", "SENTINEL-NOTE"] {
        assert!(!human.contains(secret), "{secret} in {human}");
    }

    // Detailed: every field, field by field.
    ok(&db, &["settings", "set", "recipient.1.profile", "detailed"]);
    let preview = json_of(&db, &["share", "preview", "--recipient", "1", "--json"]);
    assert_eq!(preview["profile"], "detailed");
    let f = entry(&preview, &sentinel)["fields"].clone();
    assert_eq!(keys(&f), tokens(Field::ALL.iter().copied()));
    let expected = json!({
        "name": "秘密山 漏洩子", "furigana": "ひみつやま ろうえいこ", "sex": "female",
        "age": age_today("1937-04-05"), "date_of_birth": "1937-04-05",
        "address": "みどり市センチネル町9丁目8番7号", "phone": "0990-12-3456", "mobile_phone": "",
        "fax": "", "email": "", "district": "中央地区", "association": "中央第一自治会", "block": "3班",
        "welfare_commissioner": "", "category": "elderly-living-alone", "support_reason": "",
        "care_level": "care-3",
        "disabilities": {"physical": null, "intellectual_grade": null, "mental_grade": null, "intractable_disease": ""},
        "medical_devices": [{"device": "oxygen", "power_dependent": true, "note": "ボンベ2本"}],
        "communication_needs": [], "mobility": null, "household": null, "household_members": [],
        "emergency_contacts": [{"name": "秘密山 長男太", "relationship": "長男", "address": "", "phone": "090-1111-2222"}],
        "house": {"structure": "wooden", "storeys": 2, "year_built": null, "usual_room": "", "bedroom_location": "1階 北側和室"},
        "help_needed": "", "items_to_carry": "", "allergies": "", "regular_clinic": "",
        "notes": "SENTINEL-NOTE-7f3a9c", "emergency_alarm": false,
        "hazard_zones": {"flood": true, "landslide": false, "tsunami": false},
        "supporters": [],
    });
    for (k, v) in expected.as_object().unwrap() {
        assert_eq!(&f[k], v, "field {k}");
    }
    assert_eq!(f["plan"]["route"], "川沿いを避け高台へ");
    assert_eq!(f["plan"]["means"], "wheelchair");
    assert_eq!(
        f["plan"]["destinations"],
        json!([{"kind": "welfare-shelter", "name": "みどり苑", "address": "", "direct_admission": true,
                "hazard": null, "shelter_id": null}])
    );
    let h = entry(&preview, &hidden);
    assert_eq!(
        keys(&h["fields"]),
        tokens(
            Field::ALL
                .iter()
                .copied()
                .filter(|f| !LOCATING.contains(*f))
        )
    );
    assert_eq!(h["fields"]["notes"], "見える特記");
    assert!(!preview.to_string().contains("秘匿台"));

    // A recipient that must not get phone numbers or notes.
    ok(
        &db,
        &["settings", "set", "recipient.1.withhold", "phone,notes"],
    );
    let preview = json_of(&db, &["share", "preview", "--recipient", "1", "--json"]);
    let f = entry(&preview, &sentinel)["fields"].clone();
    assert!(
        f.get("phone").is_none() && f.get("notes").is_none() && f.get("mobile_phone").is_some()
    );
    assert!(!preview["columns"]
        .as_array()
        .unwrap()
        .contains(&json!("phone")));

    let audit = json_of(&db, &["audit", "list", "--json"]);
    let previews: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "share.preview")
        .collect();
    assert_eq!(previews.len(), 4);
    assert_eq!(previews[0]["entity"], "recipient");
    assert!(
        previews[0]["detail"]
            .as_str()
            .unwrap()
            .ends_with("included=2,excluded=1"),
        "{}",
        previews[0]
    );
    let settings: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "settings.set")
        .collect();
    assert_eq!(settings[0]["detail"], "recipient.1.withhold=phone,notes");
}

#[test]
fn disaster_mode_includes_everyone_marked_and_every_switch_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sentinel, never, hidden) = roster_with_three(&dir);
    let o = ok(
        &db,
        &[
            "disaster",
            "on",
            "--reason",
            "大雨特別警報（警戒レベル5）",
            "--hours",
            "6",
        ],
    );
    assert!(o.starts_with("disaster mode switched on until "), "{o}");
    let o = run(&db, &["disaster", "on", "--reason", "継続"]);
    assert!(
        stdout(&o).starts_with("disaster mode renewed until "),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("【災害時モード】"),
        "every command shows it is on"
    );
    let status = json_of(&db, &["disaster", "status", "--json"]);
    assert_eq!(status["on"], true);
    assert_eq!(status["state"], "on");
    assert_eq!(status["reason"], "継続");
    assert_eq!(status["by"], "試験 担当");
    assert_eq!(status["renews"], 1);
    assert!(status["since"].as_str().unwrap() < status["switched_at"].as_str().unwrap());
    assert!(status["until"].as_str().unwrap() > status["switched_at"].as_str().unwrap());

    let preview = json_of(&db, &["share", "preview", "--recipient", "1", "--json"]);
    assert_eq!(preview["mode"], "disaster");
    assert_eq!(preview["marked_disaster"], true);
    assert_eq!(preview["disaster"]["reason"], "継続");
    assert_eq!(preview["included_count"], 3);
    assert_eq!(preview["excluded"], json!([]));
    for id in [&sentinel, &never, &hidden] {
        let e = entry(&preview, id);
        assert_eq!(e["marked_disaster"], true);
        assert_eq!(e["reason_code"], "disaster");
    }
    assert_eq!(entry(&preview, &never)["normally_included"], false);
    assert_eq!(entry(&preview, &sentinel)["normally_included"], true);
    assert!(entry(&preview, &hidden)["fields"].get("address").is_none());
    assert!(
        !preview.to_string().contains("秘匿台"),
        "address protection holds in disaster mode"
    );
    let human = ok(&db, &["share", "preview", "--recipient", "1"]);
    assert!(
        human.contains("【災害時提供】") && human.contains("ID 2【災害時】"),
        "{human}"
    );
    assert!(!human.contains("秘匿台"));

    assert_eq!(
        ok(&db, &["disaster", "off"]).trim(),
        "disaster mode switched off"
    );
    let status = json_of(&db, &["disaster", "status", "--json"]);
    assert_eq!(
        (status["on"].clone(), status["state"].clone()),
        (json!(false), json!("off"))
    );
    assert_eq!(
        json_of(&db, &["share", "preview", "--recipient", "1", "--json"])["included_count"],
        2
    );
    fails(&db, 5, "not on", &["disaster", "off"]);

    let audit = json_of(&db, &["audit", "list", "--json"]);
    let switches: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap().starts_with("disaster."))
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(switches.len(), 3, "{switches:?}");
    assert_eq!(switches[0].0, "disaster.off");
    assert_eq!(switches[1].0, "disaster.on");
    assert!(
        switches[1].1.contains("hours=72") && switches[1].1.contains("renews=1"),
        "{switches:?}"
    );
    assert!(switches[2].1.starts_with("hours=6,"), "{switches:?}");
    assert_eq!(run(&db, &["check"]).status.code(), Some(0));

    // No operator named: refused, and nothing was switched.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    let o = cmd
        .arg("--db")
        .arg(&db)
        .args(["disaster", "on", "--reason", "警報"])
        .env("YORISOI_PASSPHRASE", PASS)
        .env("YORISOI_ACCOUNT", ACCOUNT)
        .env_remove("YORISOI_OPERATOR")
        .env_remove("YORISOI_DB")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(5));
    assert!(stderr(&o).contains("operator"), "{}", stderr(&o));
    assert_eq!(json_of(&db, &["disaster", "status", "--json"])["on"], false);
}

#[test]
fn consent_history_recipients_worklist_and_settings_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sentinel, never, _) = roster_with_three(&dir);
    ok(
        &db,
        &[
            "consent",
            "record",
            &sentinel,
            "--purpose",
            "roster",
            "--recipient-kind",
            "welfare-commissioner",
            "--answer",
            "withdrawn",
        ],
    );
    let history = json_of(&db, &["consent", "history", &sentinel, "--json"]);
    let rows = history.as_array().unwrap();
    assert_eq!(rows.len(), 2, "every row, nothing overwritten");
    assert_eq!(rows[0]["answer"], "consented");
    assert_eq!(rows[0]["obtained_by"], "訪問 担当");
    assert_eq!(rows[0]["evidence_ref"], "F-0001");
    assert_eq!(rows[0]["recorded_by"], "試験 担当");
    assert_eq!(rows[1]["answer"], "withdrawn");
    assert_eq!(rows[1]["expires_on"], Value::Null);
    let text = ok(&db, &["consent", "history", &sentinel]);
    assert!(
        text.contains("名簿情報の平常時提供 / 民生委員: 撤回"),
        "{text}"
    );
    assert_eq!(
        json_of(&db, &["share", "preview", "--recipient", "1", "--json"])["included_count"],
        1
    );

    // A consent without an expiry date runs for the renewal period (12 months, to the day before).
    ok(
        &db,
        &[
            "consent",
            "record",
            &never,
            "--purpose",
            "plan-share",
            "--recipient-kind",
            "neighbourhood",
            "--answer",
            "applied",
            "--obtained",
            "2026-01-15",
        ],
    );
    let rows = json_of(&db, &["consent", "history", &never, "--json"]);
    assert_eq!(rows[0]["expires_on"], "2027-01-14");

    let recipients = json_of(&db, &["recipient", "list", "--json"]);
    assert_eq!(recipients[0]["id"], 1);
    assert_eq!(recipients[0]["kind"], "welfare-commissioner");

    let w = json_of(&db, &["worklist", "consent", "--json", "--days", "10000"]);
    assert_eq!(w["withdrawn"][0]["person_id"].to_string(), sentinel);
    assert_eq!(w["withdrawn"][0]["consent"]["answer"], "withdrawn");
    assert_eq!(w["never_asked"], json!([]));
    assert_eq!(w["issued_copies"], json!([]));
    assert!(w["issued_copies_note"]
        .as_str()
        .unwrap()
        .starts_with("なし"));
    let text = ok(&db, &["worklist", "consent"]);
    assert!(text.contains("撤回（60 日以内）: 1 件"), "{text}");

    let settings = json_of(&db, &["settings", "show", "--json"]);
    assert_eq!(
        settings[0],
        json!({"key": "consent.basis", "value": "explicit", "default": true, "meaning": settings[0]["meaning"]})
    );
    ok(
        &db,
        &["settings", "set", "consent.basis", "ordinance-opt-out"],
    );
    let settings = json_of(&db, &["settings", "show", "--json"]);
    assert_eq!(
        (settings[0]["value"].clone(), settings[0]["default"].clone()),
        (json!("ordinance-opt-out"), json!(false))
    );
    // Opt-out: everyone who did not refuse or withdraw.
    let preview = json_of(&db, &["share", "preview", "--recipient", "1", "--json"]);
    assert_eq!(preview["excluded"][0]["person_id"].to_string(), sentinel);
    assert_eq!(preview["excluded"][0]["reason_code"], "withdrawn");

    let audit = json_of(&db, &["audit", "list", "--json"]);
    let records = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "consent.record")
        .count();
    assert_eq!(records, 4, "every consent change is audited");
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"] == "consent.history"));
    assert!(audit
        .as_array()
        .unwrap()
        .iter()
        .all(|e| !e["detail"].as_str().unwrap().contains("訪問")));
}

#[test]
fn bad_tokens_and_values_exit_5_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let (db, sentinel, _, _) = roster_with_three(&dir);
    let rec = |extra: &[&str]| {
        let mut a = vec!["consent", "record", sentinel.as_str()];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let std_args = [
        "--purpose",
        "roster",
        "--recipient-kind",
        "fire",
        "--answer",
        "consented",
    ];
    let with = |k: &str, v: &str| {
        let mut a: Vec<&str> = std_args.to_vec();
        if let Some(i) = a.iter().position(|x| *x == k) {
            a[i + 1] = v;
        } else {
            a.extend([k, v]);
        }
        rec(&a)
    };
    let cases: Vec<(Vec<String>, i32, &str)> = vec![
        (
            with("--purpose", "everything"),
            5,
            "purpose: must be one of: roster, plan-create, plan-share",
        ),
        (
            with("--recipient-kind", "mayor"),
            5,
            "recipient-kind: must be one of: fire, police",
        ),
        (
            with("--answer", "maybe"),
            5,
            "answer: must be one of: consented, proxy, applied, refused, no-answer, withdrawn",
        ),
        (
            with("--basis", "vibes"),
            5,
            "basis: must be one of: explicit, presumed, ordinance, ordinance-opt-out",
        ),
        (with("--answer", "proxy"), 5, "proxy"),
        (with("--relationship", "長男"), 5, "relationship"),
        (with("--obtained", "2020-02-30"), 5, "obtained"),
        (
            with("--obtained", "2099-01-01"),
            5,
            "obtained_on: is in the future",
        ),
        (with("--expires", "1999-01-01"), 5, "expires_on"),
        (with("--recipient", "77"), 4, "recipient 77 not found"),
        (rec(&["--purpose", "roster"]), 2, "--recipient-kind"),
    ];
    for (args, code, needle) in &cases {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        fails(&db, *code, needle, &a);
    }
    fails(
        &db,
        4,
        "person 99 not found",
        &[
            "consent",
            "record",
            "99",
            "--purpose",
            "roster",
            "--recipient-kind",
            "fire",
            "--answer",
            "refused",
        ],
    );
    fails(&db, 4, "person 99 not found", &["consent", "history", "99"]);
    fails(
        &db,
        5,
        "kind: must be one of",
        &["recipient", "add", "--kind", "mayor", "--name", "x"],
    );
    fails(
        &db,
        5,
        "name",
        &["recipient", "add", "--kind", "fire", "--name", "  "],
    );
    fails(
        &db,
        4,
        "recipient 99 not found",
        &["share", "preview", "--recipient", "99"],
    );
    fails(
        &db,
        5,
        "purpose: must be one of: roster, plan",
        &["share", "preview", "--recipient", "1", "--purpose", "plans"],
    );
    fails(
        &db,
        5,
        "district",
        &[
            "share",
            "preview",
            "--recipient",
            "1",
            "--district",
            "無い地区",
        ],
    );
    fails(
        &db,
        5,
        "consent.basis: must be one of",
        &["settings", "set", "consent.basis", "maybe"],
    );
    fails(
        &db,
        5,
        "colour.scheme: is not a setting",
        &["settings", "set", "colour.scheme", "blue"],
    );
    fails(
        &db,
        5,
        "consent.renewal_months",
        &["settings", "set", "consent.renewal_months", "999"],
    );
    fails(
        &db,
        5,
        "disaster.default_hours",
        &["settings", "set", "disaster.default_hours", "0"],
    );
    fails(
        &db,
        5,
        "recipient.1.withhold",
        &["settings", "set", "recipient.1.withhold", "phone,colour"],
    );
    fails(
        &db,
        4,
        "recipient 42 not found",
        &["settings", "set", "recipient.42.profile", "detailed"],
    );
    fails(&db, 5, "reason", &["disaster", "on", "--reason", " "]);
    fails(
        &db,
        5,
        "hours",
        &["disaster", "on", "--reason", "警報", "--hours", "0"],
    );
    fails(
        &db,
        2,
        "--hours",
        &["disaster", "on", "--reason", "警報", "--hours", "many"],
    );
    fails(&db, 2, "--days", &["worklist", "consent", "--days", "soon"]);
    // None of the refused commands wrote anything.
    let audit = json_of(&db, &["audit", "list", "--json"]);
    let changes = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            ["settings.set", "disaster.on", "recipient.add"]
                .contains(&e["action"].as_str().unwrap())
        })
        .count();
    assert_eq!(changes, 1, "only the fixture's recipient.add");
    assert_eq!(
        json_of(&db, &["consent", "history", &sentinel, "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn recipients_are_bound_to_a_jichikai_edited_and_retired_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(&dir);
    let person = |name: &str, association: &str| {
        let id = add_person(
            &db,
            &json!({"name": name, "furigana": "てすと", "sex": "female", "date_of_birth": "1940-01-02",
                    "address": "みどり市中央町1-1", "phone": "0990-11-1111", "district": "中央地区",
                    "association": association}),
        );
        ok(
            &db,
            &[
                "consent",
                "record",
                &id,
                "--purpose",
                "roster",
                "--recipient-kind",
                "neighbourhood",
                "--answer",
                "consented",
                "--obtained",
                "2026-04-01",
            ],
        );
        id
    };
    let first = person("一丁目 花子", "中央第一自治会");
    let second = person("二丁目 松子", "中央第二自治会");

    fails(
        &db,
        5,
        "中央第一自治会、中央第二自治会",
        &[
            "recipient",
            "add",
            "--kind",
            "neighbourhood",
            "--name",
            "第一",
            "--district",
            "中央地区",
            "--association",
            "中央第三自治会",
        ],
    );
    let id = ok(
        &db,
        &[
            "recipient",
            "add",
            "--kind",
            "neighbourhood",
            "--name",
            "中央第一自治会",
            "--district",
            "中央地区",
            "--association",
            "中央第一自治会",
            "--custodian",
            "前任 会長",
        ],
    )
    .trim()
    .to_string();
    let preview = json_of(&db, &["share", "preview", "--recipient", &id, "--json"]);
    let on: Vec<String> = preview["included"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["person_id"].to_string())
        .collect();
    assert_eq!(on, [first], "only 中央第一自治会's person: {preview}");
    assert!(!preview
        .to_string()
        .contains(&format!("\"person_id\":{second}")));

    ok(
        &db,
        &["recipient", "update", &id, "--custodian", "新任 会長"],
    );
    let list = json_of(&db, &["recipient", "list", "--json"]);
    assert_eq!(list[0]["custodian"], "新任 会長");
    assert_eq!(list[0]["association"], "中央第一自治会");
    let text = ok(&db, &["recipient", "list"]);
    assert!(text.trim_end().ends_with("\t中央第一自治会"), "{text}");
    // Moving it to another district unbinds the 自治会 (which belongs to 中央地区).
    fails(
        &db,
        5,
        "association",
        &[
            "recipient",
            "update",
            &id,
            "--district",
            "北地区",
            "--association",
            "中央第一自治会",
        ],
    );
    fails(
        &db,
        4,
        "recipient 99 not found",
        &["recipient", "update", "99", "--phone", "1"],
    );

    ok(&db, &["recipient", "retire", &id]);
    assert_eq!(json_of(&db, &["recipient", "list", "--json"]), json!([]));
    fails(&db, 5, "retired", &["share", "preview", "--recipient", &id]);
    fails(&db, 5, "retired", &["recipient", "retire", &id]);

    let audit = json_of(&db, &["audit", "list", "--json"]);
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "recipient")
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        actions.contains(&("recipient.update".into(), "fields=custodian".into())),
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|(a, _)| a == "recipient.retire"),
        "{actions:?}"
    );
}
