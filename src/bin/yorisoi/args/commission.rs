//! `office`, `commission` and `fees` (run in `crate::commission`): plans commissioned to
//! care offices, and what they are paid.

use std::path::PathBuf;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum OfficeCommand {
    /// Add a care office (事業所) with its specialists from a JSON document; prints its id.
    /// An office is also a recipient (kind care-office), given only its commissions' papers
    Add {
        /// The document ({"kind": "home-care-support", "name": …, "specialists": [{"name": …,
        /// "qualification": "care-manager"}]}); - for standard input
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// Active offices, their specialists and commissions under way
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CommissionCommand {
    /// Commission a person's plan to an office (依頼); prints the commission's id. Refused
    /// without the person's plan-creation consent (or the ordinance)
    New {
        /// The person
        #[arg(long)]
        person: i64,
        /// The office (its recipient id, see `office list`); by default the office that made
        /// the person's last approved plan
        #[arg(long)]
        office: Option<i64>,
        /// The office's specialist asked for, if one
        #[arg(long)]
        specialist: Option<i64>,
        /// The request's date (YYYY-MM-DD or 令和…); today by default
        #[arg(long)]
        date: Option<String>,
        /// A note for the office
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Hand out a person's plan form (XLSX: the plan's items filled in, drop-down lists for
    /// the coded fields, a key tying it to the person and this roster) for the office to
    /// fill in; `form read FILE` reads a filled one back as a change to review
    Form(FormArgs),
    /// Record a commission's next step: accepted (受託), declined (辞退), visited (訪問),
    /// submitted (提出), returned (差戻し), approved (承認), claimed (請求), paid (支払) or
    /// cancelled (取消)
    Step {
        /// The commission
        id: i64,
        /// The step
        #[arg(long)]
        to: String,
        /// When it happened (YYYY-MM-DD or 令和…); today by default
        #[arg(long)]
        date: Option<String>,
        /// Why (needed for declined, returned and cancelled)
        #[arg(long, default_value = "")]
        reason: String,
        /// On approval: the fee item, new, update or info-only (計画に至らず避難情報のみ);
        /// by default the commission's own kind
        #[arg(long)]
        fee: Option<String>,
        /// On approval: an extra item of the fee table (e.g. case-meeting); repeatable
        #[arg(long = "extra", value_name = "ITEM")]
        extras: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Commissions, oldest first, with where they stand
    List {
        /// Only this status (repeatable)
        #[arg(long = "status", value_name = "S")]
        statuses: Vec<String>,
        /// Only this office's
        #[arg(long)]
        office: Option<i64>,
        /// Only this person's
        #[arg(long)]
        person: Option<i64>,
        /// Only those overdue (settings commission.visit_days and commission.submit_days)
        #[arg(long)]
        overdue: bool,
        #[arg(long)]
        json: bool,
    },
    /// One commission with every step and its fees
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// The 依頼書 and the person's pre-filled draft sheet for the office, one copy in the
    /// ledger (due back by the submission date, or --due-back); locked with a password or
    /// unlocked with a reason
    Print {
        /// The commission (under way)
        id: i64,
        /// The PDF to write; never overwritten
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        issue: crate::args::IssueOptions,
    },
}

/// `commission form --person ID --out FILE.xlsx`, or `commission form read FILE.xlsx`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct FormArgs {
    #[command(subcommand)]
    pub command: Option<FormCommand>,
    /// The person whose plan form to hand out
    #[arg(long, required = true)]
    pub person: Option<i64>,
    /// The file to write (.xlsx); never overwritten. It is NOT encrypted
    #[arg(long, value_name = "FILE", required = true)]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum FormCommand {
    /// Read a filled plan form back as a change to review (old → new per field; see `import
    /// review list`): nothing changes until an officer accepts it. Another person's form, an
    /// altered key or a damaged file is refused, and nothing is written
    Read {
        /// The filled form (.xlsx)
        file: PathBuf,
        /// Refuse the form unless it is this person's
        #[arg(long)]
        person: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeesCommand {
    /// The fee table of a 年度
    #[command(subcommand)]
    Table(FeeTableCommand),
    /// The claim list of a month (commissions approved in it), per office: PDF, or CSV for
    /// the finance system
    Claims {
        /// The month (YYYY-MM)
        #[arg(long)]
        month: String,
        /// Only this office's
        #[arg(long)]
        office: Option<i64>,
        /// The file to write (.pdf or .csv); never overwritten
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The fees of a 年度, by office and item
    Summary {
        /// The 年度 (April to March), e.g. 2026
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeeTableCommand {
    /// Set a 年度's fee table from a JSON document ({"items": [{"item": "new", "label":
    /// "新規", "yen": 3000}, …]}); what was approved keeps its fees
    Set {
        /// The 年度 (April to March), e.g. 2026
        #[arg(long)]
        year: i32,
        /// The document; - for standard input
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// Show a 年度's fee table (every year's when none is given)
    Show {
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// 作成状況: people on the roster, plans made, partly made and not made by priority and
    /// by who made them, high-priority people with a current plan by district, and the 年度
    /// all will have one at the pace of the last twelve months
    Progress {
        /// The one-page report to write (PDF); never overwritten
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Plans due for review (要見直し), most overdue first, each with its reasons: the review
    /// date passed (setting plan.review_months, or the last day of the 要介護認定 where
    /// that comes first), the 要介護認定 was renewed, the care level, a disability grade, the
    /// address or the household changed, a supporter retired, withdrew or could not be
    /// reached, a drill could not reach the person or confirmed them late, or the
    /// registry's designation of a destination changed or it went
    Due {
        #[arg(long)]
        json: bool,
    },
    /// A plan's destinations: chosen from the shelter registry per kind of hazard, or a
    /// private place
    #[command(subcommand)]
    Destination(DestinationCommand),
}

#[derive(Debug, Subcommand)]
pub enum DestinationCommand {
    /// Set where the person goes for a kind of hazard (or for any, without --hazard): a
    /// shelter of the registry (--shelter ID, with --direct for a direct evacuation agreed
    /// with a 指定福祉避難所) or a private place (--name, --address). It replaces the plan's
    /// destination of the same kind for the same hazard; the shelter checks' warnings for
    /// the person are printed after
    Set {
        #[arg(long)]
        person: i64,
        /// flood, landslide, storm-surge, earthquake, tsunami, large-fire, inland-flood,
        /// volcano; absent: any hazard
        #[arg(long)]
        hazard: Option<String>,
        /// The shelter's id (shelter list)
        #[arg(long, conflicts_with_all = ["name", "address"])]
        shelter: Option<i64>,
        /// A direct evacuation agreed with the 指定福祉避難所
        #[arg(long, requires = "shelter")]
        direct: bool,
        /// A private place's name (親族・知人宅 unless --kind other)
        #[arg(long, requires = "address")]
        name: Option<String>,
        /// A private place's address
        #[arg(long)]
        address: Option<String>,
        /// relative (default) or other, for a private place
        #[arg(long, default_value = "relative")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Take a destination off the plan, by its number in `person show`
    Remove {
        #[arg(long)]
        person: i64,
        #[arg(long)]
        position: usize,
    },
    /// The shelter checks' warnings for one person's plan
    Check {
        #[arg(long)]
        person: i64,
        #[arg(long)]
        json: bool,
    },
}
