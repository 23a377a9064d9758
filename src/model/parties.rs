//! Supporters, recipients and consent answers.

use serde::{Deserialize, Serialize};

use super::tokens::*;

/// 避難支援等実施者: a named helper or a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supporter {
    /// Read-only id.
    #[serde(default)]
    pub id: Option<i64>,
    /// A person or which kind of group.
    pub kind: SupporterKind,
    /// Name.
    pub name: String,
    /// ふりがな.
    #[serde(default)]
    pub furigana: String,
    /// Address (to spot a supporter in the same danger zone).
    #[serde(default)]
    pub address: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// Can help by day.
    #[serde(default = "yes")]
    pub available_day: bool,
    /// Can help by night.
    #[serde(default = "yes")]
    pub available_night: bool,
    /// Notes.
    #[serde(default)]
    pub note: String,
    /// Read-only: how many people (not archived) this supporter is assigned to.
    #[serde(default)]
    pub load: u32,
}

fn yes() -> bool {
    true
}

/// 避難支援等関係者: a body or person lists are given to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Read-only id.
    #[serde(default)]
    pub id: Option<i64>,
    /// Kind (decides which consents apply).
    pub kind: RecipientKind,
    /// Name, e.g. 中央町自治会.
    pub name: String,
    /// The district it serves, if one.
    #[serde(default)]
    pub district: Option<String>,
    /// The one 自治会 of that district it serves, if it serves only one: then everything
    /// printed for it holds that association's people only.
    #[serde(default)]
    pub association: Option<String>,
    /// 管理責任者: who keeps the copies.
    #[serde(default)]
    pub custodian: String,
    /// Address.
    #[serde(default)]
    pub address: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
}

/// One consent answer as recorded (rows are never changed; a new answer is a new row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    /// Read-only id.
    #[serde(default)]
    pub id: Option<i64>,
    /// The person it is about.
    pub person_id: i64,
    /// What it is for.
    pub purpose: ConsentPurpose,
    /// To which kind of recipient.
    pub recipient_kind: RecipientKind,
    /// A named recipient (for `other`).
    #[serde(default)]
    pub recipient_id: Option<i64>,
    /// The answer.
    pub answer: ConsentAnswer,
    /// The legal basis.
    #[serde(default)]
    pub basis: Option<ConsentBasis>,
    /// Proxy's name (answer `proxy`).
    #[serde(default)]
    pub proxy_name: String,
    /// Proxy's relationship (続柄).
    #[serde(default)]
    pub proxy_relationship: String,
    /// Date obtained (ISO).
    pub obtained_on: String,
    /// Who obtained it.
    #[serde(default)]
    pub obtained_by: String,
    /// Form number.
    #[serde(default)]
    pub evidence_ref: String,
    /// Expiry date (ISO).
    #[serde(default)]
    pub expires_on: Option<String>,
    /// Read-only: when it was entered.
    #[serde(default)]
    pub recorded_at: Option<String>,
    /// Read-only: who entered it.
    #[serde(default)]
    pub recorded_by: Option<String>,
}

/// A supporter's own answer: to be named in a plan, or to receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupporterConsent {
    /// Read-only id.
    #[serde(default)]
    pub id: Option<i64>,
    /// The supporter answering.
    pub supporter_id: i64,
    /// For one person's plan; `None` for every plan the supporter is named in.
    #[serde(default)]
    pub person_id: Option<i64>,
    /// What it is for.
    pub purpose: SupporterConsentPurpose,
    /// The answer.
    pub answer: SupporterConsentAnswer,
    /// Date obtained (ISO; wareki accepted on input).
    pub obtained_on: String,
    /// Who obtained it.
    #[serde(default)]
    pub obtained_by: String,
    /// Form number.
    #[serde(default)]
    pub evidence_ref: String,
    /// Read-only: when it was entered.
    #[serde(default)]
    pub recorded_at: Option<String>,
    /// Read-only: who entered it.
    #[serde(default)]
    pub recorded_by: Option<String>,
}
