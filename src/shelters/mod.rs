//! The municipality's shelters (#22): the published registry imported as changes to
//! review, and the registry as the roster keeps it.
//!
//! An import reads the file (`io::shelters`), compares each of the municipality's rows
//! with the roster's shelters by 共通ID / ID and keeps every difference — a new shelter, a
//! changed one, one gone from the list — as a change an officer accepts or rejects. Nothing
//! a plan may point at changes until then. A file with a row that cannot be read is
//! refused whole, naming the rows.

mod check;
mod destinations;
mod matching;

pub use check::ShelterWarning;
pub use destinations::{DestinationPlace, DestinationSet, DestinationSetOutcome};
pub use matching::{Suggestion, WelfareLoad, WelfareMatching, WelfareNeed};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::io::shelters::{read_registry, RejectedRow};
use crate::io::{table, Format, TextEncoding};
use crate::model::shelter::{
    differences, NewShelter, RegistryLayout, Shelter, ShelterChange, ShelterHazard, WelfareKind,
};
use crate::store::{plan_review, settings, shelters, Roster};

/// A registry file to import.
#[derive(Debug, Clone)]
pub struct ShelterImport<'a> {
    /// The file's bytes (CSV).
    pub bytes: &'a [u8],
    /// Its name, for the record.
    pub file_name: &'a str,
    /// Its encoding (`Auto`: UTF-8 with or without BOM, else Shift_JIS).
    pub encoding: TextEncoding,
    /// Keep only this municipality's rows; `None`: the setting `municipality.name`, or
    /// the whole file when that is not set.
    pub municipality: Option<&'a str>,
}

/// What an import found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShelterImported {
    /// The import's id.
    pub import_id: i64,
    /// Which published list the file is.
    pub layout: RegistryLayout,
    /// The municipality's rows read.
    pub entries: usize,
    /// Rows of other municipalities, left out.
    pub outside: usize,
    /// New shelters kept to review.
    pub new: usize,
    /// Changed shelters kept to review.
    pub changed: usize,
    /// Shelters gone from the list, kept to review.
    pub gone: usize,
    /// Rows the roster already holds as they are.
    pub unchanged: usize,
}

fn refuse(rejected: &[RejectedRow]) -> Error {
    let shown: Vec<String> = rejected
        .iter()
        .take(10)
        .map(|r| format!("row {} {}: {}", r.row, r.column, r.reason))
        .collect();
    let more = match rejected.len() {
        n if n > 10 => format!(" (and {} more)", n - 10),
        _ => String::new(),
    };
    Error::invalid(
        "file",
        format!(
            "{} rows cannot be read, so nothing was imported: {}{more}. Correct them in the \
             file and import it again",
            rejected.len(),
            shown.join("; ")
        ),
    )
}

impl Roster {
    /// Imports a shelter registry file: every difference from the roster's registry is
    /// kept as a change to review; the shelters themselves do not change.
    pub fn import_shelters(&mut self, req: &ShelterImport<'_>) -> Result<ShelterImported> {
        self.require_writer("import the shelter registry")?;
        let table = table::read(req.bytes, Format::Csv, req.encoding)?;
        let configured = settings::load(self.conn())?.municipality;
        let municipality = req
            .municipality
            .map(str::to_string)
            .or(configured)
            .filter(|m| !m.trim().is_empty());
        let file = read_registry(&table, municipality.as_deref())?;
        if !file.rejected.is_empty() {
            return Err(refuse(&file.rejected));
        }
        if municipality.is_none() {
            let mut places: Vec<&str> = file
                .entries
                .iter()
                .map(|e| e.municipality.as_str())
                .filter(|m| !m.is_empty())
                .collect();
            places.sort_unstable();
            places.dedup();
            if places.len() > 1 {
                return Err(Error::invalid(
                    "municipality",
                    format!(
                        "the file holds the shelters of {} municipalities ({}, …): say which \
                         with --municipality, or set municipality.name",
                        places.len(),
                        places
                            .iter()
                            .take(3)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        if file.entries.is_empty() {
            return Err(Error::invalid(
                "file",
                match &municipality {
                    Some(m) => format!(
                        "the file holds no shelter of {m} ({} rows of other municipalities); \
                         check --municipality or the setting municipality.name",
                        file.outside
                    ),
                    None => "the file holds no shelter".to_string(),
                },
            ));
        }
        let sha = {
            use sha2::{Digest, Sha256};
            hex::encode(Sha256::digest(req.bytes))
        };
        let layout = file.layout;
        self.write(|tx| {
            let at = tx.stamp();
            let by = tx.account().to_string();
            let conn = tx.conn();
            let known = shelters::by_key(conn)?;
            let import_id = shelters::insert_import(
                conn,
                &shelters::NewImport {
                    layout,
                    file_name: req.file_name,
                    sha256: &sha,
                    municipality: municipality.as_deref().unwrap_or(""),
                    entries: file.entries.len(),
                    outside: file.outside,
                    at: &at,
                    by: &by,
                },
            )?;
            let mut out = ShelterImported {
                import_id,
                layout,
                entries: file.entries.len(),
                outside: file.outside,
                new: 0,
                changed: 0,
                gone: 0,
                unchanged: 0,
            };
            let keep = |c: shelters::NewChange<'_>| shelters::insert_change(conn, &c, &at, &by);
            for e in &file.entries {
                let (change, shelter_id, fields) = match known.get(&e.key) {
                    None => ("new", None, Vec::new()),
                    Some(s) => {
                        let fields = differences(e, s, layout);
                        if fields.is_empty() && s.gone_on.is_none() {
                            out.unchanged += 1;
                            continue;
                        }
                        ("changed", Some(s.id), fields)
                    }
                };
                match change {
                    "new" => out.new += 1,
                    _ => out.changed += 1,
                }
                keep(shelters::NewChange {
                    import_id,
                    registry_key: &e.key,
                    shelter_id,
                    change,
                    layout,
                    entry: Some(e),
                    fields: &fields,
                })?;
            }
            let listed: std::collections::HashSet<&str> =
                file.entries.iter().map(|e| e.key.as_str()).collect();
            let mut gone: Vec<&Shelter> = known
                .values()
                .filter(|s| s.gone_on.is_none() && holds(s, layout))
                .filter(|s| !listed.contains(s.registry_key.as_deref().unwrap_or("")))
                .collect();
            gone.sort_by_key(|s| s.id);
            for s in gone {
                out.gone += 1;
                keep(shelters::NewChange {
                    import_id,
                    registry_key: s.registry_key.as_deref().unwrap_or(""),
                    shelter_id: Some(s.id),
                    change: "gone",
                    layout,
                    entry: None,
                    fields: &[],
                })?;
            }
            tx.audit(
                "shelter.import",
                "shelter_import",
                Some(import_id),
                &format!(
                    "layout={} entries={} outside={} new={} changed={} gone={} sha256={sha}",
                    layout.token(),
                    out.entries,
                    out.outside,
                    out.new,
                    out.changed,
                    out.gone
                ),
            )?;
            Ok(out)
        })
    }

    /// Adds a shelter the officer entered: a 福祉避難所 (指定 or 協定, whom it accepts, its
    /// capacity and the family who may come), or a place no published list holds.
    pub fn add_shelter(&mut self, mut s: NewShelter) -> Result<Shelter> {
        self.require_writer("add shelters")?;
        s.normalise()?;
        self.write(|tx| {
            let at = tx.stamp();
            let id = shelters::insert(tx.conn(), &s, &at)?;
            tx.audit(
                "shelter.add",
                "shelter",
                Some(id),
                &format!(
                    "welfare={} capacity={}",
                    s.welfare.map_or("-", WelfareKind::token),
                    s.capacity.map_or("-".to_string(), |c| c.to_string())
                ),
            )?;
            shelters::get(tx.conn(), id)
        })
    }

    /// Changes what the officer enters of shelter `id` (`shelter update`): a 福祉避難所's
    /// standing, whom it accepts, the family who may come, its capacity, contact and
    /// equipment, and the note; for a shelter entered by hand also its name, address,
    /// position and hazards. A shelter from a published registry keeps what the registry
    /// says (the document must say the same, or the change is refused naming the field).
    /// A change of standing or of whom it accepts flags the plans naming it for review.
    /// Audited `shelter.update`.
    pub fn update_shelter(&mut self, id: i64, mut s: NewShelter) -> Result<Shelter> {
        self.require_writer("change shelters")?;
        s.normalise()?;
        self.write(|tx| {
            let before = shelters::get(tx.conn(), id)?;
            let registry = before.registry_key.is_some();
            if registry {
                let same = [
                    ("name", s.name == before.name),
                    ("address", s.address.is_empty() || s.address == before.address),
                    ("hazards", s.hazards.is_empty() || s.hazards == before.hazards),
                    ("lat", s.lat.is_none() || s.lat == before.lat),
                    ("lon", s.lon.is_none() || s.lon == before.lon),
                ];
                if let Some((field, _)) = same.iter().find(|f| !f.1) {
                    return Err(Error::invalid(
                        *field,
                        format!("shelter {id} comes from the published registry: its {field} changes by importing the registry again (shelter import)"),
                    ));
                }
            }
            let at = tx.stamp();
            shelters::update(tx.conn(), id, &s, registry, &at)?;
            let after = shelters::get(tx.conn(), id)?;
            let designation = before.welfare != after.welfare
                || before.groups != after.groups
                || before.hazards != after.hazards;
            let flagged = if designation {
                plan_review::raise_for_shelter(tx.conn(), id, &at)?
            } else {
                0
            };
            tx.audit(
                "shelter.update",
                "shelter",
                Some(id),
                &format!(
                    "welfare={} capacity={} plans_flagged={flagged}",
                    after.welfare.map_or("-", WelfareKind::token),
                    after.capacity.map_or("-".to_string(), |c| c.to_string())
                ),
            )?;
            Ok(after)
        })
    }

    /// Every shelter (gone ones too), or those designated for `hazard`.
    pub fn shelters(&self, hazard: Option<ShelterHazard>) -> Result<Vec<Shelter>> {
        shelters::list(self.conn(), hazard)
    }

    /// Shelter `id`.
    pub fn shelter(&self, id: i64) -> Result<Shelter> {
        shelters::get(self.conn(), id)
    }

    /// The registry's changes waiting for a decision (or all, with `all`).
    pub fn shelter_changes(&self, all: bool) -> Result<Vec<ShelterChange>> {
        shelters::changes(self.conn(), (!all).then_some("pending"))
    }

    /// Accepts pending change `id`: the shelter is added, changed or taken off the list.
    pub fn accept_shelter_change(&mut self, id: i64) -> Result<ShelterChange> {
        self.require_writer("accept shelter changes")?;
        let today = self.clock().today().to_string();
        self.write(|tx| {
            let c = pending(tx.conn(), id)?;
            let at = tx.stamp();
            let conn = tx.conn();
            let shelter = match (c.change.as_str(), &c.entry) {
                ("gone", _) => {
                    let s = c.shelter_id.unwrap_or_default();
                    shelters::remove(conn, s, c.layout, &today, &at)?;
                    s
                }
                (_, Some(e)) => {
                    // A shelter another list's change added since is the one to change.
                    let existing = match c.shelter_id {
                        Some(id) => Some(id),
                        None => shelters::id_by_key(conn, &e.key)?,
                    };
                    shelters::apply(conn, existing, e, c.layout, &at)?
                }
                _ => {
                    return Err(Error::Integrity(format!(
                        "shelter change {id} holds no registry row"
                    )))
                }
            };
            // The plans that point at it are reviewed when what it is designated for
            // changes, or it goes (a new name or position reads through by itself).
            let designation = c.change == "gone"
                || c.fields
                    .iter()
                    .any(|f| matches!(f.as_str(), "hazards" | "evacuation-centre" | "accepts"));
            let flagged = if designation {
                plan_review::raise_for_shelter(conn, shelter, &at)?
            } else {
                0
            };
            let by = tx.account().to_string();
            shelters::decide(tx.conn(), id, "accepted", &at, &by)?;
            tx.audit(
                "shelter.change.accept",
                "shelter",
                Some(shelter),
                &format!("change={id} kind={} plans_flagged={flagged}", c.change),
            )?;
            shelters::change(tx.conn(), id)
        })
    }

    /// Rejects pending change `id`: the shelter stays as it is.
    pub fn reject_shelter_change(&mut self, id: i64) -> Result<ShelterChange> {
        self.require_writer("reject shelter changes")?;
        self.write(|tx| {
            let c = pending(tx.conn(), id)?;
            let at = tx.stamp();
            let by = tx.account().to_string();
            shelters::decide(tx.conn(), id, "rejected", &at, &by)?;
            tx.audit(
                "shelter.change.reject",
                "shelter_change",
                Some(id),
                &format!("kind={}", c.change),
            )?;
            shelters::change(tx.conn(), id)
        })
    }
}

/// True when `s` holds the designation a file of `layout` lists.
fn holds(s: &Shelter, layout: RegistryLayout) -> bool {
    if layout.lists_emergency_sites() {
        s.emergency_site
    } else {
        s.evacuation_centre
    }
}

fn pending(conn: &crate::store::Connection, id: i64) -> Result<ShelterChange> {
    let c = shelters::change(conn, id)?;
    if c.status != "pending" {
        return Err(Error::invalid(
            "change",
            format!("shelter change {id} is already {}", c.status),
        ));
    }
    Ok(c)
}
