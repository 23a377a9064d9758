//! Supporters, recipients, consent answers and audit rows as the page sees them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::model::{
    ConsentAnswer, ConsentBasis, ConsentPurpose, ConsentRecord, Recipient, RecipientKind,
    Supporter, SupporterConsent, SupporterConsentAnswer, SupporterConsentPurpose, SupporterKind,
};
use yorisoi::store::audit::AuditEntry;

use crate::error::IpcError;

fn parse<T>(field: &str, value: &str, from: fn(&str) -> Option<T>) -> Result<T, IpcError> {
    from(value).ok_or_else(|| IpcError::invalid(field, "not one of the offered choices"))
}

fn text(s: &str) -> String {
    s.trim().to_owned()
}

/// A supporter with their load (people assigned, not archived).
#[derive(Debug, Serialize, TS)]
pub struct SupporterRow {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub furigana: String,
    pub address: String,
    pub phone: String,
    pub district: Option<String>,
    pub available_day: bool,
    pub available_night: bool,
    pub note: String,
    pub load: u32,
}

impl From<Supporter> for SupporterRow {
    fn from(s: Supporter) -> Self {
        SupporterRow {
            id: s.id.unwrap_or_default(),
            kind: s.kind.token().to_owned(),
            name: s.name,
            furigana: s.furigana,
            address: s.address,
            phone: s.phone,
            district: s.district,
            available_day: s.available_day,
            available_night: s.available_night,
            note: s.note,
            load: s.load,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupporterInput {
    pub kind: String,
    pub name: String,
    pub furigana: String,
    pub address: String,
    pub phone: String,
    pub district: Option<String>,
    pub available_day: bool,
    pub available_night: bool,
    pub note: String,
}

impl SupporterInput {
    pub fn into_core(self) -> Result<Supporter, IpcError> {
        if self.name.trim().is_empty() {
            return Err(IpcError::invalid("name", "is required"));
        }
        Ok(Supporter {
            id: None,
            kind: parse("kind", &self.kind, SupporterKind::from_token)?,
            name: text(&self.name),
            furigana: text(&self.furigana),
            address: text(&self.address),
            phone: text(&self.phone),
            district: self.district.map(|d| text(&d)).filter(|d| !d.is_empty()),
            available_day: self.available_day,
            available_night: self.available_night,
            note: text(&self.note),
            load: 0,
        })
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number")]
    pub supporter_id: i64,
    pub role: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnassignRequest {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number")]
    pub supporter_id: i64,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReorderRequest {
    #[ts(type = "number")]
    pub person_id: i64,
    /// Supporter ids, first to go first.
    #[ts(type = "number[]")]
    pub order: Vec<i64>,
}

/// A recipient organisation and who keeps its copies.
#[derive(Debug, Serialize, TS)]
pub struct RecipientRow {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub district: Option<String>,
    /// The one 自治会 it serves, if bound to one.
    pub association: Option<String>,
    pub custodian: String,
    pub address: String,
    pub phone: String,
}

impl From<Recipient> for RecipientRow {
    fn from(r: Recipient) -> Self {
        RecipientRow {
            id: r.id.unwrap_or_default(),
            kind: r.kind.token().to_owned(),
            name: r.name,
            district: r.district,
            association: r.association,
            custodian: r.custodian,
            address: r.address,
            phone: r.phone,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecipientInput {
    pub kind: String,
    pub name: String,
    pub district: Option<String>,
    pub association: Option<String>,
    pub custodian: String,
    pub address: String,
    pub phone: String,
}

impl RecipientInput {
    pub fn into_core(self) -> Result<Recipient, IpcError> {
        if self.name.trim().is_empty() {
            return Err(IpcError::invalid("name", "is required"));
        }
        Ok(Recipient {
            id: None,
            kind: parse("kind", &self.kind, RecipientKind::from_token)?,
            name: text(&self.name),
            district: self.district.map(|d| text(&d)).filter(|d| !d.is_empty()),
            association: self.association.map(|a| text(&a)).filter(|a| !a.is_empty()),
            custodian: text(&self.custodian),
            address: text(&self.address),
            phone: text(&self.phone),
        })
    }
}

/// New details for a recipient (its kind cannot change).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecipientUpdate {
    #[ts(type = "number")]
    pub id: i64,
    pub recipient: RecipientInput,
}

/// A recipient's id.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecipientId {
    #[ts(type = "number")]
    pub id: i64,
}

/// One consent answer as recorded.
#[derive(Debug, Serialize, TS)]
pub struct ConsentRow {
    #[ts(type = "number")]
    pub id: i64,
    pub purpose: String,
    pub recipient_kind: String,
    #[ts(type = "number | null")]
    pub recipient_id: Option<i64>,
    pub answer: String,
    pub basis: Option<String>,
    pub proxy_name: String,
    pub proxy_relationship: String,
    pub obtained_on: String,
    pub obtained_by: String,
    pub evidence_ref: String,
    pub expires_on: Option<String>,
    pub recorded_at: Option<String>,
    pub recorded_by: Option<String>,
}

impl From<ConsentRecord> for ConsentRow {
    fn from(c: ConsentRecord) -> Self {
        ConsentRow {
            id: c.id.unwrap_or_default(),
            purpose: c.purpose.token().to_owned(),
            recipient_kind: c.recipient_kind.token().to_owned(),
            recipient_id: c.recipient_id,
            answer: c.answer.token().to_owned(),
            basis: c.basis.map(|b| b.token().to_owned()),
            proxy_name: c.proxy_name,
            proxy_relationship: c.proxy_relationship,
            obtained_on: c.obtained_on,
            obtained_by: c.obtained_by,
            evidence_ref: c.evidence_ref,
            expires_on: c.expires_on,
            recorded_at: c.recorded_at,
            recorded_by: c.recorded_by,
        }
    }
}

/// A new consent answer (a new row: nothing is overwritten).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub purpose: String,
    pub recipient_kind: String,
    #[ts(type = "number | null")]
    pub recipient_id: Option<i64>,
    pub answer: String,
    pub basis: Option<String>,
    pub proxy_name: String,
    pub proxy_relationship: String,
    /// ISO or wareki.
    pub obtained_on: String,
    pub obtained_by: String,
    pub evidence_ref: String,
    /// ISO or wareki; empty for the default renewal period.
    pub expires_on: String,
}

impl ConsentInput {
    pub fn into_core(self) -> Result<ConsentRecord, IpcError> {
        let expires = text(&self.expires_on);
        Ok(ConsentRecord {
            id: None,
            person_id: self.person_id,
            purpose: parse("purpose", &self.purpose, ConsentPurpose::from_token)?,
            recipient_kind: parse(
                "recipient_kind",
                &self.recipient_kind,
                RecipientKind::from_token,
            )?,
            recipient_id: self.recipient_id,
            answer: parse("answer", &self.answer, ConsentAnswer::from_token)?,
            basis: self
                .basis
                .filter(|b| !b.is_empty())
                .map(|b| parse("basis", &b, ConsentBasis::from_token))
                .transpose()?,
            proxy_name: text(&self.proxy_name),
            proxy_relationship: text(&self.proxy_relationship),
            obtained_on: text(&self.obtained_on),
            obtained_by: text(&self.obtained_by),
            evidence_ref: text(&self.evidence_ref),
            expires_on: (!expires.is_empty()).then_some(expires),
            recorded_at: None,
            recorded_by: None,
        })
    }
}

/// One audit row.
#[derive(Debug, Serialize, TS)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    #[ts(type = "number | null")]
    pub entity_id: Option<i64>,
    pub detail: String,
}

impl From<AuditEntry> for AuditRow {
    fn from(e: AuditEntry) -> Self {
        AuditRow {
            seq: e.seq,
            at: e.at,
            operator: e.operator,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            detail: e.detail,
        }
    }
}

/// A supporter's own answer: to be named in plans, or to receive them.
#[derive(Debug, Serialize, TS)]
pub struct SupporterConsentRow {
    #[ts(type = "number")]
    pub id: i64,
    /// `null`: for every plan the supporter is named in.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub purpose: String,
    pub answer: String,
    pub obtained_on: String,
    pub obtained_by: String,
    pub recorded_by: Option<String>,
}

impl From<SupporterConsent> for SupporterConsentRow {
    fn from(c: SupporterConsent) -> Self {
        SupporterConsentRow {
            id: c.id.unwrap_or_default(),
            person_id: c.person_id,
            purpose: c.purpose.token().to_owned(),
            answer: c.answer.token().to_owned(),
            obtained_on: c.obtained_on,
            obtained_by: c.obtained_by,
            recorded_by: c.recorded_by,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupporterConsentInput {
    #[ts(type = "number")]
    pub supporter_id: i64,
    pub purpose: String,
    pub answer: String,
    /// ISO or wareki.
    pub obtained_on: String,
    pub obtained_by: String,
}

impl SupporterConsentInput {
    pub fn into_core(self) -> Result<SupporterConsent, IpcError> {
        Ok(SupporterConsent {
            id: None,
            supporter_id: self.supporter_id,
            person_id: None,
            purpose: parse(
                "purpose",
                &self.purpose,
                SupporterConsentPurpose::from_token,
            )?,
            answer: parse("answer", &self.answer, SupporterConsentAnswer::from_token)?,
            obtained_on: text(&self.obtained_on),
            obtained_by: text(&self.obtained_by),
            evidence_ref: String::new(),
            recorded_at: None,
            recorded_by: None,
        })
    }
}

/// A supporter's id.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SupporterId {
    #[ts(type = "number")]
    pub id: i64,
}
