//! `person` and `supporter` (run in `crate::person`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

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
