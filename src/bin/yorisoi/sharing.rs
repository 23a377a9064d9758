//! Recipients, consents, the share preview, disaster mode, worklists and settings: argument
//! checking and output only; every rule is in the core (`yorisoi::policy`).

use yorisoi::model::validate::parse_date_field;
use yorisoi::model::{
    ConsentAnswer, ConsentBasis, ConsentPurpose, ConsentRecord, Recipient, RecipientKind,
};
use yorisoi::policy::SharePurpose;
use yorisoi::{Error, Roster, ValidationError};

use crate::args::*;
use crate::sharing_output as out;
use crate::{output, Context, Failure, Outcome};

/// An invalid-input failure (exit 5) naming `field`.
fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

/// Parses a token of a closed vocabulary; a bad one is exit 5 naming the option.
fn token<T>(
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    accepted: String,
) -> Result<T, Failure> {
    parse(value.trim()).ok_or_else(|| invalid(field, format!("must be one of: {accepted}")))
}

/// Prints `value` as pretty JSON straight to standard output: the preview of 100,000
/// people is hundreds of megabytes, which need not be held as one string first.
fn json_stream<T: serde::Serialize>(value: &T) -> Outcome {
    use std::io::Write as _;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut w, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(w))
        .and_then(|()| w.flush());
    match written {
        Ok(()) => Ok(()),
        // The reader went away (`| head`): nothing is wrong with the roster.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(crate::fail(1, format!("cannot write JSON: {e}"))),
    }
}

/// Tells, on every command that opens the roster, that disaster mode is on (on stderr, so
/// JSON on stdout stays clean).
pub fn disaster_banner(roster: &Roster) {
    if let Ok(s) = roster.disaster_status() {
        if s.on {
            eprintln!(
                "【災害時モード】{} まで — 同意のない人の情報も提供されます（災害対策基本法第49条の11第3項）",
                crate::output::jst(s.until.as_deref().unwrap_or("?"))
            );
        }
    }
}

/// An optional name, `None` when absent or blank.
fn given(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

pub fn recipient(ctx: &Context, cmd: RecipientCommand) -> Outcome {
    match cmd {
        RecipientCommand::Add {
            kind,
            name,
            district,
            association,
            custodian,
            address,
            phone,
        } => {
            let kind = token(
                "kind",
                &kind,
                RecipientKind::from_token,
                RecipientKind::tokens_list(),
            )?;
            let r = Recipient {
                id: None,
                kind,
                name,
                district: given(district),
                association: given(association),
                custodian,
                address,
                phone,
            };
            out!("{}", ctx.open()?.add_recipient(&r)?);
            Ok(())
        }
        RecipientCommand::Update {
            id,
            name,
            district,
            association,
            custodian,
            address,
            phone,
        } => {
            let mut roster = ctx.open()?;
            let mut r = roster.recipient(id)?;
            if let Some(d) = district {
                r.district = given(Some(d));
                // A 自治会 belongs to one district: moving district unbinds it unless given.
                r.association = None;
            }
            if let Some(a) = association {
                r.association = given(Some(a));
            }
            for (field, value) in [
                (&mut r.name, name),
                (&mut r.custodian, custodian),
                (&mut r.address, address),
                (&mut r.phone, phone),
            ] {
                if let Some(v) = value {
                    *field = v;
                }
            }
            roster.update_recipient(id, &r)?;
            out!("recipient {id} updated");
            Ok(())
        }
        RecipientCommand::Retire { id } => {
            ctx.open()?.retire_recipient(id)?;
            out!("recipient {id} retired");
            Ok(())
        }
        RecipientCommand::List { json } => {
            let list = ctx.open()?.recipients()?;
            if json {
                output::json(&list)
            } else {
                out::recipients(&list);
                Ok(())
            }
        }
    }
}

pub fn consent(ctx: &Context, cmd: ConsentCommand) -> Outcome {
    match cmd {
        ConsentCommand::Record(a) => record(ctx, *a),
        ConsentCommand::History { person, json } => {
            let mut roster = ctx.open()?;
            let rows = roster.view_consent_history(person)?;
            if json {
                output::json(&rows)
            } else {
                out::consent_history(&rows, roster.clock().today());
                Ok(())
            }
        }
    }
}

fn record(ctx: &Context, a: ConsentRecordArgs) -> Outcome {
    let purpose = token(
        "purpose",
        &a.purpose,
        ConsentPurpose::from_token,
        ConsentPurpose::tokens_list(),
    )?;
    let recipient_kind = token(
        "recipient-kind",
        &a.recipient_kind,
        RecipientKind::from_token,
        RecipientKind::tokens_list(),
    )?;
    let answer = token(
        "answer",
        &a.answer,
        ConsentAnswer::from_token,
        ConsentAnswer::tokens_list(),
    )?;
    let basis = match &a.basis {
        Some(b) => Some(token(
            "basis",
            b,
            ConsentBasis::from_token,
            ConsentBasis::tokens_list(),
        )?),
        None => None,
    };
    if a.relationship.is_some() && a.proxy.is_none() {
        return Err(invalid(
            "relationship",
            "goes with --proxy NAME (answer proxy)",
        ));
    }
    let obtained = a
        .obtained
        .as_deref()
        .map(|d| parse_date_field("obtained", d))
        .transpose()
        .map_err(Error::Invalid)?;
    let expires = a
        .expires
        .as_deref()
        .map(|d| parse_date_field("expires", d))
        .transpose()
        .map_err(Error::Invalid)?;
    let mut roster = ctx.open()?;
    let obtained = obtained.unwrap_or_else(|| roster.clock().today());
    let row = ConsentRecord {
        id: None,
        person_id: a.person,
        purpose,
        recipient_kind,
        recipient_id: a.recipient,
        answer,
        basis,
        proxy_name: a.proxy.unwrap_or_default(),
        proxy_relationship: a.relationship.unwrap_or_default(),
        obtained_on: obtained.to_string(),
        obtained_by: a.by.unwrap_or_default().trim().to_string(),
        evidence_ref: a.evidence.unwrap_or_default().trim().to_string(),
        expires_on: expires.map(|d| d.to_string()),
        recorded_at: None,
        recorded_by: None,
    };
    let id = roster.record_consent(row)?;
    let stored = roster
        .consent_history(a.person)?
        .into_iter()
        .find(|c| c.id == Some(id));
    out!("{id}");
    if let Some(c) = stored {
        match &c.expires_on {
            Some(e) => eprintln!(
                "recorded {} ({}); valid through {e}",
                c.answer,
                c.answer.label()
            ),
            None => eprintln!("recorded {} ({})", c.answer, c.answer.label()),
        }
    }
    Ok(())
}

pub fn share(ctx: &Context, cmd: ShareCommand) -> Outcome {
    let ShareCommand::Preview {
        recipient,
        purpose,
        district,
        json,
    } = cmd;
    let purpose = token(
        "purpose",
        &purpose,
        SharePurpose::from_token,
        "roster, plan".to_string(),
    )?;
    let preview = ctx
        .open()?
        .share_preview(recipient, purpose, district.as_deref())?;
    let written = if json {
        json_stream(&preview)
    } else {
        out::share_preview(&preview);
        Ok(())
    };
    // The command ends here: freeing a whole town's list one allocation at a time (millions
    // of them) took a second for nothing; the process gives it all back at once.
    std::mem::forget(preview);
    written
}

pub fn disaster(ctx: &Context, cmd: DisasterCommand) -> Outcome {
    match cmd {
        DisasterCommand::On { reason, hours } => {
            if !ctx.operator_given() {
                return Err(invalid(
                    "operator",
                    "switching disaster mode on needs the operator's name: --operator NAME (or YORISOI_OPERATOR)",
                ));
            }
            let mut roster = ctx.open()?;
            let before = roster.disaster_status()?;
            let s = roster.disaster_on(&reason, hours)?;
            let verb = if before.on { "renewed" } else { "switched on" };
            out!(
                "disaster mode {verb} until {}",
                crate::output::jst(s.until.as_deref().unwrap_or("?"))
            );
            Ok(())
        }
        DisasterCommand::Off => {
            ctx.open()?.disaster_off()?;
            out!("disaster mode switched off");
            Ok(())
        }
        DisasterCommand::Status { json } => {
            let s = ctx.open()?.disaster_status()?;
            if json {
                output::json(&s)
            } else {
                out::disaster_status(&s);
                Ok(())
            }
        }
    }
}

pub fn worklist(ctx: &Context, cmd: WorklistCommand) -> Outcome {
    let (days, json) = match cmd {
        WorklistCommand::Consent { days, json } => (days, json),
        WorklistCommand::Copies { json } => {
            let w = ctx.open()?.copy_worklist()?;
            if json {
                return output::json(&w);
            }
            crate::printing::copy_worklist(&w);
            return Ok(());
        }
        other => return crate::import::worklist(ctx, other),
    };
    let report = ctx.open()?.consent_worklist(days)?;
    if json {
        output::json(&report)
    } else {
        out::consent_worklist(&report);
        Ok(())
    }
}

pub fn settings(ctx: &Context, cmd: SettingsCommand) -> Outcome {
    match cmd {
        SettingsCommand::Show { json } => {
            let entries = ctx.open()?.setting_entries()?;
            if json {
                output::json(&entries)
            } else {
                out::settings(&entries);
                Ok(())
            }
        }
        SettingsCommand::Set { key, value } => {
            let stored = ctx.open()?.set_setting(&key, &value)?;
            out!("{} = {stored}", key.trim());
            Ok(())
        }
    }
}
