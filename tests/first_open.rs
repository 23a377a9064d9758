//! The first rosters a process opens, opened from several threads at once.
//!
//! SQLite runs SQLCipher's own start-up (`sqlcipher_extra_init`) after it has already
//! marked itself initialised, outside its start-up lock; a second thread opening a
//! connection in that window is handed a connection whose `PRAGMA key` fails ("An error
//! occurred with PRAGMA key or rekey"). That is how CI once failed a test at random. This
//! file is its own test binary — its own process — so these are the process's first
//! connections, and every thread must get its roster.

mod common;

use std::sync::{Arc, Barrier};

use yorisoi::{Passphrase, Roster};

#[test]
fn several_threads_creating_and_opening_the_first_rosters_of_a_process_all_succeed() {
    const THREADS: usize = 8;
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("roster-{i}.db"));
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let pass = Passphrase::new(common::PASS.to_string());
                let created = Roster::create(&path, "試験 担当", &pass, common::clock())
                    .map(|(r, _)| r)
                    .map_err(|e| format!("thread {i} creating: {e:?}"))?;
                drop(created);
                let opened = Roster::open(&path, "試験 担当", &pass, common::clock())
                    .map_err(|e| format!("thread {i} opening: {e:?}"))?;
                opened
                    .audit_log(None, None)
                    .map(|rows| rows.len())
                    .map_err(|e| format!("thread {i} reading: {e:?}"))
            })
        })
        .collect();
    for h in handles {
        let rows = h.join().expect("no thread panics");
        assert_eq!(
            rows,
            Ok(4),
            "roster.create, account.add, recovery.new, then roster.unlock"
        );
    }
}
