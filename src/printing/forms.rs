//! What goes out to the people themselves: the registration and consent form, and the
//! consent request letters of a mailing. Neither is a copy of list data, so neither is in
//! the copy ledger; letters are recorded so an unanswered one shows on the worklist.

use sha2::{Digest, Sha256};

use super::destination::{settle, Destination};
use super::order::natural;
use super::Printed;
use crate::clock::jst_date;
use crate::error::{Error, Result};
use crate::print::form::ConsentForm;
use crate::print::furniture::{both_dates, finish, Furniture};
use crate::print::glyphs::GlyphCheck;
use crate::print::letter::Letter;
use crate::print::render::{render, DocMeta};
use crate::store::{audit, letters, persons, settings, Roster};

impl Roster {
    /// Prints the registration application and consent form, blank or filled in for
    /// `person` (to hand over or mail; not a copy of list data, so not in the ledger).
    /// Audited `print.form` (with the file's hash): staged at `to`, audited, then
    /// published (see [`Destination`]).
    pub fn print_form(&mut self, person: Option<i64>, to: &mut dyn Destination) -> Result<Printed> {
        let result = self.form_to(person, &mut *to);
        settle(to, result, |_| {
            "the print of the consent form is recorded in the audit log (print.form)".to_string()
        })
    }

    fn form_to(&mut self, person: Option<i64>, save: &mut dyn Destination) -> Result<Printed> {
        self.write(|tx| {
            let today = jst_date(tx.now());
            let municipality = settings::municipality(tx.conn())?;
            let p = person.map(|id| persons::load(tx.conn(), id)).transpose()?;
            let form = ConsentForm {
                person: p.as_ref(),
                municipality: &municipality,
                today,
            };
            let mut g = GlyphCheck::default();
            form.check_glyphs(&mut g);
            g.finish()?;
            let furniture = Furniture {
                title: "避難行動要支援者名簿 登録申請書 兼 個人情報提供同意書".to_string(),
                serial: None,
                subtitle: format!("{}　発行日：{}", municipality, both_dates(today)),
                disaster: None,
                audit_head: audit::head_label(tx.conn())?,
                confidential: p.is_some(),
            };
            let mut pages = form.layout(&furniture);
            finish(&mut pages, &furniture);
            let bytes = render(
                &pages,
                &DocMeta {
                    title: &furniture.title,
                    created: tx.now(),
                },
            );
            let sha256 = hex::encode(Sha256::digest(&bytes));
            save.stage(&bytes, None)?;
            tx.audit(
                "print.form",
                "person",
                person,
                &format!(
                    "blank={},pages={},sha256={sha256}",
                    person.is_none(),
                    pages.len()
                ),
            )?;
            Ok(Printed {
                serial: None,
                pages: pages.len(),
                persons: usize::from(person.is_some()),
                excluded: 0,
                unplaced: 0,
                locked: false,
                disaster: false,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}

impl Roster {
    /// Prints a consent request letter followed by a prefilled consent form for everyone
    /// on the consent worklist who must be asked — never asked, no answer, consent expired
    /// or ending within `days` — in one PDF for one mailing. Each letter is recorded
    /// (`letters`, batch `L2026-00001`) so an unanswered letter shows on the worklist.
    /// Audited `print.letters` with the batch and the count. Staged at `to`, recorded,
    /// then published (see [`Destination`]): if it is not recorded, no letter is either.
    pub fn print_letters(&mut self, days: u32, to: &mut dyn Destination) -> Result<Printed> {
        let result = self.letters_to(days, &mut *to);
        settle(to, result, |p| {
            format!(
                "mailing {} is recorded (its letters are on the consent worklist)",
                p.serial.as_deref().unwrap_or("")
            )
        })
    }

    fn letters_to(&mut self, days: u32, save: &mut dyn Destination) -> Result<Printed> {
        let w = self.consent_worklist(days)?;
        let mut ids: Vec<i64> = w
            .never_asked
            .iter()
            .chain(&w.no_answer)
            .chain(&w.expired)
            .chain(&w.expiring)
            .map(|e| e.person_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Err(Error::invalid(
                "worklist",
                "nobody on the consent worklist needs a letter now",
            ));
        }
        self.write(|tx| {
            let today = jst_date(tx.now());
            let municipality = settings::municipality(tx.conn())?;
            let year = today.format("%Y").to_string();
            let last = letters::last_batch(tx.conn(), &year)?;
            let n = last
                .and_then(|b| b.rsplit('-').next().and_then(|n| n.parse::<u32>().ok()))
                .unwrap_or(0);
            let batch = format!("L{year}-{:05}", n + 1);
            let mut people = Vec::with_capacity(ids.len());
            for id in &ids {
                people.push(persons::load(tx.conn(), *id)?);
            }
            // By address, as the post goes.
            people.sort_by(|a, b| natural(&a.address, &b.address).then(a.id.cmp(&b.id)));
            let mut g = GlyphCheck::default();
            g.check(None, "municipality.name", &municipality);
            for p in &people {
                let letter = Letter {
                    person: p,
                    municipality: &municipality,
                    batch: &batch,
                    today,
                };
                letter.check_glyphs(&mut g);
                ConsentForm {
                    person: Some(p),
                    municipality: &municipality,
                    today,
                }
                .check_glyphs(&mut g);
            }
            g.finish()?;
            let letter_furniture = Furniture {
                title: "同意確認のお願い".to_string(),
                serial: None,
                subtitle: format!("{municipality}　{}", both_dates(today)),
                disaster: None,
                audit_head: audit::head_label(tx.conn())?,
                confidential: true,
            };
            let form_furniture = Furniture {
                title: "避難行動要支援者名簿 登録申請書 兼 個人情報提供同意書".to_string(),
                subtitle: format!("{municipality}　発行日：{}", both_dates(today)),
                ..letter_furniture.clone()
            };
            let mut pages = Vec::with_capacity(people.len() * 2);
            for p in &people {
                pages.push(
                    Letter {
                        person: p,
                        municipality: &municipality,
                        batch: &batch,
                        today,
                    }
                    .layout(&letter_furniture),
                );
                pages.extend(
                    ConsentForm {
                        person: Some(p),
                        municipality: &municipality,
                        today,
                    }
                    .layout(&form_furniture),
                );
            }
            finish(&mut pages, &letter_furniture);
            let bytes = render(
                &pages,
                &DocMeta {
                    title: "同意確認のお願い",
                    created: tx.now(),
                },
            );
            let sha256 = hex::encode(Sha256::digest(&bytes));
            save.stage(&bytes, Some(&batch))?;
            let on = today.format("%Y-%m-%d").to_string();
            let operator = tx.account().to_string();
            for p in &people {
                letters::record(tx.conn(), p.id, &batch, &on, &operator)?;
            }
            tx.audit(
                "print.letters",
                "",
                None,
                &format!(
                    "batch={batch},persons={},pages={},sha256={sha256}",
                    people.len(),
                    pages.len()
                ),
            )?;
            Ok(Printed {
                serial: Some(batch),
                pages: pages.len(),
                persons: people.len(),
                excluded: 0,
                unplaced: 0,
                locked: false,
                disaster: false,
                sha256,
                due_back: None,
                reprint_of: None,
            })
        })
    }
}
