//! `import` and `candidates` (run in `crate::import`).

use std::path::PathBuf;

use clap::{Args, Subcommand};

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
