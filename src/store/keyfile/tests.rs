use std::path::Path;

use super::*;

/// Cheap parameters for the tests that exercise the slot logic; the pinned ones are
/// checked by `the_argon2_parameters_are_pinned` and used by `a_pinned_slot_opens`.
const QUICK: KdfParams = KdfParams {
    memory_kib: 1024,
    passes: 1,
    lanes: 1,
};

fn roster() -> &'static Path {
    Path::new("roster.db")
}

fn with_two_accounts() -> (KeyFile, DataKey, u32, u32) {
    let key = DataKey::random().unwrap();
    let mut file = KeyFile::new().unwrap();
    let a = file
        .add_slot(
            SlotKind::Account,
            Some("tanaka"),
            b"first pass",
            &key,
            QUICK,
        )
        .unwrap();
    let b = file
        .add_slot(
            SlotKind::Account,
            Some("suzuki"),
            b"second pass",
            &key,
            QUICK,
        )
        .unwrap();
    (file, key, a, b)
}

#[test]
fn each_slot_opens_with_its_own_secret_and_gives_the_same_key() {
    let (file, key, a, b) = with_two_accounts();
    let from_a = file.open(a, b"first pass", roster()).unwrap();
    let from_b = file.open(b, b"second pass", roster()).unwrap();
    assert_eq!(from_a.sqlcipher_key(), key.sqlcipher_key());
    assert_eq!(from_b.sqlcipher_key(), key.sqlcipher_key());
    assert_ne!(a, b);
    let raw = key.sqlcipher_key();
    assert!(raw.starts_with("x'") && raw.ends_with('\'') && raw.len() == 67);
}

#[test]
fn a_wrong_secret_or_another_accounts_secret_does_not_open() {
    let (file, _, a, b) = with_two_accounts();
    for (slot, secret) in [(a, &b"second pass"[..]), (b, b"first pass"), (a, b"")] {
        assert!(matches!(
            file.open(slot, secret, roster()),
            Err(Error::WrongPassphrase(_))
        ));
    }
}

#[test]
fn an_edited_slot_does_not_open() {
    let (file, _, a, _) = with_two_accounts();
    let edits: Vec<fn(&mut KeyFile)> = vec![
        |f| f.slots[0].account = Some("suzuki".into()),
        |f| f.slots[0].kind = SlotKind::Recovery,
        |f| f.slots[0].kdf.passes = 2,
        |f| f.roster_id = "00".repeat(16),
    ];
    for edit in edits {
        let mut edited = file.clone();
        edit(&mut edited);
        assert!(matches!(
            edited.open(a, b"first pass", roster()),
            Err(Error::WrongPassphrase(_))
        ));
    }
    // A flipped byte of the sealed key.
    let mut edited = file.clone();
    let w = &mut edited.slots[0].wrapped;
    let flipped = if w.starts_with('0') { "1" } else { "0" };
    w.replace_range(0..1, flipped);
    assert!(matches!(
        edited.open(a, b"first pass", roster()),
        Err(Error::WrongPassphrase(_))
    ));
}

#[test]
fn a_slot_copied_from_another_rosters_key_file_does_not_open() {
    let (mine, _, _, _) = with_two_accounts();
    let (theirs, _, a, _) = with_two_accounts();
    let mut forged = mine.clone();
    forged.slots.push(Slot {
        id: 9,
        ..theirs.slots[0].clone()
    });
    assert!(forged.open(9, b"first pass", roster()).is_err());
    // Even with its own id, under this roster's id the seal does not match.
    let mut forged = mine;
    forged.slots = vec![theirs.slots[0].clone()];
    assert!(matches!(
        forged.open(a, b"first pass", roster()),
        Err(Error::WrongPassphrase(_))
    ));
}

#[test]
fn removing_a_slot_stops_its_secret_and_leaves_the_others() {
    let (mut file, _, a, b) = with_two_accounts();
    assert!(file.remove_slot(a));
    assert!(!file.remove_slot(a));
    assert!(file.open(a, b"first pass", roster()).is_err());
    assert!(file.open(b, b"second pass", roster()).is_ok());
    assert_eq!(file.account_slot("tanaka"), None);
    assert_eq!(file.account_slot(" suzuki ").map(|s| s.id), Some(b));
    // Ids are never reused: a new slot after a removal gets a new number.
    let key = file.open(b, b"second pass", roster()).unwrap();
    let c = file
        .add_slot(SlotKind::Recovery, None, b"recovery", &key, QUICK)
        .unwrap();
    assert!(c > b);
}

#[test]
fn the_file_round_trips_and_is_written_owner_only() {
    let dir = tempfile_dir();
    let path = dir.join("roster.keys");
    let (file, key, a, _) = with_two_accounts();
    file.write(&path).unwrap();
    assert!(!dir.join("roster.keys.new").exists());
    let back = KeyFile::read(&path).unwrap();
    assert_eq!(back, file);
    assert_eq!(
        back.open(a, b"first pass", roster())
            .unwrap()
            .sqlcipher_key(),
        key.sqlcipher_key()
    );
    assert!(crate::platform::is_owner_only(&path).unwrap());
    // A second write replaces it whole.
    let mut fewer = back.clone();
    fewer.remove_slot(a);
    fewer.write(&path).unwrap();
    assert_eq!(KeyFile::read(&path).unwrap().slots.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_or_damaged_key_file_says_so_and_nothing_is_created() {
    let dir = tempfile_dir();
    let path = dir.join("roster.keys");
    let missing = KeyFile::read(&path).unwrap_err();
    assert!(matches!(missing, Error::KeyFileMissing(_)));
    assert!(missing.to_string().contains("backup"));
    assert!(!path.exists());

    let (file, _, _, _) = with_two_accounts();
    file.write(&path).unwrap();
    let whole = std::fs::read(&path).unwrap();
    let cases: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        Vec::new(),
        b"SQLite format 3\0".to_vec(),
        String::from_utf8(whole.clone())
            .unwrap()
            .replace("yorisoi-keys", "other-keys")
            .into_bytes(),
        String::from_utf8(whole.clone())
            .unwrap()
            .replace("\"version\": 1", "\"version\": 2")
            .into_bytes(),
    ];
    for bytes in cases {
        std::fs::write(&path, &bytes).unwrap();
        assert!(matches!(
            KeyFile::read(&path),
            Err(Error::KeyFileDamaged(_))
        ));
        // Reading never rewrites it.
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_argon2_parameters_are_pinned() {
    assert_eq!(
        KdfParams::PINNED,
        KdfParams {
            memory_kib: 131_072,
            passes: 3,
            lanes: 1
        }
    );
    assert_eq!((FORMAT, VERSION), ("yorisoi-keys", 1));
    assert_eq!(
        keys_path(Path::new("/a/roster.db")),
        Path::new("/a/roster.keys")
    );
}

#[test]
fn a_pinned_slot_opens_and_records_its_parameters() {
    let key = DataKey::random().unwrap();
    let mut file = KeyFile::new().unwrap();
    let id = file
        .add_slot(
            SlotKind::Account,
            Some("admin"),
            b"pinned",
            &key,
            KdfParams::PINNED,
        )
        .unwrap();
    assert_eq!(file.slots[0].kdf, KdfParams::PINNED);
    let json = serde_json::to_string(&file).unwrap();
    assert!(json.contains("\"memory_kib\":131072"), "{json}");
    assert_eq!(
        file.open(id, b"pinned", roster()).unwrap().sqlcipher_key(),
        key.sqlcipher_key()
    );
}

fn tempfile_dir() -> std::path::PathBuf {
    let mut bytes = [0u8; 8];
    fill_random(&mut bytes).unwrap();
    let dir = std::env::temp_dir().join(format!("yorisoi-keyfile-{}", hex::encode(bytes)));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn sqlcipher_takes_the_data_key_raw_and_refuses_another() {
    use crate::store::keying::connect;
    use rusqlite::OpenFlags;
    let dir = tempfile_dir();
    let db = dir.join("roster.db");
    let key = DataKey::random().unwrap();
    let open = |k: &DataKey| -> rusqlite::Result<i64> {
        let conn = connect(&db, OpenFlags::default())?;
        conn.pragma_update(None, "key", k.sqlcipher_key().as_str())?;
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
    };
    {
        let conn = connect(&db, OpenFlags::default()).unwrap();
        conn.pragma_update(None, "key", key.sqlcipher_key().as_str())
            .unwrap();
        conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);")
            .unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3"),
        "the file is encrypted"
    );
    assert_eq!(open(&key).unwrap(), 1);
    assert!(open(&DataKey::random().unwrap()).is_err());
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "a wrong key changes nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
