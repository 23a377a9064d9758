//! The share preview: exactly who, and which fields, a recipient would get now — the
//! policy's decision for every person of the cut, read in one pass.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{ConsentBasis, Person, Recipient, RecipientKind};
use crate::policy::consent::jst_date;
use crate::policy::project::{project, FieldValues};
use crate::policy::{
    decide, Field, FieldProfile, FieldSet, Mode, PersonFacts, ReasonCode, RecipientFacts,
    SharePurpose,
};
use crate::store::disaster::{self, DisasterStatus};
use crate::store::facts::{self, Needs};
use crate::store::{places, recipients, settings, Roster};

/// One person on the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedPerson {
    /// The person's id.
    pub person_id: i64,
    /// Why they are on it, in Japanese.
    pub reason: String,
    /// Why, as a token.
    pub reason_code: ReasonCode,
    /// Why, in English.
    pub reason_en: String,
    /// On the list only because disaster mode is on, or on a disaster-time list.
    pub marked_disaster: bool,
    /// Would be on a normal-time list too.
    pub normally_included: bool,
    /// Fields of the list withheld for this person (address protection).
    pub withheld: FieldSet,
    /// The fields, keyed by field token: exactly what the recipient gets.
    pub fields: FieldValues,
}

/// One person of the cut who is not on the list: id and reason only, never their data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedPerson {
    /// The person's id.
    pub person_id: i64,
    /// Why not, in Japanese.
    pub reason: String,
    /// Why not, as a token.
    pub reason_code: ReasonCode,
    /// Why not, in English.
    pub reason_en: String,
}

/// What a recipient would get now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharePreview {
    /// The recipient.
    pub recipient: Recipient,
    /// Roster list or plans.
    pub purpose: SharePurpose,
    /// The district the list is cut to (the recipient's own unless another was asked for).
    pub district: Option<String>,
    /// Normal or disaster.
    pub mode: Mode,
    /// True when the list is a disaster-time list (it must say so wherever it goes).
    pub marked_disaster: bool,
    /// Disaster mode, when on: since when, until when, why, by whom.
    pub disaster: Option<DisasterStatus>,
    /// The municipality's basis for normal-time sharing.
    pub basis: ConsentBasis,
    /// The recipient's list profile.
    pub profile: FieldProfile,
    /// The list's columns (the profile, plus the plan for plans, minus what this recipient
    /// must never get).
    pub columns: FieldSet,
    /// The instant the decision was made for.
    pub at: String,
    /// How many are on the list.
    pub included_count: usize,
    /// How many of the cut are not.
    pub excluded_count: usize,
    /// The list.
    pub included: Vec<SharedPerson>,
    /// For the officers: who is left off and why (ids and reasons only).
    pub excluded: Vec<ExcludedPerson>,
}

/// Everyone of a cut with the rule's decision for them, and what the decision was made
/// under. Persons the rule includes carry the rows their fields need (all rows with
/// `full`); excluded persons carry only their main row. A cut read [`Read::Shown`] holds
/// only the columns the list shows (and those every list needs) of each main row.
/// [`cut_each`] makes each person into something else (`P`) as they are read.
pub(crate) struct Cut<P = (Person, crate::policy::Decision)> {
    pub recipient: Recipient,
    pub district_name: Option<String>,
    pub district_id: Option<i64>,
    /// The 自治会 the cut is narrowed to: the recipient's own, else the one asked for.
    pub association: Option<String>,
    pub mode: Mode,
    pub status: DisasterStatus,
    pub settings: crate::policy::SharingSettings,
    pub today: chrono::NaiveDate,
    pub people: Vec<P>,
}

impl<P> Cut<P> {
    /// The same cut with its people made into `people`.
    fn with<Q>(self, people: Vec<Q>) -> Cut<Q> {
        Cut {
            recipient: self.recipient,
            district_name: self.district_name,
            district_id: self.district_id,
            association: self.association,
            mode: self.mode,
            status: self.status,
            settings: self.settings,
            today: self.today,
            people,
        }
    }
}

/// The part of the town a list is asked for: a district, and within it a 自治会.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Area<'a> {
    pub district: Option<&'a str>,
    pub association: Option<&'a str>,
    /// Only this person of the area (one person's plan sheet): the rule is the same, and
    /// only their record and consents are read.
    pub person: Option<i64>,
}

/// The area recipient `r` may be given: what was asked for, within the recipient's own
/// district and 自治会. A recipient serving a district (or one 自治会) is never given
/// another's people, whatever is asked.
fn area_of(r: &Recipient, asked: Area<'_>) -> Result<(Option<String>, Option<String>)> {
    let id = r.id.unwrap_or_default();
    if let (Some(own), Some(other)) = (r.district.as_deref(), asked.district) {
        if own != other.trim() {
            return Err(Error::invalid(
                "district",
                format!("recipient {id} serves {own} only; its lists cannot hold another district's people"),
            ));
        }
    }
    if let (Some(own), Some(other)) = (r.association.as_deref(), asked.association) {
        if own != other.trim() {
            return Err(Error::invalid(
                "association",
                format!("recipient {id} serves 「{own}」 only; its lists cannot hold another 自治会's people"),
            ));
        }
    }
    let district = r
        .district
        .clone()
        .or(asked.district.map(|d| d.trim().to_string()));
    let association = r
        .association
        .clone()
        .or(asked.association.map(|a| a.trim().to_string()));
    Ok((district, association))
}

/// Decides, for every person of the cut, what recipient `recipient_id` would get at the
/// transaction's instant for `purpose`. The cut is the recipient's own area (district,
/// 自治会) narrowed by what is `asked`; a town-wide recipient's is `asked`, else everyone.
/// A retired recipient is given nothing.
pub(crate) fn cut(
    tx: &crate::store::Tx<'_>,
    recipient_id: i64,
    purpose: SharePurpose,
    asked: Area<'_>,
    full: bool,
) -> Result<Cut> {
    let read = if full {
        Read::Everything
    } else {
        Read::MainRow
    };
    cut_reading(tx, recipient_id, purpose, asked, read)
}

/// How much of each person's record a cut reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Read {
    /// The whole main row, and the rows (devices, contacts, plan…) the list's fields need.
    MainRow,
    /// Everything: the whole main row and all of the person's rows.
    Everything,
    /// Only what the recipient's list can show (its columns) and what every list needs
    /// (see `facts::persons`): the rest of the record stays empty.
    Shown,
}

/// [`cut`], reading `read` of each record. The decision is the same whatever is read:
/// it is made from the consents, the plan and the address protection, all always read.
pub(crate) fn cut_reading(
    tx: &crate::store::Tx<'_>,
    recipient_id: i64,
    purpose: SharePurpose,
    asked: Area<'_>,
    read: Read,
) -> Result<Cut> {
    let mut cut = cut_each(tx, recipient_id, purpose, asked, read, |person, d| {
        (person, d)
    })?;
    let wanted = if read == Read::Everything {
        FieldSet::all()
    } else {
        cut.people
            .iter()
            .filter(|(_, d)| d.included)
            .fold(FieldSet::EMPTY, |acc, (_, d)| acc.union(d.fields))
    };
    let mut to_fill: Vec<&mut Person> = cut
        .people
        .iter_mut()
        .filter(|(_, d)| d.included)
        .map(|(p, _)| p)
        .collect();
    facts::attach(tx.conn(), needs_of(wanted), &mut to_fill)?;
    Ok(cut)
}

/// The rows of their own a list's `fields` need read beside the main rows.
fn needs_of(fields: FieldSet) -> Needs {
    Needs {
        devices: fields.contains(Field::MedicalDevices),
        needs: fields.contains(Field::CommunicationNeeds),
        contacts: fields.contains(Field::EmergencyContacts),
        members: fields.contains(Field::HouseholdMembers),
        supporters: fields.contains(Field::Supporters),
        plan: fields.contains(Field::Plan),
    }
}

/// Everyone of the cut of [`cut_reading`] with the rule's decision, each made into
/// `make(person, decision)` as their row is read (on the thread building the records: see
/// `facts::persons`), without the rows of their own (devices, contacts, plan…).
pub(crate) fn cut_each<P: Send>(
    tx: &crate::store::Tx<'_>,
    recipient_id: i64,
    purpose: SharePurpose,
    asked: Area<'_>,
    read: Read,
    mut make: impl FnMut(Person, crate::policy::Decision) -> P + Send,
) -> Result<Cut<P>> {
    let conn = tx.conn();
    let now = tx.now();
    let recipient = recipients::load_active(conn, recipient_id)?;
    if recipient.kind == RecipientKind::CareOffice {
        return Err(Error::invalid(
            "recipient",
            format!("recipient {recipient_id} is a care office (事業所): it is never given a list or plan sheets of the roster, only the papers of the people commissioned to it (`yorisoi commission …`)"),
        ));
    }
    if recipient.kind == RecipientKind::Shelter && purpose == SharePurpose::Plan {
        return Err(Error::invalid(
            "recipient",
            format!("recipient {recipient_id} is a shelter's operator: it is given the list of the people expected at its shelter (`print list --shelter ID`), not plan sheets"),
        ));
    }
    let (district_name, association) = area_of(&recipient, asked)?;
    let district_id = match &district_name {
        Some(name) => Some(places::known_district_id(conn, name)?),
        None => None,
    };
    let settings = settings::load(conn)?;
    let status = disaster::status(conn, now)?;
    let mode = if status.on {
        Mode::Disaster
    } else {
        Mode::Normal
    };
    let kind: RecipientKind = recipient.kind;
    let recipient_facts = RecipientFacts {
        id: recipient_id,
        kind,
    };
    let shown = match read {
        Read::Shown => Some(settings.fields_for(recipient_id, purpose)),
        Read::MainRow | Read::Everything => None,
    };
    let consents = facts::scope_consents(conn, purpose.consent_purpose(), kind, asked.person)?;
    // The rule decides for each person as their row is read.
    let people = facts::persons(
        conn,
        district_id,
        association.as_deref(),
        asked.person,
        shown,
        |person, has_plan| {
            let id = person.id.unwrap_or(0);
            let facts = PersonFacts {
                person_id: id,
                archived: person.archived.is_some(),
                address_protected: person.address_protected,
                location_released: false,
                has_plan,
                consents: consents.of(id),
            };
            let decision = decide(&facts, &recipient_facts, purpose, mode, &settings, now);
            make(person, decision)
        },
    )?;
    drop(consents);
    Ok(Cut {
        recipient,
        district_name,
        district_id,
        association,
        mode,
        status,
        settings,
        today: jst_date(now),
        people,
    })
}

/// One person of a share preview: on the list with the fields they would be given, or
/// left off with the reason.
enum Entry {
    On(SharedPerson),
    Off(ExcludedPerson),
}

impl Entry {
    fn of(person: &Person, d: crate::policy::Decision, today: chrono::NaiveDate) -> Entry {
        let person_id = person.id.unwrap_or(0);
        if d.included {
            Entry::On(SharedPerson {
                person_id,
                reason: d.reason.ja,
                reason_code: d.reason.code,
                reason_en: d.reason.en,
                marked_disaster: d.marked_disaster,
                normally_included: d.normally_included,
                withheld: d.withheld,
                fields: project(person, d.fields, today),
            })
        } else {
            Entry::Off(ExcludedPerson {
                person_id,
                reason: d.reason.ja,
                reason_code: d.reason.code,
                reason_en: d.reason.en,
            })
        }
    }
}

impl Roster {
    /// Decides, for every person of the cut, what recipient `recipient_id` would get now
    /// for `purpose`. The cut is the recipient's own area (district, 自治会); a town-wide
    /// recipient's is `district` (by name), else everyone. Asking a district recipient for
    /// another district is refused. Audited `share.preview` with the recipient, mode and
    /// counts.
    pub fn share_preview(
        &mut self,
        recipient_id: i64,
        purpose: SharePurpose,
        district: Option<&str>,
    ) -> Result<SharePreview> {
        self.note(|tx| {
            let area = Area {
                district,
                association: None,
                person: None,
            };
            // The records read only for the columns the list shows; when those need no rows
            // of their own (devices, contacts, supporters, plan), each person is projected
            // as their row is read and their record dropped there: the whole town's
            // records are never held.
            let columns = settings::load(tx.conn())?.fields_for(recipient_id, purpose);
            let entries = if needs_of(columns) == Needs::default() {
                let today = jst_date(tx.now());
                cut_each(tx, recipient_id, purpose, area, Read::Shown, |p, d| {
                    Entry::of(&p, d, today)
                })?
            } else {
                let mut cut = cut_reading(tx, recipient_id, purpose, area, Read::Shown)?;
                let today = cut.today;
                let mut people = std::mem::take(&mut cut.people);
                let mut entries = Vec::with_capacity(people.len());
                // Each record is dropped once projected, from the end of the list, and the
                // list gives back its room as it goes: the records of the whole town and
                // their projections are never all held at once. Put back in order below.
                while let Some((person, d)) = people.pop() {
                    if people.len() % 16_384 == 0 {
                        people.shrink_to_fit();
                    }
                    entries.push(Entry::of(&person, d, today));
                }
                entries.reverse();
                cut.with(entries)
            };
            let Cut {
                recipient,
                district_name,
                district_id,
                association: _,
                mode,
                status,
                settings,
                today: _,
                people,
            } = entries;
            let mut included = Vec::new();
            let mut excluded = Vec::new();
            for entry in people {
                match entry {
                    Entry::On(p) => included.push(p),
                    Entry::Off(p) => excluded.push(p),
                }
            }
            let detail = format!(
                "purpose={},mode={},district={},included={},excluded={}",
                purpose.token(),
                if mode == Mode::Disaster {
                    "disaster"
                } else {
                    "normal"
                },
                district_id.map_or("-".to_string(), |d| d.to_string()),
                included.len(),
                excluded.len()
            );
            tx.audit("share.preview", "recipient", Some(recipient_id), &detail)?;
            Ok(SharePreview {
                profile: settings.profile_of(recipient_id),
                columns: settings.fields_for(recipient_id, purpose),
                recipient,
                purpose,
                district: district_name,
                mode,
                marked_disaster: mode == Mode::Disaster,
                disaster: Some(status).filter(|s| s.on),
                basis: settings.basis,
                at: tx.stamp(),
                included_count: included.len(),
                excluded_count: excluded.len(),
                included,
                excluded,
            })
        })
    }
}

#[cfg(test)]
mod tests;
