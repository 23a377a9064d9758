//! `yorisoi`: the command line over the core library. Argument parsing and output only.

/// `println!` that ends the program quietly when standard output is closed (as in
/// `yorisoi person list | head`) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod args;
mod drill;
mod import;
mod output;
mod printing;
mod sharing;
mod sharing_output;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use yorisoi::model::{
    ArchiveReason, Person, Supporter, SupporterConsent, SupporterConsentAnswer,
    SupporterConsentPurpose,
};
use yorisoi::{Error, ErrorCode, Passphrase, PersonQuery, Roster, SystemClock};

use args::*;

/// A failure with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let code = match e.code() {
            ErrorCode::WrongPassphrase => 3,
            ErrorCode::NotFound => 4,
            ErrorCode::Invalid => 5,
            _ => 1,
        };
        Failure {
            code,
            message: e.to_string(),
        }
    }
}

fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("yorisoi: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

struct Context {
    db: PathBuf,
    operator: String,
    /// The operator was named (--operator or YORISOI_OPERATOR), not guessed from the OS user.
    operator_given: bool,
}

impl Context {
    fn open(&self) -> Result<Roster, Failure> {
        if !self.db.is_file() {
            return Err(Error::RosterMissing(self.db.clone()).into());
        }
        let pass = passphrase("YORISOI_PASSPHRASE", "Passphrase: ", false)?;
        let roster = Roster::open(&self.db, &pass, &self.operator, Arc::new(SystemClock))?;
        sharing::disaster_banner(&roster);
        Ok(roster)
    }

    fn create(&self) -> Result<Roster, Failure> {
        if self.db.exists() {
            return Err(Error::AlreadyExists(self.db.clone()).into());
        }
        let pass = passphrase("YORISOI_PASSPHRASE", "New passphrase: ", true)?;
        Ok(Roster::create(
            &self.db,
            &pass,
            &self.operator,
            Arc::new(SystemClock),
        )?)
    }
}

fn run(cli: Cli) -> Outcome {
    let db = match cli.db {
        Some(p) => p,
        None => yorisoi::default_roster_path()?,
    };
    let operator_given = cli
        .operator
        .as_deref()
        .is_some_and(|s| !s.trim().is_empty());
    let operator = cli
        .operator
        .or_else(yorisoi::platform::os_account)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".to_string());
    let ctx = Context {
        db,
        operator,
        operator_given,
    };
    match cli.command {
        Command::Init => {
            ctx.create()?;
            out!("created an empty roster at {}", ctx.db.display());
            Ok(())
        }
        Command::Demo { persons, seed } => demo(&ctx, persons, seed),
        Command::Person(cmd) => person(&ctx, cmd),
        Command::District(DistrictCommand::List { json }) => {
            let districts = ctx.open()?.districts()?;
            if json {
                output::json(&districts)
            } else {
                for d in districts {
                    out!("{}\t{}\t{}", d.id, d.name, d.persons);
                }
                Ok(())
            }
        }
        Command::Supporter(cmd) => supporter(&ctx, cmd),
        Command::Audit(AuditCommand::List { since, limit, json }) => {
            let entries = ctx.open()?.audit_log(since.as_deref(), limit)?;
            if json {
                output::json(&entries)
            } else {
                for e in entries {
                    let id = e.entity_id.map(|i| i.to_string()).unwrap_or_default();
                    out!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        e.seq,
                        e.at,
                        e.operator,
                        e.action,
                        e.entity,
                        id,
                        e.detail
                    );
                }
                Ok(())
            }
        }
        Command::Recipient(cmd) => sharing::recipient(&ctx, cmd),
        Command::Consent(cmd) => sharing::consent(&ctx, cmd),
        Command::Share(cmd) => sharing::share(&ctx, cmd),
        Command::Disaster(cmd) => sharing::disaster(&ctx, cmd),
        Command::Worklist(cmd) => sharing::worklist(&ctx, cmd),
        Command::Settings(cmd) => sharing::settings(&ctx, cmd),
        Command::Print(cmd) => printing::print(&ctx, cmd),
        Command::Issuance(cmd) => printing::issuance(&ctx, cmd),
        Command::Drill(cmd) => drill::drill(&ctx, cmd),
        Command::Import(a) => import::import(&ctx, a),
        Command::Candidates(cmd) => import::candidates(&ctx, cmd),
        Command::Export {
            format,
            profile,
            encoding,
            out,
        } => import::export(&ctx, &format, &profile, &encoding, &out),
        Command::Rekey => {
            let mut roster = ctx.open()?;
            let new = passphrase("YORISOI_NEW_PASSPHRASE", "New passphrase: ", true)?;
            roster.rekey(&new)?;
            out!("the passphrase was changed; the old one no longer opens this roster");
            Ok(())
        }
        Command::Backup { out } => {
            ctx.open()?.backup(&out)?;
            out!(
                "wrote an encrypted backup to {} (it opens with the same passphrase)",
                out.display()
            );
            Ok(())
        }
        Command::Restore { file, to } => {
            if !file.is_file() {
                return Err(fail(4, format!("no backup at {}", file.display())));
            }
            let pass = passphrase("YORISOI_PASSPHRASE", "Passphrase of the backup: ", false)?;
            Roster::restore_backup(&file, &to, &pass, &ctx.operator, Arc::new(SystemClock))?;
            out!("restored {} to {}", file.display(), to.display());
            Ok(())
        }
        Command::Check { json } => {
            let report = ctx.open()?.check()?;
            if json {
                output::json(&report)?;
            } else {
                output::check(&report);
            }
            if report.is_ok() {
                Ok(())
            } else {
                Err(fail(1, "the check found a fault (see above)"))
            }
        }
    }
}

fn demo(ctx: &Context, persons: usize, seed: u64) -> Outcome {
    let mut roster = ctx.create()?;
    let s = yorisoi::demo::populate(&mut roster, persons, seed)?;
    out!(
        "created a demo roster at {}: {} persons, {} supporters, {} recipients, {} consent answers, {} districts",
        ctx.db.display(),
        s.persons,
        s.supporters,
        s.recipients,
        s.consents,
        s.districts
    );
    Ok(())
}

fn person(ctx: &Context, cmd: PersonCommand) -> Outcome {
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

fn supporter(ctx: &Context, cmd: SupporterCommand) -> Outcome {
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

/// The passphrase from `var`, else asked on the terminal (twice when `confirm`).
fn passphrase(var: &str, prompt: &str, confirm: bool) -> Result<Passphrase, Failure> {
    if let Ok(p) = std::env::var(var) {
        return Ok(Passphrase::new(p));
    }
    if !std::io::stdin().is_terminal() {
        return Err(fail(
            3,
            format!("no passphrase: set {var} or run in a terminal to be asked"),
        ));
    }
    let ask = |prompt: &str| {
        let _ = std::io::stderr().flush();
        rpassword::prompt_password(prompt)
            .map_err(|e| fail(1, format!("cannot read the passphrase: {e}")))
    };
    let first = Passphrase::new(ask(prompt)?);
    if confirm {
        let again = Passphrase::new(ask("Again: ")?);
        if !first.matches(&again) {
            return Err(fail(
                5,
                "passphrase: the two entries differ; nothing was changed",
            ));
        }
        if first.char_count() < 10 {
            eprintln!("note: a passphrase of 10 or more characters (several words) is much harder to guess");
        }
    }
    Ok(first)
}
