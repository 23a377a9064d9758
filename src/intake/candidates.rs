//! The shared-information route (共有情報方式): candidates staged by an import, the
//! criteria rules stored in the roster, and registering candidates with consent not yet
//! asked (so they are on the officers' worklists but on no normal-time list).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::validate::normalise_person;
use crate::model::{Person, RegistrationRoute};
use crate::priority::{eligibility, Facts, Rule, RULES};
use crate::store::candidates::{self, Stored};
use crate::store::{persons, Roster};

/// A candidate waiting to be registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The candidate's id.
    pub id: i64,
    /// The import that found them, and the row.
    pub import_id: i64,
    /// The row in the file.
    pub file_row: i64,
    /// 氏名.
    pub name: String,
    /// 生年月日.
    pub date_of_birth: String,
    /// 地区.
    pub district: Option<String>,
    /// Where the data came from.
    pub source: String,
    /// When it was found.
    pub found_on: String,
    /// The rules met (empty: matches no rule).
    pub reasons: Vec<String>,
}

impl Roster {
    /// The criteria rules.
    pub fn eligibility_rules(&self) -> Result<Vec<Rule>> {
        candidates::rules(self.conn())
    }

    /// Changes a rule: switches it on or off, and/or sets its threshold.
    pub fn set_eligibility_rule(
        &mut self,
        rule: &str,
        enabled: Option<bool>,
        threshold: Option<i64>,
    ) -> Result<Rule> {
        if !RULES.iter().any(|(r, _)| *r == rule) {
            let names: Vec<&str> = RULES.iter().map(|(r, _)| *r).collect();
            return Err(Error::invalid(
                "rule",
                format!("must be one of: {}", names.join(", ")),
            ));
        }
        if let Some(t) = threshold {
            let ok = match rule {
                "care-level" => (1..=5).contains(&t),
                "physical-disability" => (1..=6).contains(&t),
                "alone-aged" => (0..=130).contains(&t),
                _ => true,
            };
            if !ok {
                return Err(Error::invalid(
                    "threshold",
                    "is out of range for this rule (要介護 1–5, 等級 1–6, age 0–130)",
                ));
            }
        }
        self.write(|tx| {
            candidates::set_rule(tx.conn(), rule, enabled, threshold)?;
            tx.audit(
                "eligibility.rule",
                "",
                None,
                &format!(
                    "rule={rule} enabled={} threshold={}",
                    enabled.map_or("-".to_string(), |b| b.to_string()),
                    threshold.map_or("-".to_string(), |t| t.to_string())
                ),
            )
        })?;
        self.eligibility_rules()?
            .into_iter()
            .find(|r| r.rule == rule)
            .ok_or(Error::Integrity("a criteria rule is missing".to_string()))
    }

    fn stored_candidates(&self) -> Result<Vec<Stored>> {
        candidates::waiting(self.conn())
    }

    /// Candidates not yet registered, each with the rules they meet.
    pub fn candidates(&self) -> Result<Vec<Candidate>> {
        let rules = self.eligibility_rules()?;
        let today = self.clock().today();
        let mut out = Vec::new();
        for s in self.stored_candidates()? {
            let p = Person::from_json(&s.document).map_err(Error::Invalid)?;
            out.push(Candidate {
                id: s.id,
                import_id: s.import_id,
                file_row: s.file_row,
                reasons: eligibility(&Facts::of(&p, today), &rules),
                name: p.name,
                date_of_birth: p.date_of_birth,
                district: p.district,
                source: s.source,
                found_on: s.found_on,
            });
        }
        Ok(out)
    }

    /// Registers candidates (`ids`, or with `None` every candidate that meets a rule) with
    /// the route 共有情報方式, their source and today's date, and no consent recorded
    /// ("not yet asked"). All or none, in one transaction. Returns the new person ids.
    pub fn register_candidates(&mut self, ids: Option<&[i64]>) -> Result<Vec<(i64, i64)>> {
        let stored = self.stored_candidates()?;
        let chosen: Vec<i64> = match ids {
            Some(ids) => {
                for id in ids {
                    if !stored.iter().any(|s| s.id == *id) {
                        let registered = candidates::exists(self.conn(), *id)?;
                        return Err(if registered {
                            Error::invalid("id", format!("candidate {id} is already registered"))
                        } else {
                            Error::NotFound {
                                what: "candidate",
                                id: *id,
                            }
                        });
                    }
                }
                ids.to_vec()
            }
            None => self
                .candidates()?
                .into_iter()
                .filter(|c| !c.reasons.is_empty())
                .map(|c| c.id)
                .collect(),
        };
        let today = self.clock().today();
        let mut people = Vec::new();
        for s in stored.into_iter().filter(|s| chosen.contains(&s.id)) {
            let mut p = Person::from_json(&s.document).map_err(Error::Invalid)?;
            p.registration.route = RegistrationRoute::SharedInformation;
            p.registration.source = s.source.clone();
            p.registration.date = Some(today.to_string());
            normalise_person(&mut p, today)?;
            people.push((s.id, p));
        }
        self.write(|tx| {
            let now = tx.stamp();
            let mut out = Vec::new();
            for (cid, p) in &people {
                let pid = persons::insert(tx.conn(), p, tx.now())?;
                candidates::registered(tx.conn(), *cid, pid, &now)?;
                tx.audit(
                    "candidate.register",
                    "person",
                    Some(pid),
                    &format!("candidate={cid} route=shared-information"),
                )?;
                out.push((*cid, pid));
            }
            Ok(out)
        })
    }
}
