//! What an unlock costs, part by part: the whole unlock by account (Argon2id over the
//! account's passphrase, unwrapping the data key, SQLCipher opened with the raw key, the
//! key proven, the audit row), the slot alone (Argon2id + XChaCha20-Poly1305), and the
//! SQLCipher open with the raw key alone — which is far under a millisecond, so the unlock
//! costs what the pinned Argon2id parameters cost. `cargo bench --bench unlock`.

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::Connection;
use yorisoi::store::keyfile::{keys_path, KeyFile};
use yorisoi::{FixedClock, Passphrase, Roster};

const ACCOUNT: &str = "bench";
const PASS: &str = "ひまわり畑で赤い自転車";

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(
        Utc.with_ymd_and_hms(2026, 11, 22, 1, 0, 0).unwrap(),
    ))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.db");
    let pass = Passphrase::new(PASS.into());
    drop(Roster::create(&path, ACCOUNT, &pass, clock()).unwrap());
    let file = KeyFile::read(&keys_path(&path)).unwrap();
    let slot = file.account_slot(ACCOUNT).unwrap().id;
    let raw = file
        .open(slot, PASS.as_bytes(), &path)
        .unwrap()
        .sqlcipher_key()
        .to_string();

    c.bench_function(
        "unlock by account (Argon2id + unwrap + raw key + probe + audit row)",
        |b| b.iter(|| Roster::open(&path, ACCOUNT, &pass, clock()).unwrap()),
    );
    c.bench_function(
        "the slot alone (Argon2id 128 MiB x3 + XChaCha20-Poly1305)",
        |b| b.iter(|| file.open(slot, PASS.as_bytes(), &path).unwrap()),
    );
    c.bench_function(
        "SQLCipher with the raw key (open + key + first read + close)",
        |b| {
            b.iter(|| {
                let conn = Connection::open(&path).unwrap();
                conn.pragma_update(None, "key", raw.as_str()).unwrap();
                let n: i64 = conn
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                    .unwrap();
                n
            })
        },
    );
    c.bench_function(
        "SQLCipher with the raw key (open + key, nothing read)",
        |b| {
            b.iter(|| {
                let conn = Connection::open(&path).unwrap();
                conn.pragma_update(None, "key", raw.as_str()).unwrap();
                conn
            })
        },
    );
}

criterion_group! {
    name = unlock;
    config = Criterion::default().sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(8));
    targets = benches
}
criterion_main!(unlock);
