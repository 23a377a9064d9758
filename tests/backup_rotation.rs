//! The automatic backups: at most one a day (by the roster's clock, JST), the newest N
//! kept, nothing but the rotation's own files ever removed, a missing folder said plainly,
//! and every copy opening with the same account.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use yorisoi::{Clock, Roster};

/// A clock the test moves by hand.
struct HandClock(Mutex<DateTime<Utc>>);

impl Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl HandClock {
    fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

/// A new roster on a hand-moved clock, starting 2026-12-01 10:00 JST.
fn roster_on_hand_clock() -> (tempfile::TempDir, PathBuf, Roster, Arc<HandClock>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let hand = Arc::new(HandClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap(),
    )));
    let (roster, _) = Roster::create(&path, ACCOUNT, &pass(), hand.clone()).unwrap();
    (dir, path, roster, hand)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn at_most_one_backup_a_day_and_the_newest_n_kept() {
    let (dir, _path, mut roster, hand) = roster_on_hand_clock();
    let stick = dir.path().join("usb");
    std::fs::create_dir(&stick).unwrap();
    let start = hand.now();

    let first = roster
        .backup_rotating(&stick, 3)
        .unwrap()
        .expect("the day's backup");
    let id = &first.made.path.file_name().unwrap().to_str().unwrap()[..21];
    assert!(id.starts_with("yorisoi-auto-"), "{id}");
    assert_eq!(
        first.made.path,
        stick.join(format!("{id}-20261201-100000.db"))
    );
    assert!(first.made.keys.is_file() && first.removed.is_empty());

    // Later the same day (JST): nothing more, nothing recorded.
    hand.set(start + Duration::hours(13)); // 23:00 JST
    let recorded = roster.last_good_backup().unwrap();
    assert_eq!(roster.backup_rotating(&stick, 3).unwrap(), None);
    assert_eq!(roster.last_good_backup().unwrap(), recorded);
    // Past midnight JST (15:00 UTC) it is another day.
    hand.set(start + Duration::hours(14) + Duration::minutes(1));
    let second = roster
        .backup_rotating(&stick, 3)
        .unwrap()
        .expect("next day");
    assert!(second
        .made
        .path
        .ends_with(format!("{id}-20261202-000100.db")));
    let last = roster.last_good_backup().unwrap().expect("recorded");
    assert_eq!(last.kind, "rotating");
    assert_eq!(last.at, yorisoi::clock::stamp(hand.now()));

    // Four more days with keep = 3: the three newest stay, each with its key file.
    let mut removed = Vec::new();
    for day in 2..=5 {
        hand.set(start + Duration::days(day));
        let turn = roster
            .backup_rotating(&stick, 3)
            .unwrap()
            .expect("a new day");
        removed.extend(turn.removed);
    }
    assert_eq!(
        names_in(&stick),
        [
            format!("{id}-20261204-100000.db"),
            format!("{id}-20261204-100000.keys"),
            format!("{id}-20261205-100000.db"),
            format!("{id}-20261205-100000.keys"),
            format!("{id}-20261206-100000.db"),
            format!("{id}-20261206-100000.keys"),
        ]
    );
    assert_eq!(
        removed.len(),
        6,
        "three backups and their key files: {removed:?}"
    );
    assert!(
        roster.backup_rotating(&stick, 0).is_err(),
        "keep at least one"
    );
}

#[test]
fn the_rotation_never_removes_anything_but_its_own_files() {
    let (dir, path, mut roster, hand) = roster_on_hand_clock();
    let stick = dir.path().join("usb");
    std::fs::create_dir(&stick).unwrap();
    // An officer's own files, another roster's rotation, near misses of the pattern, and
    // a manual backup of this roster.
    let foreign = [
        "名簿_2026-11-30.db",
        "memo.txt",
        "yorisoi-auto-00000000-20200101-000000.db",
        "yorisoi-auto-00000000-20200101-000000.keys",
        "yorisoi-auto-nothex00-20200101-000000.db",
    ];
    for name in foreign {
        std::fs::write(stick.join(name), name.as_bytes()).unwrap();
    }
    roster.backup(&stick.join("手動.db")).unwrap();
    let first = roster.backup_rotating(&stick, 1).unwrap().unwrap();
    let stem = first
        .made
        .path
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let mine = &stem[..21];
    for name in [
        format!("{mine}-20200101-000000.db.bak"),
        format!("{mine}-2020010-000000.db"),
    ] {
        std::fs::write(stick.join(&name), b"near miss").unwrap();
    }
    // A turn cut short (the app was killed): its partial copy and key file are ours.
    let cut = format!("{mine}-20261130-235959");
    std::fs::write(stick.join(format!("{cut}.partial")), b"half").unwrap();
    std::fs::write(stick.join(format!("{cut}.keys")), b"keys").unwrap();

    for _ in 0..3 {
        hand.set(hand.now() + Duration::days(1));
        roster
            .backup_rotating(&stick, 1)
            .unwrap()
            .expect("a new day");
    }
    let left = names_in(&stick);
    for name in foreign {
        assert_eq!(
            std::fs::read(stick.join(name)).unwrap(),
            name.as_bytes(),
            "{name} changed"
        );
    }
    for name in ["手動.db", "手動.keys"] {
        assert!(
            left.contains(&name.to_owned()),
            "{name} was removed: {left:?}"
        );
    }
    assert!(left.contains(&format!("{mine}-20200101-000000.db.bak")));
    assert!(left.contains(&format!("{mine}-2020010-000000.db")));
    assert!(!left.iter().any(|n| n.starts_with(&cut)), "{left:?}");
    let ours: Vec<&String> = left
        .iter()
        .filter(|n| n.starts_with(&format!("{mine}-2026")))
        .collect();
    assert_eq!(
        ours,
        [
            &format!("{mine}-20261204-100000.db"),
            &format!("{mine}-20261204-100000.keys")
        ]
    );

    // The copy opens with the same account and holds what the roster held.
    roster
        .add_person(person("回転 花子", "かいてん はなこ", "1950-01-02"))
        .unwrap();
    hand.set(hand.now() + Duration::days(1));
    let latest = roster.backup_rotating(&stick, 1).unwrap().unwrap();
    let restored_path = dir.path().join("from-the-stick.db");
    let restored = Roster::restore_backup(
        &latest.made.path,
        &restored_path,
        ACCOUNT,
        &pass(),
        hand.clone(),
    )
    .unwrap();
    let names: Vec<String> = restored
        .list_persons(&yorisoi::PersonQuery::default())
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["回転 花子"]);
    assert!(path.is_file());
}

#[test]
fn a_missing_folder_is_said_plainly_and_nothing_is_made() {
    let (dir, path, mut roster, _hand) = roster_on_hand_clock();
    let gone = dir.path().join("usb-stick-not-plugged-in");
    let before = names_in(dir.path());
    let err = roster.backup_rotating(&gone, 7).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("usb-stick-not-plugged-in"), "{text}");
    assert!(text.contains("not there"), "{text}");
    assert!(matches!(err, yorisoi::Error::Invalid(ref v) if v.field == "folder"));
    assert!(!gone.exists());
    assert_eq!(names_in(dir.path()), before);
    assert_eq!(roster.last_good_backup().unwrap(), None);
    assert!(path.is_file());
}
