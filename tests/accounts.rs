//! Opening a roster by account (#14, in progress): each account's key slot, what a wrong
//! passphrase, an unknown account, a missing or foreign key file do — and that none of
//! them changes a byte of the roster.

mod common;

use std::path::{Path, PathBuf};

use common::{clock, file_hash};
use yorisoi::{Error, Passphrase, Roster};

const ADMIN_PASS: &str = "ひまわり畑で赤い自転車";

fn pass(s: &str) -> Passphrase {
    Passphrase::new(s.to_string())
}

fn new_roster(dir: &Path) -> PathBuf {
    let path = dir.join("roster.db");
    let roster = Roster::create_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
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
    let roster = Roster::open_with_account(&path, " tanaka ", &pass(ADMIN_PASS), clock()).unwrap();
    assert_eq!(roster.operator(), "tanaka");
    let log = roster.audit_log(None, None).unwrap();
    let actions: Vec<(&str, &str, &str)> = log
        .iter()
        .map(|e| (e.operator.as_str(), e.action.as_str(), e.detail.as_str()))
        .collect();
    assert!(
        actions.contains(&("tanaka", "account.add", "role=admin,first=true")),
        "{actions:?}"
    );
    // Newest first: created, the first admin added, then this unlock.
    assert_eq!(
        actions,
        [
            ("tanaka", "roster.unlock", "role=admin"),
            ("tanaka", "account.add", "role=admin,first=true"),
            ("tanaka", "roster.create", "")
        ]
    );
}

#[test]
fn a_wrong_passphrase_or_an_unknown_account_opens_nothing_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let before = state(&path);
    let keys_before = file_hash(&dir.path().join("roster.keys"));
    for (account, secret) in [
        ("tanaka", "ひまわり畑で青い自転車"),
        ("suzuki", ADMIN_PASS),
        ("", ""),
    ] {
        let e = Roster::open_with_account(&path, account, &pass(secret), clock()).unwrap_err();
        assert!(matches!(e, Error::WrongPassphrase(_)), "{account}: {e}");
    }
    assert_eq!(state(&path), before);
    assert_eq!(file_hash(&dir.path().join("roster.keys")), keys_before);
}

#[test]
fn a_missing_key_file_says_to_restore_it_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = new_roster(dir.path());
    let keys = dir.path().join("roster.keys");
    std::fs::rename(&keys, dir.path().join("elsewhere.keys")).unwrap();
    let before = state(&path);
    let e = Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::KeyFileMissing(_)), "{e}");
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
    let e = Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::KeyFileDamaged(_)), "{e}");
    assert_eq!(state(&path), before);

    // Another roster's key file, same account name and passphrase: it opens that
    // roster's key, which is not this roster's.
    let other = tempfile::tempdir().unwrap();
    new_roster(other.path());
    std::fs::copy(other.path().join("roster.keys"), &keys).unwrap();
    let e = Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
    assert!(
        matches!(e, Error::WrongPassphrase(_) | Error::KeyFileDamaged(_)),
        "{e}"
    );
    assert_eq!(state(&path), before);

    // With its own key file back, it opens as before.
    std::fs::write(&keys, &whole).unwrap();
    Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
}

#[test]
fn a_weak_passphrase_is_refused_at_creation_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    for weak in ["short", "password123", "yorisoi2026"] {
        let e = Roster::create_with_account(&path, "tanaka", &pass(weak), clock()).unwrap_err();
        assert!(
            matches!(e, Error::Invalid(ref v) if v.field == "passphrase"),
            "{weak}: {e}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // An existing key file is never replaced.
    std::fs::write(dir.path().join("roster.keys"), b"keep me").unwrap();
    let e = Roster::create_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap_err();
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
    let mut admin =
        Roster::create_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    assert_eq!(admin.role(), Some(Role::Admin));
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
        let r = Roster::open_with_account(&path, name, &pass(secret), clock()).unwrap();
        assert_eq!((r.operator(), r.role()), (name, Some(role)));
    }
    // One account's passphrase does not open another's slot.
    assert!(Roster::open_with_account(&path, "sato", &pass(OFFICER_PASS), clock()).is_err());

    // Only an admin manages accounts.
    let mut officer =
        Roster::open_with_account(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    let e = officer
        .account_add("ito", Role::Admin, &pass("kappa sells raincoats at noon"))
        .unwrap_err();
    assert!(e.to_string().contains("only an admin"), "{e}");
    assert!(officer.account_remove("sato").is_err());
    drop(officer);

    // The last admin stays; a removed account's passphrase no longer opens.
    let mut admin = Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
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
    let e = Roster::open_with_account(&path, "sato", &pass(VIEWER_PASS), clock()).unwrap_err();
    assert!(matches!(e, Error::WrongPassphrase(_)), "{e}");
    let r = Roster::open_with_account(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    assert_eq!(r.role(), Some(Role::Admin));
}

#[test]
fn the_recovery_key_opens_once_a_new_passphrase_is_set_and_a_new_key_retires_the_old() {
    use yorisoi::model::recovery::RecoveryKey;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let mut admin =
        Roster::create_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
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
    assert_eq!(r.operator(), "tanaka");
    let last = &r.audit_log(None, Some(1)).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.detail.as_str()),
        ("recovery.unlock", "passphrase=reset")
    );
    drop(r);
    // The forgotten passphrase no longer opens; the new one does.
    assert!(Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).is_err());
    Roster::open_with_account(&path, "tanaka", &pass(new_pass), clock()).unwrap();
}

#[test]
fn changing_ones_passphrase_leaves_the_others_working() {
    use yorisoi::model::account::Role;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let mut admin =
        Roster::create_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
    admin
        .account_add("suzuki", Role::Officer, &pass(OFFICER_PASS))
        .unwrap();
    drop(admin);
    let mut officer =
        Roster::open_with_account(&path, "suzuki", &pass(OFFICER_PASS), clock()).unwrap();
    assert!(officer.account_passphrase(&pass("short")).is_err());
    officer
        .account_passphrase(&pass("kappa sells raincoats at noon"))
        .unwrap();
    drop(officer);
    assert!(Roster::open_with_account(&path, "suzuki", &pass(OFFICER_PASS), clock()).is_err());
    Roster::open_with_account(
        &path,
        "suzuki",
        &pass("kappa sells raincoats at noon"),
        clock(),
    )
    .unwrap();
    Roster::open_with_account(&path, "tanaka", &pass(ADMIN_PASS), clock()).unwrap();
}
