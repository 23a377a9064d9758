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
mod person;
mod printing;
mod sharing;
mod sharing_output;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use yorisoi::{Error, ErrorCode, Passphrase, Roster, SystemClock};

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
        let account = std::env::var("YORISOI_ACCOUNT").unwrap_or_else(|_| self.operator.clone());
        let mut roster = Roster::open(&self.db, &account, &pass, Arc::new(SystemClock))?;
        roster.set_operator(&self.operator);
        sharing::disaster_banner(&roster);
        Ok(roster)
    }

    fn create(&self) -> Result<Roster, Failure> {
        if self.db.exists() {
            return Err(Error::AlreadyExists(self.db.clone()).into());
        }
        let pass = passphrase("YORISOI_PASSPHRASE", "New passphrase: ", true)?;
        let account = std::env::var("YORISOI_ACCOUNT").unwrap_or_else(|_| self.operator.clone());
        Ok(Roster::create(&self.db, &account, &pass, Arc::new(SystemClock))?.0)
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
        Command::Person(cmd) => person::person(&ctx, cmd),
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
        Command::Supporter(cmd) => person::supporter(&ctx, cmd),
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
            roster.account_passphrase(&new)?;
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
            let account = std::env::var("YORISOI_ACCOUNT").unwrap_or_else(|_| ctx.operator.clone());
            Roster::restore_backup(&file, &to, &account, &pass, Arc::new(SystemClock))?;
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
