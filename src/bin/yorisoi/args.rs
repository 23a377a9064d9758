//! The command line's shape. Names, tokens and exit codes are a contract other tools
//! script against: change them only additively.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// よりそい — 避難行動要支援者名簿 (an encrypted roster of people who need support to evacuate).
///
/// The passphrase is read from YORISOI_PASSPHRASE when set, otherwise asked for on the
/// terminal. Exit codes: 0 ok, 2 usage, 3 the passphrase does not open the roster,
/// 4 not found, 5 invalid input, 1 anything else.
#[derive(Debug, Parser)]
#[command(name = "yorisoi", version)]
pub struct Cli {
    /// The roster file [default: the platform's app-data directory; env YORISOI_DB]
    #[arg(long, global = true, env = "YORISOI_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is acting, for the audit log [default: env YORISOI_OPERATOR, else the OS user]
    #[arg(long, global = true, env = "YORISOI_OPERATOR", value_name = "NAME")]
    pub operator: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty roster (never overwrites an existing file)
    Init,
    /// Create a new roster full of synthetic, realistic demo data
    Demo {
        /// How many people
        #[arg(long)]
        persons: usize,
        /// Random seed: the same seed gives the same roster
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
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
    /// The shared-information route (共有情報方式): candidates found by an import, the criteria
    #[command(subcommand)]
    Candidates(CandidatesCommand),
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
    /// Change the passphrase (new one from YORISOI_NEW_PASSPHRASE or asked for)
    Rekey,
    /// Write an encrypted copy that opens with the same passphrase
    Backup {
        /// Where to write it (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup into a new roster file
    Restore {
        /// The backup file
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
pub enum PersonCommand {
    /// Add a person from a JSON document (the shape `person show --json` prints; FILE may be -)
    Add {
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// Replace a person's record with a JSON document (supporters and archive state stay)
    Update {
        id: i64,
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// Show one person's full record (the view is audited)
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// List people, optionally searching name, furigana, address or phone
    List(ListArgs),
    /// Take a person off the roster, keeping the record (reason: moved, died, entered-facility, no-longer-needs-support, refused)
    Archive {
        id: i64,
        #[arg(long)]
        reason: String,
        /// The date it happened [default: today]; ISO or wareki
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Bring an archived person back onto the roster
    Restore { id: i64 },
    /// Delete an archived person and all their rows for good (prints what it removes; needs --yes)
    Purge {
        id: i64,
        /// Really delete
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Part of a name, furigana (either kana, any width), address or phone
    #[arg(long, short)]
    pub query: Option<String>,
    /// Only this district
    #[arg(long)]
    pub district: Option<String>,
    /// Include archived people
    #[arg(long)]
    pub archived: bool,
    /// At most this many
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long)]
    pub json: bool,
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
pub enum SupporterCommand {
    /// Add a supporter from a JSON document (FILE may be -); prints the new id
    Add {
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// List supporters with how many people each supports
    List {
        #[arg(long)]
        json: bool,
    },
    /// Assign a supporter to a person (appended to their order)
    Assign {
        person: i64,
        supporter: i64,
        #[arg(long, default_value = "")]
        role: String,
    },
    /// Remove a supporter from a person
    Unassign { person: i64, supporter: i64 },
    /// A supporter's own consent to be named in plans and to receive them
    #[command(subcommand)]
    Consent(SupporterConsentCommand),
}

#[derive(Debug, Subcommand)]
pub enum SupporterConsentCommand {
    /// Record a supporter's answer (a new row; nothing is overwritten)
    Record {
        supporter: i64,
        /// be-named or receive-plan
        #[arg(long)]
        purpose: String,
        /// consented, refused or withdrawn
        #[arg(long)]
        answer: String,
        /// Only for this person's plan [default: every plan the supporter is named in]
        #[arg(long)]
        person: Option<i64>,
        /// Date obtained (ISO or wareki) [default: today]
        #[arg(long, value_name = "DATE")]
        obtained: Option<String>,
        /// Who obtained it
        #[arg(long, default_value = "")]
        by: String,
        /// Form number
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// A supporter's answers, oldest first
    History {
        supporter: i64,
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
}

#[derive(Debug, Subcommand)]
pub enum RecipientCommand {
    /// Add a recipient; prints its id
    Add {
        /// fire, police, welfare-commissioner, social-welfare-council, neighbourhood, care-centre, other
        #[arg(long)]
        kind: String,
        /// Its name, e.g. 中央町自治会
        #[arg(long)]
        name: String,
        /// The district it serves (its lists are cut to it)
        #[arg(long)]
        district: Option<String>,
        /// The one 自治会 of that district it serves (its lists hold that association's people only)
        #[arg(long)]
        association: Option<String>,
        /// 管理責任者: who keeps the copies
        #[arg(long, default_value = "")]
        custodian: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Change a recipient's name, area, custodian, address or phone (only what is given;
    /// an empty value clears the district or 自治会). Copies issued under an earlier
    /// custodian then appear on `worklist copies`
    Update {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        district: Option<String>,
        #[arg(long)]
        association: Option<String>,
        #[arg(long)]
        custodian: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
    /// Retire a recipient (nothing more is printed for it; refused while its copies are out)
    Retire { id: i64 },
    /// List recipients, each with its id
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record an answer (a new row; nothing is overwritten); prints its id
    Record(Box<ConsentRecordArgs>),
    /// A person's full consent history, oldest first (the view is audited)
    History {
        person: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ConsentRecordArgs {
    /// The person's id
    pub person: i64,
    /// roster, plan-create, plan-share
    #[arg(long)]
    pub purpose: String,
    /// fire, police, welfare-commissioner, social-welfare-council, neighbourhood, care-centre, other
    #[arg(long)]
    pub recipient_kind: String,
    /// Only for this named recipient (of that kind) rather than every recipient of the kind
    #[arg(long, value_name = "ID")]
    pub recipient: Option<i64>,
    /// consented, proxy, applied, refused, no-answer, withdrawn
    #[arg(long)]
    pub answer: String,
    /// explicit, presumed, ordinance, ordinance-opt-out
    #[arg(long)]
    pub basis: Option<String>,
    /// The proxy's name (answer proxy)
    #[arg(long, value_name = "NAME")]
    pub proxy: Option<String>,
    /// The proxy's relationship (続柄)
    #[arg(long)]
    pub relationship: Option<String>,
    /// Date obtained [default: today]; ISO or wareki
    #[arg(long, value_name = "DATE")]
    pub obtained: Option<String>,
    /// Last valid day [default for a consent: obtained + consent.renewal_months]
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Who obtained it
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// Evidence reference (form number)
    #[arg(long, value_name = "REF")]
    pub evidence: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ShareCommand {
    /// Exactly who and which fields a recipient would get now, with the reason per person (audited)
    Preview {
        /// The recipient's id
        #[arg(long, value_name = "ID")]
        recipient: i64,
        /// roster or plan
        #[arg(long, default_value = "roster")]
        purpose: String,
        /// Cut to this district [default: the recipient's own district, else everyone]
        #[arg(long)]
        district: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum DisasterCommand {
    /// Switch disaster mode on (or renew it); needs --operator and a reason
    On {
        /// Why: e.g. the warning issued (no personal data)
        #[arg(long)]
        reason: String,
        /// How long [default: the setting disaster.default_hours, 72]
        #[arg(long)]
        hours: Option<u32>,
    },
    /// Switch disaster mode off
    Off,
    /// Whether disaster mode is on: reason, by, since, until
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorklistCommand {
    /// Consents expiring soon, never asked, no answer, refused, withdrawn recently
    Consent {
        /// The window in days (expiring ahead, withdrawn back)
        #[arg(long, default_value_t = 60)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// Printed copies to chase: overdue, custodian changed, holding a withdrawn person
    Copies {
        #[arg(long)]
        json: bool,
    },
    /// People without a plan or without two supporters, highest priority first (with reasons)
    Plans {
        #[arg(long)]
        json: bool,
    },
    /// Records not verified within the renewal period, oldest first
    Stale {
        /// The period in months [default: the setting consent.renewal_months]
        #[arg(long)]
        months: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub command: Option<ImportCommand>,
    /// The file to import
    #[arg(required = true)]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// A saved mapping profile (see `import mapping save`)
    #[arg(long, value_name = "NAME")]
    pub mapping: Option<String>,
    /// Where the data came from (e.g. 介護保険 2026年11月抽出)
    #[arg(long, value_name = "LABEL", default_value = "")]
    pub source: String,
    /// shared-information (rows become candidates), consent or opt-in (rows are added)
    #[arg(long, default_value = "consent")]
    pub route: String,
    /// Check and report every row; write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

/// How to read a file and map its headers.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// csv or xlsx [default: from the file's bytes]
    #[arg(long)]
    pub format: Option<String>,
    /// auto, utf-8 or shift_jis
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// Map a header to a column for this run: 'HEADER=column' (or 'HEADER=ignore'); repeatable
    #[arg(long = "set", value_name = "HEADER=COLUMN")]
    pub set: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Changes found by imports for people already on the roster
    #[command(subcommand)]
    Review(ReviewCommand),
    /// Saved column mappings (named profiles)
    #[command(subcommand)]
    Mapping(MappingCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Changes waiting for a decision (old → new)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Apply a change (a death or move archives the person with the reason)
    Accept { id: i64 },
    /// Drop a change; the roster stays as it is
    Reject { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// Save (or replace) a named mapping from a file's headers, with --set overrides
    Save {
        name: String,
        /// A file with the headers to map
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The saved mappings
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CandidatesCommand {
    /// Candidates not yet registered, with the rules each meets
    List {
        #[arg(long)]
        json: bool,
    },
    /// Register candidates (route 共有情報方式, consent not yet asked)
    Register {
        /// Candidate ids
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<i64>,
        /// Every candidate that meets at least one rule
        #[arg(long)]
        all: bool,
    },
    /// The criteria rules
    Rules {
        #[arg(long)]
        json: bool,
    },
    /// Change a rule (care-level, physical-disability, intellectual-a, alone-aged, power-device, hazard-zone)
    Rule {
        rule: String,
        /// Switch it on or off
        #[arg(long)]
        enabled: Option<bool>,
        /// Its number (lowest 要介護 level, highest 手帳 grade, lowest age)
        #[arg(long)]
        threshold: Option<i64>,
    },
}

/// Options every handed-out print shares.
#[derive(Debug, Args)]
pub struct IssueOptions {
    /// Lock the PDF with the password in this environment variable (AES-256); without it a
    /// detailed list asks on the terminal
    #[arg(long, value_name = "VAR")]
    pub lock_password_env: Option<String>,
    /// Due back on this date (default: a year from today)
    #[arg(long, value_name = "DATE")]
    pub due_back: Option<String>,
    /// Why a copy is printed while an earlier copy of the same list is still out
    #[arg(long, value_name = "TEXT")]
    pub reprint_reason: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// Individual evacuation plan sheets (個別避難計画), A4 front and back
    Plan {
        /// One person
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "district",
            required_unless_present = "district"
        )]
        person: Option<i64>,
        /// Everyone of a district
        #[arg(long, value_name = "NAME")]
        district: Option<String>,
        /// The recipient (id from `recipient list`); without it, the office's or the
        /// person's own copy with every field
        #[arg(long, value_name = "ID")]
        recipient: Option<i64>,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        issue: IssueOptions,
    },
    /// The simplified (簡易版) or detailed (詳細版) list for a recipient
    List {
        /// simple | detailed
        #[arg(long)]
        kind: String,
        /// The recipient (id from `recipient list`)
        #[arg(long, value_name = "ID")]
        recipient: i64,
        /// District (default: the recipient's own)
        #[arg(long, value_name = "NAME")]
        district: Option<String>,
        /// Only this 自治会
        #[arg(long, value_name = "NAME")]
        association: Option<String>,
        /// Only this 班 (with --association)
        #[arg(long, value_name = "NAME")]
        block: Option<String>,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        issue: IssueOptions,
    },
    /// Consent request letters with prefilled forms for everyone the consent worklist
    /// says must be asked (never asked, no answer, expired or expiring), in one PDF
    Letters {
        /// The worklist: consent
        #[arg(long)]
        worklist: String,
        /// Expiring within this many days
        #[arg(long, default_value_t = 60)]
        days: u32,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The registration application and consent form, blank or filled in for a person
    Form {
        /// Fill it in for this person
        #[arg(
            long,
            value_name = "ID",
            conflicts_with = "blank",
            required_unless_present = "blank"
        )]
        person: Option<i64>,
        /// A blank form
        #[arg(long)]
        blank: bool,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum IssuanceCommand {
    /// Every printed copy, oldest first
    List {
        /// Only copies with this status: issued | returned | destroyed | lost
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One copy: its history and the people on it (to tell them when it is lost)
    Show {
        serial: String,
        #[arg(long)]
        json: bool,
    },
    /// Record that a copy came back
    Return {
        serial: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// Record that a copy was destroyed (shredded)
    Destroy {
        serial: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// Record that a copy was lost (then `issuance show` lists the people to tell)
    Lost {
        serial: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Every setting with its value
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set one (keys: consent.basis, consent.renewal_months, disaster.default_hours,
    /// recipient.<id>.profile, recipient.<id>.withhold)
    Set {
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// Create a drill session
    New {
        /// Its name (e.g. 令和8年度 中央地区 安否確認訓練)
        #[arg(long)]
        name: String,
        /// The day it is held (YYYY-MM-DD; 和暦 accepted)
        #[arg(long)]
        date: String,
        /// A district taking part (repeat; default: every district)
        #[arg(long, value_name = "NAME")]
        district: Vec<String>,
        /// Target minutes: warnings to supporters, then safety confirmed
        #[arg(long, default_value = "20,90", value_name = "WARN,CONFIRM")]
        targets: String,
        /// The scenario (e.g. 大雨・高齢者等避難)
        #[arg(long, default_value = "")]
        scenario: String,
        /// Start time in Japan (HH:MM)
        #[arg(long, default_value = "09:00", value_name = "HH:MM")]
        start: String,
        /// A disaster-mode exercise: its sheets are printed only while disaster mode is on
        #[arg(long)]
        disaster: bool,
    },
    /// Every drill
    List {
        #[arg(long)]
        json: bool,
    },
    /// Print a check sheet for one district (or 自治会 / 班) of a drill (PDF, in the ledger)
    Sheet {
        drill: i64,
        #[arg(long, value_name = "NAME")]
        district: String,
        /// Only this 自治会
        #[arg(long, value_name = "NAME")]
        association: Option<String>,
        /// Only this 班
        #[arg(long, value_name = "NAME")]
        block: Option<String>,
        /// The recipient (default: the district's 自治会 recipient)
        #[arg(long, value_name = "ID")]
        recipient: Option<i64>,
        /// Why a copy is printed while an earlier one of the same sheet is still out
        #[arg(long, value_name = "TEXT")]
        reprint_reason: Option<String>,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Enter one result (a re-check adds to the history; --correct replaces the last entry)
    Check {
        drill: i64,
        /// The person's number (ID on the sheet)
        person: i64,
        /// safe | needs-help | not-home | unreached
        #[arg(long)]
        status: String,
        /// When: HH:MM on the drill day, or YYYY-MM-DD HH:MM (Japan time) [default: now]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Who checked
        #[arg(long, value_name = "NAME", default_value = "")]
        by: String,
        /// Remarks (e.g. why not reached)
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Correct this person's last entry (it stays in the history)
        #[arg(long)]
        correct: bool,
    },
    /// Enter a call to a supporter (伝達): the warning got through, or (--not-reached) not
    Warn {
        drill: i64,
        /// The supporter's id (`drill supporters DRILL` lists them)
        supporter: i64,
        /// The call did not get through (no answer, engaged …)
        #[arg(long)]
        not_reached: bool,
        /// When: HH:MM on the drill day, or YYYY-MM-DD HH:MM (Japan time) [default: now]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Who passed the warning
        #[arg(long, value_name = "NAME", default_value = "")]
        by: String,
        /// Remarks (e.g. 留守電に伝言)
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Correct this supporter's last entry (it stays in the history)
        #[arg(long)]
        correct: bool,
    },
    /// The call list: the supporters of the people on the drill's sheets, not yet warned first
    Supporters {
        drill: i64,
        #[arg(long)]
        json: bool,
    },
    /// The live board: per district, counts, minutes against the targets, who is still unknown
    Status {
        drill: i64,
        #[arg(long)]
        json: bool,
    },
    /// The drill report as PDF (--out) and/or JSON (--json)
    Report {
        drill: i64,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE", required_unless_present = "json")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Note the lessons learnt (printed on the report)
    Lessons {
        drill: i64,
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
}
