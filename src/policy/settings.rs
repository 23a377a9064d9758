//! The municipality's sharing settings, as kept in the roster's `settings` table: which
//! legal basis applies, how long consents last, how long disaster mode lasts, and what each
//! recipient may see.
//!
//! Keys and values:
//! - `consent.basis` — `explicit` | `presumed` | `ordinance` | `ordinance-opt-out`
//!   (default `explicit`, the strictest);
//! - `consent.renewal_months` — 0–120 (default 12; 0 = answers do not expire unless a date
//!   is given);
//! - `disaster.default_hours` — 1–720 (default 72);
//! - `commission.visit_days` — 1–365 (default 30): a commission with no visit this many days
//!   after its request is overdue;
//! - `commission.submit_days` — 1–365 (default 60): one with no plan submitted this many
//!   days after its request (or after it was returned) is overdue;
//! - `plan.review_months` — 1–60 (default 12): a plan is due for review this many months
//!   after it was last updated or checked with the person;
//! - `plan.disclaimer` — the 免責 wording every plan sheet prints (1–300 characters; default
//!   [`DEFAULT_DISCLAIMER`]);
//! - `recipient.<id>.profile` — `simplified` | `detailed` (default `simplified`);
//! - `recipient.<id>.withhold` — field tokens separated by commas, never given to that
//!   recipient (e.g. `phone,mobile_phone`); empty to clear.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fields::{Field, FieldProfile, FieldSet, PLAN_FIELDS};
use super::SharePurpose;
use crate::error::ValidationError;
use crate::model::ConsentBasis;

/// Default of `consent.renewal_months`.
pub const DEFAULT_RENEWAL_MONTHS: u32 = 12;
/// Default of `disaster.default_hours`.
pub const DEFAULT_DISASTER_HOURS: u32 = 72;
/// Default of `plan.disclaimer`: the wording nearly every municipal sheet carries (延岡市's),
/// without which supporters refuse the role.
pub const DEFAULT_DISCLAIMER: &str = "計画作成をもって災害時の避難支援を保証するものではありません。また、避難支援等実施者は、避難支援等について法的な責任や義務を負うものではありません。";
/// Default of `plan.review_months`.
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;
/// Default of `commission.visit_days`.
pub const DEFAULT_VISIT_DAYS: u32 = 30;
/// Default of `commission.submit_days`.
pub const DEFAULT_SUBMIT_DAYS: u32 = 60;
/// Longest disaster period one switch-on may ask for; longer needs a renewal, so a
/// forgotten switch cannot keep releasing data for months.
pub const MAX_DISASTER_HOURS: u32 = 720;

/// What one recipient may see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RecipientFields {
    /// The list profile.
    pub profile: FieldProfile,
    /// Fields never given to this recipient.
    pub withhold: FieldSet,
}

/// The sharing settings in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharingSettings {
    /// The municipality's basis for normal-time sharing.
    pub basis: ConsentBasis,
    /// How long a consent lasts when no expiry is given (0 = no expiry).
    pub renewal_months: u32,
    /// How long disaster mode lasts when no length is given.
    pub disaster_default_hours: u32,
    /// Per-recipient field settings, by recipient id.
    pub recipients: BTreeMap<i64, RecipientFields>,
    /// The municipality's name, when set.
    pub municipality: Option<String>,
    /// The 免責 wording plan sheets print, when set (else [`DEFAULT_DISCLAIMER`]).
    pub disclaimer: Option<String>,
    /// Months after its last review by which a plan is reviewed again.
    pub review_months: u32,
    /// Days after a request by which the office should have visited.
    pub visit_days: u32,
    /// Days after a request (or a return) by which the plan should be submitted.
    pub submit_days: u32,
}

impl Default for SharingSettings {
    fn default() -> Self {
        SharingSettings {
            basis: ConsentBasis::Explicit,
            renewal_months: DEFAULT_RENEWAL_MONTHS,
            disaster_default_hours: DEFAULT_DISASTER_HOURS,
            recipients: BTreeMap::new(),
            municipality: None,
            disclaimer: None,
            review_months: DEFAULT_REVIEW_MONTHS,
            visit_days: DEFAULT_VISIT_DAYS,
            submit_days: DEFAULT_SUBMIT_DAYS,
        }
    }
}

/// A settings key, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKey {
    /// `consent.basis`.
    ConsentBasis,
    /// `consent.renewal_months`.
    RenewalMonths,
    /// `disaster.default_hours`.
    DisasterHours,
    /// `municipality.name` (printed as the addressee of consent statements).
    MunicipalityName,
    /// `plan.review_months`.
    ReviewMonths,
    /// `plan.disclaimer`.
    Disclaimer,
    /// `commission.visit_days`.
    VisitDays,
    /// `commission.submit_days`.
    SubmitDays,
    /// `recipient.<id>.profile`.
    RecipientProfile(i64),
    /// `recipient.<id>.withhold`.
    RecipientWithhold(i64),
}

/// One line of `settings show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingEntry {
    /// The key.
    pub key: String,
    /// Its value as stored (or the default).
    pub value: String,
    /// True when nothing was set and the default applies.
    pub default: bool,
    /// What it means, in Japanese.
    pub meaning: &'static str,
}

impl SettingKey {
    /// Parses a key; the error names the key and lists the known ones.
    pub fn parse(key: &str) -> Result<SettingKey, ValidationError> {
        let unknown = || {
            ValidationError::new(
                key,
                "is not a setting; known: consent.basis, consent.renewal_months, \
                 disaster.default_hours, municipality.name, plan.review_months, plan.disclaimer, commission.visit_days, \
                 commission.submit_days, recipient.<id>.profile, \
                 recipient.<id>.withhold",
            )
        };
        match key {
            "consent.basis" => return Ok(SettingKey::ConsentBasis),
            "consent.renewal_months" => return Ok(SettingKey::RenewalMonths),
            "disaster.default_hours" => return Ok(SettingKey::DisasterHours),
            "municipality.name" => return Ok(SettingKey::MunicipalityName),
            "plan.review_months" => return Ok(SettingKey::ReviewMonths),
            "plan.disclaimer" => return Ok(SettingKey::Disclaimer),
            "commission.visit_days" => return Ok(SettingKey::VisitDays),
            "commission.submit_days" => return Ok(SettingKey::SubmitDays),
            _ => {}
        }
        let mut parts = key.split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("recipient"), Some(id), Some(what), None) => {
                let id = id
                    .parse::<i64>()
                    .ok()
                    .filter(|i| *i > 0)
                    .ok_or_else(unknown)?;
                match what {
                    "profile" => Ok(SettingKey::RecipientProfile(id)),
                    "withhold" => Ok(SettingKey::RecipientWithhold(id)),
                    _ => Err(unknown()),
                }
            }
            _ => Err(unknown()),
        }
    }

    /// The key as stored.
    pub fn name(self) -> String {
        match self {
            SettingKey::ConsentBasis => "consent.basis".into(),
            SettingKey::RenewalMonths => "consent.renewal_months".into(),
            SettingKey::DisasterHours => "disaster.default_hours".into(),
            SettingKey::MunicipalityName => "municipality.name".into(),
            SettingKey::ReviewMonths => "plan.review_months".into(),
            SettingKey::Disclaimer => "plan.disclaimer".into(),
            SettingKey::VisitDays => "commission.visit_days".into(),
            SettingKey::SubmitDays => "commission.submit_days".into(),
            SettingKey::RecipientProfile(id) => format!("recipient.{id}.profile"),
            SettingKey::RecipientWithhold(id) => format!("recipient.{id}.withhold"),
        }
    }

    /// The recipient the key is about, if any.
    pub fn recipient(self) -> Option<i64> {
        match self {
            SettingKey::RecipientProfile(id) | SettingKey::RecipientWithhold(id) => Some(id),
            _ => None,
        }
    }

    /// Checks `value` for this key and returns it normalised (as it is stored).
    pub fn check(self, value: &str) -> Result<String, ValidationError> {
        let bad = |reason: String| ValidationError::new(self.name(), reason);
        let value = value.trim();
        match self {
            SettingKey::ConsentBasis => ConsentBasis::from_token(value)
                .map(|b| b.token().to_string())
                .ok_or_else(|| bad(format!("must be one of: {}", ConsentBasis::tokens_list()))),
            SettingKey::RenewalMonths => {
                number(value, 0, 120).map(|n| n.to_string()).ok_or_else(|| {
                    bad("must be a whole number of months from 0 (no expiry) to 120".into())
                })
            }
            SettingKey::DisasterHours => number(value, 1, MAX_DISASTER_HOURS)
                .map(|n| n.to_string())
                .ok_or_else(|| {
                    bad(format!(
                        "must be a whole number of hours from 1 to {MAX_DISASTER_HOURS}"
                    ))
                }),
            SettingKey::MunicipalityName => {
                let n = value.chars().count();
                if (1..=40).contains(&n) && !value.chars().any(char::is_control) {
                    Ok(value.to_string())
                } else {
                    Err(bad(
                        "must be the municipality's name (1–40 characters), e.g. みどり市".into(),
                    ))
                }
            }
            SettingKey::Disclaimer => {
                let n = value.chars().count();
                if (1..=300).contains(&n) && !value.chars().any(char::is_control) {
                    Ok(value.to_string())
                } else {
                    Err(bad(
                        "must be the 免責 wording printed on every plan sheet, 1–300 characters on one line".into(),
                    ))
                }
            }
            SettingKey::ReviewMonths => number(value, 1, 60)
                .map(|n| n.to_string())
                .ok_or_else(|| bad("must be a whole number of months from 1 to 60".into())),
            SettingKey::VisitDays | SettingKey::SubmitDays => number(value, 1, 365)
                .map(|n| n.to_string())
                .ok_or_else(|| bad("must be a whole number of days from 1 to 365".into())),
            SettingKey::RecipientProfile(_) => FieldProfile::from_token(value)
                .map(|p| p.token().to_string())
                .ok_or_else(|| bad("must be one of: simplified, detailed".into())),
            SettingKey::RecipientWithhold(_) => {
                parse_fields(value).map(FieldSet::tokens).ok_or_else(|| {
                    bad(format!(
                        "must be field names separated by commas, from: {}",
                        Field::tokens_list()
                    ))
                })
            }
        }
    }
}

fn number(s: &str, min: u32, max: u32) -> Option<u32> {
    s.parse::<u32>().ok().filter(|n| (min..=max).contains(n))
}

fn parse_fields(s: &str) -> Option<FieldSet> {
    s.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .try_fold(FieldSet::EMPTY, |set, t| {
            Field::from_token(t).map(|f| set.with(f))
        })
}

impl SharingSettings {
    /// Builds the settings from stored (key, value) pairs. Unknown keys and values that do
    /// not parse are ignored (the default applies): values are checked when they are set,
    /// so this only happens to rows written by a newer Yorisoi.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SharingSettings {
        let mut s = SharingSettings::default();
        for (key, value) in pairs {
            let Ok(k) = SettingKey::parse(key) else {
                continue;
            };
            let Ok(v) = k.check(value) else { continue };
            match k {
                SettingKey::ConsentBasis => {
                    s.basis = ConsentBasis::from_token(&v).unwrap_or(s.basis);
                }
                SettingKey::RenewalMonths => {
                    s.renewal_months = v.parse().unwrap_or(s.renewal_months)
                }
                SettingKey::DisasterHours => {
                    s.disaster_default_hours = v.parse().unwrap_or(s.disaster_default_hours);
                }
                SettingKey::MunicipalityName => s.municipality = Some(v),
                SettingKey::Disclaimer => s.disclaimer = Some(v),
                SettingKey::ReviewMonths => s.review_months = v.parse().unwrap_or(s.review_months),
                SettingKey::VisitDays => s.visit_days = v.parse().unwrap_or(s.visit_days),
                SettingKey::SubmitDays => s.submit_days = v.parse().unwrap_or(s.submit_days),
                SettingKey::RecipientProfile(id) => {
                    s.recipients.entry(id).or_default().profile =
                        FieldProfile::from_token(&v).unwrap_or_default();
                }
                SettingKey::RecipientWithhold(id) => {
                    s.recipients.entry(id).or_default().withhold =
                        parse_fields(&v).unwrap_or_default();
                }
            }
        }
        s
    }

    /// What recipient `id` gets for `purpose`: its profile (plus the plan itself for a plan
    /// list), minus what it must never get.
    pub fn fields_for(&self, recipient_id: i64, purpose: SharePurpose) -> FieldSet {
        let r = self
            .recipients
            .get(&recipient_id)
            .copied()
            .unwrap_or_default();
        let base = match purpose {
            SharePurpose::Roster => r.profile.fields(),
            SharePurpose::Plan => r.profile.fields().union(PLAN_FIELDS),
        };
        base.minus(r.withhold)
    }

    /// The profile of recipient `id`.
    pub fn profile_of(&self, recipient_id: i64) -> FieldProfile {
        self.recipients
            .get(&recipient_id)
            .map(|r| r.profile)
            .unwrap_or_default()
    }

    /// Every setting with its value, for `settings show`.
    pub fn entries(&self, stored: &BTreeMap<String, String>) -> Vec<SettingEntry> {
        let entry = |key: String, value: String, meaning| SettingEntry {
            default: !stored.contains_key(&key),
            key,
            value,
            meaning,
        };
        let mut out = vec![
            entry(
                "consent.basis".into(),
                self.basis.token().into(),
                "平常時提供の根拠（explicit 本人同意 / presumed 推定同意 / ordinance 条例・同意不要 / ordinance-opt-out 条例・拒否の申出）",
            ),
            entry(
                "consent.renewal_months".into(),
                self.renewal_months.to_string(),
                "同意の有効期間（月、0 = 期限なし）",
            ),
            entry(
                "disaster.default_hours".into(),
                self.disaster_default_hours.to_string(),
                "災害時モードの既定の継続時間（時間）",
            ),
            entry(
                "municipality.name".into(),
                self.municipality.clone().unwrap_or_default(),
                "市区町村名（同意書・個別避難計画の宛先）",
            ),
            entry(
                "plan.disclaimer".into(),
                self.disclaimer
                    .clone()
                    .unwrap_or_else(|| DEFAULT_DISCLAIMER.to_string()),
                "個別避難計画に印刷する免責の文言",
            ),
            entry(
                "plan.review_months".into(),
                self.review_months.to_string(),
                "個別避難計画の見直し周期（月、最終更新・確認から）",
            ),
            entry(
                "commission.visit_days".into(),
                self.visit_days.to_string(),
                "委託: 依頼から訪問までの期限（日）",
            ),
            entry(
                "commission.submit_days".into(),
                self.submit_days.to_string(),
                "委託: 依頼（差戻し）から計画提出までの期限（日）",
            ),
        ];
        for (id, r) in &self.recipients {
            out.push(entry(
                SettingKey::RecipientProfile(*id).name(),
                r.profile.token().into(),
                "この提供先の名簿の種類（simplified 簡易版 / detailed 詳細版）",
            ));
            out.push(entry(
                SettingKey::RecipientWithhold(*id).name(),
                r.withhold.tokens(),
                "この提供先に渡さない項目",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_are_checked_and_normalised() {
        assert_eq!(
            SettingKey::parse("recipient.3.withhold"),
            Ok(SettingKey::RecipientWithhold(3))
        );
        assert!(SettingKey::parse("recipient.x.profile").is_err());
        assert!(SettingKey::parse("consent.colour").is_err());
        let k = SettingKey::RecipientWithhold(3);
        assert_eq!(
            k.check(" mobile_phone, phone ").as_deref(),
            Ok("phone,mobile_phone")
        );
        assert_eq!(k.check("").as_deref(), Ok(""));
        let e = SettingKey::ConsentBasis
            .check("maybe")
            .err()
            .map(|e| e.field);
        assert_eq!(e.as_deref(), Some("consent.basis"));
        let s = SharingSettings::from_pairs([
            ("consent.basis", "presumed"),
            ("recipient.3.withhold", "phone"),
            ("consent.renewal_months", "oops"),
        ]);
        assert_eq!(s.basis, ConsentBasis::Presumed);
        assert_eq!(s.renewal_months, DEFAULT_RENEWAL_MONTHS);
        assert!(!s.fields_for(3, SharePurpose::Roster).contains(Field::Phone));
        assert!(s.fields_for(4, SharePurpose::Roster).contains(Field::Phone));
        assert!(s.fields_for(4, SharePurpose::Plan).contains(Field::Plan));
    }
}
