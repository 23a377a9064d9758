//! Secrets from the environment or the terminal: passphrases and the recovery key. Never
//! echoed, never part of a message. The environment's are taken out of it as the program
//! starts ([`take_from_environment`]), so no child process and no later `getenv` sees them.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use yorisoi::model::recovery::RecoveryKey;
use yorisoi::{Error, Passphrase};
use zeroize::Zeroizing;

use crate::{fail, Failure};

/// How many times a weak or mistyped new passphrase is asked again on the terminal.
const TRIES: usize = 3;

/// The passphrase that opens the roster.
pub const PASSPHRASE: &str = "YORISOI_PASSPHRASE";
/// A passphrase about to be set.
pub const NEW_PASSPHRASE: &str = "YORISOI_NEW_PASSPHRASE";
/// The recovery key.
pub const RECOVERY_KEY: &str = "YORISOI_RECOVERY_KEY";

/// The secrets the environment gave, once taken out of it.
static TAKEN: OnceLock<Vec<(&'static str, Zeroizing<String>)>> = OnceLock::new();

/// Takes the secret variables out of this process's environment and keeps their values
/// (wiped on exit) for [`passphrase`], [`new_passphrase`] and [`recovery_key`]. Call it
/// first in `main`, while the program has one thread. A value that is not UTF-8 is
/// removed too and counts as not given (as before: the terminal is asked).
pub fn take_from_environment() {
    let mut taken = Vec::new();
    for var in [PASSPHRASE, NEW_PASSPHRASE, RECOVERY_KEY] {
        let Some(value) = std::env::var_os(var) else {
            continue;
        };
        remove_from_environment(var);
        if let Ok(v) = value.into_string() {
            taken.push((var, Zeroizing::new(v)));
        }
    }
    let _ = TAKEN.set(taken);
}

/// Removes `var` from the environment.
///
/// SAFETY (for the 2024 edition, where `remove_var` is `unsafe`): called only while the
/// program is single-threaded — from [`take_from_environment`] at the top of `main`, and
/// for a print's lock password before the roster is opened and before anything starts a
/// thread — so no other thread reads the environment at the same time.
pub fn remove_from_environment(var: &str) {
    std::env::remove_var(var);
}

/// The value `var` had when the program started, if it was set.
fn from_environment(var: &str) -> Option<Zeroizing<String>> {
    TAKEN
        .get()?
        .iter()
        .find(|(v, _)| *v == var)
        .map(|(_, value)| value.clone())
}

/// Reads one hidden line from the terminal after `prompt` (on stderr).
fn ask(prompt: &str) -> Result<String, Failure> {
    let _ = std::io::stderr().flush();
    rpassword::prompt_password(prompt)
        .map_err(|e| fail(1, format!("cannot read from the terminal: {e}")))
}

/// Fails unless there is a terminal to ask on; `var` is the variable that would have given
/// the value.
fn terminal(var: &str, what: &str) -> Result<(), Failure> {
    if std::io::stdin().is_terminal() {
        Ok(())
    } else {
        Err(fail(
            3,
            format!("no {what}: set {var} or run in a terminal to be asked"),
        ))
    }
}

/// The passphrase that opens the roster: from `var`, else asked once on the terminal
/// after `before_asking` lets it be asked (not while the account must wait).
pub fn passphrase(
    var: &str,
    prompt: &str,
    before_asking: impl FnOnce() -> Result<(), Failure>,
) -> Result<Passphrase, Failure> {
    if let Some(mut p) = from_environment(var) {
        return Ok(Passphrase::new(std::mem::take(&mut *p)));
    }
    terminal(var, "passphrase")?;
    before_asking()?;
    Ok(Passphrase::new(ask(prompt)?))
}

/// A passphrase about to be set: from `var` (checked once), else asked twice on the
/// terminal and asked again while it is weak or the two entries differ. The strength rule
/// is the core's (`yorisoi::policy::passphrase`); checking it here first spares an unlock
/// and says why at once. `about` names words a guesser would try (the account's name).
pub fn new_passphrase(var: &str, prompt: &str, about: &[&str]) -> Result<Passphrase, Failure> {
    let check = |p: &str| yorisoi::policy::passphrase::check(p, about);
    if let Some(mut p) = from_environment(var) {
        check(&p).map_err(Error::Invalid)?;
        return Ok(Passphrase::new(std::mem::take(&mut *p)));
    }
    terminal(var, "new passphrase")?;
    let mut last = None;
    for _ in 0..TRIES {
        let mut typed = Zeroizing::new(ask(prompt)?);
        if let Err(e) = check(&typed) {
            eprintln!("{}", e.reason);
            last = Some(Failure::from(Error::Invalid(e)));
            continue;
        }
        let first = Passphrase::new(std::mem::take(&mut *typed));
        let again = Passphrase::new(ask("もう一度 (again): ")?);
        if first.matches(&again) {
            return Ok(first);
        }
        eprintln!(
            "二つの入力が違います。もう一度入力してください (the two entries differ; try again)"
        );
        last = Some(fail(
            5,
            "passphrase: the two entries differ; nothing was changed",
        ));
    }
    Err(last.unwrap_or_else(|| fail(5, "passphrase: none was given; nothing was changed")))
}

/// The recovery key: from YORISOI_RECOVERY_KEY, else asked on the terminal. A typo is
/// caught by the key's check digits (exit 5, naming the group to look at again).
pub fn recovery_key() -> Result<RecoveryKey, Failure> {
    let typed = match from_environment(RECOVERY_KEY) {
        Some(k) => k,
        None => {
            terminal(RECOVERY_KEY, "recovery key")?;
            Zeroizing::new(ask("回復キー (recovery key, 8 groups of 6 digits): ")?)
        }
    };
    Ok(RecoveryKey::parse(&typed).map_err(Error::Invalid)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Once taken, the secret is gone from the environment a child process inherits and
    /// from `getenv`, and still opens the roster.
    #[test]
    fn secrets_leave_the_environment() {
        std::env::set_var(PASSPHRASE, "correct horse battery staple");
        std::env::set_var(RECOVERY_KEY, "123456-123456");
        take_from_environment();
        assert_eq!(std::env::var_os(PASSPHRASE), None);
        assert_eq!(std::env::var_os(RECOVERY_KEY), None);
        let child = std::process::Command::new("sh")
            .args([
                "-c",
                "printf '%s|%s' \"${YORISOI_PASSPHRASE-unset}\" \"${YORISOI_RECOVERY_KEY-unset}\"",
            ])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&child.stdout), "unset|unset");
        let p = passphrase(PASSPHRASE, "", || Ok(())).ok().unwrap();
        assert!(p.matches(&Passphrase::new("correct horse battery staple".into())));
        assert_eq!(
            from_environment(RECOVERY_KEY)
                .as_deref()
                .map(String::as_str),
            Some("123456-123456")
        );
        assert!(from_environment(NEW_PASSPHRASE).is_none());
    }
}
