//! Secrets from the environment or the terminal: passphrases and the recovery key. Never
//! echoed, never part of a message.

use std::io::{IsTerminal, Write};

use yorisoi::model::recovery::RecoveryKey;
use yorisoi::{Error, Passphrase};
use zeroize::Zeroizing;

use crate::{fail, Failure};

/// How many times a weak or mistyped new passphrase is asked again on the terminal.
const TRIES: usize = 3;

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
    if let Ok(p) = std::env::var(var) {
        return Ok(Passphrase::new(p));
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
    if let Ok(p) = std::env::var(var) {
        let mut p = Zeroizing::new(p);
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
    const VAR: &str = "YORISOI_RECOVERY_KEY";
    let typed = match std::env::var(VAR) {
        Ok(k) => Zeroizing::new(k),
        Err(_) => {
            terminal(VAR, "recovery key")?;
            Zeroizing::new(ask("回復キー (recovery key, 8 groups of 6 digits): ")?)
        }
    };
    Ok(RecoveryKey::parse(&typed).map_err(Error::Invalid)?)
}
