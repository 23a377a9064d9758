//! `drill` (run in `crate::drill`).

use std::path::PathBuf;

use clap::Subcommand;

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
        /// Lock the PDF with the password in this environment variable (AES-256); without
        /// it and without --unlocked-reason, asked on the terminal
        #[arg(long, value_name = "VAR")]
        lock_password_env: Option<String>,
        /// Print the sheet unlocked, saying why (at most 200 characters, no personal data;
        /// kept in the audit log)
        #[arg(long, value_name = "TEXT")]
        unlocked_reason: Option<String>,
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
    /// Enter an arrival at a shelter (避難先への到着), by the barcode on the person's plan
    /// or check sheet or by their number: their result is 無事 at that time, and the board
    /// counts them at the shelter (an arrival where their plan names another shelter flags
    /// the plan for review)
    Arrive {
        drill: i64,
        /// The shelter's id (shelter list)
        #[arg(long)]
        shelter: i64,
        /// The barcode as the scanner types it (digits)
        #[arg(long, conflicts_with = "person", required_unless_present = "person")]
        barcode: Option<String>,
        /// The person's number (ID on the sheet)
        #[arg(long)]
        person: Option<i64>,
        /// When: HH:MM on the drill day, or YYYY-MM-DD HH:MM (Japan time) [default: now]
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Who received them
        #[arg(long, value_name = "NAME", default_value = "")]
        by: String,
        #[arg(long)]
        json: bool,
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
    /// (the complete lists unless --limit: a city-wide drill starts with everyone unknown)
    Status {
        drill: i64,
        /// Only this district
        #[arg(long)]
        district: Option<String>,
        /// At most this many of each list (still unknown, supporters not yet warned) per
        /// district; the counts stay whole and say how many there are in all
        #[arg(long)]
        limit: Option<usize>,
        /// Skip this many of each list first (the next page: --offset 50 --limit 50)
        #[arg(long, default_value_t = 0)]
        offset: usize,
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
