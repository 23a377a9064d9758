//! `recipient`, `consent`, `share`, `disaster`, `worklist` and `settings` (run in
//! `crate::sharing`, which hands `worklist plans` and `worklist stale` to `crate::import`).

use clap::{Args, Subcommand};

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
