//! The individual evacuation plan sheet (個別避難計画), A4 front and back, laid out like the
//! 2005 guideline's form and today's municipal forms. Boxes have the form's sizes; text
//! that does not fit its box continues on an extra page (別紙) — never clipped.
//!
//! The form's parts each have a file: `front` (表面: consent, the person, house, 特記事項),
//! `contacts` (the front's tables of emergency contacts and supporters), `back` (裏面: the
//! plan itself) and `annex` (the 別紙); `boxes` holds the framed boxes and tick rows they
//! are all drawn with.

use chrono::NaiveDate;

use super::furniture::Furniture;
use super::glyphs::GlyphCheck;
use super::page::Page;
use crate::model::Person;
use crate::policy::project::{project, FieldValues};
use crate::policy::{Field, FieldSet};

mod annex;
mod back;
mod boxes;
mod contacts;
mod front;

/// One person's sheet, ready to lay out.
#[derive(Debug, Clone)]
pub struct PlanSheet<'a> {
    /// The person, with supporters and plan.
    pub person: &'a Person,
    /// The fields this copy may show (everything for the office's or the person's copy).
    pub allowed: FieldSet,
    /// The municipality (addressee of the consent statement).
    pub municipality: &'a str,
    /// The day the sheet is made (ages are counted on it).
    pub today: NaiveDate,
    /// Who made the plan (本人・家族 / 地域 / 福祉専門職, with the office), or empty.
    pub made_by: &'a str,
    /// To whom the plan's information goes and how (from the person's consents).
    pub sharing: &'a str,
    /// The municipality's 免責 wording.
    pub disclaimer: &'a str,
}

const NOT_GIVEN: &str = "（提供対象外）";
const BODY: f32 = 9.5;
const LABEL: f32 = 8.0;
const LABEL_GREY: f32 = 0.9;

/// The consent statement, in the person's voice (the 2005 form's wording, brought up to
/// the 2021 law's recipients).
pub const CONSENT_STATEMENT: &str = "私は、災害時の避難支援等の制度の趣旨に賛同し、避難行動要支援者名簿への登録と個別避難計画の作成を希望します。この計画に記載した私の個人情報を、避難支援等関係者（自主防災組織・自治会、民生委員、社会福祉協議会、地域包括支援センター、消防署、警察署）に平常時から提供することに同意します。";

impl PlanSheet<'_> {
    fn values(&self) -> FieldValues {
        project(self.person, self.allowed, self.today)
    }

    /// Checks every character that will be printed.
    pub fn check_glyphs(&self, g: &mut GlyphCheck) {
        let id = self.person.id;
        g.check(None, "municipality.name", self.municipality);
        g.check(None, "plan.disclaimer", self.disclaimer);
        g.check(id, "plan.made_by", self.made_by);
        g.check(id, "plan.sharing", self.sharing);
        for v in &self.values().0 {
            g.check(id, v.field.token(), &v.text);
        }
        if self.allowed.contains(Field::Plan) {
            if let Some(plan) = &self.person.plan {
                for d in &plan.destinations {
                    g.check(id, "plan.destinations", &format!("{}{}", d.name, d.address));
                }
                for (f, t) in [
                    ("plan.route", &plan.route),
                    ("plan.departure_timing", &plan.departure_timing),
                    ("plan.warning_contact", &plan.warning_contact),
                    ("plan.if_unreachable", &plan.if_unreachable),
                    ("plan.drafted_by", &plan.drafted_by),
                    ("plan.drafted_by_role", &plan.drafted_by_role),
                ] {
                    g.check(id, f, t);
                }
            }
        }
        if self.allowed.contains(Field::Supporters) {
            for s in &self.person.supporters {
                g.check(
                    id,
                    "supporters",
                    &format!("{}{}{}", s.name, s.role, s.phone),
                );
            }
        }
        if self.allowed.contains(Field::EmergencyContacts) {
            for c in &self.person.emergency_contacts {
                let t = format!("{}{}{}{}", c.name, c.relationship, c.address, c.phone);
                g.check(id, "emergency_contacts", &t);
            }
        }
        if self.allowed.contains(Field::HouseholdMembers) {
            for m in &self.person.household_members {
                g.check(
                    id,
                    "household_members",
                    &format!("{}{}{}", m.name, m.relationship, m.note),
                );
            }
        }
    }

    /// Lays out the sheet: front, back, and 別紙 pages for what did not fit. Headers are
    /// drawn; footers are added by the caller once the document's page count is known.
    pub fn layout(&self, furniture: &Furniture) -> Vec<Page> {
        let mut s = Sheet {
            sheet: self,
            values: self.values(),
            overflow: Vec::new(),
        };
        let front = s.front(furniture);
        let back = s.back(furniture);
        let mut pages = vec![front, back];
        if !s.overflow.is_empty() {
            pages.extend(s.continuation(furniture));
        }
        pages
    }
}

/// A sheet being laid out: what may be shown, and what did not fit its box (heading and
/// lines), for the 別紙.
struct Sheet<'s, 'a> {
    sheet: &'s PlanSheet<'a>,
    values: FieldValues,
    overflow: Vec<(String, Vec<String>)>,
}

impl<'a> Sheet<'_, 'a> {
    fn allowed(&self, f: Field) -> bool {
        self.sheet.allowed.contains(f)
    }

    fn text(&self, f: Field) -> String {
        if !self.allowed(f) {
            return NOT_GIVEN.to_string();
        }
        self.values
            .get(f)
            .map(|v| v.text.clone())
            .unwrap_or_default()
    }

    fn person(&self) -> &'a Person {
        self.sheet.person
    }
}
