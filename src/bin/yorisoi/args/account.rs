//! `account`, `recovery` and `unlock-recovery` (run in `crate::account`).

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an officer account (admins only); its passphrase from YORISOI_NEW_PASSPHRASE or asked twice
    Add {
        /// The name it opens the roster with (and the audit log shows)
        name: String,
        /// viewer (reads only), officer (everything at the desk) or admin (also accounts and the recovery key)
        #[arg(long)]
        role: String,
    },
    /// List the accounts: name, role, when and by whom each was added
    List {
        /// Print a JSON array of {name, role, created_at, created_by}
        #[arg(long)]
        json: bool,
    },
    /// Change your own passphrase (the new one from YORISOI_NEW_PASSPHRASE or asked twice);
    /// the other accounts and the recovery key are not changed
    Passphrase,
    /// Give an account another role (admins only; the last admin stays an admin)
    Role {
        name: String,
        /// viewer, officer or admin
        role: String,
    },
    /// Remove an account (admins only; never the last admin, never your own): its
    /// passphrase no longer opens the roster
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum RecoveryCommand {
    /// Make a new recovery key (回復キー), retiring the old one, and write its sheet (PDF) to
    /// keep sealed in the office safe (admins only). The key is not shown unless --show.
    New {
        /// Where to write the 回復キー sheet (must not exist)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Also print the new key on standard output
        #[arg(long)]
        show: bool,
    },
}
