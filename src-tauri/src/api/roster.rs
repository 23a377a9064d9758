//! Request and response types of the IPC boundary, kept apart from the core's types so
//! either side can change without the other noticing. TypeScript twins of these are
//! generated into `ui/src/lib/bindings/` (see the `bindings` test below).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::{PersonQuery, PersonSummary};

/// Most rows one search returns; the page says when there are more.
pub const SEARCH_LIMIT: usize = 200;

/// Where the roster file is, so the person unlocking it can see which one it is.
#[derive(Debug, Serialize, TS)]
pub struct RosterLocation {
    pub path: String,
    pub exists: bool,
}

impl RosterLocation {
    pub fn of(path: &Path) -> Self {
        RosterLocation {
            path: path.display().to_string(),
            exists: path.exists(),
        }
    }
}

/// Opens or creates the roster. (Deliberately not `Debug`: it holds the passphrase.)
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnlockRequest {
    pub passphrase: String,
}

#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SearchRequest {
    /// Matched against name, furigana, address and phone; empty lists everyone.
    pub query: String,
}

impl SearchRequest {
    pub fn query(&self) -> PersonQuery {
        let text = self.query.trim();
        PersonQuery {
            text: (!text.is_empty()).then(|| text.to_owned()),
            // One more than shown, to know whether there are more.
            limit: Some(SEARCH_LIMIT + 1),
            ..PersonQuery::default()
        }
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
}

#[derive(Debug, Serialize, TS)]
pub struct SearchResponse {
    pub persons: Vec<PersonRow>,
    /// More people matched than `persons` holds.
    pub truncated: bool,
}

impl From<PersonSummary> for PersonRow {
    fn from(p: PersonSummary) -> Self {
        PersonRow {
            id: p.id,
            name: p.name,
            furigana: p.furigana,
            district: p.district,
            age: p.age,
        }
    }
}

impl SearchResponse {
    /// `found` holds up to `SEARCH_LIMIT + 1` rows (see [`SearchRequest::query`]).
    pub fn new(found: Vec<PersonSummary>) -> Self {
        Self::from_rows(found.into_iter().map(PersonRow::from).collect())
    }

    fn from_rows(mut persons: Vec<PersonRow>) -> Self {
        let truncated = persons.len() > SEARCH_LIMIT;
        persons.truncate(SEARCH_LIMIT);
        SearchResponse { persons, truncated }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64) -> PersonRow {
        PersonRow {
            id,
            name: "山田 花子".into(),
            furigana: "やまだ はなこ".into(),
            district: None,
            age: 86,
        }
    }

    #[test]
    fn more_than_the_limit_is_cut_and_flagged() {
        let found = (0..=SEARCH_LIMIT as i64).map(row).collect();
        let response = SearchResponse::from_rows(found);
        assert_eq!(response.persons.len(), SEARCH_LIMIT);
        assert!(response.truncated);
        assert!(!SearchResponse::from_rows(vec![row(1)]).truncated);
    }

    #[test]
    fn blank_search_lists_everyone() {
        let q = SearchRequest { query: "  ".into() }.query();
        assert_eq!(q.text, None);
        assert_eq!(q.limit, Some(SEARCH_LIMIT + 1));
        let q = SearchRequest {
            query: " やまだ ".into(),
        }
        .query();
        assert_eq!(q.text.as_deref(), Some("やまだ"));
    }
}
