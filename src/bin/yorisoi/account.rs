//! Officer accounts, the recovery key and opening with it: argument checking and output
//! only; who may do what is decided in the core.

use serde::Serialize;
use yorisoi::model::account::{Account, Role};
use yorisoi::{Error, Roster, ValidationError};

use crate::args::*;
use crate::{clock, new_file, output, secret, Context, Failure, Outcome};

/// The variable a passphrase about to be set is read from.
const NEW_PASSPHRASE: &str = "YORISOI_NEW_PASSPHRASE";

/// A role token; a bad one is exit 5 naming `field`.
fn role(field: &str, token: &str) -> Result<Role, Failure> {
    Role::from_token(token).ok_or_else(|| {
        Failure::from(Error::Invalid(ValidationError::new(
            field,
            "must be one of: viewer, officer, admin",
        )))
    })
}

/// Refuses (exit 6) before a new passphrase is asked for that the core would refuse to set
/// anyway; the core decides again when the account is added.
fn admin_only(roster: &Roster) -> Outcome {
    let role = roster.role();
    if role == Role::Admin {
        Ok(())
    } else {
        Err(Error::Forbidden {
            role: role.token(),
            what: "manage accounts or the recovery key",
        }
        .into())
    }
}

/// One row of `account list --json`: these keys are the contract.
#[derive(Serialize)]
struct AccountRow<'a> {
    name: &'a str,
    role: &'static str,
    created_at: &'a str,
    created_by: &'a str,
}

impl<'a> AccountRow<'a> {
    fn of(a: &'a Account) -> AccountRow<'a> {
        AccountRow {
            name: &a.name,
            role: a.role.token(),
            created_at: &a.created_at,
            created_by: &a.created_by,
        }
    }
}

pub fn account(ctx: &Context, cmd: AccountCommand) -> Outcome {
    match cmd {
        AccountCommand::Add { name, role: token } => {
            let role = role("role", &token)?;
            let mut roster = ctx.open()?;
            admin_only(&roster)?;
            let pass = secret::new_passphrase(
                NEW_PASSPHRASE,
                &format!("新しいアカウント {} のパスフレーズ: ", name.trim()),
                &[name.trim()],
            )?;
            let a = roster.account_add(&name, role, &pass)?;
            out!(
                "added account {} ({} {}): it opens the roster with its own passphrase",
                a.name,
                a.role.token(),
                a.role.label()
            );
            Ok(())
        }
        AccountCommand::List { json } => {
            let accounts = ctx.open()?.accounts()?;
            if json {
                output::json(&accounts.iter().map(AccountRow::of).collect::<Vec<_>>())
            } else {
                for a in &accounts {
                    out!(
                        "{}\t{}\t{}\t{}\t{}",
                        a.name,
                        a.role.token(),
                        a.role.label(),
                        output::jst(&a.created_at),
                        a.created_by
                    );
                }
                Ok(())
            }
        }
        AccountCommand::Passphrase => {
            let mut roster = ctx.open()?;
            let name = roster.account().to_string();
            let pass = secret::new_passphrase(
                NEW_PASSPHRASE,
                &format!("新しいパスフレーズ ({name}): "),
                &[&name],
            )?;
            roster.account_passphrase(&pass)?;
            out!(
                "the passphrase of account {name} was changed; the old one no longer opens this roster (other accounts and the recovery key are unchanged)"
            );
            Ok(())
        }
        AccountCommand::Role { name, role: token } => {
            let role = role("role", &token)?;
            let a = ctx.open()?.account_role(&name, role)?;
            out!(
                "account {} is now {} ({}); it takes effect the next time it opens the roster",
                a.name,
                a.role.token(),
                a.role.label()
            );
            Ok(())
        }
        AccountCommand::Remove { name } => {
            ctx.open()?.account_remove(&name)?;
            out!(
                "removed account {}: its passphrase no longer opens the roster",
                name.trim()
            );
            Ok(())
        }
    }
}

pub fn recovery(ctx: &Context, cmd: RecoveryCommand) -> Outcome {
    match cmd {
        RecoveryCommand::New { out, show } => {
            // Checked first: the old key is retired the moment the new one is made.
            new_file(&out)?;
            let mut roster = ctx.open()?;
            let key = roster.recovery_new()?;
            roster.recovery_sheet(&key, &out).map_err(|e| {
                let f = Failure::from(e);
                crate::fail(
                    f.code,
                    format!(
                        "{}. A new recovery key was made (the old one no longer opens) but its sheet could not be written: run `yorisoi recovery new --out FILE` again",
                        f.message
                    ),
                )
            })?;
            out!("a new recovery key was made; the old one no longer opens this roster");
            crate::sheet_written(&out);
            if show {
                crate::show_recovery_key(&key, false);
            }
            Ok(())
        }
    }
}

pub fn unlock_recovery(ctx: &Context) -> Outcome {
    let admin = ctx.account()?;
    if !ctx.db.is_file() {
        return Err(Error::RosterMissing(ctx.db.clone()).into());
    }
    let key = secret::recovery_key()?;
    let pass = secret::new_passphrase(
        NEW_PASSPHRASE,
        &format!("管理者 {admin} の新しいパスフレーズ: "),
        &[admin],
    )?;
    let roster = ctx.operate(Roster::open_with_recovery(
        &ctx.db,
        &key,
        admin,
        &pass,
        clock(),
    )?);
    crate::sharing::disaster_banner(&roster);
    out!(
        "the recovery key opened the roster: admin account {} has a new passphrase, and the old one no longer opens it",
        roster.account()
    );
    out!(
        "回復キーを使いました。用紙が人目に触れた場合は `yorisoi recovery new --out FILE` で作り直してください — the recovery key was used: if its sheet was seen by others, make a new one with `yorisoi recovery new --out FILE`"
    );
    Ok(())
}
