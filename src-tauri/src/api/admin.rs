//! Disaster mode, worklists and the dashboard, the audit chain, preferences, the
//! session and the vocabularies the forms offer.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::model::shelter::ShelterHazard;
use yorisoi::model::*;
use yorisoi::store::audit::head::{AfterHead, HeadCheck, Tally};
use yorisoi::store::audit::ChainReport;
use yorisoi::store::disaster::DisasterStatus;
use yorisoi::worklists::consent::WorklistEntry;

/// Whether the roster can be written now, for the banner: reading goes on either way.
#[derive(Debug, Serialize, TS)]
pub struct WriteStateView {
    /// `null` when the last write succeeded; else `busy`, `disk_full` or `read_only`.
    pub blocked: Option<String>,
    /// For `busy`: the programs that have the roster open (`yorisoi, pid 4242`).
    pub holders: Vec<String>,
    /// Audit rows of readings (the unlock, records viewed) that wait to be written.
    pub held_audit_rows: u32,
}

impl From<yorisoi::WriteState> for WriteStateView {
    fn from(s: yorisoi::WriteState) -> Self {
        let (blocked, holders) = match s.blocked {
            None => (None, Vec::new()),
            Some(yorisoi::WriteBlock::Busy { holders }) => (Some("busy".to_owned()), holders),
            Some(yorisoi::WriteBlock::DiskFull) => (Some("disk_full".to_owned()), Vec::new()),
            Some(yorisoi::WriteBlock::ReadOnly) => (Some("read_only".to_owned()), Vec::new()),
        };
        WriteStateView {
            blocked,
            holders,
            held_audit_rows: u32::try_from(s.held_audit_rows).unwrap_or(u32::MAX),
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct DisasterView {
    pub on: bool,
    /// `never` | `on` | `off` | `expired`.
    pub state: String,
    pub reason: Option<String>,
    pub by: Option<String>,
    pub since: Option<String>,
    /// When it ends by itself (RFC 3339, UTC).
    pub until: Option<String>,
    pub ended_at: Option<String>,
    pub ended_by: Option<String>,
}

impl From<DisasterStatus> for DisasterView {
    fn from(s: DisasterStatus) -> Self {
        let state = serde_json::to_value(s.state)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        DisasterView {
            on: s.on,
            state,
            reason: s.reason,
            by: s.by,
            since: s.since,
            until: s.until,
            ended_at: s.ended_at,
            ended_by: s.ended_by,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DisasterOnRequest {
    pub reason: String,
    /// `null` for the roster's default length.
    pub hours: Option<u32>,
}

/// One person on a worklist.
#[derive(Debug, Serialize, TS)]
pub struct WorkRow {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub furigana: String,
    pub district: Option<String>,
    /// The consent's purpose and recipient kind, and its date, when there is one.
    pub purpose: Option<String>,
    pub recipient_kind: Option<String>,
    pub date: Option<String>,
}

impl From<WorklistEntry> for WorkRow {
    fn from(e: WorklistEntry) -> Self {
        let c = e.consent.as_ref();
        WorkRow {
            person_id: e.person_id,
            purpose: c.map(|c| c.purpose.token().to_owned()),
            recipient_kind: c.map(|c| c.recipient_kind.token().to_owned()),
            date: c.map(|c| c.expires_on.unwrap_or(c.obtained_on).to_string()),
            name: e.name,
            furigana: e.furigana,
            district: e.district,
        }
    }
}

impl From<yorisoi::PersonSummary> for WorkRow {
    fn from(p: yorisoi::PersonSummary) -> Self {
        WorkRow {
            person_id: p.id,
            name: p.name,
            furigana: p.furigana,
            district: p.district,
            purpose: None,
            recipient_kind: None,
            date: None,
        }
    }
}

/// The consent worklists and the supporter gaps.
#[derive(Debug, Serialize, TS)]
pub struct Worklists {
    pub today: String,
    pub days: u32,
    pub expiring: Vec<WorkRow>,
    pub expired: Vec<WorkRow>,
    pub never_asked: Vec<WorkRow>,
    pub no_answer: Vec<WorkRow>,
    pub refused: Vec<WorkRow>,
    pub withdrawn: Vec<WorkRow>,
    pub no_supporter: Vec<WorkRow>,
    pub one_supporter: Vec<WorkRow>,
    /// The consent worklist's note on printed copies holding withdrawn people.
    pub issued_copies_note: String,
    /// Printed copies to chase back: overdue first, then custodian changed, then holding
    /// someone who withdrew.
    pub copies: Vec<crate::api::CopyChase>,
}

/// Counts for one district (or everyone, when `district` is `null`).
#[derive(Debug, Serialize, TS)]
pub struct DistrictCounts {
    pub district: Option<String>,
    pub persons: u32,
    pub no_supporter: u32,
    pub one_supporter: u32,
    pub with_plan: u32,
    /// People on any consent worklist (never asked, refused, withdrawn, expired).
    pub consent_gaps: u32,
}

#[derive(Debug, Serialize, TS)]
pub struct ChainView {
    #[ts(type = "number")]
    pub rows: i64,
    pub head: String,
    pub first_fault: Option<String>,
}

impl From<ChainReport> for ChainView {
    fn from(c: ChainReport) -> Self {
        ChainView {
            rows: c.rows,
            head: c.head,
            first_fault: c.first_fault,
        }
    }
}

/// A head typed from a printed list's footer (監査ハッシュ `#SEQ HASH`).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct HeadRequest {
    pub head: String,
}

/// How many rows after the head name one action or account.
#[derive(Debug, Serialize, TS)]
pub struct HeadTally {
    pub name: String,
    #[ts(type = "number")]
    pub count: i64,
}

impl From<Tally> for HeadTally {
    fn from(t: Tally) -> Self {
        HeadTally {
            name: t.name,
            count: t.count,
        }
    }
}

/// What the log holds after a head that is on the chain.
#[derive(Debug, Serialize, TS)]
pub struct HeadAfterView {
    #[ts(type = "number")]
    pub rows: i64,
    pub first_at: Option<String>,
    pub last_at: Option<String>,
    /// Most first.
    pub actions: Vec<HeadTally>,
    pub accounts: Vec<HeadTally>,
    /// The first fault between the head and now; `null` when the chain after it verifies.
    pub fault: Option<String>,
}

impl From<AfterHead> for HeadAfterView {
    fn from(a: AfterHead) -> Self {
        HeadAfterView {
            rows: a.rows,
            first_at: a.first_at,
            last_at: a.last_at,
            actions: a.actions.into_iter().map(HeadTally::from).collect(),
            accounts: a.accounts.into_iter().map(HeadTally::from).collect(),
            fault: a.fault,
        }
    }
}

/// Whether a printed head is on this roster's chain, and what followed it.
#[derive(Debug, Serialize, TS)]
pub struct HeadCheckView {
    /// The head as read: `#SEQ HASH`.
    pub head: String,
    /// `on_chain` | `not_on_chain` (the row has another hash: rewritten, or another
    /// roster) | `beyond_end` (no such row: cut back, or another roster) |
    /// `broken_before` (the log before it does not verify).
    pub verdict: String,
    /// On the chain and the chain after it verifies up to now.
    pub ok: bool,
    #[ts(type = "number")]
    pub seq: i64,
    pub head_at: Option<String>,
    /// The hash the log holds for that row, when it differs from the paper's.
    pub stored_hash: Option<String>,
    pub fault_before: Option<String>,
    #[ts(type = "number")]
    pub rows: i64,
    pub current_head: String,
    pub after: Option<HeadAfterView>,
}

impl From<HeadCheck> for HeadCheckView {
    fn from(c: HeadCheck) -> Self {
        let verdict = serde_json::to_value(c.verdict)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        HeadCheckView {
            ok: c.is_ok(),
            head: c.head.to_string(),
            seq: c.head.seq,
            verdict,
            head_at: c.head_at,
            stored_hash: c.stored_hash,
            fault_before: c.fault_before,
            rows: c.rows,
            current_head: c.current_head,
            after: c.after.map(HeadAfterView::from),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AuditRequest {
    /// Only rows of this action prefix (`consent`, `person.view`); empty for all.
    pub action: String,
    /// Only rows about this person.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub limit: u32,
}

/// What the app remembers on this computer (outside the roster, which is locked when
/// these are needed): no personal data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// Lock after this many idle minutes (1–120).
    pub idle_lock_minutes: u32,
    /// `normal` | `large` | `larger`.
    pub text_size: String,
    /// `ja` | `en`.
    pub locale: String,
}

/// Who is using the app and what they may do, as the open roster says: the page only
/// hides what this does not allow, and every command is checked again behind it.
#[derive(Debug, Serialize, TS)]
pub struct SessionInfo {
    /// The account that opened the roster: the "who" of every audit row.
    pub account: String,
    /// `viewer` (reads only) | `officer` (reads and writes) | `admin` (also manages
    /// accounts and the recovery key).
    pub role: String,
    /// The computer's user name, recorded beside the account as information only.
    pub operator: String,
    pub can_write: bool,
    pub is_admin: bool,
}

/// The tokens each form field offers, from the core's vocabularies (labels are in the
/// page's message catalogue).
#[derive(Debug, Serialize, TS)]
pub struct Vocabulary {
    pub sex: Vec<String>,
    pub category: Vec<String>,
    pub care_level: Vec<String>,
    pub intellectual_grade: Vec<String>,
    pub medical_device: Vec<String>,
    pub communication_need: Vec<String>,
    pub mobility: Vec<String>,
    pub household: Vec<String>,
    pub house_structure: Vec<String>,
    pub registration_route: Vec<String>,
    pub archive_reason: Vec<String>,
    pub supporter_kind: Vec<String>,
    pub recipient_kind: Vec<String>,
    pub consent_purpose: Vec<String>,
    pub consent_answer: Vec<String>,
    pub consent_basis: Vec<String>,
    pub evacuation_means: Vec<String>,
    pub warning_method: Vec<String>,
    pub plan_maker: Vec<String>,
    pub destination_kind: Vec<String>,
    pub shelter_hazard: Vec<String>,
    pub supporter_consent_purpose: Vec<String>,
    pub supporter_consent_answer: Vec<String>,
}

macro_rules! tokens_of {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| v.token().to_owned()).collect()
    };
}

impl Vocabulary {
    pub fn new() -> Self {
        Vocabulary {
            sex: tokens_of!(Sex),
            category: tokens_of!(Category),
            care_level: tokens_of!(CareLevel),
            intellectual_grade: tokens_of!(IntellectualGrade),
            medical_device: tokens_of!(MedicalDeviceKind),
            communication_need: tokens_of!(CommunicationNeed),
            mobility: tokens_of!(Mobility),
            household: tokens_of!(HouseholdKind),
            house_structure: tokens_of!(HouseStructure),
            registration_route: tokens_of!(RegistrationRoute),
            archive_reason: tokens_of!(ArchiveReason),
            supporter_kind: tokens_of!(SupporterKind),
            // A care office is added and managed with its commissions, not as a recipient.
            recipient_kind: RecipientKind::ALL
                .iter()
                .filter(|k| **k != RecipientKind::CareOffice)
                .map(|k| k.token().to_owned())
                .collect(),
            consent_purpose: tokens_of!(ConsentPurpose),
            consent_answer: tokens_of!(ConsentAnswer),
            consent_basis: tokens_of!(ConsentBasis),
            evacuation_means: tokens_of!(EvacuationMeans),
            warning_method: tokens_of!(WarningMethod),
            plan_maker: tokens_of!(PlanMaker),
            destination_kind: tokens_of!(DestinationKind),
            shelter_hazard: tokens_of!(ShelterHazard),
            supporter_consent_purpose: tokens_of!(SupporterConsentPurpose),
            supporter_consent_answer: tokens_of!(SupporterConsentAnswer),
        }
    }
}
