//! Opening the roster and reading it a page at a time.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::model::{CareLevel, Category};
use yorisoi::store::roster_page::{
    ArchivedFilter, HazardFilter, RosterPage, RosterPageQuery, RosterSort, SupporterCount,
};
use yorisoi::worklists::consent::ConsentWorklistReport;
use yorisoi::PersonSummary;

use crate::error::IpcError;

/// Where the roster file is, so the person unlocking it can see which one it is, and the
/// account last opened on this computer (never its passphrase).
#[derive(Debug, Serialize, TS)]
pub struct RosterLocation {
    pub path: String,
    pub exists: bool,
    pub last_account: Option<String>,
    /// The path in `device.json` is not the one last chosen or opened in the window (the
    /// file was edited, or copied from another PC): shown prominently before unlocking.
    pub path_changed: bool,
    /// What `device.json` held that was not used as written.
    pub device_notes: Vec<DeviceNote>,
}

impl RosterLocation {
    pub fn of(path: &Path, last_account: Option<String>) -> Self {
        RosterLocation {
            path: path.display().to_string(),
            exists: path.exists(),
            last_account,
            path_changed: false,
            device_notes: Vec::new(),
        }
    }
}

/// Something in `device.json` that was not used as written (the default was used
/// instead): shown on the open screen, so an edited file never acts silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DeviceNote {
    /// `unreadable` (not JSON, or not an object: everything is the default) |
    /// `invalid` (a value of the wrong type or out of range) | `unknown` (a key this
    /// version does not know, ignored).
    pub kind: String,
    /// The key, as the file names it (`preferences.idle_lock_minutes`); empty for
    /// `unreadable`.
    pub key: String,
}

/// Opens the roster as an account, or creates it with its first admin account.
/// (Deliberately not `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlockRequest {
    /// 職員アカウント名.
    pub account: String,
    pub passphrase: String,
}

/// Points the app at another roster file (only while locked).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LocationRequest {
    pub path: String,
}

/// A district, by name (e.g. to list its 自治会).
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DistrictName {
    pub district: String,
}

/// One page of the roster table. Filters are tokens; `null` means "any".
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RosterPageRequest {
    /// Matched against name, furigana (either kana), address and phone.
    pub query: String,
    pub district: Option<String>,
    pub category: Option<String>,
    pub care_level: Option<String>,
    /// `none` | `one` | `several`.
    pub supporters: Option<String>,
    pub has_plan: Option<bool>,
    /// `any` | `flood` | `landslide` | `tsunami`.
    pub hazard: Option<String>,
    /// `exclude` | `include` | `only`.
    pub archived: String,
    /// A consent worklist: `never-asked` | `no-answer` | `refused` | `withdrawn` |
    /// `expired` | `expiring`.
    pub consent: Option<String>,
    /// `furigana` | `name` | `age` | `district` | `supporters` | `id`.
    pub sort: String,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

fn invalid(field: &str) -> IpcError {
    IpcError::invalid(field, "not one of the offered choices")
}

fn token<T>(
    field: &str,
    value: Option<&str>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, IpcError> {
    value
        .map(|v| parse(v).ok_or_else(|| invalid(field)))
        .transpose()
}

impl RosterPageRequest {
    pub fn query(&self) -> Result<RosterPageQuery, IpcError> {
        let text = self.query.trim();
        Ok(RosterPageQuery {
            text: (!text.is_empty()).then(|| text.to_owned()),
            district: self.district.clone().filter(|d| !d.is_empty()),
            category: token("category", self.category.as_deref(), Category::from_token)?,
            care_level: token(
                "care_level",
                self.care_level.as_deref(),
                CareLevel::from_token,
            )?,
            supporters: token("supporters", self.supporters.as_deref(), |s| match s {
                "none" => Some(SupporterCount::None),
                "one" => Some(SupporterCount::One),
                "several" => Some(SupporterCount::Several),
                _ => None,
            })?,
            has_plan: self.has_plan,
            hazard: token("hazard", self.hazard.as_deref(), |s| match s {
                "any" => Some(HazardFilter::Any),
                "flood" => Some(HazardFilter::Flood),
                "landslide" => Some(HazardFilter::Landslide),
                "tsunami" => Some(HazardFilter::Tsunami),
                _ => None,
            })?,
            archived: match self.archived.as_str() {
                "exclude" => ArchivedFilter::Exclude,
                "include" => ArchivedFilter::Include,
                "only" => ArchivedFilter::Only,
                _ => return Err(invalid("archived")),
            },
            sort: match self.sort.as_str() {
                "furigana" => RosterSort::Furigana,
                "name" => RosterSort::Name,
                "age" => RosterSort::Age,
                "district" => RosterSort::District,
                "supporters" => RosterSort::Supporters,
                "id" => RosterSort::Id,
                _ => return Err(invalid("sort")),
            },
            descending: self.descending,
            offset: self.offset as usize,
            limit: self.limit as usize,
            // Filled in by the command from the consent worklists (see `consent_list`).
            only: None,
        })
    }

    /// Which consent worklist the page is limited to, if any.
    pub fn consent_list(&self) -> Result<Option<ConsentList>, IpcError> {
        token("consent", self.consent.as_deref(), |s| match s {
            "never-asked" => Some(ConsentList::NeverAsked),
            "no-answer" => Some(ConsentList::NoAnswer),
            "refused" => Some(ConsentList::Refused),
            "withdrawn" => Some(ConsentList::Withdrawn),
            "expired" => Some(ConsentList::Expired),
            "expiring" => Some(ConsentList::Expiring),
            _ => None,
        })
    }
}

/// The consent worklists a roster page can be limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsentList {
    NeverAsked,
    NoAnswer,
    Refused,
    Withdrawn,
    Expired,
    Expiring,
}

impl ConsentList {
    /// The people on this list.
    pub fn people(self, report: &ConsentWorklistReport) -> Vec<i64> {
        let list = match self {
            ConsentList::NeverAsked => &report.never_asked,
            ConsentList::NoAnswer => &report.no_answer,
            ConsentList::Refused => &report.refused,
            ConsentList::Withdrawn => &report.withdrawn,
            ConsentList::Expired => &report.expired,
            ConsentList::Expiring => &report.expiring,
        };
        let mut ids: Vec<i64> = list.iter().map(|e| e.person_id).collect();
        ids.dedup();
        ids
    }
}

/// One line of the roster table.
#[derive(Debug, Serialize, TS)]
pub struct PersonRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub furigana: String,
    pub district: Option<String>,
    pub age: u32,
    pub care_level: Option<String>,
    pub supporters: u32,
    pub archived: bool,
}

impl From<PersonSummary> for PersonRow {
    fn from(p: PersonSummary) -> Self {
        PersonRow {
            id: p.id,
            name: p.name,
            furigana: p.furigana,
            district: p.district,
            age: p.age,
            care_level: p.care_level.map(|c| c.token().to_owned()),
            supporters: p.supporters,
            archived: p.archived,
        }
    }
}

#[derive(Debug, Serialize, TS)]
pub struct RosterPageResponse {
    /// Everyone matching, not only this page.
    #[ts(type = "number")]
    pub total: u64,
    pub offset: u32,
    pub persons: Vec<PersonRow>,
}

impl RosterPageResponse {
    pub fn new(offset: u32, page: RosterPage) -> Self {
        RosterPageResponse {
            total: page.total,
            offset,
            persons: page.persons.into_iter().map(PersonRow::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RosterPageRequest {
        RosterPageRequest {
            query: "  ".into(),
            district: None,
            category: None,
            care_level: None,
            supporters: None,
            has_plan: None,
            hazard: None,
            archived: "exclude".into(),
            consent: None,
            sort: "furigana".into(),
            descending: false,
            offset: 0,
            limit: 100,
        }
    }

    #[test]
    fn blank_search_lists_everyone_and_tokens_become_filters() {
        let q = request().query().expect("valid");
        assert_eq!(q.text, None);
        let q = RosterPageRequest {
            query: " やまだ ".into(),
            care_level: Some("care-3".into()),
            supporters: Some("one".into()),
            sort: "age".into(),
            ..request()
        }
        .query()
        .expect("valid");
        assert_eq!(q.text.as_deref(), Some("やまだ"));
        assert_eq!(q.care_level, Some(CareLevel::Care3));
        assert_eq!(q.supporters, Some(SupporterCount::One));
        assert_eq!(q.sort, RosterSort::Age);
    }

    #[test]
    fn unknown_tokens_are_refused_naming_the_filter() {
        let err = RosterPageRequest {
            sort: "salary".into(),
            ..request()
        }
        .query()
        .expect_err("refused");
        assert_eq!(err.field.as_deref(), Some("sort"));
    }
}
