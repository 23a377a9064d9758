//! Column mapping: which header of a file feeds which [`Column`]. Common Japanese headers
//! are recognised; a saved profile (by header text) overrides the recognition.

use std::collections::BTreeMap;

use serde::Serialize;

use super::columns::Column;
use crate::error::{Error, Result};

/// The token a profile uses for a header that must not be read.
pub const IGNORE: &str = "ignore";

/// How one file's headers map to columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// For each header position, the column it feeds (`None`: not read).
    pub by_position: Vec<Option<Column>>,
}

/// One header's mapping, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappedHeader {
    /// The header as in the file.
    pub header: String,
    /// The column token, or `None` when the header is not read.
    pub column: Option<&'static str>,
    /// The column's Japanese name.
    pub column_label: Option<&'static str>,
}

impl Mapping {
    /// Maps `headers`: a profile entry wins, else the header is recognised. A column fed
    /// by two headers is refused (which one is meant?).
    pub fn resolve(headers: &[String], profile: &BTreeMap<String, String>) -> Result<Mapping> {
        let mut by_position = Vec::with_capacity(headers.len());
        let mut seen: BTreeMap<Column, usize> = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            let column = match profile.get(h.trim()) {
                Some(t) if t == IGNORE => None,
                Some(t) => Some(parse_target(t)?),
                None => Column::recognise(h),
            };
            if let Some(c) = column {
                if let Some(first) = seen.insert(c, i) {
                    return Err(Error::invalid(
                        "mapping",
                        format!(
                            "columns {} and {} both map to {}; set one of them to ignore (--set 'HEADER=ignore')",
                            first + 1,
                            i + 1,
                            c.token()
                        ),
                    ));
                }
            }
            by_position.push(column);
        }
        let has = |c: Column| seen.contains_key(&c);
        let identifies = has(Column::ResidentNumber)
            || (has(Column::Name) && has(Column::DateOfBirth) && has(Column::Address));
        if !identifies {
            return Err(Error::invalid(
                "mapping",
                "no column maps to 宛名番号, nor to all of 氏名, 生年月日 and 住所; map them with --set 'HEADER=name' (see `import mapping save`)",
            ));
        }
        Ok(Mapping { by_position })
    }

    /// The mapping as the preview shows it.
    pub fn describe(&self, headers: &[String]) -> Vec<MappedHeader> {
        headers
            .iter()
            .zip(&self.by_position)
            .map(|(h, c)| MappedHeader {
                header: h.clone(),
                column: c.map(Column::token),
                column_label: c.map(Column::header),
            })
            .collect()
    }

    /// The mapping as a profile to save: every header, by text.
    pub fn to_profile(&self, headers: &[String]) -> BTreeMap<String, String> {
        headers
            .iter()
            .zip(&self.by_position)
            .filter(|(h, _)| !h.trim().is_empty())
            .map(|(h, c)| {
                (
                    h.trim().to_string(),
                    c.map_or(IGNORE.to_string(), |c| c.token().to_string()),
                )
            })
            .collect()
    }

    /// True when some header feeds `c`.
    pub fn has(&self, c: Column) -> bool {
        self.by_position.contains(&Some(c))
    }
}

/// Parses a profile's target: a column token that an import reads, or `ignore`.
pub fn parse_target(t: &str) -> Result<Column> {
    Column::from_token(t)
        .filter(|c| c.importable())
        .ok_or_else(|| {
            Error::invalid(
                "mapping",
                format!(
                    "unknown column; use one of: {}, {IGNORE}",
                    Column::tokens_list()
                ),
            )
        })
}

/// Parses `HEADER=column` overrides (from `--set`).
pub fn parse_overrides(sets: &[String]) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for s in sets {
        let (h, t) = s.rsplit_once('=').ok_or_else(|| {
            Error::invalid("--set", "write it as HEADER=column (e.g. 'カナ=furigana')")
        })?;
        let t = t.trim();
        if t != IGNORE {
            parse_target(t)?;
        }
        out.insert(h.trim().to_string(), t.to_string());
    }
    Ok(out)
}
