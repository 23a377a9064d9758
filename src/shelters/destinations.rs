//! A plan's destinations chosen from the registry, per kind of hazard (`plan destination
//! set | remove`): a school that is safe in an earthquake can lie in the flood zone, so a
//! plan names a place for each kind where needed, and free text stays for a relative's home.

use serde::Serialize;

use super::check::{self, ShelterWarning};
use crate::error::{Error, Result};
use crate::model::shelter::{ShelterHazard, WelfareKind};
use crate::model::validate::normalise_person;
use crate::model::{Destination, DestinationKind, Plan};
use crate::store::{persons, shelters, Roster};

/// Where the person goes.
#[derive(Debug, Clone, PartialEq)]
pub enum DestinationPlace {
    /// A shelter of the registry; `direct` when a 指定福祉避難所 has agreed to receive the
    /// person directly.
    Shelter { id: i64, direct: bool },
    /// A place no registry holds: a relative's or a friend's home (`Relative`), or another
    /// (`Other`).
    Private {
        kind: DestinationKind,
        name: String,
        address: String,
    },
}

/// `plan destination set`: the place for one kind of hazard (or for any, `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct DestinationSet {
    pub person_id: i64,
    pub hazard: Option<ShelterHazard>,
    pub place: DestinationPlace,
}

/// What setting a destination did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DestinationSetOutcome {
    /// The destination's place in the plan, from 1.
    pub position: usize,
    /// The destinations of the same kind for the same hazard it replaced.
    pub replaced: usize,
    /// True when the person had no plan and this began one.
    pub plan_begun: bool,
    /// The checks' warnings for the person's destinations now (never a reason to refuse:
    /// the officer decides).
    pub warnings: Vec<ShelterWarning>,
}

impl Roster {
    /// Sets person `req.person_id`'s destination for `req.hazard`: it replaces the plan's
    /// destinations of the same kind (指定避難所, 福祉避難所, 親族・知人宅, その他) for the
    /// same hazard, in the first one's place, or comes last. A person without a plan gets
    /// one. The plan counts as updated today. Refused: a shelter gone from the registry, a
    /// direct evacuation to a shelter that is no 福祉避難所, an archived person.
    pub fn set_destination(&mut self, req: &DestinationSet) -> Result<DestinationSetOutcome> {
        self.require_writer("change plans")?;
        let today = self.clock().today();
        let conn = self.conn();
        let mut person = persons::load(conn, req.person_id)?;
        if person.archived.is_some() {
            return Err(Error::invalid(
                "person",
                format!(
                    "person {} is archived; restore them before changing their plan",
                    req.person_id
                ),
            ));
        }
        let new = match &req.place {
            DestinationPlace::Shelter { id, direct } => {
                let s = shelters::get(conn, *id)?;
                if let Some(gone) = &s.gone_on {
                    return Err(Error::invalid(
                        "shelter",
                        format!(
                            "shelter {id} ({}) went from the registry on {gone}; choose another (shelter list)",
                            s.name
                        ),
                    ));
                }
                if *direct && s.welfare.is_none() {
                    return Err(Error::invalid(
                        "direct",
                        format!(
                            "shelter {id} ({}) is no 福祉避難所: a direct evacuation is agreed with a 指定福祉避難所",
                            s.name
                        ),
                    ));
                }
                Destination {
                    kind: if s.welfare.is_some() {
                        DestinationKind::WelfareShelter
                    } else {
                        DestinationKind::Shelter
                    },
                    name: s.name,
                    address: s.address,
                    direct_admission: *direct,
                    hazard: req.hazard,
                    shelter_id: Some(*id),
                }
            }
            DestinationPlace::Private {
                kind,
                name,
                address,
            } => {
                if matches!(
                    kind,
                    DestinationKind::Shelter | DestinationKind::WelfareShelter
                ) {
                    return Err(Error::invalid(
                        "kind",
                        "a shelter is chosen from the registry (--shelter ID); a private place is relative or other",
                    ));
                }
                Destination {
                    kind: *kind,
                    name: name.clone(),
                    address: address.clone(),
                    direct_admission: false,
                    hazard: req.hazard,
                    shelter_id: None,
                }
            }
        };
        let plan_begun = person.plan.is_none();
        let plan = person.plan.get_or_insert_with(blank_plan);
        let same = |d: &Destination| d.kind == new.kind && d.hazard == new.hazard;
        let replaced = plan.destinations.iter().filter(|d| same(d)).count();
        let at = plan.destinations.iter().position(same);
        plan.destinations.retain(|d| !same(d));
        let position = at.unwrap_or(plan.destinations.len());
        plan.destinations.insert(position, new.clone());
        plan.updated_on = Some(today.to_string());
        normalise_person(&mut person, today)?;
        let id = req.person_id;
        let detail = format!(
            "hazard={} shelter={} kind={} replaced={replaced}",
            new.hazard.map_or("-", ShelterHazard::token),
            new.shelter_id.map_or("-".to_string(), |s| s.to_string()),
            new.kind.token()
        );
        self.write(|tx| {
            persons::update(tx.conn(), id, &person, tx.now())?;
            tx.audit("plan.destination.set", "person", Some(id), &detail)
        })?;
        Ok(DestinationSetOutcome {
            position: position + 1,
            replaced,
            plan_begun,
            warnings: check::for_person(self.conn(), id, today)?,
        })
    }

    /// Takes destination `position` (from 1, as `person show` numbers them) off person
    /// `person_id`'s plan; the plan counts as updated today. Returns what was taken off.
    pub fn remove_destination(&mut self, person_id: i64, position: usize) -> Result<Destination> {
        self.require_writer("change plans")?;
        let today = self.clock().today();
        let mut person = persons::load(self.conn(), person_id)?;
        let Some(plan) = person.plan.as_mut() else {
            return Err(Error::invalid(
                "person",
                format!("person {person_id} has no plan"),
            ));
        };
        if position == 0 || position > plan.destinations.len() {
            return Err(Error::invalid(
                "position",
                format!(
                    "the plan has {} destination(s); give one of 1–{}",
                    plan.destinations.len(),
                    plan.destinations.len()
                ),
            ));
        }
        let gone = plan.destinations.remove(position - 1);
        plan.updated_on = Some(today.to_string());
        normalise_person(&mut person, today)?;
        let detail = format!(
            "position={position} hazard={} shelter={}",
            gone.hazard.map_or("-", ShelterHazard::token),
            gone.shelter_id.map_or("-".to_string(), |s| s.to_string())
        );
        self.write(|tx| {
            persons::update(tx.conn(), person_id, &person, tx.now())?;
            tx.audit(
                "plan.destination.remove",
                "person",
                Some(person_id),
                &detail,
            )
        })?;
        Ok(gone)
    }
}

/// A plan with nothing in it yet but what `set_destination` adds (its dates today).
fn blank_plan() -> Plan {
    Plan {
        destinations: Vec::new(),
        route: String::new(),
        means: None,
        departure_timing: String::new(),
        warning_contact: String::new(),
        warning_method: None,
        if_unreachable: String::new(),
        made_by: None,
        made_by_office: None,
        drafted_by: String::new(),
        drafted_by_role: String::new(),
        created_on: None,
        updated_on: None,
        verified_on: None,
    }
}

/// True when a 福祉避難所 of this standing takes people directly (only a 指定 one does).
pub(crate) fn takes_direct(kind: Option<WelfareKind>) -> bool {
    kind == Some(WelfareKind::Designated)
}
