//! Opening a roster by account (#14, in progress): each account's key slot, what a wrong
//! passphrase, an unknown account, a missing or foreign key file do — and that none of
//! them changes a byte of the roster.

mod common;

use std::path::{Path, PathBuf};

use common::{clock, file_hash};
use yorisoi::{Clock as _, Error, Passphrase, Roster};

const ADMIN_PASS: &str = "ひまわり畑で赤い自転車";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_string())
}

fn new_roster(dir: &Path) -> PathBuf {
    let path = dir.join("roster.db");
    let roster = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock())
        .unwrap()
        .0;
    drop(roster);
    path
}

/// The roster's file as it is on disk now (with a leftover WAL, if any).
fn state(path: &Path) -> (String, bool) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    (file_hash(path), PathBuf::from(wal).exists())
}

#[test]
fn the_first_admin_opens_and_the_log_names_the_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    assert!(dir.path().join("roster.keys").is_file());
    let roster = Roster::open(&path, " tanaka ", &pass(ADMIN_PASS), clock()).unwrap();
    assert_eq!(roster.account(), "tanaka");
    let log = roster.audit_log(None, None).unwrap();
    let actions: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| (e.account.as_str(), e.action.as_str(), e.detail.as_str()))
        .collect();
    assert!(
        actions.contains(&("tanaka", "account.add", "role=admin,first=true")),
        "{actions:?}"
    );
    // Newest first: created, the first admin added, the recovery key made, then this
    // unlock — every row naming the account, whatever the OS user is called.
    assert_eq!(
        actions,
        [
            ("tanaka", "roster.unlock", "role=admin"),
            ("tanaka", "recovery.new", "retired=0"),
            ("tanaka", "account.add", "role=admin,first=true"),
            ("tanaka", "roster.create", "")
        ]
    );
    assert!(roster.verify_audit_chain().unwrap().first_fault.is_none());
}

#[test]
fn a_wrong_passphrase_or_an_unknown_account_opens_nothing_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let before = state(&path);
    let keys_before = file_hash(&dir.path().join("roster.keys"));
    for (account, secret) in [("tanaka", "ひまわり畑で青い自転車"), ("suzuki", ADMIN_PASS)]
    {
        let e = Roster::open(&path, account, &pass(secret), clock()).unwrap_err();
        assert!(matches!(e, Error::WrongPassphrase(_)), "{account}: {e}");
    }
    let e = Roster::open(&path, " ", &pass(""), clock()).unwrap_err();
    assert!(
        matches!(e, Error::Invalid(ref v) if v.field == "account"),
        "{e}"
    );
    assert_eq!(state(&path), before);
    // The key file changed only by counting tanaka's wrong try (the unknown accounts have
    // no slot to count against).
    let keys = std::fs::read_to_string(dir.path().join("roster.keys")).unwrap();
    assert_ne!(file_hash(&dir.path().join("roster.keys")), keys_before);
    assert_eq!(keys.matches("\"failures\": 1").count(), 1, "{keys}");
    Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    let keys = std::fs::read_to_string(dir.path().join("roster.keys")).unwrap();
    assert!(
        !keys.contains("\"failures\": 1"),
        "a right passphrase clears it"
    );
}

#[test]
fn a_missing_key_file_says_to_restore_it_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let keys = dir.path().join("roster.keys");
    std::fs::rename(&keys, dir.path().join("elsewhere.keys")).unwrap();
    let before = state(&path);
    let e = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::NoKeyFile { .. }), "{e}");
    assert!(
        e.to_string().contains("roster.keys, which is missing"),
        "{e}"
    );
    assert!(e.to_string().contains("backup"), "{e}");
    assert!(!keys.exists(), "no key file is made in its place");
    assert_eq!(state(&path), before);
}

#[test]
fn a_damaged_or_foreign_key_file_is_refused_and_the_roster_is_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let keys = dir.path().join("roster.keys");
    let before = state(&path);

    let whole = std::fs::read(&keys).unwrap();
    std::fs::write(&keys, &whole[..whole.len() / 3]).unwrap();
    let e = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::KeyFileDamaged(_)), "{e}");
    assert_eq!(state(&path), before);

    // Another roster's key file, same account name and passphrase: it opens that
    // roster's key, which is not this roster's.
    let other = tempfile::tempdir().unwrap();
    new_roster(other.path());
    std::fs::copy(other.path().join("roster.keys"), &keys).unwrap();
    let e = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(
        matches!(e, Error::WrongPassphrase(_) | Error::KeyFileDamaged(_)),
        "{e}"
    );
    assert_eq!(state(&path), before);

    // With its own key file back, it opens as before.
    std::fs::write(&keys, &whole).unwrap();
    Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
}

#[test]
fn a_weak_passphrase_is_refused_at_creation_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    for weak in ["short", "password123", "yorisoi2026"] {
        let e = Roster::create(&path, "tanaka", &pass(weak), clock()).unwrap_err();
        assert!(
            matches!(e, Error::Invalid(ref v) if v.field == "passphrase"),
            "{weak}: {e}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // An existing key file is never replaced.
    std::fs::write(dir.path().join("roster.keys"), b"keep me").unwrap();
    let e = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::AlreadyExists(_)), "{e}");
    assert_eq!(
        std::fs::read(dir.path().join("roster.keys")).unwrap(),
        b"keep me"
    );
    assert!(!path.exists());
}

const OFFICER_PASS: &str = "青い郵便受けと三毛猫の昼寝";
const VIEWER_PASS: &str = "kappa sells umbrellas at dawn";

#[test]
fn an_admin_adds_accounts_each_opens_with_its_own_passphrase_and_role() {
    use yorisoi::model::account::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let mut admin = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock())
        .unwrap()
        .0;
    assert_eq!(admin.role(), Role::Admin);
    admin
        .account_add("suzuki", Role::Officer, &pass(OFFICER_PASS))
        .unwrap();
    admin
        .account_add("sato", Role::Viewer, &pass(VIEWER_PASS))
        .unwrap();
    // A weak passphrase and a taken name are refused, and add nothing.
    assert!(admin
        .account_add("ito", Role::Viewer, &pass("password123"))
        .is_err());
    assert!(admin
        .account_add("sato", Role::Viewer, &pass(OFFICER_PASS))
        .is_err());
    let names: Vec<(String, Role)> = admin
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.role))
        .collect();
    assert_eq!(
        names,
        [
            ("sato".to_string(), Role::Viewer),
            ("suzuki".to_string(), Role::Officer),
            ("tanaka".to_string(), Role::Admin)
        ]
    );
    drop(admin);

    for (name, secret, role) in [
        ("suzuki", OFFICER_PASS, Role::Officer),
        ("sato", VIEWER_PASS, Role::Viewer),
        ("tanaka", ADMIN_PASS, Role::Admin),
    ] {
        let r = Roster::open(&path, name, &pass(secret), clock()).unwrap();
        assert_eq!((r.account(), r.role()), (name, role));
    }
    // One account's passphrase does not open another's slot.
    assert!(Roster::open(&path, "sato", &pass(OFFICER_PASS), clock()).is_err());

    // Only an admin manages accounts.
    let mut officer = Roster::open(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    let e = officer
        .account_add("ito", Role::Admin, &pass("kappa sells raincoats at noon"))
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Forbidden {
                role: "officer",
                ..
            }
        ),
        "{e}"
    );
    assert!(officer.account_remove("sato").is_err());
    drop(officer);

    // The last admin stays; a removed account's passphrase no longer opens.
    let mut admin = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    assert!(admin.account_role("tanaka", Role::Officer).is_err());
    assert!(admin.account_remove("tanaka").is_err());
    admin.account_remove("sato").unwrap();
    admin.account_role("suzuki", Role::Admin).unwrap();
    let log = admin.audit_log(None, Some(3)).unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("account.role", "from=officer,to=admin"),
            ("account.remove", ""),
            ("roster.unlock", "role=admin")
        ]
    );
    drop(admin);
    let e = Roster::open(&path, "sato", &pass(VIEWER_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase(_)), "{e}");
    let r = Roster::open(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    assert_eq!(r.role(), Role::Admin);
}

#[test]
fn the_recovery_key_opens_once_a_new_passphrase_is_set_and_a_new_key_retires_the_old() {
    use yorisoi::model::recovery::RecoveryKey;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let mut admin = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock())
        .unwrap()
        .0;
    let first = admin.recovery_new().unwrap();
    let second = admin.recovery_new().unwrap();
    assert_ne!(first, second);
    drop(admin);
    let sheet = second.display();
    let typed = RecoveryKey::parse(&sheet).unwrap();
    let new_pass = "kappa sells umbrellas at dawn";

    // The retired key and a weak new passphrase open nothing and change nothing.
    let before = state(&path);
    let e =
        Roster::open_with_recovery(&path, &first, "tanaka", &pass(new_pass), clock()).unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase(_)), "{e}");
    assert!(
        Roster::open_with_recovery(&path, &typed, "tanaka", &pass("tanaka123"), clock()).is_err()
    );
    assert_eq!(state(&path), before);

    let r = Roster::open_with_recovery(&path, &typed, "tanaka", &pass(new_pass), clock()).unwrap();
    assert_eq!(r.account(), "tanaka");
    let last = &r.audit_log(None, Some(1)).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.detail.as_str()),
        ("recovery.unlock", "passphrase=reset")
    );
    drop(r);
    // The forgotten passphrase no longer opens; the new one does.
    assert!(Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).is_err());
    Roster::open(&path, "tanaka", &pass(new_pass), clock()).unwrap();
}

#[test]
fn changing_ones_passphrase_leaves_the_others_working() {
    use yorisoi::model::account::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let mut admin = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock())
        .unwrap()
        .0;
    admin
        .account_add("suzuki", Role::Officer, &pass(OFFICER_PASS))
        .unwrap();
    drop(admin);
    let mut officer = Roster::open(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    assert!(officer.account_passphrase(&pass("short")).is_err());
    officer
        .account_passphrase(&pass("kappa sells raincoats at noon"))
        .unwrap();
    drop(officer);
    assert!(Roster::open(&path, "suzuki", &pass(OFFICER_PASS), clock()).is_err());
    Roster::open(
        &path,
        "suzuki",
        &pass("kappa sells raincoats at noon"),
        clock(),
    )
    .unwrap();
    Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
}

/// A clock that moves only when told to.
struct Wall(std::sync::Mutex<chrono::DateTime<chrono::Utc>>);

impl Wall {
    fn start() -> std::sync::Arc<Wall> {
        std::sync::Arc::new(Wall(std::sync::Mutex::new(clock().now())))
    }
    fn advance(&self, seconds: i64) {
        *self.0.lock().unwrap() += chrono::Duration::seconds(seconds);
    }
}

impl yorisoi::Clock for Wall {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        *self.0.lock().unwrap()
    }
}

#[test]
fn a_thousand_wrong_passphrases_never_change_the_roster_and_the_waits_grow() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let before = state(&path);
    let wall = Wall::start();
    let (mut tried, mut waited) = (0, Vec::new());
    for i in 0..1_000 {
        let wrong = pass(&format!("まちがい {i} ひまわり畑"));
        match Roster::open(&path, "tanaka", &wrong, wall.clone()) {
            Err(Error::WrongPassphrase(_)) => tried += 1,
            Err(Error::TooSoon { seconds }) => {
                assert_eq!(
                    Roster::unlock_wait(&path, "tanaka", wall.as_ref()).unwrap(),
                    seconds
                );
                // Every 50th refusal, let the wait pass: the next try is a real one.
                if i % 50 == 0 {
                    waited.push(seconds);
                    wall.advance(i64::try_from(seconds).unwrap());
                }
            }
            other => panic!("try {i}: {other:?}"),
        }
    }
    assert_eq!(state(&path), before, "the roster's bytes never changed");
    assert!(tried >= 3 + 10, "real tries: {tried}");
    assert!(waited.windows(2).all(|w| w[0] <= w[1]), "{waited:?}");
    assert_eq!(waited.last(), Some(&300), "the wait stops at five minutes");
    // The right passphrase must wait too, then opens (and clears the count).
    let wait = Roster::unlock_wait(&path, "tanaka", wall.as_ref()).unwrap();
    if wait > 0 {
        let e = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), wall.clone()).unwrap_err();
        assert!(matches!(e, Error::TooSoon { .. }), "{e}");
        wall.advance(i64::try_from(wait).unwrap());
    }
    Roster::open(&path, "tanaka", &pass(ADMIN_PASS), wall.clone()).unwrap();
    assert_eq!(
        Roster::unlock_wait(&path, "tanaka", wall.as_ref()).unwrap(),
        0
    );
}

#[test]
fn a_viewer_is_refused_every_change_in_the_core_and_still_reads() {
    use yorisoi::model::account::Role;
    let (t, mut admin) = common::TempRoster::new();
    let id = admin.add_person(common::sentinel_person()).unwrap();
    admin
        .account_add("sato", Role::Viewer, &pass(VIEWER_PASS))
        .unwrap();
    drop(admin);
    let mut viewer = Roster::open(&t.path, "sato", &pass(VIEWER_PASS), clock()).unwrap();
    let before = viewer.audit_log(None, None).unwrap().len();
    let forbidden = |r: yorisoi::Result<()>| match r {
        Err(e @ Error::Forbidden { .. }) => {
            assert_eq!(e.code(), yorisoi::ErrorCode::Forbidden);
            assert!(e.to_string().contains("viewer"), "{e}");
        }
        other => panic!("not refused: {other:?}"),
    };
    forbidden(viewer.add_person(common::sentinel_person()).map(|_| ()));
    forbidden(
        viewer
            .archive_person(id, yorisoi::model::ArchiveReason::Moved, None, "")
            .map(|_| ()),
    );
    forbidden(
        viewer
            .set_setting("municipality.name", "よその市")
            .map(|_| ()),
    );
    forbidden(viewer.backup(&t.dir.path().join("copy.db")));
    forbidden(
        viewer
            .account_add("x", Role::Admin, &pass(OFFICER_PASS))
            .map(|_| ()),
    );
    forbidden(viewer.recovery_new().map(|_| ()));
    assert!(!t.dir.path().join("copy.db").exists());
    // Reading is allowed, and a detailed view is audited in the viewer's name.
    assert_eq!(viewer.view_person(id).unwrap().name, "秘密山 漏洩子");
    let log = viewer.audit_log(None, None).unwrap();
    assert_eq!(log.len(), before + 1, "only the view was written");
    assert_eq!(
        (log[0].account.as_str(), log[0].action.as_str()),
        ("sato", "person.view")
    );
    // One's own passphrase is one's own, whatever the role.
    viewer
        .account_passphrase(&pass("すずしい夜の縁側で将棋"))
        .unwrap();
}

#[test]
fn a_roster_from_before_accounts_is_converted_on_first_open_and_keeps_all_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    // Made as the previous release made rosters: keyed with the shared passphrase.
    common::old_style_roster(&path, "midori2020");
    let rows_before = common::raw_with(&path, "midori2020")
        .query_row("SELECT count(*) FROM persons", [], |r| r.get::<_, i64>(0))
        .unwrap();
    assert_eq!(rows_before, 1);
    assert!(!dir.path().join("roster.keys").exists());

    // A wrong shared passphrase: nothing is converted, nothing changes.
    let before = state(&path);
    let e = Roster::open(&path, "yamada", &pass("wrong shared one"), clock()).unwrap_err();
    assert!(matches!(e, Error::NoKeyFile { .. }), "{e}");
    assert_eq!(state(&path), before);
    assert!(!dir.path().join("roster.keys").exists());

    let mut r = Roster::open(&path, "yamada", &pass("midori2020"), clock()).unwrap();
    assert!(r.unlock_notes().converted);
    assert!(r.unlock_notes().recovery_key_missing);
    assert!(
        r.unlock_notes().passphrase_weak.is_some(),
        "the old one was weak"
    );
    assert_eq!(
        (r.account(), r.role()),
        ("yamada", yorisoi::model::account::Role::Admin)
    );
    let people = r.list_persons(&yorisoi::PersonQuery::default()).unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(
        r.view_person(people[0].id).unwrap().notes,
        "SENTINEL-NOTE-7f3a9c"
    );
    let actions: Vec<String> = r
        .audit_log(None, None)
        .unwrap()
        .iter()
        .map(|e| e.action.clone())
        .collect();
    assert!(
        actions.contains(&"roster.convert".to_string()),
        "{actions:?}"
    );
    assert!(r.check().unwrap().is_ok());
    drop(r);
    assert!(dir.path().join("roster.keys").is_file());
    assert!(!dir.path().join("roster.keys.pending").exists());
    // The shared passphrase no longer opens the file by itself: only through the slot.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "key", "midori2020").unwrap();
    assert!(c
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
            .get::<_, i64>(0))
        .is_err());
    drop(c);
    Roster::open(&path, "yamada", &pass("midori2020"), clock()).unwrap();
}

#[test]
fn a_backup_carries_its_key_file_and_restore_says_which_accounts_it_brings() {
    use yorisoi::model::account::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let (mut admin, recovery) =
        Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    admin
        .account_add("sato", Role::Viewer, &pass(VIEWER_PASS))
        .unwrap();
    let backup = dir.path().join("backup-1206.db");
    admin.backup(&backup).unwrap();
    assert!(dir.path().join("backup-1206.keys").is_file());
    assert!(admin.backup(&backup).is_err(), "never overwritten");
    drop(admin);

    let to = dir.path().join("restored").join("roster.db");
    let restored =
        Roster::restore_backup(&backup, &to, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    let names: Vec<(String, Role)> = restored
        .accounts()
        .unwrap()
        .into_iter()
        .map(|a| (a.name, a.role))
        .collect();
    assert_eq!(
        names,
        [
            ("sato".to_string(), Role::Viewer),
            ("tanaka".to_string(), Role::Admin)
        ]
    );
    assert_eq!(
        restored.audit_log(None, Some(1)).unwrap()[0].detail,
        "accounts=2"
    );
    drop(restored);
    // Each account opens the restored roster, and so does the recovery key.
    Roster::open(&to, "sato", &pass(VIEWER_PASS), clock()).unwrap();
    Roster::open_with_recovery(
        &to,
        &recovery,
        "tanaka",
        &pass("あたらしい合言葉は夏の海"),
        clock(),
    )
    .unwrap();
    // A viewer may not restore: nothing is left behind.
    let again = dir.path().join("again.db");
    let e =
        Roster::restore_backup(&backup, &again, "sato", &pass(VIEWER_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e}");
    assert!(!again.exists() && !dir.path().join("again.keys").exists());
}

#[test]
fn check_reports_the_key_file_and_a_slot_without_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let r = Roster::open(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    let report = r.check().unwrap();
    let k = report.key_file.clone().unwrap();
    assert_eq!((k.account_slots, k.recovery_key), (1, true));
    assert!(k.mismatches.is_empty() && report.is_ok(), "{report:?}");
    // A slot added behind the roster's back (another roster's key file merged in by hand).
    let keys = dir.path().join("roster.keys");
    let mut file = yorisoi::store::keyfile::KeyFile::read(&keys).unwrap();
    let stray = file.slots[0].clone();
    let mut stray = stray;
    stray.id = 99;
    stray.account = Some("intruder".into());
    file.slots.push(stray);
    file.write(&keys).unwrap();
    let report = r.check().unwrap();
    assert!(!report.is_ok());
    assert!(report.key_file.unwrap().mismatches[0].contains("intruder"));
}

#[test]
fn argon2_parameters_are_pinned_and_stored_in_every_slot() {
    use yorisoi::store::keyfile::{KdfParams, KeyFile};
    assert_eq!(
        KdfParams::PINNED,
        KdfParams {
            memory_kib: 131_072,
            passes: 3,
            lanes: 1
        }
    );
    let dir = tempfile::tempdir().unwrap();
    new_roster(dir.path());
    let file = KeyFile::read(&dir.path().join("roster.keys")).unwrap();
    assert_eq!(file.slots.len(), 2, "the admin's and the recovery key's");
    assert!(file.slots.iter().all(|s| s.kdf == KdfParams::PINNED));
}

#[test]
fn a_conversion_stopped_at_any_step_is_finished_or_started_again_by_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let keys = dir.path().join("roster.keys");
    let pending = dir.path().join("roster.keys.pending");
    let persons = |r: &Roster| {
        r.list_persons(&yorisoi::PersonQuery::default())
            .unwrap()
            .len()
    };

    // Stopped after the pending key file was written, before the re-encryption: the
    // shared passphrase still opens the roster, and the conversion starts again.
    common::old_style_roster(&path, "midori2020");
    std::fs::write(&pending, b"{\"not\": \"the key file that will be used\"}").unwrap();
    let stale = Roster::open(&path, "yamada", &pass("midori2020"), clock());
    assert!(
        matches!(stale, Err(Error::KeyFileDamaged(_))),
        "an unreadable pending file is not guessed at: {stale:?}"
    );
    std::fs::remove_file(&pending).unwrap();
    let r = Roster::open(&path, "yamada", &pass("midori2020"), clock()).unwrap();
    assert!(r.unlock_notes().converted);
    assert_eq!(persons(&r), 1);
    drop(r);

    // Stopped after the re-encryption and the first admin's row, before the rename: the
    // pending file's key opens the roster and the next open only puts the file in place.
    std::fs::rename(&keys, &pending).unwrap();
    let r = Roster::open(&path, "yamada", &pass("midori2020"), clock()).unwrap();
    assert_eq!(persons(&r), 1);
    assert!(keys.is_file() && !pending.exists());
    drop(r);

    // Stopped after the re-encryption, before the first admin's row: it is recorded now,
    // once.
    let key = common::raw_key_for(&path, "yamada", "midori2020");
    common::raw_with(&path, &key)
        .execute_batch("DELETE FROM accounts; DELETE FROM roster_meta;")
        .unwrap();
    std::fs::rename(&keys, &pending).unwrap();
    let r = Roster::open(&path, "yamada", &pass("midori2020"), clock()).unwrap();
    assert_eq!(persons(&r), 1);
    let names: Vec<String> = r.accounts().unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(names, ["yamada"]);
    assert!(r.check().unwrap().is_ok());
    assert!(keys.is_file() && !pending.exists());
}

#[test]
fn an_admin_who_steps_down_acts_with_the_new_role_at_once() {
    use yorisoi::model::account::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let (mut tanaka, _) = Roster::create(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    tanaka
        .account_add("suzuki", Role::Admin, &pass(OFFICER_PASS))
        .unwrap();
    tanaka.account_role("tanaka", Role::Viewer).unwrap();
    assert_eq!(tanaka.role(), Role::Viewer);
    let e = tanaka
        .account_add("ito", Role::Officer, &pass(VIEWER_PASS))
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden { role: "viewer", .. }), "{e}");
    let e = tanaka
        .set_setting("municipality.name", "みどり市")
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden { .. }), "{e}");
}
