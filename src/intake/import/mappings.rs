//! Saved column mappings: a municipality's extract keeps its headers from month to month,
//! so the mapping an officer corrected once is kept under a name and used again.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ImportOptions;
use crate::error::{Error, Result};
use crate::io::mapping::Mapping;
use crate::io::table::{self, Format, Table, TextEncoding};
use crate::store::{imports, Connection, Roster};

/// A saved mapping profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingProfile {
    /// Its name.
    pub name: String,
    /// Header → column token (or `ignore`).
    pub columns: BTreeMap<String, String>,
    /// Last saved (RFC 3339).
    pub updated_at: String,
}

fn load_profile(conn: &Connection, name: &str) -> Result<Option<BTreeMap<String, String>>> {
    let text = imports::mapping(conn, name)?;
    match text {
        Some(t) => serde_json::from_str(&t)
            .map(Some)
            .map_err(|_| Error::Integrity("a saved mapping is not valid JSON".to_string())),
        None => Ok(None),
    }
}

impl Roster {
    /// The mapping an import uses: the saved profile named in `options` (if any) with the
    /// overrides on top, resolved against the file's headers.
    pub(super) fn mapping_for(&self, table: &Table, options: &ImportOptions) -> Result<Mapping> {
        let mut profile = match &options.mapping {
            Some(name) => load_profile(self.conn(), name)?.ok_or_else(|| {
                Error::invalid(
                    "--mapping",
                    "no saved mapping has this name; list them with `import mapping list`",
                )
            })?,
            None => BTreeMap::new(),
        };
        profile.extend(options.overrides.clone());
        Mapping::resolve(&table.headers, &profile)
    }

    /// Saves (or replaces) a named mapping: the headers of `bytes` as recognised, with
    /// `overrides` on top. Returns the saved profile.
    pub fn save_mapping(
        &mut self,
        name: &str,
        bytes: &[u8],
        format: Option<Format>,
        encoding: TextEncoding,
        overrides: &BTreeMap<String, String>,
    ) -> Result<MappingProfile> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(Error::invalid("name", "must be 1 to 100 characters"));
        }
        let format = format.unwrap_or_else(|| Format::sniff(bytes));
        let table = table::read(bytes, format, encoding)?;
        let mapping = Mapping::resolve(&table.headers, overrides)?;
        let columns = mapping.to_profile(&table.headers);
        let json = serde_json::to_string(&columns)
            .map_err(|_| Error::invalid("mapping", "cannot be stored"))?;
        let stamp = self.write(|tx| {
            let now = tx.stamp();
            imports::save_mapping(tx.conn(), name, &json, &now)?;
            tx.audit(
                "import.mapping.save",
                "import_mapping",
                None,
                &format!("columns={}", columns.len()),
            )?;
            Ok(now)
        })?;
        Ok(MappingProfile {
            name: name.to_string(),
            columns,
            updated_at: stamp,
        })
    }

    /// The saved mappings, by name.
    pub fn mappings(&self) -> Result<Vec<MappingProfile>> {
        let mut out = Vec::new();
        for (name, columns, updated_at) in imports::mappings(self.conn())? {
            out.push(MappingProfile {
                name,
                columns: serde_json::from_str(&columns).unwrap_or_default(),
                updated_at,
            });
        }
        Ok(out)
    }
}
