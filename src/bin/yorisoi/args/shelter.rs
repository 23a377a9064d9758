//! `shelter` (run in `crate::shelter`).

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ShelterCommand {
    /// Import a shelter registry CSV: the 国土地理院's 指定緊急避難場所 or 指定避難所, or the
    /// open data set's 指定緊急避難場所一覧 (columns found by header; UTF-8 or Shift_JIS).
    /// Every difference from the roster's registry is kept to review (`shelter review`)
    Import {
        /// The file
        file: PathBuf,
        /// auto, utf-8 or shift_jis
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// Keep only this municipality's rows (default: the setting municipality.name, or
        /// the whole file when it is not set)
        #[arg(long)]
        municipality: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a shelter the officer enters — a 福祉避難所 (welfare: designated | agreement,
    /// groups, capacity, family, contact, equipment) or a place no published list holds —
    /// from a JSON document; prints its id
    Add {
        /// The JSON document
        #[arg(long)]
        json: PathBuf,
    },
    /// Change what the officer enters of a shelter, from a JSON document like `shelter
    /// add`'s: a 福祉避難所's standing, groups, family, capacity, contact, equipment, note
    /// (and, for one entered by hand, its name, address, position and hazards)
    Update {
        /// The shelter's id
        id: i64,
        /// The JSON document
        #[arg(long)]
        json: PathBuf,
    },
    /// The registry's changes to review: list, accept or reject them
    #[command(subcommand)]
    Review(ShelterReviewCommand),
    /// The shelters (those gone from the registry marked)
    List {
        /// Only those designated for this hazard: flood, landslide, storm-surge,
        /// earthquake, tsunami, large-fire, inland-flood, volcano
        #[arg(long)]
        hazard: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The plans' shelters checked (never refused, for the officer to decide): a
    /// destination not designated for the hazard it is named for (or for a zone the home
    /// is in), one inside a hazard layer of that kind, a 協定福祉避難所 named for a direct
    /// evacuation, a 福祉避難所 that does not accept the person's groups, one gone from
    /// the registry
    Check {
        #[arg(long)]
        json: bool,
    },
    /// 福祉避難所 matching: each one's agreed people and family against its capacity (over
    /// capacity listed), and who needs one (a medical device, 要介護4–5, 身体1・2級,
    /// 療育手帳A, 精神1級) and has none agreed, with accepting shelters that have room,
    /// nearest first
    Match {
        #[arg(long)]
        json: bool,
    },
    /// One shelter
    Show {
        /// The shelter's id
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ShelterReviewCommand {
    /// The changes waiting for a decision
    List {
        /// Decided ones too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Accept a change: the shelter is added, changed or taken off the list
    Accept {
        /// The change's id
        id: i64,
    },
    /// Reject a change: the shelter stays as it is
    Reject {
        /// The change's id
        id: i64,
    },
}
