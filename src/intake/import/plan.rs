//! Planning an import: every row read, mapped, validated and matched against who is
//! already known (roster people and pending candidates), deciding what it would do.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{ImportOptions, RowIssue};
use crate::error::{Result, ValidationError};
use crate::io::columns::{blank_person, parse_status, Column};
use crate::io::mapping::Mapping;
use crate::io::table::{self, unneutralise, Table};
use crate::model::validate::{normalise_person, parse_date_field};
use crate::model::{ArchiveReason, Person, RegistrationRoute};
use crate::store::imports::FieldChange;
use crate::store::search_key::text_key;
use crate::store::{candidates, imports, persons, Connection};

/// What one row of the file would do.
pub(super) enum Action {
    Add(Box<Person>),
    Candidate(Box<Person>),
    Change {
        person_id: i64,
        fields: Vec<FieldChange>,
        archive: Option<(ArchiveReason, String)>,
    },
    Unchanged,
}

/// Who is already known: roster people and pending candidates, by resident number and
/// by name + birth + address.
#[derive(Default)]
struct Known {
    by_number: HashMap<String, Known1>,
    by_key: HashMap<String, Known1>,
}

#[derive(Clone, Copy)]
enum Known1 {
    Person { id: i64, archived: bool },
    Candidate,
}

/// Name, date of birth and address as one matching key (one string, not three: a city's
/// roster is half a million of them).
fn identity_key(name: &str, dob: &str, address: &str) -> String {
    let mut key = text_key(name);
    key.push('\u{1F}');
    key.push_str(dob);
    key.push('\u{1F}');
    key.push_str(&text_key(address));
    key.shrink_to_fit();
    key
}

fn load_known(conn: &Connection) -> Result<Known> {
    let mut k = Known::default();
    imports::each_identity(conn, |p| {
        let who = Known1::Person {
            id: p.id,
            archived: p.archived,
        };
        if let Some(n) = p.resident_number {
            k.by_number.insert(n, who);
        }
        k.by_key
            .insert(identity_key(&p.name, &p.date_of_birth, &p.address), who);
    })?;
    for doc in candidates::waiting_documents(conn)? {
        if let Ok(p) = Person::from_json(&doc) {
            if let Some(n) = &p.resident_number {
                k.by_number.entry(n.clone()).or_insert(Known1::Candidate);
            }
            k.by_key
                .entry(identity_key(&p.name, &p.date_of_birth, &p.address))
                .or_insert(Known1::Candidate);
        }
    }
    Ok(k)
}

/// The planning context of one import.
pub(super) struct Planner<'a> {
    table: &'a Table,
    mapping: &'a Mapping,
    route: RegistrationRoute,
    source: &'a str,
    today: NaiveDate,
    known: Known,
    seen_number: HashMap<String, usize>,
    seen_key: HashMap<String, usize>,
    issues: Vec<RowIssue>,
}

impl Planner<'_> {
    fn header(&self, c: Column) -> Option<String> {
        self.mapping
            .by_position
            .iter()
            .position(|x| *x == Some(c))
            .and_then(|i| self.table.headers.get(i).cloned())
    }

    fn reject(
        &mut self,
        row: usize,
        column: Option<Column>,
        value: Option<&str>,
        reason: impl Into<String>,
    ) {
        self.issues.push(RowIssue {
            row,
            column: column.and_then(|c| self.header(c).or_else(|| Some(c.header().to_string()))),
            value: value.map(str::to_string),
            reason: reason.into(),
        });
    }

    fn reject_validation(&mut self, row: usize, e: &ValidationError, cells: &[(Column, String)]) {
        let column = Column::of_person_field(&e.field);
        let value =
            column.and_then(|c| cells.iter().find(|(x, _)| *x == c).map(|(_, v)| v.clone()));
        let reason = if column.is_some() {
            e.reason.clone()
        } else {
            format!("{}: {}", e.field, e.reason)
        };
        self.reject(row, column, value.as_deref(), reason);
    }

    /// What `row` would do against the roster in `conn`; `None` when it is rejected (the
    /// reason is in the issues).
    pub(super) fn plan(&mut self, conn: &Connection, row: &table::Row) -> Result<Option<Action>> {
        let n = row.number;
        let width = self.table.headers.len();
        if row.cells.len() < width || row.cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            self.reject(
                n,
                None,
                None,
                format!(
                    "has {} cells but the header has {width}; a comma or quote is probably missing — fix the row and import again",
                    row.cells.len()
                ),
            );
            return Ok(None);
        }
        // The mapped, non-empty cells: an empty cell means "the file says nothing".
        let cells: Vec<(Column, String)> = self
            .mapping
            .by_position
            .iter()
            .zip(&row.cells)
            .filter_map(|(c, v)| {
                let v = unneutralise(v.trim()).trim();
                c.filter(|_| !v.is_empty()).map(|c| (c, v.to_string()))
            })
            .collect();
        let mut status = None;
        let mut status_on = None;
        let mut p = blank_person();
        for (c, v) in &cells {
            let result = match c {
                Column::Status => parse_status(v).map(|s| status = s),
                Column::StatusDate => parse_date_field("status_date", v)
                    .map(|d| status_on = Some(d))
                    .map_err(|e| e.reason),
                _ => c.set(&mut p, v),
            };
            if let Err(reason) = result {
                self.reject(n, Some(*c), Some(v), reason);
                return Ok(None);
            }
        }
        if status_on.is_some_and(|d| d > self.today) {
            let v = cells
                .iter()
                .find(|(c, _)| *c == Column::StatusDate)
                .map(|(_, v)| v.as_str());
            self.reject(n, Some(Column::StatusDate), v, "is in the future");
            return Ok(None);
        }
        // Identify: by 宛名番号, else by normalised name + date of birth + address.
        let number = p.resident_number.clone().filter(|s| !s.is_empty());
        let dob = wareki_iso(&p.date_of_birth);
        let key = match (&dob, p.name.is_empty(), p.address.trim().is_empty()) {
            (Some(d), false, false) => Some(identity_key(
                &crate::model::validate::normalise_name(&p.name),
                d,
                p.address.trim(),
            )),
            _ => None,
        };
        if let Some(first) = number
            .as_ref()
            .and_then(|k| self.seen_number.get(k))
            .or_else(|| key.as_ref().and_then(|k| self.seen_key.get(k)))
        {
            let first = *first;
            self.reject(
                n,
                None,
                None,
                format!("is the same person as row {first} (a duplicate row); keep one of them"),
            );
            return Ok(None);
        }
        if let Some(k) = &number {
            self.seen_number.insert(k.clone(), n);
        }
        if let Some(k) = &key {
            self.seen_key.insert(k.clone(), n);
        }
        let found = number
            .as_ref()
            .and_then(|k| self.known.by_number.get(k))
            .or_else(|| key.as_ref().and_then(|k| self.known.by_key.get(k)))
            .copied();
        match found {
            Some(Known1::Candidate) => Ok(Some(Action::Unchanged)),
            Some(Known1::Person { id, archived: true }) => {
                if status.is_none() {
                    self.reject(
                        n,
                        None,
                        None,
                        format!("matches person {id}, who is archived; restore them first (`person restore {id}`) to take changes"),
                    );
                    return Ok(None);
                }
                Ok(Some(Action::Unchanged))
            }
            Some(Known1::Person {
                id,
                archived: false,
            }) => self.plan_change(conn, n, id, &cells, status, status_on),
            None => {
                if status.is_some() {
                    let v = cells
                        .iter()
                        .find(|(c, _)| *c == Column::Status)
                        .map(|(_, v)| v.clone());
                    self.reject(
                        n,
                        Some(Column::Status),
                        v.as_deref(),
                        "this person is not on the roster, so there is nobody to archive; check 宛名番号 or remove the row",
                    );
                    return Ok(None);
                }
                p.registration.route = self.route;
                p.registration.date = Some(self.today.to_string());
                p.registration.source = self.source.to_string();
                if let Err(e) = normalise_person(&mut p, self.today) {
                    self.reject_validation(n, &e, &cells);
                    return Ok(None);
                }
                if self.route == RegistrationRoute::SharedInformation {
                    Ok(Some(Action::Candidate(Box::new(p))))
                } else {
                    Ok(Some(Action::Add(Box::new(p))))
                }
            }
        }
    }

    fn plan_change(
        &mut self,
        conn: &Connection,
        n: usize,
        id: i64,
        cells: &[(Column, String)],
        status: Option<ArchiveReason>,
        status_on: Option<NaiveDate>,
    ) -> Result<Option<Action>> {
        let before = persons::load(conn, id)?;
        let mut after = before.clone();
        for (c, v) in cells {
            if let Err(reason) = c.set(&mut after, v) {
                self.reject(n, Some(*c), Some(v), reason);
                return Ok(None);
            }
        }
        if let Err(e) = normalise_person(&mut after, self.today) {
            self.reject_validation(n, &e, cells);
            return Ok(None);
        }
        let mut fields = Vec::new();
        for (c, cell) in cells.iter().filter(|(c, _)| c.is_field()) {
            let (old, new) = (c.get(&before), c.get(&after));
            if old != new && text_key(&old) != text_key(&new) {
                fields.push(FieldChange {
                    column: c.token().to_string(),
                    old,
                    new,
                    cell: cell.clone(),
                });
            }
        }
        let archive = status.map(|r| (r, status_on.unwrap_or(self.today).to_string()));
        if fields.is_empty() && archive.is_none() {
            return Ok(Some(Action::Unchanged));
        }
        Ok(Some(Action::Change {
            person_id: id,
            fields,
            archive,
        }))
    }
}

fn wareki_iso(s: &str) -> Option<String> {
    crate::model::wareki::parse_date(s)
        .ok()
        .map(|d| d.to_string())
}

impl<'a> Planner<'a> {
    /// A planner for `table` against who is known in `conn` now.
    pub(super) fn new(
        conn: &Connection,
        table: &'a Table,
        mapping: &'a Mapping,
        options: &'a ImportOptions,
        today: NaiveDate,
    ) -> Result<Self> {
        Ok(Planner {
            table,
            mapping,
            route: options.route,
            source: options.source.trim(),
            today,
            known: load_known(conn)?,
            seen_number: HashMap::new(),
            seen_key: HashMap::new(),
            issues: Vec::new(),
        })
    }

    /// The rows rejected so far, in file order.
    pub(super) fn into_issues(self) -> Vec<RowIssue> {
        self.issues
    }
}
