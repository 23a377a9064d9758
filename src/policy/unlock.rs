//! How long a key slot must wait after wrong passphrases: none for the first few, then
//! doubling (2, 4, 8 … s) up to five minutes. The counts live in the key file, beside each
//! slot (`store::keyfile`), so the window and the command line obey the same wait and a
//! restart does not reset it. This slows a person at the desk; the defence against a copied
//! file is Argon2id and the strength rule (`policy::passphrase`).

/// Wrong passphrases allowed without any wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// The longest wait, in seconds.
pub const MAX_DELAY_SECS: u64 = 300;

/// Seconds to wait after `failures` wrong passphrases.
pub fn delay(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    (2u64 << doublings).min(MAX_DELAY_SECS)
}

/// Seconds still to wait at `now` (seconds since 1970) after `failures` wrong passphrases,
/// the last at `last_failure`. A clock set back never makes the wait longer than the delay.
pub fn wait(failures: u32, last_failure: Option<i64>, now: i64) -> u64 {
    let Some(last) = last_failure else {
        return 0;
    };
    let delay = delay(failures);
    let ready = last.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX));
    u64::try_from(ready.saturating_sub(now))
        .unwrap_or(0)
        .min(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_tries_are_free_then_the_wait_doubles_up_to_five_minutes() {
        let waits: Vec<u64> = (0..8).map(delay).collect();
        assert_eq!(waits, [0, 0, 0, 2, 4, 8, 16, 32]);
        assert_eq!(delay(40), MAX_DELAY_SECS);
        assert_eq!(delay(u32::MAX), MAX_DELAY_SECS);
    }

    #[test]
    fn the_wait_counts_down_from_the_last_failure_and_never_exceeds_the_delay() {
        assert_eq!(wait(5, None, 1_000), 0);
        assert_eq!(wait(5, Some(1_000), 1_000), 8);
        assert_eq!(wait(5, Some(1_000), 1_005), 3);
        assert_eq!(wait(5, Some(1_000), 1_008), 0);
        assert_eq!(wait(2, Some(1_000), 1_000), 0, "still a free try");
        // A clock set back by a day: the wait is the delay, not a day more.
        assert_eq!(wait(5, Some(1_000), 1_000 - 86_400), 8);
    }
}
