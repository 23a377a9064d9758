//! `person` and `supporter`: reading their JSON documents, argument checking and output.
//! What a valid record is and what archiving or purging removes are decided in the core.

use std::io::Read;
use std::path::Path;

use yorisoi::model::{
    ArchiveReason, Person, Supporter, SupporterConsent, SupporterConsentAnswer,
    SupporterConsentPurpose,
};
use yorisoi::{Error, PersonQuery};

use crate::args::{PersonCommand, SupporterCommand, SupporterConsentCommand};
use crate::{fail, output, Context, Failure, Outcome};

pub fn person(ctx: &Context, cmd: PersonCommand) -> Outcome {
    match cmd {
        PersonCommand::Add { json } => {
            let doc = read_document(&json)?;
            let person = Person::from_json(&doc).map_err(Error::Invalid)?;
            let ignored = person.supporters.len();
            let id = ctx.open()?.add_person(person)?;
            if ignored > 0 {
                eprintln!(
                    "note: the {ignored} supporter(s) in the document were not assigned; use `yorisoi supporter assign {id} SUPPORTER`"
                );
            }
            out!("{id}");
            Ok(())
        }
        PersonCommand::Update { id, json } => {
            let doc = read_document(&json)?;
            let person = Person::from_json(&doc).map_err(Error::Invalid)?;
            ctx.open()?.update_person(id, person)?;
            out!("updated person {id}");
            Ok(())
        }
        PersonCommand::Show { id, json } => {
            let mut roster = ctx.open()?;
            let person = roster.view_person(id)?;
            if json {
                output::json(&person)
            } else {
                output::person(&person, roster.clock().today());
                Ok(())
            }
        }
        PersonCommand::List(a) => {
            let q = PersonQuery {
                text: a.query,
                district: a.district,
                include_archived: a.archived,
                limit: a.limit,
            };
            let rows = ctx.open()?.list_persons(&q)?;
            if a.json {
                output::json(&rows)
            } else {
                output::person_list(&rows);
                Ok(())
            }
        }
        PersonCommand::Archive {
            id,
            reason,
            on,
            note,
        } => {
            let reason = ArchiveReason::from_token(&reason).ok_or_else(|| {
                Failure::from(Error::Invalid(yorisoi::ValidationError::new(
                    "reason",
                    format!("must be one of: {}", ArchiveReason::tokens_list()),
                )))
            })?;
            ctx.open()?
                .archive_person(id, reason, on.as_deref(), &note)?;
            out!("archived person {id} ({})", reason.label());
            Ok(())
        }
        PersonCommand::Restore { id } => {
            ctx.open()?.restore_person(id)?;
            out!("restored person {id} to the roster");
            Ok(())
        }
        PersonCommand::Purge { id, yes } => {
            let mut roster = ctx.open()?;
            if !yes {
                // Say what would go, then stop: deleting for good needs an explicit --yes.
                let report = roster.purge_preview(id)?;
                out!("person {id} would be deleted for good, with these rows:");
                output::purge_rows(&report);
                return Err(fail(5, "purge needs --yes to delete; nothing was removed"));
            }
            let report = roster.purge_person(id)?;
            out!("purged person {id}; removed rows:");
            output::purge_rows(&report);
            Ok(())
        }
    }
}

pub fn supporter(ctx: &Context, cmd: SupporterCommand) -> Outcome {
    match cmd {
        SupporterCommand::Add { json } => {
            let doc = read_document(&json)?;
            let mut de = serde_json::Deserializer::from_str(&doc);
            let s: Supporter = serde_path_to_error::deserialize(&mut de).map_err(|e| {
                fail(
                    5,
                    format!(
                        "invalid input: {}: {}",
                        e.path(),
                        "does not fit the supporter document"
                    ),
                )
            })?;
            out!("{}", ctx.open()?.add_supporter(&s)?);
            Ok(())
        }
        SupporterCommand::Consent(cmd) => supporter_consent(ctx, cmd),
        SupporterCommand::List { json } => {
            let list = ctx.open()?.supporters()?;
            if json {
                output::json(&list)
            } else {
                output::supporter_list(&list);
                Ok(())
            }
        }
        SupporterCommand::Assign {
            person,
            supporter,
            role,
        } => {
            let pos = ctx.open()?.assign_supporter(person, supporter, &role)?;
            out!("supporter {supporter} is number {pos} for person {person}");
            Ok(())
        }
        SupporterCommand::Unassign { person, supporter } => {
            ctx.open()?.unassign_supporter(person, supporter)?;
            out!("supporter {supporter} no longer supports person {person}");
            Ok(())
        }
    }
}

fn supporter_consent(ctx: &Context, cmd: SupporterConsentCommand) -> Outcome {
    match cmd {
        SupporterConsentCommand::Record {
            supporter,
            purpose,
            answer,
            person,
            obtained,
            by,
            evidence,
        } => {
            let invalid = |field: &str, tokens: String| {
                Failure::from(Error::Invalid(yorisoi::ValidationError::new(
                    field,
                    format!("must be one of: {tokens}"),
                )))
            };
            let purpose = SupporterConsentPurpose::from_token(&purpose)
                .ok_or_else(|| invalid("purpose", SupporterConsentPurpose::tokens_list()))?;
            let answer = SupporterConsentAnswer::from_token(&answer)
                .ok_or_else(|| invalid("answer", SupporterConsentAnswer::tokens_list()))?;
            let mut roster = ctx.open()?;
            let consent = SupporterConsent {
                id: None,
                supporter_id: supporter,
                person_id: person,
                purpose,
                answer,
                obtained_on: obtained.unwrap_or_else(|| roster.clock().today().to_string()),
                obtained_by: by,
                evidence_ref: evidence,
                recorded_at: None,
                recorded_by: None,
            };
            let id = roster.record_supporter_consent(&consent)?;
            out!("{id}");
            Ok(())
        }
        SupporterConsentCommand::History { supporter, json } => {
            let rows = ctx.open()?.supporter_consent_history(supporter)?;
            if json {
                return output::json(&rows);
            }
            for c in rows {
                let person = c
                    .person_id
                    .map_or("全計画".to_string(), |p| format!("対象者 {p}"));
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    c.obtained_on,
                    c.purpose.label(),
                    c.answer.label(),
                    person,
                    c.obtained_by,
                    c.evidence_ref
                );
            }
            Ok(())
        }
    }
}

/// The document at `path`, or standard input when it is `-`.
pub(crate) fn read_document(path: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| fail(1, format!("cannot read standard input: {e}")))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => fail(4, format!("no file at {}", path.display())),
            _ => fail(1, format!("cannot read {}: {e}", path.display())),
        })?;
    }
    Ok(text)
}
