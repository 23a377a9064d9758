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

mod account;
mod args;
mod audit;
mod commission;
mod drill;
mod import;
mod map;
mod output;
mod person;
mod printing;
mod progress;
mod secret;
mod sharing;
mod sharing_output;
mod shelter;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use yorisoi::model::recovery::RecoveryKey;
use yorisoi::{Clock, Error, ErrorCode, Roster, SystemClock};

use args::*;

/// A failure with the exit code it maps to.
struct Failure {
    code: u8,
    message: String,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        if let Error::TooSoon { seconds } = e {
            return too_soon(seconds);
        }
        let code = match e.code() {
            ErrorCode::WrongPassphrase | ErrorCode::Delayed => 3,
            ErrorCode::NotFound => 4,
            ErrorCode::Invalid => 5,
            ErrorCode::Forbidden => 6,
            ErrorCode::CannotWrite => 7,
            // 128 + SIGINT, as a shell reports a command stopped with Ctrl-C.
            ErrorCode::Cancelled => 130,
            _ => 1,
        };
        let message = match e.code() {
            ErrorCode::Forbidden => {
                format!("{e}（この操作はあなたのアカウントの役割ではできません）")
            }
            _ => e.to_string(),
        };
        Failure { code, message }
    }
}

/// Exit 3: this account failed recently and must wait.
fn too_soon(seconds: u64) -> Failure {
    fail(
        3,
        format!("{seconds} 秒待ってからもう一度試してください (wait {seconds} s before trying again: this account's last tries failed)"),
    )
}

fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

type Outcome = Result<(), Failure>;

fn main() -> ExitCode {
    // Before any secret is read: no core dump may hold one.
    if let Err(e) = yorisoi::platform::harden_process() {
        eprintln!("yorisoi: note: crash dumps could not be switched off ({e})");
    }
    // While the program has one thread: no child process or later getenv sees them.
    secret::take_from_environment();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("yorisoi: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn clock() -> Arc<dyn Clock + Send + Sync> {
    Arc::new(SystemClock)
}

struct Context {
    db: PathBuf,
    /// The account that opens the roster (--account or YORISOI_ACCOUNT), trimmed.
    account: Option<String>,
    /// The free-text operator (--operator or YORISOI_OPERATOR), when named; otherwise the
    /// core records the OS user.
    operator: Option<String>,
}

impl Context {
    /// True when the operator was named, not guessed from the OS user.
    fn operator_given(&self) -> bool {
        self.operator.is_some()
    }

    /// The account, or exit 2 (usage) saying how to give it.
    fn account(&self) -> Result<&str, Failure> {
        self.account.as_deref().ok_or_else(|| {
            fail(
                2,
                "no account: pass --account NAME or set YORISOI_ACCOUNT (アカウント名を --account で指定してください)",
            )
        })
    }

    /// Sets the named operator on an opened roster.
    fn operate(&self, mut roster: Roster) -> Roster {
        if let Some(op) = &self.operator {
            roster.set_operator(op);
        }
        roster
    }

    fn open(&self) -> Result<Roster, Failure> {
        let account = self.account()?;
        if !self.db.is_file() {
            return Err(Error::RosterMissing(self.db.clone()).into());
        }
        // Say "wait" before asking for a passphrase that could not be tried anyway (one
        // from the environment is tried, and the core says the same). A key file that
        // cannot be read is left for the open to report.
        let pass = secret::passphrase(
            secret::PASSPHRASE,
            &format!("パスフレーズ ({account}): "),
            || match Roster::unlock_wait(&self.db, account, &SystemClock).unwrap_or(0) {
                0 => Ok(()),
                wait => Err(too_soon(wait)),
            },
        )?;
        let roster = self.operate(Roster::open(&self.db, account, &pass, clock())?);
        unlock_notes(&roster);
        write_state_note(&roster);
        sharing::disaster_banner(&roster);
        Ok(roster)
    }

    /// Creates the roster with the account as its first admin. Its recovery key goes on the
    /// sheet at `sheet`, or is returned to be shown once.
    fn create(&self, sheet: Option<&Path>) -> Result<(Roster, Option<RecoveryKey>), Failure> {
        let account = self.account()?;
        if self.db.exists() {
            return Err(Error::AlreadyExists(self.db.clone()).into());
        }
        if let Some(sheet) = sheet {
            new_file(sheet)?;
        }
        let pass = secret::new_passphrase(
            secret::PASSPHRASE,
            &format!("新しいパスフレーズ ({account}): "),
            &[account],
        )?;
        let (roster, key) = Roster::create(&self.db, account, &pass, clock())?;
        let mut roster = self.operate(roster);
        let Some(sheet) = sheet else {
            return Ok((roster, Some(key)));
        };
        if let Err(e) = roster.recovery_sheet(&key, sheet) {
            let f = Failure::from(e);
            let message = format!(
                "the roster was made at {}, but its recovery sheet could not be written: {}. The recovery key made with it was never shown: make a new one now with `yorisoi recovery new --out FILE`",
                self.db.display(),
                f.message
            );
            return Err(fail(f.code, message));
        }
        Ok((roster, None))
    }
}

/// Refuses a path to be written when it exists or its folder does not (exit 1 / 4), before
/// anything is changed.
fn new_file(path: &Path) -> Outcome {
    if path.exists() {
        return Err(Error::AlreadyExists(path.to_path_buf()).into());
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => Err(fail(
            4,
            format!("no folder {} to write into", dir.display()),
        )),
        _ => Ok(()),
    }
}

/// Hands over a new roster's recovery key: shown once, or where its sheet went.
fn hand_over(key: Option<RecoveryKey>, sheet: Option<&Path>) {
    match (key, sheet) {
        (Some(key), _) => show_recovery_key(&key, true),
        (None, Some(sheet)) => sheet_written(sheet),
        (None, None) => {}
    }
}

/// Prints the recovery key with what to do with it (Japanese, then English).
fn show_recovery_key(key: &RecoveryKey, new_roster: bool) {
    out!();
    out!("回復キー（この一度だけ表示します）— 書き留めるか印刷して、封をして金庫に保管してください。");
    out!("管理者のパスフレーズがすべて失われたときに、名簿を開く唯一の方法です。");
    out!("Recovery key (shown this once): write it down, seal it and keep it in the office safe.");
    out!("It is the only way in when every admin passphrase is lost.");
    if new_roster {
        out!("用紙に印刷するには (to print it on a sheet, which replaces this key): yorisoi recovery new --out FILE");
    }
    out!();
    out!("recovery key: {}", key.display().as_str());
    out!();
}

/// After an unlock, one line each on stderr for what the officer should know (Japanese,
/// then English); nothing fails.
fn unlock_notes(roster: &Roster) {
    let notes = roster.unlock_notes();
    if notes.converted {
        eprintln!(
            "注意: この名簿をアカウント方式に移行しました。これまでのパスフレーズは管理者「{0}」のものになりました — note: this roster now has accounts; its old passphrase is now admin {0}'s (add accounts with `yorisoi account add`)",
            roster.account()
        );
    }
    if let Some(reason) = &notes.passphrase_weak {
        eprintln!(
            "注意: このパスフレーズは弱いです（{reason}）。`yorisoi account passphrase` で変更してください — note: this passphrase is weak; change it with `yorisoi account passphrase`"
        );
    }
    if notes.recovery_key_missing {
        eprintln!(
            "注意: この名簿には回復キーがありません。管理者が `yorisoi recovery new --out FILE` で作成してください — note: this roster has no recovery key; an admin can make one with `yorisoi recovery new --out FILE`"
        );
    }
}

/// When the roster cannot be written now (another program is changing it, the disk is
/// full), one line on stderr: reading goes on, but this command's audit rows of what it read
/// cannot be recorded, and a change will be refused (exit 7).
fn write_state_note(roster: &Roster) {
    if let Some(block) = roster.write_state().blocked {
        let why = Error::CannotWrite(block).to_string();
        eprintln!(
            "注意: 名簿は今は書き込めません。閲覧はできますが、この操作の記録（監査ログ）は残せず、変更はできません — note: the roster cannot be written now: reading works, but what this command reads cannot be recorded in the audit log, and changes are refused ({why})"
        );
    }
}

fn run(cli: Cli) -> Outcome {
    let db = match cli.db {
        Some(p) => p,
        None => yorisoi::default_roster_path()?,
    };
    let named = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let ctx = Context {
        db,
        account: named(cli.account),
        operator: named(cli.operator),
    };
    match cli.command {
        Command::Init { recovery_sheet } => {
            let (roster, key) = ctx.create(recovery_sheet.as_deref())?;
            out!(
                "created an empty roster at {} with admin account {}",
                ctx.db.display(),
                roster.account()
            );
            hand_over(key, recovery_sheet.as_deref());
            Ok(())
        }
        Command::Demo {
            persons,
            seed,
            recovery_sheet,
            map_files,
        } => {
            let files = map_files.as_deref().map(demo_map_files).transpose()?;
            demo(&ctx, persons, seed, recovery_sheet.as_deref())?;
            match (map_files, files) {
                (Some(dir), Some(files)) => write_map_files(&dir, &files),
                _ => Ok(()),
            }
        }
        Command::Account(cmd) => account::account(&ctx, cmd),
        Command::Recovery(cmd) => account::recovery(&ctx, cmd),
        Command::UnlockRecovery => account::unlock_recovery(&ctx),
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
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        e.seq,
                        e.at,
                        e.account,
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
        Command::Audit(AuditCommand::VerifyHead { head, json }) => {
            audit::verify_head(&ctx, &head.join(" "), json)
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
        Command::Map(cmd) => map::map(&ctx, cmd),
        Command::Area(cmd) => map::area(&ctx, cmd),
        Command::Shelter(cmd) => shelter::shelter(&ctx, cmd),
        Command::Office(cmd) => commission::office(&ctx, cmd),
        Command::Commission(cmd) => commission::commission(&ctx, cmd),
        Command::Fees(cmd) => commission::fees(&ctx, cmd),
        Command::Plan(cmd) => commission::plan(&ctx, cmd),
        Command::Report(cmd) => commission::report(&ctx, cmd),
        Command::Export {
            format,
            profile,
            encoding,
            out,
        } => import::export(&ctx, &format, &profile, &encoding, &out),
        Command::Rekey => account::account(&ctx, AccountCommand::Passphrase),
        Command::Backup { out } => {
            ctx.open()?.backup(&out)?;
            out!(
                "wrote an encrypted backup to {} and its key file to {} beside it: keep the two together; the backup opens with the same accounts or the recovery key",
                out.display(),
                yorisoi::store::keyfile::keys_path(&out).display()
            );
            Ok(())
        }
        Command::Restore { file, to } => {
            let account = ctx.account()?;
            if !file.is_file() {
                return Err(fail(4, format!("no backup at {}", file.display())));
            }
            let pass = secret::passphrase(
                secret::PASSPHRASE,
                &format!("パスフレーズ ({account}, in the backup): "),
                || Ok(()),
            )?;
            let roster = ctx.operate(Roster::restore_backup(&file, &to, account, &pass, clock())?);
            unlock_notes(&roster);
            out!(
                "restored {} to {} (with its key file {})",
                file.display(),
                to.display(),
                yorisoi::store::keyfile::keys_path(&to).display()
            );
            out!("accounts it brings:");
            for a in roster.accounts()? {
                out!("  {}\t{}\t{}", a.name, a.role.token(), a.role.label());
            }
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

fn demo(ctx: &Context, persons: usize, seed: u64, sheet: Option<&Path>) -> Outcome {
    // This process creates a new roster (never an existing file) and fills it with made-up
    // people: SQLite's freed memory holds nothing to wipe.
    yorisoi::store::skip_memory_wiping_for_synthetic_data();
    let (mut roster, key) = ctx.create(sheet)?;
    let s = yorisoi::demo::populate_with(
        &mut roster,
        persons,
        seed,
        &crate::progress::Line::new("demo"),
    )?;
    out!(
        "created a demo roster at {} with admin account {}: {} persons, {} supporters, {} recipients, {} consent answers, {} districts",
        ctx.db.display(),
        roster.account(),
        s.persons,
        s.supporters,
        s.recipients,
        s.consents,
        s.districts
    );
    hand_over(key, sheet);
    Ok(())
}

/// The demo town's map files, to go into `dir`: refused before the demo is made when one is
/// there already (nothing is overwritten).
fn demo_map_files(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>, Failure> {
    use yorisoi::demo::map;
    let mut files = vec![(dir.join(map::POSITION_FILE_NAME), map::position_file())];
    for kind in yorisoi::model::HazardKind::ALL {
        if let Some(bytes) = map::hazard_file(*kind) {
            files.push((dir.join(map::hazard_file_name(*kind)), bytes));
        }
    }
    for (path, _) in &files {
        if path.exists() {
            return Err(Error::AlreadyExists(path.clone()).into());
        }
    }
    Ok(files)
}

/// Writes the demo town's map files into `dir` (made if missing).
fn write_map_files(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Outcome {
    std::fs::create_dir_all(dir)
        .map_err(|e| fail(1, format!("cannot make {}: {e}", dir.display())))?;
    for (path, bytes) in files {
        std::fs::write(path, bytes)
            .map_err(|e| fail(1, format!("cannot write {}: {e}", path.display())))?;
        out!("wrote {}", path.display());
    }
    Ok(())
}

/// Says where the recovery sheet went and what to do with it.
pub(crate) fn sheet_written(sheet: &Path) {
    out!(
        "回復キーの用紙を {} に書き出しました。印刷して封をし、金庫に保管したら、このファイルは削除してください — wrote the recovery sheet to {0}: print it, seal it in the office safe, then delete the file",
        sheet.display()
    );
}
