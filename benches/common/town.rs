//! The synthetic town shared by the print and drill benchmarks: a `demo --persons 10300`
//! roster made once into `target/bench/` (synthetic data only), with the municipality's
//! basis set to `ordinance` so everyone not archived is on a list. Benchmarks work on
//! fresh copies of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use yorisoi::{FixedClock, Passphrase, Roster};

pub const PASS: &str = "benchmark passphrase";
pub const PERSONS: usize = 10_300;

/// The roster file, made on first use.
pub fn source(clock: Arc<FixedClock>) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("print-demo-{PERSONS}.db"));
    if !path.exists() {
        let mut r = Roster::create(&path, "bench", &Passphrase::new(PASS.into()), clock)
            .map(|(r, _)| r)
            .unwrap();
        yorisoi::demo::populate(&mut r, PERSONS, 1).unwrap();
        r.set_setting("consent.basis", "ordinance").unwrap();
    }
    path
}

/// A fresh copy in `dir`, opened with `clock`.
pub fn fresh(dir: &Path, clock: Arc<FixedClock>) -> Roster {
    let to = dir.join("roster.db");
    let from = source(clock.clone());
    // The roster and its key file (the wrapped data key) travel together.
    for (from, to) in [
        (from.clone(), to.clone()),
        (from.with_extension("keys"), to.with_extension("keys")),
    ] {
        let _ = std::fs::remove_file(&to);
        std::fs::copy(from, to).unwrap();
    }
    Roster::open(&to, "bench", &Passphrase::new(PASS.into()), clock).unwrap()
}

/// The recipient with no district (the whole town).
pub fn town_wide_recipient(r: &Roster) -> i64 {
    r.recipients()
        .unwrap()
        .into_iter()
        .find(|x| x.district.is_none())
        .and_then(|x| x.id)
        .unwrap()
}
