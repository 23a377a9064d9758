//! Changing a key survives a SIGKILL at any moment: after the kill, the old passphrase or
//! the new one opens the roster — never neither — and the audit log says whether the change
//! happened. Two kinds of rekey: an account's own passphrase (`account passphrase`: a new
//! slot in the key file, the roster told of it), and a roster from before accounts
//! converted on its first open (every page re-encrypted under a new data key).
//!
//! Each round copies a prepared roster, starts the command line on it and kills it after a
//! delay; the delays sweep the whole time an uninterrupted run takes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use common::*;
use yorisoi::{Error, FixedClock, Passphrase, PersonQuery, Roster};

const NEW: &str = "a brand new passphrase for tests";
const ROUNDS: u32 = 14;
/// Rounds after the sweep, each waiting half a run longer, while no kill fell after the end.
const EXTRA_ROUNDS: u32 = 8;

/// An hour after the test clock: no wait left from a wrong try in an earlier round.
fn later() -> Arc<FixedClock> {
    Arc::new(FixedClock(Utc::now() + chrono::Duration::hours(1)))
}

/// Copies every file of the folder `from` into a new temporary folder.
fn copy_folder(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.path().join(entry.file_name())).unwrap();
    }
    to
}

/// Runs the command line on `db` with `env`, killed after `delay` (`None`: left to finish).
/// Returns how long it ran and whether it finished by itself with success.
fn run_killed(
    db: &Path,
    account: &str,
    env: &[(&str, &str)],
    args: &[&str],
    delay: Option<Duration>,
) -> (Duration, bool) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yorisoi"));
    cmd.arg("--db").arg(db).args(args);
    for var in ["YORISOI_DB", "YORISOI_PASSPHRASE", "YORISOI_NEW_PASSPHRASE"] {
        cmd.env_remove(var);
    }
    cmd.env("YORISOI_ACCOUNT", account)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    if let Some(delay) = delay {
        loop {
            if child.try_wait().unwrap().is_some() || started.elapsed() >= delay {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        // SIGKILL: no destructor, no flush, nothing the program could finish.
        let _ = child.kill();
    }
    let status = child.wait().unwrap();
    (started.elapsed(), status.success())
}

/// Opens `db` as `account` with whichever of `passphrases` opens it; panics when none does.
fn open_with_either(db: &Path, account: &str, passphrases: &[&str]) -> (Roster, usize) {
    let mut tried = Vec::new();
    for (i, p) in passphrases.iter().enumerate() {
        match Roster::open(db, account, &Passphrase::new((*p).to_string()), later()) {
            Ok(r) => return (r, i),
            Err(e @ (Error::WrongPassphrase(_) | Error::NoKeyFile { .. })) => {
                tried.push(e.to_string())
            }
            Err(e) => panic!("the roster does not open: {e:?}"),
        }
    }
    panic!("neither passphrase opens the roster: {tried:?}");
}

fn details(r: &Roster, action: &str) -> Vec<String> {
    r.audit_log(None, None)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action)
        .map(|e| e.detail)
        .collect()
}

/// The delay of round `i`: from nothing to a little past a whole run.
fn delay(i: u32, whole: Duration) -> Duration {
    whole.mul_f64(1.1 * f64::from(i) / f64::from(ROUNDS - 1))
}

#[test]
fn an_account_passphrase_change_killed_at_any_moment_leaves_the_old_or_the_new_one() {
    let (t, mut r) = TempRoster::new();
    r.add_person(person("鍵 替子", "かぎ かえこ", "1944-05-06"))
        .unwrap();
    drop(r);
    let env = [
        ("YORISOI_PASSPHRASE", PASS),
        ("YORISOI_NEW_PASSPHRASE", NEW),
    ];
    let args = ["account", "passphrase"];

    // An uninterrupted run, to know how long one takes.
    let whole = {
        let copy = copy_folder(t.dir.path());
        let db = copy.path().join("roster.db");
        let (took, ok) = run_killed(&db, ACCOUNT, &env, &args, None);
        assert!(ok, "the change runs");
        let (r, which) = open_with_either(&db, ACCOUNT, &[NEW]);
        assert_eq!(which, 0);
        assert_eq!(
            details(&r, "account.passphrase"),
            ["step=done,result=ok", "step=begin"]
        );
        took
    };

    // The sweep, then longer delays while no kill has yet fallen after the end: a run
    // sharing two cores with the other tests of this file can take several times as long
    // as the uninterrupted one measured above (CI once had all 14 rounds on the old side).
    let mut outcomes = [0u32; 2];
    let mut i = 0;
    while i < ROUNDS || (outcomes[1] == 0 && i < ROUNDS + EXTRA_ROUNDS) {
        let copy = copy_folder(t.dir.path());
        let db = copy.path().join("roster.db");
        let wait = if i < ROUNDS {
            delay(i, whole)
        } else {
            whole.mul_f64(1.1 + 0.5 * f64::from(i - ROUNDS + 1))
        };
        run_killed(&db, ACCOUNT, &env, &args, Some(wait));
        let (r, which) = open_with_either(&db, ACCOUNT, &[PASS, NEW]);
        outcomes[which] += 1;
        let rows = details(&r, "account.passphrase");
        let done = rows.iter().any(|d| d.contains("result=ok"));
        // The log says whether it happened: done exactly when the new passphrase opens.
        assert_eq!(done, which == 1, "round {i}: {rows:?}");
        assert_eq!(r.list_persons(&PersonQuery::default()).unwrap().len(), 1);
        assert!(r.check().unwrap().is_ok(), "round {i}");
        drop(r);
        // Whichever opened, the other does not: one passphrase per account.
        let other = [NEW, PASS][which];
        let refused = Roster::open(&db, ACCOUNT, &Passphrase::new(other.into()), later());
        assert!(
            matches!(refused, Err(Error::WrongPassphrase(_))),
            "round {i}"
        );
        i += 1;
    }
    eprintln!(
        "old passphrase opened {} times, new {} times, in {i} rounds",
        outcomes[0], outcomes[1]
    );
    assert!(
        outcomes[0] > 0 && outcomes[1] > 0,
        "the kills fell on both sides: {outcomes:?}"
    );
}

/// The narrowest moment of a passphrase change, made exactly: the new key file is in place
/// and the roster has not recorded it (the kill fell between the rename and the commit).
/// The new passphrase opens and finishes the change; the old one no longer opens.
#[test]
fn a_change_stopped_between_the_key_file_and_the_roster_is_finished_by_the_next_unlock() {
    let (t, mut r) = TempRoster::new();
    r.add_person(person("鍵 途中", "かぎ とちゅう", "1944-05-06"))
        .unwrap();
    drop(r);
    let before = copy_folder(t.dir.path());
    let mut r = t.open();
    r.account_passphrase(&Passphrase::new(NEW.into())).unwrap();
    drop(r);
    // The roster as it was before the change, with the key file as it is after.
    let keys = yorisoi::store::keyfile::keys_path(&before.path().join("roster.db"));
    std::fs::copy(yorisoi::store::keyfile::keys_path(&t.path), &keys).unwrap();
    let db = before.path().join("roster.db");
    let old = Roster::open(&db, ACCOUNT, &pass(), later());
    assert!(matches!(old, Err(Error::WrongPassphrase(_))), "{old:?}");
    let (r, _) = open_with_either(&db, ACCOUNT, &[NEW]);
    assert_eq!(
        details(&r, "account.passphrase"),
        ["step=done,result=ok,finished_at_unlock=1"]
    );
    assert!(
        r.check().unwrap().is_ok(),
        "the roster's slot was put right"
    );
    drop(r);
    let (r, _) = open_with_either(&db, ACCOUNT, &[NEW]);
    assert_eq!(details(&r, "account.passphrase").len(), 1, "finished once");
}

#[test]
fn a_conversion_killed_at_any_moment_leaves_a_roster_that_opens() {
    let base = tempfile::tempdir().unwrap();
    let shared = "midori shared 2020";
    old_style_roster(&base.path().join("roster.db"), shared);
    let env = [("YORISOI_PASSPHRASE", shared)];
    let args = ["person", "list"];

    let whole = {
        let copy = copy_folder(base.path());
        let db = copy.path().join("roster.db");
        let (took, ok) = run_killed(&db, "yamada", &env, &args, None);
        assert!(ok, "the conversion runs");
        took
    };
    for i in 0..ROUNDS {
        let copy = copy_folder(base.path());
        let db: PathBuf = copy.path().join("roster.db");
        run_killed(&db, "yamada", &env, &args, Some(delay(i, whole)));
        // The shared passphrase is the account's after a conversion too: it always opens,
        // finishing or restarting the conversion, and all the data is there.
        let (r, _) = open_with_either(&db, "yamada", &[shared]);
        assert_eq!(
            r.list_persons(&PersonQuery::default()).unwrap().len(),
            1,
            "round {i}"
        );
        assert_eq!(
            details(&r, "roster.convert").len(),
            1,
            "round {i}: converted once"
        );
        assert!(r.check().unwrap().is_ok(), "round {i}");
        assert!(copy.path().join("roster.keys").is_file());
        assert!(!copy.path().join("roster.keys.pending").exists());
    }
}
