//! Finding people by a typed fragment at city scale, without reading every row.
//!
//! A person matches a query when the query's text key is part of their name, furigana or
//! address key, or (for a phone-like query) its phone key is part of their phone key — the
//! same `instr` test as ever, which stays in every statement and alone decides who
//! matches. What changes is which rows it is tried on:
//! - a fragment of three characters or more (each side: text and phone) is looked up in
//!   the trigram index (`person_search_trigram`, migration 0012), which names the few
//!   people containing it; they are read by id and sorted;
//! - a text fragment of two characters (a family name typed in kanji: 鈴木) is found by
//!   the trigrams that start with it (`person_search_trigram_terms`, migration 0013, lists
//!   the trigram index's terms) and by the name, reading and address keys that end with it
//!   (`person_search_*_end`): together every place two characters can stand in a key;
//! - a shorter fragment (one character, a short phone-like one), or one so common that the
//!   index names more people than [`Candidates::cap`], is answered by walking the search
//!   table in 50音 order (`person_search_furigana`) and stopping at the limit: common
//!   fragments fill the limit within the first rows.

use rusqlite::Connection;

use crate::error::{Result, SqlContext};
use crate::store::search_key::{looks_like_phone, phone_key, text_key};

/// The trigram index matches fragments of at least this many characters.
const TRIGRAM: usize = 3;

/// A text fragment of this many characters is looked up by the trigrams starting with it
/// and the keys ending with it.
const BIGRAM: usize = 2;

/// A typed fragment, as its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fragment {
    /// Matched against name, furigana and address keys; `None` when the query has no
    /// text left after normalising.
    pub(crate) text: Option<String>,
    /// Matched against phone keys; `Some` only for a phone-like query.
    pub(crate) phone: Option<String>,
}

impl Fragment {
    /// The keys of `query`, or `None` when it filters nothing (empty after normalising).
    pub(crate) fn of(query: &str) -> Option<Self> {
        let text = Some(text_key(query)).filter(|t| !t.is_empty());
        let phone = looks_like_phone(query).then(|| phone_key(query));
        (text.is_some() || phone.is_some()).then_some(Self { text, phone })
    }

    /// The text of a fragment of exactly two characters with no phone side, for the
    /// lookup by trigram terms and key ends.
    fn bigram(&self) -> Option<&str> {
        match (&self.text, &self.phone) {
            (Some(t), None) if t.chars().count() == BIGRAM => Some(t),
            _ => None,
        }
    }

    /// The trigram query naming everyone who may match, or `None` when a side is too
    /// short for the index.
    fn trigram_query(&self) -> Option<String> {
        let long = |k: &str| k.chars().count() >= TRIGRAM;
        if !self.text.as_deref().is_none_or(long) || !self.phone.as_deref().is_none_or(long) {
            return None;
        }
        let phrase = |k: &str| format!("\"{}\"", k.replace('"', "\"\""));
        let mut parts = Vec::new();
        if let Some(t) = &self.text {
            parts.push(format!(
                "{{name_key furigana_key address_key}} : {}",
                phrase(t)
            ));
        }
        if let Some(p) = &self.phone {
            parts.push(format!("{{phone_key}} : {}", phrase(p)));
        }
        Some(parts.join(" OR "))
    }
}

/// Which rows a search tries its test on.
#[derive(Debug)]
pub(crate) enum Candidates {
    /// These people only (every match is among them), in id order.
    Ids(Vec<i64>),
    /// Walk the search table in 50音 order.
    Walk,
}

impl Candidates {
    /// Above this many candidates, walking in 50音 order reaches a limit of `limit` rows
    /// sooner than reading the candidates by id (they are at least `cap / roster` dense).
    pub(crate) fn cap(limit: usize) -> usize {
        limit.saturating_mul(20)
    }

    /// The candidates for `fragment`: at most `cap` ids (all of them when `cap` is `None`),
    /// or [`Candidates::Walk`] when the index cannot answer or names more.
    pub(crate) fn find(conn: &Connection, fragment: &Fragment, cap: Option<usize>) -> Result<Self> {
        let most = cap.map_or(-1, |c| c as i64 + 1);
        if let Some(pair) = fragment.bigram() {
            return Self::by_pair(conn, pair, most, cap);
        }
        let Some(query) = fragment.trigram_query() else {
            return Ok(Self::Walk);
        };
        let mut stmt = conn
            .prepare_cached(
                "SELECT rowid FROM person_search_trigram WHERE person_search_trigram MATCH ?1
                 ORDER BY rowid LIMIT ?2",
            )
            .ctx("searching persons")?;
        let ids = stmt
            .query_map(rusqlite::params![query, most], |r| r.get::<_, i64>(0))
            .ctx("searching persons")?
            .collect::<rusqlite::Result<Vec<_>>>()
            .ctx("searching persons")?;
        Ok(match cap {
            Some(cap) if ids.len() > cap => Self::Walk,
            _ => Self::Ids(ids),
        })
    }

    /// The people whose name, reading or address key holds the two characters `pair`:
    /// followed by a third character, it starts one of the key's trigrams; otherwise it
    /// ends the key.
    fn by_pair(conn: &Connection, pair: &str, most: i64, cap: Option<usize>) -> Result<Self> {
        // Every trigram term starting with `pair` sorts between it and it followed by the
        // last code point.
        let last = format!("{pair}{}", char::MAX);
        let mut ids: std::collections::BTreeSet<i64> = conn
            .prepare_cached(
                "SELECT DISTINCT doc FROM person_search_trigram_terms
                 WHERE term >= ?1 AND term <= ?2 AND col <> 'phone_key' LIMIT ?3",
            )
            .and_then(|mut st| {
                st.query_map(rusqlite::params![pair, last, most], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .ctx("searching persons")?;
        if cap.is_some_and(|cap| ids.len() > cap) {
            return Ok(Self::Walk);
        }
        for sql in [
            "SELECT person_id FROM person_search WHERE substr(name_key, -2) = ?1",
            "SELECT person_id FROM person_search WHERE substr(furigana_key, -2) = ?1",
            "SELECT person_id FROM person_search WHERE substr(address_key, -2) = ?1",
        ] {
            let mut st = conn.prepare_cached(sql).ctx("searching persons")?;
            let rows = st
                .query_map([pair], |r| r.get::<_, i64>(0))
                .ctx("searching persons")?;
            for id in rows {
                ids.insert(id.ctx("searching persons")?);
            }
            if cap.is_some_and(|cap| ids.len() > cap) {
                return Ok(Self::Walk);
            }
        }
        Ok(Self::Ids(ids.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        assert_eq!(Fragment::of(" 　"), None);
        let f = Fragment::of("ﾔﾏﾀﾞ").unwrap();
        assert_eq!(f.text.as_deref(), Some("やまだ"));
        assert_eq!(f.phone, None);
        let f = Fragment::of("090-12").unwrap();
        assert_eq!(f.text.as_deref(), Some("09012"));
        assert_eq!(f.phone.as_deref(), Some("09012"));
    }

    #[test]
    fn short_fragments_walk() {
        assert_eq!(Fragment::of("鈴木").unwrap().trigram_query(), None);
        assert_eq!(Fragment::of("鈴木").unwrap().bigram(), Some("鈴木"));
        assert_eq!(Fragment::of("鈴").unwrap().bigram(), None);
        assert_eq!(Fragment::of("090").unwrap().bigram(), None);
        assert_eq!(Fragment::of("09").unwrap().bigram(), Some("09"));
        assert_eq!(
            Fragment::of("さとう").unwrap().trigram_query().as_deref(),
            Some("{name_key furigana_key address_key} : \"さとう\"")
        );
        assert_eq!(
            Fragment::of("a\"b").unwrap().trigram_query().as_deref(),
            Some("{name_key furigana_key address_key} : \"a\"\"b\"")
        );
    }
}
