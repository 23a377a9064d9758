//! The plan handed out as a spreadsheet and read back (#21): a per-person XLSX form with
//! the plan's items filled in, which comes back filled in and is read as a change to
//! review — old → new per field — exactly like a change an import found: nothing changes
//! until an officer accepts it (`import review accept`), and accepting goes through
//! [`Roster::accept_change`](crate::store::Roster::accept_change), which writes a field only
//! while it still holds its old value.
//!
//! **Handing out** ([`Roster::issue_form`]): the form holds whose it is (氏名, ID), the
//! plan's destinations (at least [`fields::MIN_DESTINATIONS`] slots, one more than the plan
//! has), route, means, departure timing, warning contact and method, what to do when the
//! person cannot be reached, who drafted it and the plan's dates; coded fields have
//! drop-down lists of their Japanese labels. A person with a commission under way gets it
//! named on the form and in the key; a commission is not needed (the officer may hand the
//! form to the person's family or fill it in at a visit). The file is an export: written
//! new (never over a file), unencrypted, audited `commission.form` (ids and counts only).
//! An archived person gets no form.
//!
//! **The key**: a very hidden sheet holds the form's serial, its person, its commission and
//! an HMAC-SHA256 over them made with a secret kept inside the encrypted roster (made with
//! the first form). So a form whose key was altered, or that another roster handed out, does
//! not verify.
//!
//! **Reading back** ([`Roster::read_form`]) refuses, writing nothing (not even an audit
//! row): a file that is not an XLSX workbook or is damaged; a workbook that is not a form; a
//! key that does not verify; a form whose shown 様式番号 or ID is not its key's (the sheet of
//! one form with the key of another: another person's form); a form of a person other than
//! the one asked for (`person`); an archived person; a form whose earlier read still waits
//! for a decision; a form whose rows were changed; a value that cannot be read (a choice not
//! in the list, a date that is not a date, a destination without 種類 or 名称). Otherwise a
//! field becomes a change when the form's value differs both from what the form was filled
//! in with (so a field the office left alone never undoes a change made in the roster
//! since) and from the roster's value now (old). A form with changes is recorded as an
//! import of one row with one change to review; one without is recorded as read. Audited
//! `commission.form-read`.

mod fields;
mod key;
mod sheet;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::validate::normalise_person;
use crate::model::Person;
use crate::printing::Destination;
use crate::store::commission_forms::{self, FormRead, NewForm, SECRET_LEN};
use crate::store::commissions::{self, Filter};
use crate::store::imports::FieldChange;
use crate::store::{persons, settings, Roster};

pub use fields::{FormField, MAX_DESTINATIONS, MIN_DESTINATIONS, PREFIX};
pub use sheet::MAX_FORM_BYTES;

/// A form handed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedForm {
    /// The form's serial (様式番号).
    pub form_id: i64,
    /// Whose plan it holds.
    pub person_id: i64,
    /// The commission under way for the person when it was handed out, if one.
    pub commission_id: Option<i64>,
    /// Fields on the form.
    pub fields: usize,
    /// Destination slots among them.
    pub destinations: usize,
    /// SHA-256 of the file.
    pub sha256: String,
    /// Bytes written.
    pub bytes: usize,
}

/// A form read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormReading {
    /// The form's serial (様式番号).
    pub form_id: i64,
    /// Whose plan it holds.
    pub person_id: i64,
    /// The commission named in its key, if one.
    pub commission_id: Option<i64>,
    /// The change to review it made (`import review`), when it found changes.
    pub change_id: Option<i64>,
    /// The changes found, old → new.
    pub changes: Vec<FieldChange>,
}

/// True when `token` is a form field's (a change to the plan read from a form).
pub fn is_form_field(token: &str) -> bool {
    token.starts_with(PREFIX)
}

impl Roster {
    /// Hands out person `person_id`'s plan form: the workbook is staged at `to` inside the
    /// transaction that records it (and its audit row `commission.form`), and given its
    /// name once that committed. The file is NOT encrypted: the caller must say so.
    pub fn issue_form(&mut self, person_id: i64, to: &mut dyn Destination) -> Result<IssuedForm> {
        let result = self.write(|tx| {
            let conn = tx.conn();
            if persons::is_archived(conn, person_id)? {
                return Err(Error::invalid(
                    "--person",
                    format!("person {person_id} is archived: no plan form is handed out for them"),
                ));
            }
            let person = persons::load(conn, person_id)?;
            let plan = person.plan.as_ref();
            let have = plan.map_or(0, |p| p.destinations.len());
            if have > MAX_DESTINATIONS {
                return Err(Error::invalid(
                    "--person",
                    format!("person {person_id}'s plan has {have} destinations; a form holds {MAX_DESTINATIONS} at most"),
                ));
            }
            let slots = (have + 1).clamp(MIN_DESTINATIONS, MAX_DESTINATIONS);
            let values: Vec<(FormField, String)> = FormField::all(slots)
                .into_iter()
                .map(|f| (f, f.get(plan)))
                .collect();
            let stored: Vec<(String, &str)> =
                values.iter().map(|(f, v)| (f.token(), v.as_str())).collect();
            let stored = serde_json::to_string(&stored)
                .map_err(|_| Error::invalid("form", "cannot be stored"))?;
            let commission = commissions::under_way_for(conn, person_id)?;
            let commission_line = match commission {
                Some(c) => {
                    let filter = Filter {
                        ids: vec![c],
                        ..Filter::default()
                    };
                    let office = commissions::list(conn, &filter)?
                        .pop()
                        .map(|c| c.office_name)
                        .unwrap_or_default();
                    format!("委託番号 {c}（{office}）")
                }
                None => "なし".to_string(),
            };
            let secret = match commission_forms::secret(conn)? {
                Some(s) => s,
                None => {
                    let s = new_secret()?;
                    commission_forms::put_secret(conn, &s, &tx.stamp())?;
                    s
                }
            };
            let account = tx.account().to_string();
            let form_id = commission_forms::insert(
                conn,
                &NewForm {
                    person_id,
                    commission_id: commission,
                    fields: &stored,
                    issued_at: &tx.stamp(),
                    issued_by: &account,
                },
            )?;
            let key = sheet::KeyCells {
                version: key::VERSION.to_string(),
                form: form_id,
                person: person_id,
                commission,
                mac: key::make(&secret, form_id, person_id, commission),
            };
            let bytes = sheet::render(&sheet::FormSheet {
                municipality: &settings::municipality(conn)?,
                name: &person.name,
                commission: &commission_line,
                issued: tx.now(),
                fields: &values,
                key: &key,
            })?;
            to.stage(&bytes, Some(&format!("form-{form_id}")))?;
            tx.audit(
                "commission.form",
                "commission_form",
                Some(form_id),
                &format!(
                    "person={person_id},commission={},fields={},destinations={slots},unencrypted=true",
                    commission.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
                    values.len()
                ),
            )?;
            Ok(IssuedForm {
                form_id,
                person_id,
                commission_id: commission,
                fields: values.len(),
                destinations: slots,
                sha256: hex::encode(Sha256::digest(&bytes)),
                bytes: bytes.len(),
            })
        });
        let issued = match result {
            Ok(i) => i,
            Err(e) => {
                to.discard();
                return Err(e);
            }
        };
        to.publish().map_err(|u| Error::Io {
            context: "the plan form is recorded (audit commission.form), but its file could not be given its name; the whole form is in",
            path: u.staged,
            source: u.source,
        })?;
        Ok(issued)
    }

    /// Reads a filled plan form (`bytes`, an XLSX workbook) back as a change to review
    /// (see the module's documentation for what is refused and what is a change). With
    /// `person`, the form must be that person's. Nothing is written when it is refused.
    pub fn read_form(&mut self, bytes: &[u8], person: Option<i64>) -> Result<FormReading> {
        let filled = sheet::read(bytes)?;
        let k = filled.key.clone();
        if k.version != key::VERSION {
            return Err(Error::invalid(
                "file",
                format!("is a plan form of layout {:?}, which this Yorisoi does not read; nothing was read. Hand out a new form", k.version),
            ));
        }
        let sha = hex::encode(Sha256::digest(bytes));
        let today = self.clock().today();
        self.write(|tx| {
            let conn = tx.conn();
            let verified = commission_forms::secret(conn)?
                .is_some_and(|s| key::verify(&s, k.form, k.person, k.commission, &k.mac));
            let row = commission_forms::load(conn, k.form)?;
            let row = match row {
                Some(r) if verified && r.person_id == k.person && r.commission_id == k.commission => r,
                _ => return Err(altered()),
            };
            if filled.shown_serial != k.form.to_string() || filled.shown_id != k.person.to_string() {
                return Err(Error::invalid(
                    "file",
                    format!(
                        "the form shows 様式番号 {} and ID {}, but its key is form {}'s of person {}: the sheet of one person's form was put with the key of another. Nothing was read; ask for the form as it was handed out",
                        show(&filled.shown_serial), show(&filled.shown_id), k.form, k.person
                    ),
                ));
            }
            if let Some(p) = person.filter(|p| *p != k.person) {
                return Err(Error::invalid(
                    "--person",
                    format!("this is person {}'s plan form (様式 {}), not person {p}'s; nothing was read. Check whose file it is", k.person, k.form),
                ));
            }
            if persons::is_archived(conn, k.person)? {
                return Err(Error::invalid(
                    "file",
                    format!("form {} is person {}'s, who is archived; nothing was read", k.form, k.person),
                ));
            }
            if let Some(c) = commission_forms::pending_change(conn, k.form)? {
                return Err(Error::invalid(
                    "file",
                    format!("form {} was read before and its change {c} waits for a decision; nothing was read. Accept or reject it first (`yorisoi import review accept {c}` or `reject {c}`)", k.form),
                ));
            }
            let issued = issued_fields(&row.fields)?;
            let values = read_values(&issued, &filled.cells, k.form)?;
            let values = fields::close_up(&values).map_err(|r| {
                Error::invalid("file", format!("{r}; nothing was read: correct the form and read it again"))
            })?;
            let mut current = persons::load(conn, k.person)?;
            let changes: Vec<FieldChange> = values
                .iter()
                .zip(&issued)
                .filter_map(|((f, new), (_, was))| {
                    let old = f.get(current.plan.as_ref());
                    (new != was && *new != old).then(|| FieldChange {
                        column: f.token(),
                        old,
                        new: new.clone(),
                        cell: new.clone(),
                    })
                })
                .collect();
            if !changes.is_empty() {
                // Accepting must be able to write it: the same checks now.
                let refs: Vec<&FieldChange> = changes.iter().collect();
                apply_changes(&mut current, k.person, &refs)?;
                normalise_person(&mut current, today)?;
            }
            let account = tx.account().to_string();
            let route = current.registration.route.token();
            let change_id = commission_forms::record_read(
                conn,
                &FormRead {
                    form_id: k.form,
                    person_id: k.person,
                    file_sha256: &sha,
                    route,
                    changes: &changes,
                    read_at: &tx.stamp(),
                    read_by: &account,
                },
            )?;
            tx.audit(
                "commission.form-read",
                "commission_form",
                Some(k.form),
                &format!(
                    "person={},commission={},changes={},change={}",
                    k.person,
                    k.commission.map(|c| c.to_string()).unwrap_or_else(|| "-".into()),
                    changes.len(),
                    change_id.map(|c| c.to_string()).unwrap_or_else(|| "-".into())
                ),
            )?;
            Ok(FormReading {
                form_id: k.form,
                person_id: k.person,
                commission_id: k.commission,
                change_id,
                changes,
            })
        })
    }
}

/// Writes the form changes `changes` of person `pid` (accepting a change to review): each
/// field must still hold its old value, else the roster changed since the form was read
/// and the change is refused.
pub(crate) fn apply_changes(person: &mut Person, pid: i64, changes: &[&FieldChange]) -> Result<()> {
    let mut parsed = Vec::with_capacity(changes.len());
    for c in changes {
        let field = FormField::from_token(&c.column).ok_or_else(|| {
            Error::Integrity("a stored change names an unknown plan field".to_string())
        })?;
        if field.get(person.plan.as_ref()) != c.old {
            return Err(Error::invalid(
                "id",
                format!("person {pid}'s {} changed after the form was read; reject this change and read the form again", field.label()),
            ));
        }
        let value = field
            .normalise(&c.cell)
            .map_err(|reason| Error::invalid(field.label(), reason))?;
        parsed.push((field, value));
    }
    person.plan = fields::apply(person.plan.as_ref(), &parsed)
        .map_err(|reason| Error::invalid("plan", reason))?;
    Ok(())
}

fn new_secret() -> Result<zeroize::Zeroizing<Vec<u8>>> {
    use rand::TryRngCore;
    let mut s = zeroize::Zeroizing::new(vec![0u8; SECRET_LEN]);
    rand::rngs::OsRng
        .try_fill_bytes(&mut s)
        .map_err(|_| Error::Integrity("the system's random generator failed".to_string()))?;
    Ok(s)
}

fn altered() -> Error {
    Error::invalid(
        "file",
        "the form's key does not verify: the form was altered after it was handed out (its key, serial, person or commission), or another roster handed it out. Nothing was read; ask for the form as it was handed out, or hand out a new one (`yorisoi commission form --person ID --out FILE.xlsx`)",
    )
}

/// A shown value for a message (what the form shows: a serial or an id, no personal data).
fn show(s: &str) -> String {
    if s.is_empty() {
        "（空）".to_string()
    } else {
        s.chars().take(20).collect()
    }
}

/// The fields form `form` was filled in with, as stored.
fn issued_fields(stored: &str) -> Result<Vec<(FormField, String)>> {
    let pairs: Vec<(String, String)> = serde_json::from_str(stored)
        .map_err(|_| Error::Integrity("a plan form's stored fields cannot be read".to_string()))?;
    pairs
        .into_iter()
        .map(|(t, v)| {
            FormField::from_token(&t).map(|f| (f, v)).ok_or_else(|| {
                Error::Integrity("a plan form's stored field is unknown".to_string())
            })
        })
        .collect()
}

/// The form's cells for the fields it was handed out with, normalised: each field's row
/// must be there once, and no other.
fn read_values(
    issued: &[(FormField, String)],
    cells: &[(String, String)],
    form: i64,
) -> Result<Vec<(FormField, String)>> {
    let changed_rows = |what: String| {
        Error::invalid(
            "file",
            format!("the rows of form {form} were changed ({what}); nothing was read. Fill in the form as it was handed out (its rows as they are), or hand out a new one"),
        )
    };
    for (token, _) in cells {
        if !issued.iter().any(|(f, _)| f.token() == *token) {
            return Err(changed_rows("a row that is not the form's".to_string()));
        }
    }
    let mut out = Vec::with_capacity(issued.len());
    for (f, _) in issued {
        let token = f.token();
        let mut found = cells.iter().filter(|(t, _)| *t == token);
        let cell = match (found.next(), found.next()) {
            (Some((_, cell)), None) => cell,
            (None, _) => {
                return Err(changed_rows(format!(
                    "the row 「{}」 is missing",
                    f.label()
                )))
            }
            (Some(_), Some(_)) => {
                return Err(changed_rows(format!(
                    "the row 「{}」 is there twice",
                    f.label()
                )))
            }
        };
        let value = f.normalise(cell).map_err(|reason| {
            Error::invalid(
                f.label(),
                format!("{reason}; nothing was read: correct the form and read it again"),
            )
        })?;
        out.push((*f, value));
    }
    Ok(out)
}
