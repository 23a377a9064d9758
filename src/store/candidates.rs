//! The shared-information route (共有情報方式): candidates staged by an import, the
//! criteria rules stored in the roster, and registering candidates with consent not yet
//! asked (so they are on the officers' worklists but on no normal-time list).

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{persons, Cached, Roster};
use crate::error::{Error, Result, SqlContext};
use crate::model::validate::normalise_person;
use crate::model::{Person, RegistrationRoute};
use crate::priority::{eligibility, Facts, Rule, RULES};

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

struct Stored {
    id: i64,
    import_id: i64,
    file_row: i64,
    document: String,
    source: String,
    found_on: String,
}

impl Roster {
    /// The criteria rules.
    pub fn eligibility_rules(&self) -> Result<Vec<Rule>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rule, enabled, threshold FROM eligibility_rules ORDER BY rowid")
            .ctx("reading the criteria")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Rule {
                    rule: r.get(0)?,
                    enabled: r.get(1)?,
                    threshold: r.get(2)?,
                })
            })
            .ctx("reading the criteria")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading the criteria")
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
            tx.conn()
                .exec(
                    "UPDATE eligibility_rules SET enabled = coalesce(?2, enabled),
                                                  threshold = coalesce(?3, threshold)
                     WHERE rule = ?1",
                    params![rule, enabled, threshold],
                )
                .ctx("changing a rule")?;
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
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT id, import_id, file_row, document, source, found_on FROM candidates
                 WHERE person_id IS NULL AND registered_at IS NULL ORDER BY id",
            )
            .ctx("reading candidates")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    import_id: r.get(1)?,
                    file_row: r.get(2)?,
                    document: r.get(3)?,
                    source: r.get(4)?,
                    found_on: r.get(5)?,
                })
            })
            .ctx("reading candidates")?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .ctx("reading candidates")
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
                        let registered: Option<i64> = self
                            .conn()
                            .row("SELECT id FROM candidates WHERE id = ?1", [id], |r| {
                                r.get(0)
                            })
                            .optional()
                            .ctx("reading a candidate")?;
                        return Err(match registered {
                            Some(_) => Error::invalid(
                                "id",
                                format!("candidate {id} is already registered"),
                            ),
                            None => Error::NotFound {
                                what: "candidate",
                                id: *id,
                            },
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
                tx.conn()
                    .exec(
                        "UPDATE candidates SET person_id = ?2, registered_at = ?3 WHERE id = ?1",
                        params![cid, pid, now],
                    )
                    .ctx("registering a candidate")?;
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
