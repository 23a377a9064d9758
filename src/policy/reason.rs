//! Why a person is or is not on a list, in Japanese for people and as a token for scripts.

use chrono::NaiveDate;
use serde::Serialize;

use super::consent::{ConsentFact, ConsentState};
use super::SharePurpose;
use crate::model::{ConsentAnswer, ConsentBasis, RecipientKind};

/// The kind of reason, a stable token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// Included: a valid consent (in person, by proxy or by application).
    Consent,
    /// Included: presumed consent (asked, no refusal).
    Presumed,
    /// Included: the ordinance needs no consent.
    Ordinance,
    /// Included: the ordinance shares unless the person refused.
    OrdinanceOptOut,
    /// Included: disaster mode (Art. 49-11(3)).
    Disaster,
    /// Excluded: never asked.
    NeverAsked,
    /// Excluded: asked, no answer.
    NoAnswer,
    /// Excluded: refused.
    Refused,
    /// Excluded: withdrawn.
    Withdrawn,
    /// Excluded: the consent (or presumption) has expired.
    Expired,
    /// Excluded: archived (moved, died, ...).
    Archived,
    /// Excluded: a plan list, and the person has no plan.
    NoPlan,
}

impl ReasonCode {
    /// The token (`consent`, `never-asked`, ...).
    pub fn token(self) -> &'static str {
        match self {
            ReasonCode::Consent => "consent",
            ReasonCode::Presumed => "presumed",
            ReasonCode::Ordinance => "ordinance",
            ReasonCode::OrdinanceOptOut => "ordinance-opt-out",
            ReasonCode::Disaster => "disaster",
            ReasonCode::NeverAsked => "never-asked",
            ReasonCode::NoAnswer => "no-answer",
            ReasonCode::Refused => "refused",
            ReasonCode::Withdrawn => "withdrawn",
            ReasonCode::Expired => "expired",
            ReasonCode::Archived => "archived",
            ReasonCode::NoPlan => "no-plan",
        }
    }

    /// The Japanese word (for counts by reason).
    pub fn label(self) -> &'static str {
        match self {
            ReasonCode::Consent => "同意",
            ReasonCode::Presumed => "推定同意",
            ReasonCode::Ordinance => "条例（同意不要）",
            ReasonCode::OrdinanceOptOut => "条例（拒否なし）",
            ReasonCode::Disaster => "災害時提供",
            ReasonCode::NeverAsked => "同意未確認",
            ReasonCode::NoAnswer => "未回答",
            ReasonCode::Refused => "不同意",
            ReasonCode::Withdrawn => "撤回",
            ReasonCode::Expired => "期限切れ",
            ReasonCode::Archived => "名簿から除外",
            ReasonCode::NoPlan => "計画未作成",
        }
    }
}

/// A reason: its code and one sentence in Japanese and in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The stable code.
    pub code: ReasonCode,
    /// e.g. `民生委員への提供に同意 2026-04-01（有効期限 2027-03-31）`.
    pub ja: String,
    /// e.g. `consent for welfare-commissioner given 2026-04-01, expires 2027-03-31`.
    pub en: String,
}

impl Reason {
    fn new(code: ReasonCode, ja: String, en: String) -> Reason {
        Reason { code, ja, en }
    }

    /// Archived people are never on a list.
    pub fn archived() -> Reason {
        Reason::new(
            ReasonCode::Archived,
            "名簿から除外済み".into(),
            "archived".into(),
        )
    }

    /// A plan list, and no plan.
    pub fn no_plan() -> Reason {
        Reason::new(
            ReasonCode::NoPlan,
            "個別避難計画が未作成".into(),
            "no evacuation plan yet".into(),
        )
    }

    /// The ordinance basis.
    pub fn ordinance(basis: ConsentBasis) -> Reason {
        match basis {
            ConsentBasis::OrdinanceOptOut => Reason::new(
                ReasonCode::OrdinanceOptOut,
                "条例により提供（拒否の申出なし）".into(),
                "ordinance: shared unless the person objects; no objection recorded".into(),
            ),
            _ => Reason::new(
                ReasonCode::Ordinance,
                "条例により同意不要".into(),
                "ordinance: no consent needed".into(),
            ),
        }
    }

    /// Disaster mode, saying what the normal-time answer would have been.
    pub fn disaster(normal: &Reason, normally_included: bool) -> Reason {
        let (ja, en) = if normally_included {
            ("平常時も提供可", "also shared in normal times")
        } else {
            ("平常時は対象外", "not shared in normal times")
        };
        Reason::new(
            ReasonCode::Disaster,
            format!(
                "災害時提供（災害対策基本法第49条の11第3項）／{ja}: {}",
                normal.ja
            ),
            format!(
                "disaster mode (Disaster Countermeasures Act 49-11(3)); {en}: {}",
                normal.en
            ),
        )
    }

    /// The reason a consent state gives (included or not is decided by the caller).
    pub fn of_state(state: &ConsentState, kind: RecipientKind, purpose: SharePurpose) -> Reason {
        let k = kind.label();
        let t = kind.token();
        let what = match purpose {
            SharePurpose::Roster => ("提供", "sharing"),
            SharePurpose::Plan => ("計画提供", "plan sharing"),
        };
        match state {
            ConsentState::NeverAsked => Reason::new(
                ReasonCode::NeverAsked,
                format!("{k}への{}について同意未確認", what.0),
                format!("never asked about {} with {t}", what.1),
            ),
            ConsentState::Valid(c) => {
                let (ja_verb, en_verb) = match c.answer {
                    ConsentAnswer::Proxy => ("に代理人が同意", "consent by proxy"),
                    ConsentAnswer::Applied => ("を本人が申出（手上げ）", "application"),
                    _ => ("に同意", "consent"),
                };
                Reason::new(
                    ReasonCode::Consent,
                    format!(
                        "{k}への{}{ja_verb} {}{}",
                        what.0,
                        c.obtained_on,
                        expiry_ja(c)
                    ),
                    format!("{en_verb} for {t} given {}{}", c.obtained_on, expiry_en(c)),
                )
            }
            ConsentState::Expired(c) => Reason::new(
                ReasonCode::Expired,
                format!(
                    "{k}への{}の同意は期限切れ {}{}",
                    what.0,
                    c.obtained_on,
                    expiry_ja(c)
                ),
                format!(
                    "consent for {t} given {} has expired (valid through {})",
                    c.obtained_on,
                    c.expires_on.map(|e| e.to_string()).unwrap_or_default()
                ),
            ),
            ConsentState::NoAnswer(c) => Reason::new(
                ReasonCode::NoAnswer,
                format!("{k}への{}について未回答（{} 照会）", what.0, c.obtained_on),
                format!(
                    "no answer about {} with {t} (asked {})",
                    what.1, c.obtained_on
                ),
            ),
            ConsentState::Refused(c) => Reason::new(
                ReasonCode::Refused,
                format!("{k}への{}に不同意 {}", what.0, c.obtained_on),
                format!("refused {} with {t} on {}", what.1, c.obtained_on),
            ),
            ConsentState::Withdrawn(c) => Reason::new(
                ReasonCode::Withdrawn,
                format!("{k}への{}の同意を撤回 {}", what.0, c.obtained_on),
                format!("withdrew consent for {t} on {}", c.obtained_on),
            ),
        }
    }

    /// Presumed consent: asked (by letter) on the row's date, no answer, and the
    /// presumption still runs (`until` is its last day, `None` when it does not end).
    pub fn presumed(kind: RecipientKind, c: &ConsentFact, until: Option<NaiveDate>) -> Reason {
        let (ja_until, en_until) = match until {
            Some(u) => (format!("、{u} まで"), format!(", until {u}")),
            None => (String::new(), String::new()),
        };
        Reason::new(
            ReasonCode::Presumed,
            format!(
                "{}について推定同意（{} 通知・回答なし{ja_until}）",
                kind.label(),
                c.obtained_on
            ),
            format!(
                "presumed consent for {}: asked {}, no answer{en_until}",
                kind.token(),
                c.obtained_on
            ),
        )
    }

    /// A presumption that has run out (no answer to a letter sent too long ago).
    pub fn presumption_expired(kind: RecipientKind, c: &ConsentFact, until: NaiveDate) -> Reason {
        Reason::new(
            ReasonCode::Expired,
            format!(
                "{}について推定同意の期間終了（{} 通知、{until} まで）",
                kind.label(),
                c.obtained_on
            ),
            format!(
                "presumed consent for {} ran out (asked {}, until {until})",
                kind.token(),
                c.obtained_on
            ),
        )
    }

    /// The same reason with a note added (e.g. that an ordinance overrides a refusal).
    pub fn noting(mut self, ja: &str, en: &str) -> Reason {
        self.ja.push_str(ja);
        self.en.push_str(en);
        self
    }
}

fn expiry_ja(c: &ConsentFact) -> String {
    match c.expires_on {
        Some(e) => format!("（有効期限 {e}）"),
        None => "（期限なし）".into(),
    }
}

fn expiry_en(c: &ConsentFact) -> String {
    match c.expires_on {
        Some(e) => format!(", expires {e}"),
        None => ", no expiry".into(),
    }
}
