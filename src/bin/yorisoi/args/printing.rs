//! `print` and `issuance` (run in `crate::printing`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// Options every handed-out print shares.
#[derive(Debug, Args)]
pub struct IssueOptions {
    /// Lock the PDF with the password in this environment variable (AES-256). A detailed
    /// list and the office's plan sheets are always locked, and a recipient's plan sheets
    /// are locked unless --unlocked-reason is given: without the variable, they ask on the
    /// terminal
    #[arg(long, value_name = "VAR")]
    pub lock_password_env: Option<String>,
    /// Print a recipient's plan sheets unlocked, saying why (at most 200 characters, no
    /// personal data; kept in the audit log)
    #[arg(long, value_name = "TEXT")]
    pub unlocked_reason: Option<String>,
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
    #[command(group(
        clap::ArgGroup::new("whose")
            .args(["person", "district", "area", "layers"])
            .required(true)
            .multiple(false)
    ))]
    Plan {
        /// One person
        #[arg(long, value_name = "ID")]
        person: Option<i64>,
        /// Everyone of a district
        #[arg(long, value_name = "NAME")]
        district: Option<String>,
        /// Everyone whose home is inside the area of this GeoJSON file (those not placed
        /// are left off and counted)
        #[arg(long, value_name = "FILE")]
        area: Option<PathBuf>,
        /// Everyone whose home is inside this hazard layer's areas (repeatable)
        #[arg(long = "layer", value_name = "ID")]
        layers: Vec<i64>,
        /// The recipient (id from `recipient list`); without it, the office's or the
        /// person's own copy with every field
        #[arg(long, value_name = "ID")]
        recipient: Option<i64>,
        /// The PDF to write (must not exist)
        #[arg(long, value_name = "FILE", required_unless_present = "each")]
        out: Option<PathBuf>,
        /// One PDF per person of the --district (or area) into this folder (made if
        /// missing), named plan-ID.pdf, each its own copy in the ledger; none may exist yet
        #[arg(long, value_name = "DIR", conflicts_with_all = ["out", "person"])]
        each: Option<PathBuf>,
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
        /// Only the people whose homes are inside the area of this GeoJSON file
        #[arg(long, value_name = "FILE", conflicts_with = "layers")]
        area: Option<PathBuf>,
        /// Only the people whose homes are inside this hazard layer's areas (repeatable)
        #[arg(long = "layer", value_name = "ID")]
        layers: Vec<i64>,
        /// Add a 地図 page: the homes of the people on the list, numbered as their rows,
        /// over the hazard areas in use (address-protected people are never drawn)
        #[arg(long)]
        map: bool,
        /// A shelter's list, for its operator (a recipient of kind shelter): only the
        /// people whose plans name this shelter (shelter list)
        #[arg(long, value_name = "ID")]
        shelter: Option<i64>,
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
