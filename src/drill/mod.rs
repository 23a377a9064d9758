//! Safety-check drills (安否確認訓練): what a check result means, and the arithmetic of the
//! live board and the report — pure functions over entered results, no storage, no clock.
//!
//! The rules, in one place:
//! - A result is never overwritten. A *correction* is a new entry naming the entry it
//!   replaces; the replaced entry stays in the history but no longer counts.
//! - A person can be checked more than once (不在 then 無事): the entry with the latest
//!   check time (then the latest entered) is their current status.
//! - A person is *confirmed* when their current status is 無事 or 要支援 (their situation
//!   is known); they were confirmed at the earliest such entry that still counts.
//! - 不在 and 未確認 — and anybody with no entry — are still unknown.
//! - Warnings to supporters (伝達) follow the same rules: a supporter is *warned* when
//!   their latest counting entry says the call got through, at the earliest such entry.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// What the checker found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckStatus {
    /// 無事: safe.
    Safe,
    /// 要支援: needs help.
    NeedsHelp,
    /// 不在: nobody at home.
    NotHome,
    /// 未確認: not reached.
    Unreached,
}

impl CheckStatus {
    /// Every status, in sheet order.
    pub const ALL: [CheckStatus; 4] = [
        CheckStatus::Safe,
        CheckStatus::NeedsHelp,
        CheckStatus::NotHome,
        CheckStatus::Unreached,
    ];

    /// The token on the command line and in storage.
    pub fn token(self) -> &'static str {
        match self {
            CheckStatus::Safe => "safe",
            CheckStatus::NeedsHelp => "needs-help",
            CheckStatus::NotHome => "not-home",
            CheckStatus::Unreached => "unreached",
        }
    }

    /// Parses a token.
    pub fn from_token(s: &str) -> Option<CheckStatus> {
        CheckStatus::ALL.into_iter().find(|c| c.token() == s.trim())
    }

    /// The word on the sheet.
    pub fn label(self) -> &'static str {
        match self {
            CheckStatus::Safe => "無事",
            CheckStatus::NeedsHelp => "要支援",
            CheckStatus::NotHome => "不在",
            CheckStatus::Unreached => "未確認",
        }
    }

    /// True when the person's situation is known (無事 or 要支援).
    pub fn confirms(self) -> bool {
        matches!(self, CheckStatus::Safe | CheckStatus::NeedsHelp)
    }
}

/// One entered result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckEntry {
    /// Row id.
    pub id: i64,
    /// Who was checked.
    pub person_id: i64,
    /// What was found.
    pub status: CheckStatus,
    /// When (RFC 3339 UTC).
    pub checked_at: String,
    /// When, in Japan (`YYYY-MM-DD HH:MM`).
    pub checked_at_jst: String,
    /// Who checked (as written on the sheet).
    pub checked_by: String,
    /// Why / remarks (e.g. 入院中).
    pub note: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The entry that corrected this one (then this one no longer counts).
    pub corrected_by: Option<i64>,
    /// When it was typed in.
    pub recorded_at: String,
    /// Who typed it in.
    pub recorded_by: String,
}

/// One warning passed (or tried) to a supporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarningEntry {
    /// Row id.
    pub id: i64,
    /// The supporter called.
    pub supporter_id: i64,
    /// Whether the warning got through.
    pub reached: bool,
    /// When (RFC 3339 UTC).
    pub warned_at: String,
    /// When, in Japan (`YYYY-MM-DD HH:MM`).
    pub warned_at_jst: String,
    /// Who passed it.
    pub warned_by: String,
    /// Remarks (e.g. 留守電に伝言).
    pub note: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// The entry that corrected this one (then this one no longer counts).
    pub corrected_by: Option<i64>,
    /// When it was typed in.
    pub recorded_at: String,
    /// Who typed it in.
    pub recorded_by: String,
}

/// An entry of a drill's history: a check of a person, or a warning to a supporter.
pub trait Entry {
    /// Row id (entry order).
    fn id(&self) -> i64;
    /// The instant it happened (as written on the paper).
    fn at(&self) -> Option<DateTime<Utc>>;
    /// False once a later entry corrected it.
    fn counts(&self) -> bool;
    /// True when it settles the matter: the person confirmed, the supporter warned.
    fn settles(&self) -> bool;
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.to_utc())
}

impl Entry for CheckEntry {
    fn id(&self) -> i64 {
        self.id
    }
    fn at(&self) -> Option<DateTime<Utc>> {
        parse_instant(&self.checked_at)
    }
    fn counts(&self) -> bool {
        self.corrected_by.is_none()
    }
    fn settles(&self) -> bool {
        self.status.confirms()
    }
}

impl Entry for WarningEntry {
    fn id(&self) -> i64 {
        self.id
    }
    fn at(&self) -> Option<DateTime<Utc>> {
        parse_instant(&self.warned_at)
    }
    fn counts(&self) -> bool {
        self.corrected_by.is_none()
    }
    fn settles(&self) -> bool {
        self.reached
    }
}

/// Where one person or supporter stands, from their entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing<E> {
    /// The counting entry with the latest time (then the latest entered).
    pub last: Option<E>,
    /// When it was first settled, if the latest counting entry settles it.
    pub settled_at: Option<DateTime<Utc>>,
}

/// Reads one person's or supporter's entries (any order) into where they stand.
pub fn standing<E: Entry + Clone>(entries: &[&E]) -> Standing<E> {
    let mut counting: Vec<&E> = entries.iter().copied().filter(|e| e.counts()).collect();
    counting.sort_by_key(|e| (e.at(), e.id()));
    let last = counting.last().copied();
    let settled_at = if last.is_some_and(Entry::settles) {
        counting
            .iter()
            .filter(|e| e.settles())
            .filter_map(|e| e.at())
            .min()
    } else {
        None
    };
    Standing {
        last: last.cloned(),
        settled_at,
    }
}

/// Where one person stands, from their entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The current status (`None`: never checked, or every entry was corrected away).
    pub current: Option<CheckStatus>,
    /// The entry that gives the current status.
    pub last: Option<CheckEntry>,
    /// When they were first confirmed (only when the current status confirms).
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// Reads one person's entries (any order) into their outcome.
pub fn outcome(entries: &[&CheckEntry]) -> Outcome {
    let s = standing(entries);
    Outcome {
        current: s.last.as_ref().map(|e| e.status),
        last: s.last,
        confirmed_at: s.settled_at,
    }
}

/// Head-counts of a group of people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    /// People the drill must reach (on its check sheets).
    pub people: usize,
    /// 無事.
    pub safe: usize,
    /// 要支援.
    pub needs_help: usize,
    /// 不在.
    pub not_home: usize,
    /// 未確認, including people with no result yet.
    pub not_reached: usize,
    /// 無事 + 要支援.
    pub confirmed: usize,
    /// `confirmed` of `people`, in percent (one decimal; 0 when nobody).
    pub confirmed_pct: f64,
}

impl Tally {
    /// Adds one person's current status.
    pub fn add(&mut self, current: Option<CheckStatus>) {
        self.people += 1;
        match current {
            Some(CheckStatus::Safe) => self.safe += 1,
            Some(CheckStatus::NeedsHelp) => self.needs_help += 1,
            Some(CheckStatus::NotHome) => self.not_home += 1,
            Some(CheckStatus::Unreached) | None => self.not_reached += 1,
        }
        self.confirmed = self.safe + self.needs_help;
        self.confirmed_pct = percent(self.confirmed, self.people);
    }
}

/// How far the warnings to a group of supporters have got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct WarnTally {
    /// Supporters to warn (of the people on the drill's sheets).
    pub supporters: usize,
    /// Of which the warning has reached.
    pub warned: usize,
    /// `warned` of `supporters`, in percent (one decimal; 0 when nobody).
    pub warned_pct: f64,
}

impl WarnTally {
    /// Adds one supporter, warned or not.
    pub fn add(&mut self, warned: bool) {
        self.supporters += 1;
        self.warned += usize::from(warned);
        self.warned_pct = percent(self.warned, self.supporters);
    }
}

/// `part` of `whole` in percent, to one decimal.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// Minutes from the start until `pct` percent of `people` were confirmed, given each
/// confirmed person's minutes since the start. `None` when that share was never reached
/// (or there is nobody).
pub fn minutes_to(pct: u32, confirmed_minutes: &[i64], people: usize) -> Option<i64> {
    if people == 0 {
        return None;
    }
    // The smallest head-count that is at least `pct` percent of the people.
    let need = (people * pct as usize).div_ceil(100).max(1);
    let mut sorted = confirmed_minutes.to_vec();
    sorted.sort_unstable();
    sorted.get(need - 1).map(|m| (*m).max(0))
}

/// Confirmation over time: after each confirmation, (minutes since start, percent).
pub fn curve(confirmed_minutes: &[i64], people: usize) -> Vec<(i64, f64)> {
    let mut sorted = confirmed_minutes.to_vec();
    sorted.sort_unstable();
    sorted
        .iter()
        .enumerate()
        .map(|(i, m)| ((*m).max(0), percent(i + 1, people)))
        .collect()
}

/// Whole minutes from `start` to `at` (negative before the start).
pub fn minutes_between(start: DateTime<Utc>, at: DateTime<Utc>) -> i64 {
    (at - start).num_minutes()
}

/// Names as people write them: spaces (half- and full-width) do not count.
pub fn same_name(a: &str, b: &str) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (squash(a), squash(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests;
