//! The command line's shape. Names, tokens and exit codes are a contract other tools
//! script against: change them only additively.
//!
//! One file per command group, named like the module that runs it (`account`, `person`,
//! `sharing`, `printing`, `drill`, `import`); here the top level and the commands `main.rs` answers
//! itself. The doc comments are the `--help` text: editing one changes the contract too.

mod account;
mod commission;
mod drill;
mod import;
mod map;
mod person;
mod printing;
mod sharing;
mod shelter;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use account::*;
pub use commission::*;
pub use drill::*;
pub use import::*;
pub use map::*;
pub use person::*;
pub use printing::*;
pub use sharing::*;
pub use shelter::*;

/// よりそい — 避難行動要支援者名簿 (an encrypted roster of people who need support to evacuate).
///
/// Every command opens the roster as an officer account: --account NAME (or
/// YORISOI_ACCOUNT) and that account's passphrase, read from YORISOI_PASSPHRASE when set,
/// otherwise asked for on the terminal. `init` and `demo` make the first admin account.
///
/// Exit codes:
///   0  ok
///   1  anything else (a file exists, an integrity fault, an I/O error); also `check`
///      finding a fault, and `audit verify-head` with a head not on this roster's chain
///   2  usage (a wrong option, or no --account / YORISOI_ACCOUNT)
///   3  cannot open: the passphrase or account does not open the roster (or its key
///      file is missing), or this account must wait a few seconds after failed tries
///      ("wait N s before trying again")
///   4  not found (no roster, no such record, a key file known to be missing)
///   5  invalid input (the message names the field; also a weak passphrase or a mistyped
///      recovery key, naming the group)
///   6  forbidden: your account's role may not do this (a viewer changing anything,
///      an officer managing accounts)
#[derive(Debug, Parser)]
#[command(name = "yorisoi", version, verbatim_doc_comment)]
pub struct Cli {
    /// The roster file [default: the platform's app-data directory; env YORISOI_DB]
    #[arg(long, global = true, env = "YORISOI_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is acting, for the audit log [default: env YORISOI_OPERATOR, else the OS user]
    #[arg(long, global = true, env = "YORISOI_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,

    /// The officer account that opens the roster (in `init` and `demo`: the first admin)
    /// [env YORISOI_ACCOUNT]
    #[arg(long, global = true, env = "YORISOI_ACCOUNT", value_name = "NAME")]
    pub account: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty roster (never overwrites an existing file) with --account as its
    /// first admin; prints the recovery key once (or writes its sheet: --recovery-sheet)
    Init {
        /// Write the 回復キー sheet (PDF) here instead of showing the recovery key
        #[arg(long, value_name = "FILE")]
        recovery_sheet: Option<PathBuf>,
    },
    /// Create a new roster full of synthetic, realistic demo data, with --account as its
    /// first admin
    Demo {
        /// How many people
        #[arg(long)]
        persons: usize,
        /// Random seed: the same seed gives the same roster
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the 回復キー sheet (PDF) here instead of showing the recovery key
        #[arg(long, value_name = "FILE")]
        recovery_sheet: Option<PathBuf>,
        /// Also write the demo town's 位置参照情報 CSV and hazard layers (GeoJSON) into this
        /// folder, to try `map positions import` and `map layer import` with (they are in
        /// the demo roster already)
        #[arg(long, value_name = "DIR")]
        map_files: Option<PathBuf>,
    },
    /// Officer accounts (職員アカウント): add, list, change a passphrase, re-role, remove
    #[command(subcommand)]
    Account(AccountCommand),
    /// The recovery key (回復キー): opens the roster when an admin's passphrase is lost
    #[command(subcommand)]
    Recovery(RecoveryCommand),
    /// Open with the recovery key (YORISOI_RECOVERY_KEY or asked) and set a new passphrase
    /// for admin --account at once (YORISOI_NEW_PASSPHRASE or asked twice)
    UnlockRecovery,
    /// People on the roster
    #[command(subcommand)]
    Person(PersonCommand),
    /// Districts (地区) with head-counts
    #[command(subcommand)]
    District(DistrictCommand),
    /// Supporters (避難支援等実施者) and their assignment to people
    #[command(subcommand)]
    Supporter(SupporterCommand),
    /// The audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Recipients (避難支援等関係者): the bodies lists are given to
    #[command(subcommand)]
    Recipient(RecipientCommand),
    /// The consent ledger (同意): record an answer, show a person's history
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// What a recipient would get now: who, which fields, and why
    #[command(subcommand)]
    Share(ShareCommand),
    /// Disaster mode (災害対策基本法第49条の11第3項): release without consent, logged, time-limited
    #[command(subcommand)]
    Disaster(DisasterCommand),
    /// Worklists for the officers
    #[command(subcommand)]
    Worklist(WorklistCommand),
    /// The municipality's settings (consent basis, renewal, disaster hours, recipients' fields)
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Print plan sheets, simplified/detailed lists and consent forms (PDF)
    #[command(subcommand)]
    Print(PrintCommand),
    /// The copy ledger (交付台帳): printed copies and where they are
    #[command(subcommand)]
    Issuance(IssuanceCommand),
    /// Safety-check drills (安否確認訓練): sessions, check sheets, results, board, report
    #[command(subcommand)]
    Drill(DrillCommand),
    /// Import a CSV or XLSX file (dry run first with --dry-run); changes, saved mappings
    Import(ImportArgs),
    /// Where people live: hazard layers, positions of homes, hazard zones to review
    #[command(subcommand)]
    Map(MapCommand),
    /// Alert areas (避難指示の対象区域): everyone inside
    #[command(subcommand)]
    Area(AreaCommand),
    /// The municipality's shelters: the published registry imported, its changes reviewed
    #[command(subcommand)]
    Shelter(ShelterCommand),
    /// The shared-information route (共有情報方式): candidates found by an import, the criteria
    #[command(subcommand)]
    Candidates(CandidatesCommand),
    /// Care offices (事業所) that plans are commissioned to, and their specialists
    #[command(subcommand)]
    Office(OfficeCommand),
    /// Plans commissioned to care offices: 依頼 → 受託 → 訪問 → 提出 → 審査 → 請求 → 支払
    #[command(subcommand)]
    Commission(CommissionCommand),
    /// Fee tables per 年度, the month's claim lists and the year's summary
    #[command(subcommand)]
    Fees(FeesCommand),
    /// Reports: the yearly figures of plans (作成状況)
    #[command(subcommand)]
    Report(ReportCommand),
    /// Evacuation plans: which are due for review
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Export the roster to CSV or XLSX (the file is NOT encrypted; the export is audited)
    Export {
        /// csv or xlsx
        #[arg(long)]
        format: String,
        /// statutory (the open layout of the statutory fields) or full
        #[arg(long)]
        profile: String,
        /// For CSV: utf-8-bom or shift_jis
        #[arg(long, default_value = "utf-8-bom")]
        encoding: String,
        /// Where to write it (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The old name of `account passphrase`: change your own passphrase (the new one from
    /// YORISOI_NEW_PASSPHRASE or asked twice)
    Rekey,
    /// Write an encrypted copy, and its key file beside it (x.db -> x.keys): it opens with
    /// the same accounts or the recovery key
    Backup {
        /// Where to write it (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup (and its key file) into a new roster file, opening it as --account;
    /// says which accounts it brings
    Restore {
        /// The backup file (its key file beside it)
        file: PathBuf,
        /// The new roster file (must not exist)
        #[arg(long, value_name = "PATH")]
        to: PathBuf,
    },
    /// Verify integrity: SQLite, SQLCipher page HMACs and the audit chain
    Check {
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DistrictCommand {
    /// List districts
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// The audit log, newest first
    List {
        /// Only entries at or after this date (ISO) or instant (RFC 3339)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Whether a head printed on a list's footer (監査ハッシュ #SEQ HASH) is on this roster's
    /// chain, and what the log holds after it; exit 1 when it is not (the log was
    /// rewritten, cut back, or is another roster's) or the chain after it does not verify
    VerifyHead {
        /// The head as printed: '#SEQ HASH' (quote it; the # may be left out)
        #[arg(required = true, num_args = 1.., value_name = "'#SEQ HASH'")]
        head: Vec<String>,
        /// Print the answer as JSON (`verdict`: on_chain, not_on_chain, beyond_end,
        /// broken_before)
        #[arg(long)]
        json: bool,
    },
}
