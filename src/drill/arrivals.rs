//! Arrivals at shelters (`drill arrive`): in a drill, or in a real safety check (a drill
//! of disaster mode), a person arriving at a shelter is entered by the barcode on their
//! plan or check sheet, or by their number. An arrival is the result `safe` on the board;
//! per shelter the board and the report count who was expected there, who arrived, its
//! capacity, and who went to a shelter their plan does not name (a reason to review the
//! plan: the flag `drill-elsewhere`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::entry::{entry_texts, entry_time, sheet_district};
use crate::clock::stamp;
use crate::drill::CheckStatus;
use crate::error::{Error, Result};
use crate::store::drills::{self, arrivals, checks};
use crate::store::{plan_review, shelters, Connection, Roster};

/// Who arrived: their number, or the barcode scanned from their sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Arriving<'a> {
    Person(i64),
    Barcode(&'a str),
}

/// What one arrival asks.
#[derive(Debug, Clone)]
pub struct ArrivalRequest<'a> {
    pub drill_id: i64,
    /// The shelter of the registry they arrived at.
    pub shelter_id: i64,
    pub who: Arriving<'a>,
    /// When (`None`: now).
    pub at: Option<DateTime<Utc>>,
    /// Who received them.
    pub by: &'a str,
}

/// What an arrival did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArrivalRecorded {
    pub arrival_id: i64,
    /// The `safe` result it entered.
    pub check_id: i64,
    pub person_id: i64,
    /// 氏名, for the receiving desk to confirm.
    pub name: String,
    /// Their plan names this shelter.
    pub planned: bool,
    /// The shelters their plan names (when it is not this one).
    pub planned_shelters: Vec<String>,
}

/// Someone who arrived at a shelter their plan does not name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArrivedElsewhere {
    pub person_id: i64,
    pub name: String,
    /// When (RFC 3339 UTC).
    pub arrived_at: String,
}

/// One shelter in a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShelterArrivals {
    pub shelter_id: i64,
    pub name: String,
    /// 想定収容人数 / 受入可能人数.
    pub capacity: Option<u32>,
    /// The people on the drill's sheets whose plans name it.
    pub expected: usize,
    /// The people who arrived there (each counted at their latest arrival).
    pub arrived: usize,
    /// Of those, the ones whose plans do not name it.
    pub elsewhere: Vec<ArrivedElsewhere>,
}

/// The person's number a barcode of a sheet carries (Code 128 digits, zero-padded).
pub fn barcode_number(code: &str) -> Result<i64> {
    let digits = code.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 18 {
        return Err(Error::invalid(
            "barcode",
            "is not the barcode of a plan or check sheet (digits only); scan it again or type the person's number",
        ));
    }
    digits
        .parse()
        .map_err(|_| Error::invalid("barcode", "is not a person's number"))
}

impl Roster {
    /// Enters an arrival: the person (on one of the drill's check sheets) arrived at the
    /// shelter. It is their result `safe` at that time, and an arrival at a shelter their
    /// plan does not name flags the plan for review. Audited `drill.arrive` (ids only).
    pub fn drill_arrive(&mut self, req: &ArrivalRequest<'_>) -> Result<ArrivalRecorded> {
        let (by, _) = entry_texts(req.by, "")?;
        let person_id = match req.who {
            Arriving::Person(id) => id,
            Arriving::Barcode(code) => barcode_number(code)?,
        };
        self.write(|tx| {
            let conn = tx.conn();
            let drill = drills::load(conn, req.drill_id)?;
            let at = entry_time(&drill, req.at, tx.now())?;
            let shelter = shelters::get(conn, req.shelter_id)?;
            if let Some(gone) = &shelter.gone_on {
                return Err(Error::invalid(
                    "shelter",
                    format!("shelter {} went from the registry on {gone}", shelter.id),
                ));
            }
            sheet_district(conn, req.drill_id, person_id)?;
            let planned_ids = arrivals::planned_shelters(conn, person_id)?;
            let planned = planned_ids.contains(&shelter.id);
            let recorded_at = tx.stamp();
            let check_id = checks::insert(
                conn,
                &checks::NewCheck {
                    drill_id: req.drill_id,
                    person_id,
                    status: CheckStatus::Safe,
                    at,
                    by,
                    note: &format!("避難先 {} に到着", shelter.name),
                    corrects: None,
                    recorded_at: &recorded_at,
                    recorded_by: tx.account(),
                },
            )?;
            let arrival_id = arrivals::insert(
                conn,
                &arrivals::NewArrival {
                    drill_id: req.drill_id,
                    person_id,
                    shelter_id: shelter.id,
                    check_id,
                    planned,
                    at,
                    recorded_at: &recorded_at,
                    recorded_by: tx.account(),
                },
            )?;
            if !planned {
                arrivals::flag_elsewhere(conn, person_id, check_id, shelter.id, &recorded_at)?;
            }
            let name = plan_review::names(conn, &[person_id])?
                .remove(&person_id)
                .map(|n| n.0)
                .unwrap_or_default();
            let planned_shelters = if planned {
                Vec::new()
            } else {
                planned_ids
                    .iter()
                    .map(|id| shelters::get(conn, *id).map(|s| s.name))
                    .collect::<Result<_>>()?
            };
            tx.audit(
                "drill.arrive",
                "drill",
                Some(req.drill_id),
                &format!(
                    "arrival={arrival_id},check={check_id},person={person_id},shelter={},planned={},at={}",
                    shelter.id,
                    u8::from(planned),
                    stamp(at)
                ),
            )?;
            Ok(ArrivalRecorded {
                arrival_id,
                check_id,
                person_id,
                name,
                planned,
                planned_shelters,
            })
        })
    }

    /// Per shelter: who the drill expects there, who arrived, its capacity, and who went
    /// to a shelter their plan does not name (shelters neither expected nor arrived at
    /// are left out).
    pub fn drill_shelters(&self, drill_id: i64) -> Result<Vec<ShelterArrivals>> {
        shelter_arrivals(self.conn(), drill_id)
    }
}

/// [`Roster::drill_shelters`] on a connection (the board and the report read it too).
pub(crate) fn shelter_arrivals(conn: &Connection, drill_id: i64) -> Result<Vec<ShelterArrivals>> {
    drills::load(conn, drill_id)?;
    let mut by_shelter: BTreeMap<i64, (usize, Vec<arrivals::Counted>)> = BTreeMap::new();
    for (shelter, n) in arrivals::expected(conn, drill_id)? {
        by_shelter.entry(shelter).or_default().0 = n;
    }
    let counted = arrivals::counted(conn, drill_id)?;
    let away: Vec<i64> = counted
        .iter()
        .filter(|a| !a.planned)
        .map(|a| a.person_id)
        .collect();
    for a in counted {
        by_shelter.entry(a.shelter_id).or_default().1.push(a);
    }
    let names: HashMap<i64, (String, Option<String>)> = plan_review::names(conn, &away)?;
    let mut out = Vec::with_capacity(by_shelter.len());
    for (id, (expected, arrived)) in by_shelter {
        let s = shelters::get(conn, id)?;
        out.push(ShelterArrivals {
            shelter_id: id,
            name: s.name,
            capacity: s.capacity,
            expected,
            arrived: arrived.len(),
            elsewhere: arrived
                .into_iter()
                .filter(|a| !a.planned)
                .map(|a| ArrivedElsewhere {
                    name: names
                        .get(&a.person_id)
                        .map(|n| n.0.clone())
                        .unwrap_or_default(),
                    person_id: a.person_id,
                    arrived_at: a.arrived_at,
                })
                .collect(),
        });
    }
    Ok(out)
}
