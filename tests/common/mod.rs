//! Shared helpers for the integration tests: temporary encrypted rosters, documents with
//! sentinel personal data, and a runner for the `yorisoi` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use yorisoi::model::{Person, Recipient, RecipientKind};
use yorisoi::{FixedClock, Passphrase, Roster};

pub const PASS: &str = "correct horse battery staple";
/// The account test rosters are made by (their first admin).
pub const ACCOUNT: &str = "試験 担当";

/// 2026-11-22 10:00 JST.
pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

pub fn pass() -> Passphrase {
    Passphrase::new(PASS.to_string())
}

/// A temporary folder with a new, empty roster in it.
pub struct TempRoster {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TempRoster {
    pub fn new() -> (TempRoster, Roster) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("roster.db");
        let roster = Roster::create(&path, ACCOUNT, &pass(), clock())
            .map(|(r, _)| r)
            .unwrap();
        (TempRoster { dir, path }, roster)
    }

    pub fn open(&self) -> Roster {
        Roster::open(&self.path, ACCOUNT, &pass(), clock()).unwrap()
    }

    /// [`TempRoster::open`] an hour later by the clock: after wrong passphrases, once the
    /// account's wait is over.
    pub fn open_after_waiting(&self) -> Roster {
        let later = clock().0 + chrono::Duration::hours(1);
        Roster::open(&self.path, ACCOUNT, &pass(), Arc::new(FixedClock(later))).unwrap()
    }
}

/// The SQLCipher key of the roster at `path` (its data key, from `account`'s slot opened
/// with [`PASS`]), for tests that must reach under the API.
pub fn raw_key_of(path: &Path, account: &str) -> String {
    raw_key_for(path, account, PASS)
}

/// [`raw_key_of`] with `account`'s own passphrase.
pub fn raw_key_for(path: &Path, account: &str, passphrase: &str) -> String {
    use yorisoi::store::keyfile::{keys_path, KeyFile};
    let file = KeyFile::read(&keys_path(path)).unwrap();
    let slot = file.account_slot(account).expect("the account's slot").id;
    let key = file.open(slot, passphrase.as_bytes(), path).unwrap();
    key.sqlcipher_key().to_string()
}

/// [`raw_key_of`] for [`ACCOUNT`].
pub fn raw_key(path: &Path) -> String {
    raw_key_of(path, ACCOUNT)
}

/// A raw connection keyed with `key` (and proven), for tests that must reach under the API
/// (tampering, fixtures). SQLite and SQLCipher are started first, as the store does, so a
/// raw first connection cannot race their start-up.
pub fn raw_with(path: &Path, key: &str) -> rusqlite::Connection {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| drop(rusqlite::Connection::open_in_memory()));
    let c = rusqlite::Connection::open(path).unwrap();
    c.pragma_update(None, "key", key).unwrap();
    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
    c
}

/// [`raw_with`] the data key of the roster at `path` (made by [`ACCOUNT`]).
pub fn raw(path: &Path) -> rusqlite::Connection {
    raw_with(path, &raw_key(path))
}

/// A recipient of `kind` called `name`, serving the whole town, with no contact details.
pub fn recipient(kind: RecipientKind, name: &str) -> Recipient {
    Recipient {
        id: None,
        kind,
        name: name.to_string(),
        district: None,
        association: None,
        custodian: String::new(),
        address: String::new(),
        phone: String::new(),
    }
}

/// A full person document with distinctive values that must never appear in plaintext.
pub fn sentinel_person_json() -> String {
    serde_json::json!({
        "name": "秘密山 漏洩子",
        "furigana": "ひみつやま ろうえいこ",
        "sex": "female",
        "date_of_birth": "昭和12年4月5日",
        "address": "みどり市センチネル町9丁目8番7号",
        "phone": "0990-12-3456",
        "district": "中央地区",
        "association": "中央第一自治会",
        "block": "3班",
        "category": "elderly-living-alone",
        "care_level": "care-3",
        "notes": "SENTINEL-NOTE-7f3a9c",
        "medical_devices": [{"device": "oxygen", "power_dependent": true, "note": "ボンベ2本"}],
        "emergency_contacts": [{"name": "秘密山 長男太", "relationship": "長男", "phone": "090-1111-2222"}],
        "house": {"structure": "wooden", "storeys": 2, "bedroom_location": "1階 北側和室"},
        "hazard_zones": {"flood": true},
        "plan": {"destinations": [{"kind": "welfare-shelter", "name": "みどり苑", "direct_admission": true}],
                 "route": "川沿いを避け高台へ", "means": "wheelchair"}
    })
    .to_string()
}

/// Byte strings from the sentinel that must not appear in any file on disk.
pub fn sentinels() -> Vec<Vec<u8>> {
    [
        "秘密山",
        "漏洩子",
        "センチネル町",
        "SENTINEL-NOTE-7f3a9c",
        "0990-12-3456",
        "ひみつやま",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect()
}

pub fn sentinel_person() -> Person {
    Person::from_json(&sentinel_person_json()).unwrap()
}

/// A minimal valid person.
pub fn person(name: &str, furigana: &str, dob: &str) -> Person {
    Person::from_json(
        &serde_json::json!({
            "name": name, "furigana": furigana, "sex": "male", "date_of_birth": dob,
            "address": "みどり市中央町1-2-3", "phone": "0990-11-2222", "district": "中央地区"
        })
        .to_string(),
    )
    .unwrap()
}

/// Runs the `yorisoi` binary with a roster path and passphrase.
pub fn yorisoi(db: &Path, passphrase: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("YORISOI_PASSPHRASE")
        .env_remove("YORISOI_DB");
    cmd.env("YORISOI_OPERATOR", "試験 担当");
    cmd.env("YORISOI_ACCOUNT", ACCOUNT);
    if let Some(p) = passphrase {
        cmd.env("YORISOI_PASSPHRASE", p);
    }
    cmd.stdin(std::process::Stdio::null());
    cmd.output().unwrap()
}

/// Runs the `yorisoi` binary like [`yorisoi`], as `account` (`None`: no account given) and
/// with the extra environment variables `env`.
pub fn yorisoi_as(
    db: &Path,
    account: Option<&str>,
    passphrase: Option<&str>,
    env: &[(&str, &str)],
    args: &[&str],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    cmd.arg("--db").arg(db).args(args);
    for var in [
        "YORISOI_DB",
        "YORISOI_ACCOUNT",
        "YORISOI_PASSPHRASE",
        "YORISOI_NEW_PASSPHRASE",
        "YORISOI_RECOVERY_KEY",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("YORISOI_OPERATOR", "試験 担当");
    if let Some(a) = account {
        cmd.env("YORISOI_ACCOUNT", a);
    }
    if let Some(p) = passphrase {
        cmd.env("YORISOI_PASSPHRASE", p);
    }
    cmd.envs(env.iter().copied());
    cmd.stdin(std::process::Stdio::null());
    cmd.output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// SHA-256 of a file's bytes.
pub fn file_hash(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A roster from before accounts at `path`, keyed with the shared passphrase `shared`,
/// with one person in it.
pub fn old_style_roster(path: &Path, shared: &str) {
    let (t, mut r) = TempRoster::new();
    r.add_person(sentinel_person()).unwrap();
    drop(r);
    let c = raw(&t.path);
    c.execute_batch(&format!(
        "ATTACH DATABASE '{}' AS old KEY '{shared}'",
        path.display()
    ))
    .unwrap();
    c.query_row("SELECT sqlcipher_export('old')", [], |_| Ok(()))
        .unwrap();
    c.execute_batch(&format!(
        "PRAGMA old.user_version = {}; DETACH DATABASE old",
        yorisoi::store::LATEST_VERSION
    ))
    .unwrap();
    raw_with(path, shared)
        .execute_batch("DELETE FROM accounts; DELETE FROM roster_meta;")
        .unwrap();
}

/// SQL taking a roster back to schema v12 (before the roster page's copies, step 13).
pub fn undo_step_13() -> String {
    // Steps 15 and 14 (the consents' scope index) undone first: a roster from before
    // step 13 has neither, and the migration makes them again.
    undo_step_15()
        + "DROP INDEX consents_scope;
     DROP TRIGGER person_search_supporters_insert;
     DROP TRIGGER person_search_supporters_delete;
     DROP TRIGGER person_search_supporters_update;
     DROP TRIGGER person_search_plan_insert;
     DROP TRIGGER person_search_plan_delete;
     DROP TRIGGER person_search_plan_update;
     DROP INDEX person_search_name;
     DROP INDEX person_search_age;
     DROP INDEX person_search_supporters;
     DROP INDEX person_search_facets;
     DROP TABLE person_search_trigram_terms;
     DROP INDEX person_search_name_end;
     DROP INDEX person_search_furigana_end;
     DROP INDEX person_search_address_end;
     DROP INDEX person_search_order;
     ALTER TABLE person_search DROP COLUMN category;
     ALTER TABLE person_search DROP COLUMN care_level;
     ALTER TABLE person_search DROP COLUMN date_of_birth;
     ALTER TABLE person_search DROP COLUMN flood_zone;
     ALTER TABLE person_search DROP COLUMN landslide_zone;
     ALTER TABLE person_search DROP COLUMN tsunami_zone;
     ALTER TABLE person_search DROP COLUMN supporters;
     ALTER TABLE person_search DROP COLUMN has_plan;
     PRAGMA user_version = 12;"
}

/// SQL taking a roster back to the schema before step 17 (care offices, commissions and
/// plan reviews, steps 17–19, the plan forms of step 20, the 要介護認定's period of
/// steps 21–22 and the shelters of steps 23–27), as one made by an older build. The
/// recipients' kind check keeps `care-office` and `shelter`, and the consents' kind check
/// `shelter`: steps 17, 26 and 27 leave a check that already accepts them as it is.
pub fn undo_steps_17_to_19() -> String {
    // Steps 25–23 (the shelters, and the plans' links to them) first, then steps 22 and 21 (the 要介護認定's period, and its
    // flag): the flags they add to go with step 19. Then step 20 (the plan forms), as it refers to commissions.
    format!(
        "DROP TABLE drill_arrivals;
         DROP TABLE plan_destination_shelters;
         DROP TABLE shelter_changes;
         DROP TABLE shelter_imports;
         DROP TABLE shelter_groups;
         DROP TABLE shelter_hazards;
         DROP TABLE shelters;
         DROP TRIGGER plan_review_certification;
         DROP INDEX persons_care_level_until;
         ALTER TABLE persons DROP COLUMN care_level_until;
         DROP TABLE commission_form_reads;
         DROP TABLE commission_forms;
         DROP TABLE form_secret;
         DROP TRIGGER plan_review_care_level;
         DROP TRIGGER plan_review_disability;
         DROP TRIGGER plan_review_address;
         DROP TRIGGER plan_review_household;
         DROP TRIGGER plan_review_supporter_retired;
         DROP TRIGGER plan_review_supporter_withdrew;
         DROP TRIGGER plan_review_warning;
         DROP TRIGGER plan_review_check;
         DROP TABLE plan_review_flags;
         DROP INDEX plans_review;
         ALTER TABLE plans DROP COLUMN made_by_office;
         ALTER TABLE plans DROP COLUMN made_by;
         DROP TABLE commission_fees;
         DROP TABLE fee_items;
         DROP TABLE commission_steps;
         DROP TABLE commissions;
         DROP TABLE specialists;
         DROP TABLE care_offices;
         PRAGMA user_version = {};",
        yorisoi::store::LATEST_VERSION - 11
    )
}

/// SQL taking a roster back to the schema before step 16 (the map), as one made by an
/// older build.
pub fn undo_step_16() -> String {
    // Steps 25 to 17 undone first: a roster from before step 16 does not have them.
    undo_steps_17_to_19()
        + &format!(
            "DROP TRIGGER person_positions_added;
         DROP TRIGGER person_positions_moved;
         DROP TABLE zone_changes;
         DROP TABLE person_positions;
         DROP TABLE address_points;
         DROP TABLE position_files;
         DROP TABLE hazard_shapes;
         DROP TABLE hazard_layers;
         PRAGMA user_version = {};",
            yorisoi::store::LATEST_VERSION - 12
        )
}

/// SQL taking a roster back to the schema before step 15 (the roster page's tally), as
/// one made by an older build.
pub fn undo_step_15() -> String {
    // Step 16 undone first: a roster from before step 15 does not have it.
    undo_step_16()
        + &format!(
            "DROP TRIGGER person_search_tally_insert;
         DROP TRIGGER person_search_tally_delete;
         DROP TRIGGER person_search_tally_update;
         DROP TABLE person_search_tally;
         DROP INDEX person_search_furigana_facets;
         DROP INDEX person_search_name;
         DROP INDEX person_search_age;
         DROP INDEX person_search_supporters;
         CREATE INDEX person_search_name       ON person_search(archived, name_key);
         CREATE INDEX person_search_age        ON person_search(archived, date_of_birth);
         CREATE INDEX person_search_supporters ON person_search(archived, supporters);
         PRAGMA user_version = {};",
            yorisoi::store::LATEST_VERSION - 13
        )
}

/// Import options as an office uses them most: the format and encoding found from the file,
/// the standard columns, registered by consent, for real (not a dry run).
pub fn import_options() -> yorisoi::intake::import::ImportOptions {
    yorisoi::intake::import::ImportOptions {
        format: None,
        encoding: yorisoi::io::TextEncoding::Auto,
        mapping: None,
        overrides: Default::default(),
        source: String::new(),
        route: yorisoi::model::RegistrationRoute::Consent,
        dry_run: false,
    }
}

/// Every table, index and trigger of the database behind `c` with its `CREATE` text, by
/// name (SQLite's automatic indexes, which have no text, left out).
pub fn schema_of(c: &rusqlite::Connection) -> Vec<(String, String)> {
    let mut s = c
        .prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}
