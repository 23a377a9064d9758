//! The roster's public operations on persons, supporters, recipients and consents. Each
//! write validates first, then changes and audits in one transaction.

mod trail;

use crate::error::{Error, Result};
use crate::model::validate::{normalise_person, parse_date_field};
use crate::model::*;
use crate::policy;
use crate::store::audit::{self, AuditEntry};
use crate::store::places::{self, District};
use crate::store::{consents, persons, recipients, settings, supporters, Roster};

impl Roster {
    /// Adds a person from a document (its `id` and read-only fields are ignored).
    pub fn add_person(&mut self, mut person: Person) -> Result<i64> {
        normalise_person(&mut person, self.clock().today())?;
        self.write(|tx| {
            let id = persons::insert(tx.conn(), &person, tx.now())?;
            tx.audit("person.add", "person", Some(id), "")?;
            Ok(id)
        })
    }

    /// Replaces person `id`'s record with `person` (its supporters and archive state stay).
    pub fn update_person(&mut self, id: i64, mut person: Person) -> Result<()> {
        normalise_person(&mut person, self.clock().today())?;
        self.write(|tx| {
            let before = persons::load(tx.conn(), id)?;
            persons::update(tx.conn(), id, &person, tx.now())?;
            let after = persons::load(tx.conn(), id)?;
            tx.audit(
                "person.update",
                "person",
                Some(id),
                &changed_fields(&before, &after),
            )
        })
    }

    /// Loads the full record of person `id` and audits the view (a detailed record was seen).
    pub fn view_person(&mut self, id: i64) -> Result<Person> {
        self.note(|tx| {
            let p = persons::load(tx.conn(), id)?;
            tx.audit("person.view", "person", Some(id), "")?;
            Ok(p)
        })
    }

    /// Lists persons (summaries only; not audited as a view of a detailed record).
    pub fn list_persons(&self, query: &PersonQuery) -> Result<Vec<PersonSummary>> {
        persons::list(self.conn(), query, self.clock().today())
    }

    /// Archives person `id` with a reason and date (today when `on` is `None`).
    pub fn archive_person(
        &mut self,
        id: i64,
        reason: ArchiveReason,
        on: Option<&str>,
        note: &str,
    ) -> Result<()> {
        let today = self.clock().today();
        let on = match on {
            Some(d) => parse_date_field("on", d)?,
            None => today,
        };
        if on > today {
            return Err(Error::invalid("on", "is in the future"));
        }
        self.write(|tx| {
            persons::archive(
                tx.conn(),
                id,
                reason,
                &on.to_string(),
                note.trim(),
                &tx.stamp(),
            )?;
            tx.audit("person.archive", "person", Some(id), reason.token())
        })
    }

    /// Brings archived person `id` back onto the roster.
    pub fn restore_person(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            persons::restore(tx.conn(), id, &tx.stamp())?;
            tx.audit("person.restore", "person", Some(id), "")
        })
    }

    /// Districts with head-counts.
    pub fn districts(&self) -> Result<Vec<District>> {
        places::list_districts(self.conn())
    }

    /// The 自治会 of district `district` by name (none for a district not on the roster):
    /// what a recipient can be bound to and a list can be cut to.
    pub fn associations(&self, district: &str) -> Result<Vec<String>> {
        match places::district_id(self.conn(), district.trim())? {
            Some(id) => places::association_names(self.conn(), id),
            None => Ok(Vec::new()),
        }
    }

    /// Adds a supporter.
    pub fn add_supporter(&mut self, supporter: &Supporter) -> Result<i64> {
        self.write(|tx| {
            let id = supporters::insert(tx.conn(), supporter, &tx.stamp())?;
            tx.audit("supporter.add", "supporter", Some(id), "")?;
            Ok(id)
        })
    }

    /// All supporters with their load.
    pub fn supporters(&self) -> Result<Vec<Supporter>> {
        supporters::list(self.conn())
    }

    /// Assigns a supporter to a person (last in order); returns the position.
    pub fn assign_supporter(
        &mut self,
        person_id: i64,
        supporter_id: i64,
        role: &str,
    ) -> Result<u32> {
        self.write(|tx| {
            let pos =
                supporters::assign(tx.conn(), person_id, supporter_id, role.trim(), &tx.stamp())?;
            tx.audit(
                "supporter.assign",
                "person",
                Some(person_id),
                &format!("supporter={supporter_id}"),
            )?;
            Ok(pos)
        })
    }

    /// Removes a supporter from a person; the person's plan, which named them, needs a
    /// review (要見直し: `supporter-retired`).
    pub fn unassign_supporter(&mut self, person_id: i64, supporter_id: i64) -> Result<()> {
        self.write(|tx| {
            supporters::unassign(tx.conn(), person_id, supporter_id)?;
            crate::store::plan_review::raise(
                tx.conn(),
                person_id,
                "supporter-retired",
                &format!("supporter:{supporter_id}"),
                &tx.stamp(),
            )?;
            tx.audit(
                "supporter.unassign",
                "person",
                Some(person_id),
                &format!("supporter={supporter_id}"),
            )
        })
    }

    /// Records a supporter's own answer to being named in a plan or receiving it.
    pub fn record_supporter_consent(&mut self, consent: &SupporterConsent) -> Result<i64> {
        let operator = self.account().to_string();
        self.write(|tx| {
            let id = supporters::insert_consent(tx.conn(), consent, tx.now(), &operator)?;
            let detail = format!(
                "supporter_consent={id},purpose={},answer={}",
                consent.purpose, consent.answer
            );
            tx.audit(
                "supporter.consent",
                "supporter",
                Some(consent.supporter_id),
                &detail,
            )?;
            Ok(id)
        })
    }

    /// A supporter's answers, oldest first.
    pub fn supporter_consent_history(&self, supporter_id: i64) -> Result<Vec<SupporterConsent>> {
        supporters::consent_history(self.conn(), supporter_id)
    }

    /// Adds a recipient.
    pub fn add_recipient(&mut self, recipient: &Recipient) -> Result<i64> {
        if recipient.kind == RecipientKind::CareOffice {
            return Err(Error::invalid(
                "kind",
                "a care office is added with `yorisoi office add` (its kind of office and specialists with it)",
            ));
        }
        self.write(|tx| {
            let id = recipients::insert(tx.conn(), recipient, &tx.stamp())?;
            tx.audit(
                "recipient.add",
                "recipient",
                Some(id),
                recipient.kind.token(),
            )?;
            Ok(id)
        })
    }

    /// Changes recipient `id`'s name, area (district, 自治会), custodian, address or phone;
    /// audited `recipient.update` with the names of the fields that changed. A new
    /// custodian puts the copies issued under the old one on the copies worklist; a new
    /// area changes whom its next lists hold. The kind cannot change.
    pub fn update_recipient(&mut self, id: i64, recipient: &Recipient) -> Result<()> {
        self.write(|tx| {
            let changed = recipients::update(tx.conn(), id, recipient)?;
            tx.audit(
                "recipient.update",
                "recipient",
                Some(id),
                &format!("fields={}", changed.join(",")),
            )
        })
    }

    /// Retires recipient `id` today (kept for the ledger and the consent history, but
    /// nothing more is printed for it); audited `recipient.retire`. Refused while copies
    /// it holds are still out.
    pub fn retire_recipient(&mut self, id: i64) -> Result<()> {
        let today = self.clock().today();
        self.write(|tx| {
            recipients::retire(tx.conn(), id, today)?;
            tx.audit("recipient.retire", "recipient", Some(id), "")
        })
    }

    /// Recipient `id`, retired or not.
    pub fn recipient(&self, id: i64) -> Result<Recipient> {
        recipients::load(self.conn(), id)
    }

    /// Active recipients.
    pub fn recipients(&self) -> Result<Vec<Recipient>> {
        recipients::list(self.conn())
    }

    /// Records a consent answer (a new row; nothing is overwritten); audited
    /// `consent.record`. The date obtained may not be in the future. A granting answer
    /// given without an expiry date runs for `consent.renewal_months` (none when 0). An
    /// answer for a named recipient must match that recipient's kind.
    pub fn record_consent(&mut self, mut consent: ConsentRecord) -> Result<i64> {
        consents::normalise(&mut consent)?;
        let obtained = parse_date_field("obtained_on", &consent.obtained_on)?;
        if obtained > self.clock().today() {
            return Err(Error::invalid("obtained_on", "is in the future"));
        }
        let operator = self.account().to_string();
        self.write(|tx| {
            if let Some(rid) = consent.recipient_id {
                let r = recipients::load(tx.conn(), rid)?;
                if r.kind != consent.recipient_kind {
                    return Err(Error::invalid(
                        "recipient",
                        format!(
                            "recipient {rid} is a {} recipient, not {}",
                            r.kind, consent.recipient_kind
                        ),
                    ));
                }
            }
            if consent.expires_on.is_none() && policy::consent::grants(consent.answer) {
                let months = settings::load(tx.conn())?.renewal_months;
                consent.expires_on =
                    policy::consent::default_expiry(obtained, months).map(|d| d.to_string());
            }
            let id = consents::insert(tx.conn(), &consent, &tx.stamp(), &operator)?;
            let detail = format!(
                "consent={id},purpose={},recipient_kind={},answer={}",
                consent.purpose, consent.recipient_kind, consent.answer
            );
            tx.audit("consent.record", "person", Some(consent.person_id), &detail)?;
            Ok(id)
        })
    }

    /// A person's consent history, oldest first.
    pub fn consent_history(&self, person_id: i64) -> Result<Vec<ConsentRecord>> {
        consents::history(self.conn(), person_id)
    }

    /// A person's consent history, oldest first, with the view audited
    /// (`consent.history`): who looked at whose answers.
    pub fn view_consent_history(&mut self, person_id: i64) -> Result<Vec<ConsentRecord>> {
        self.note(|tx| {
            let rows = consents::history(tx.conn(), person_id)?;
            tx.audit(
                "consent.history",
                "person",
                Some(person_id),
                &format!("rows={}", rows.len()),
            )?;
            Ok(rows)
        })
    }

    /// The audit log, newest first.
    pub fn audit_log(&self, since: Option<&str>, limit: Option<usize>) -> Result<Vec<AuditEntry>> {
        audit::list(self.conn(), since, None, limit)
    }

    /// The audit trail of one person, newest first.
    pub fn person_audit_trail(&self, person_id: i64) -> Result<Vec<AuditEntry>> {
        audit::list(self.conn(), None, Some(("person", person_id)), None)
    }
}

/// The top-level fields that differ, by name (never their values: the audit log holds no
/// personal data).
fn changed_fields(before: &Person, after: &Person) -> String {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return String::new();
    };
    a.iter()
        .filter(|(k, v)| k.as_str() != "updated_at" && b.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}
