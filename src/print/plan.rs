//! The individual evacuation plan sheet (個別避難計画), A4 front and back, laid out like the
//! 2005 guideline's form and today's municipal forms. Boxes have the form's sizes; text
//! that does not fit its box continues on an extra page (別紙) — never clipped.

use chrono::NaiveDate;

use super::furniture::{both_dates, Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, text_width, wrap, Page};
use crate::model::wareki::{age_on, parse_date};
use crate::model::{Category, EvacuationMeans, HouseStructure, Person, Sex};
use crate::policy::project::{project, FieldValues};
use crate::policy::{Field, FieldSet};

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
}

const NOT_GIVEN: &str = "（提供対象外）";
const BODY: f32 = 9.5;
const LABEL: f32 = 8.0;
const LABEL_GREY: f32 = 0.9;

/// A framed row `w` × `h` at (`x`, `y`) whose first `label_w` mm are the grey label cell.
fn label_frame(page: &mut Page, x: f32, y: f32, w: f32, h: f32, label_w: f32, stroke: f32) {
    page.fill(x, y, label_w, h, LABEL_GREY);
    page.frame(x, y, w, h, stroke);
    page.line((x + label_w, y), (x + label_w, y + h), 0.5);
}

/// [`label_frame`] with a one-line label whose baseline is `baseline` mm below the top
/// (the rows of tick boxes: 区分, 住居, 緊急通報, 避難方法, 災害リスク).
#[allow(clippy::too_many_arguments)]
fn label_row(
    page: &mut Page,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    label_w: f32,
    label: &str,
    baseline: f32,
) {
    label_frame(page, x, y, w, h, label_w, 0.6);
    page.text(x + 1.2, y + baseline, LABEL, label);
}

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

    /// A box with a grey label cell on the left and wrapped text on the right. Lines that
    /// do not fit continue on the 別紙.
    #[allow(clippy::too_many_arguments)]
    fn field_box(
        &mut self,
        page: &mut Page,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        label_w: f32,
        label: &str,
        text: &str,
    ) {
        label_frame(page, x, y, w, h, label_w, 0.6);
        for (i, l) in wrap(label, label_w - 2.0, LABEL).iter().enumerate() {
            page.text(
                x + 1.2,
                y + 3.8 + i as f32 * line_height(LABEL),
                LABEL,
                l.as_str(),
            );
        }
        self.lines_in(
            page,
            x + label_w + 1.5,
            y,
            w - label_w - 3.0,
            h,
            label,
            text,
        );
    }

    /// Writes `text` wrapped into the area; what does not fit goes to the 別紙 with a note.
    #[allow(clippy::too_many_arguments)]
    fn lines_in(
        &mut self,
        page: &mut Page,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        label: &str,
        text: &str,
    ) {
        let lines = wrap(text, w, BODY);
        let lh = line_height(BODY);
        let room = (((h - 1.2) / lh).floor() as usize).max(1);
        if lines.len() <= room {
            for (i, l) in lines.iter().enumerate() {
                page.text(x, y + 4.3 + i as f32 * lh, BODY, l.as_str());
            }
            return;
        }
        let shown = room.saturating_sub(1);
        for (i, l) in lines[..shown].iter().enumerate() {
            page.text(x, y + 4.3 + i as f32 * lh, BODY, l.as_str());
        }
        page.text(x, y + 4.3 + shown as f32 * lh, LABEL, "（続きは別紙）");
        self.overflow
            .push((label.to_string(), wrap(text, 170.0, BODY)));
    }

    fn ticks(&self, page: &mut Page, x: f32, y: f32, options: &[(&str, bool)], shown: bool) -> f32 {
        let mut cx = x;
        for (label, on) in options {
            page.tick_box(cx, y - 3.0, 3.4, shown && *on);
            page.text(cx + 4.4, y, BODY, *label);
            cx += 4.4 + text_width(label, BODY) + 3.5;
        }
        cx
    }

    fn front(&mut self, furniture: &Furniture) -> Page {
        let mut page = Page::a4();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let right = left + width;
        let mut y = furniture.header(&mut page) + 1.5;

        // Addressee and date line.
        page.text(
            left,
            y + 4.0,
            11.0,
            format!("{}長　殿", self.sheet.municipality),
        );
        page.text_right(right, y + 4.0, 10.0, "記入日　令和　　年　　月　　日");
        y += 7.0;

        // Consent box.
        let statement = wrap(CONSENT_STATEMENT, width - 6.0, 8.8);
        let h = 8.0 + statement.len() as f32 * line_height(8.8) + 15.0;
        page.frame(left, y, width, h, 1.0);
        page.fill(left, y, width, 6.0, LABEL_GREY);
        page.line((left, y + 6.0), (right, y + 6.0), 0.5);
        page.text(left + 2.0, y + 4.4, 10.0, "情報共有についての同意");
        let mut ty = y + 10.5;
        for l in &statement {
            page.text(left + 3.0, ty, 8.8, l.as_str());
            ty += line_height(8.8);
        }
        ty += 5.0;
        page.text(left + 3.0, ty, 10.0, "本人氏名");
        page.line((left + 20.0, ty + 1.0), (left + 82.0, ty + 1.0), 0.5);
        page.text(left + 84.0, ty, 10.0, "印");
        page.text(left + 94.0, ty, 10.0, "代理人氏名（続柄）");
        page.line((left + 128.0, ty + 1.0), (right - 4.0, ty + 1.0), 0.5);
        y += h + 2.0;

        // District grid.
        let mut x = left;
        for (label, f, w, label_w) in [
            ("地区", Field::District, 42.0, 12.0),
            ("自治会", Field::Association, 52.0, 13.0),
            ("班", Field::Block, 30.0, 8.0),
            (
                "担当民生委員",
                Field::WelfareCommissioner,
                width - 124.0,
                21.0,
            ),
        ] {
            let t = self.text(f);
            self.field_box(&mut page, x, y, w, 7.0, label_w, label, &t);
            x += w;
        }
        y += 7.0;

        // Category ticks.
        label_row(&mut page, left, y, width, 8.0, 17.0, "区分", 5.2);
        let cat = self.person().category;
        let shown = self.allowed(Field::Category);
        let options: Vec<(&str, bool)> = Category::ALL
            .iter()
            .map(|c| (c.label(), *c == cat))
            .collect();
        if shown {
            self.ticks(&mut page, left + 19.0, y + 5.4, &options, true);
        } else {
            page.text(left + 19.0, y + 5.4, BODY, NOT_GIVEN);
        }
        y += 8.0;

        // Name with furigana, sex, date of birth.
        let p = self.person();
        let name_h = 15.0;
        label_frame(&mut page, left, y, width, name_h, 17.0, 0.8);
        page.text(left + 1.2, y + 4.0, 7.0, "ふりがな");
        page.text(left + 1.2, y + 11.0, LABEL, "氏名");
        let furi = self.text(Field::Furigana);
        let name = self.text(Field::Name);
        let name_w = 82.0;
        self.one_line(
            &mut page,
            left + 19.0,
            y + 4.2,
            name_w,
            8.0,
            "ふりがな",
            &furi,
        );
        self.one_line(
            &mut page,
            left + 19.0,
            y + 12.0,
            name_w,
            15.0,
            "氏名",
            &name,
        );
        let sx = left + 17.0 + name_w + 3.0;
        page.line((sx, y), (sx, y + name_h), 0.5);
        page.text(sx + 1.5, y + 4.5, LABEL, "性別");
        let sex_shown = self.allowed(Field::Sex);
        self.ticks(
            &mut page,
            sx + 1.5,
            y + 11.0,
            &[
                (Sex::Male.label(), p.sex == Sex::Male),
                (Sex::Female.label(), p.sex == Sex::Female),
            ],
            sex_shown,
        );
        let dx = sx + 24.0;
        page.line((dx, y), (dx, y + name_h), 0.5);
        page.text(dx + 1.5, y + 4.5, LABEL, "生年月日・年齢");
        let (dob1, dob2) = if self.allowed(Field::DateOfBirth) {
            match parse_date(&p.date_of_birth) {
                Ok(d) => (
                    crate::model::wareki::to_wareki(d).unwrap_or_default(),
                    format!(
                        "（{}）　{}歳",
                        d.format("%Y-%m-%d"),
                        age_on(d, self.sheet.today)
                    ),
                ),
                Err(_) => (p.date_of_birth.clone(), String::new()),
            }
        } else if self.allowed(Field::Age) {
            (self.text(Field::Age), String::new())
        } else {
            (NOT_GIVEN.to_string(), String::new())
        };
        page.text(dx + 1.5, y + 9.2, BODY, dob1);
        page.text(dx + 1.5, y + 13.4, BODY, dob2);
        y += name_h;

        // Address and contacts.
        let addr = self.text(Field::Address);
        self.field_box(&mut page, left, y, width, 11.0, 17.0, "住所", &addr);
        y += 11.0;
        let quarter = width / 4.0;
        for (i, (label, f)) in [
            ("電話", Field::Phone),
            ("携帯電話", Field::MobilePhone),
            ("FAX", Field::Fax),
            ("メール", Field::Email),
        ]
        .into_iter()
        .enumerate()
        {
            let t = self.text(f);
            self.field_box(
                &mut page,
                left + quarter * i as f32,
                y,
                quarter,
                7.0,
                14.0,
                label,
                &t,
            );
        }
        y += 9.0;

        // Emergency contacts (at least two rows, like the form).
        y = self.contacts(&mut page, y);

        // Household and house.
        let household = {
            let mut t = self.text(Field::Household);
            let members = self.text(Field::HouseholdMembers);
            if !members.is_empty() {
                t = if t.is_empty() {
                    members
                } else {
                    format!("{t}\n{members}")
                };
            }
            t
        };
        self.field_box(
            &mut page,
            left,
            y,
            width,
            12.0,
            17.0,
            "家族構成・同居状況",
            &household,
        );
        y += 12.0;
        y = self.house(&mut page, y);

        // 特記事項.
        // 特記事項 takes the room the supporters' table leaves.
        let notes = self.special_notes();
        let supporter_rows = self.person().supporters.len().clamp(2, 6) as f32;
        let notes_h =
            (Furniture::content_bottom(&page) - y - 9.0 - 5.5 - supporter_rows * 6.5 - 1.0)
                .max(36.0);
        self.field_box(
            &mut page,
            left,
            y,
            width,
            notes_h,
            17.0,
            "特記事項（心身の状況・必要な支援）",
            &notes,
        );
        y += notes_h;

        // Emergency alarm.
        label_row(
            &mut page,
            left,
            y,
            width,
            7.0,
            30.0,
            "緊急通報システム",
            4.8,
        );
        let alarm = p.emergency_alarm;
        self.ticks(
            &mut page,
            left + 32.0,
            y + 5.0,
            &[("あり", alarm), ("なし", !alarm)],
            self.allowed(Field::EmergencyAlarm),
        );
        y += 9.0;

        // Supporters: all of them, in order; rows that do not fit go to the 別紙.
        let bottom = Furniture::content_bottom(&page);
        self.supporters(&mut page, y, bottom);
        page
    }

    #[allow(clippy::too_many_arguments)]
    fn one_line(
        &mut self,
        page: &mut Page,
        x: f32,
        y: f32,
        w: f32,
        size: f32,
        label: &str,
        text: &str,
    ) {
        let mut size = size;
        // A long name shrinks to fit (down to 70 %) before it continues on the 別紙.
        while text_width(text, size) > w && size > 6.0 {
            size -= 0.5;
        }
        if text_width(text, size) <= w {
            page.text(x, y, size, text);
        } else {
            self.lines_in(page, x, y - 4.3, w, 6.0, label, text);
        }
    }

    fn contacts(&mut self, page: &mut Page, mut y: f32) -> f32 {
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let cols = [
            ("氏名", 40.0),
            ("続柄", 18.0),
            ("住所", 76.0),
            ("電話", 0.0),
        ];
        let heading = "緊急時の家族等の連絡先";
        page.fill(left, y, width, 5.5, LABEL_GREY);
        page.frame(left, y, width, 5.5, 0.6);
        page.text(left + 1.2, y + 4.0, LABEL, "緊急連絡先");
        let mut x = left + 22.0;
        for (label, w) in cols {
            page.text(x + 1.0, y + 4.0, LABEL, label);
            x += w;
        }
        y += 5.5;
        let rows = 2;
        let shown = self.allowed(Field::EmergencyContacts);
        let contacts = &self.person().emergency_contacts;
        for i in 0..rows {
            page.frame(left, y, width, 6.5, 0.5);
            page.text(left + 1.2, y + 4.6, LABEL, format!("{}", i + 1));
            if !shown {
                if i == 0 {
                    page.text(left + 23.0, y + 4.6, BODY, NOT_GIVEN);
                }
            } else if let Some(c) = contacts.get(i) {
                let mut x = left + 22.0;
                for ((_, w), t) in cols
                    .iter()
                    .zip([&c.name, &c.relationship, &c.address, &c.phone])
                {
                    let w = if *w == 0.0 { left + width - x } else { *w };
                    self.cell(page, x, y, w, t, heading);
                    x += w;
                }
            }
            y += 6.5;
        }
        if shown && contacts.len() > rows {
            let rest: Vec<String> = contacts[rows..]
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    format!(
                        "{}. {}（{}）{} {}",
                        i + rows + 1,
                        c.name,
                        c.relationship,
                        c.address,
                        c.phone
                    )
                })
                .collect();
            page.text(
                left + 1.2,
                y + 3.5,
                LABEL,
                format!("ほか{}件は別紙", rest.len()),
            );
            self.overflow.push((heading.to_string(), rest));
            y += 4.5;
        }
        y + 1.0
    }

    /// One table cell's text on one line; if it does not fit even shrunk, it goes whole to
    /// the 別紙 and the cell says so.
    fn cell(&mut self, page: &mut Page, x: f32, y: f32, w: f32, text: &str, heading: &str) {
        page.line((x, y), (x, y + 6.5), 0.4);
        let mut size = BODY;
        while text_width(text, size) > w - 2.0 && size > 6.5 {
            size -= 0.5;
        }
        if text_width(text, size) <= w - 2.0 {
            page.text(x + 1.0, y + 4.6, size, text);
        } else {
            page.text(x + 1.0, y + 4.6, LABEL, "（別紙）");
            self.overflow
                .push((heading.to_string(), vec![text.to_string()]));
        }
    }

    fn house(&mut self, page: &mut Page, y: f32) -> f32 {
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let h = 8.0;
        let p = self.person();
        let shown = self.allowed(Field::House);
        label_row(page, left, y, width, h, 17.0, "住居", 5.2);
        let options: Vec<(&str, bool)> = HouseStructure::ALL
            .iter()
            .map(|s| (s.label(), p.house.structure == Some(*s)))
            .collect();
        let mut x = self.ticks(page, left + 19.0, y + 5.4, &options, shown);
        let storeys = match (shown, p.house.storeys) {
            (true, Some(n)) => format!("{n}階建"),
            _ => "　階建".to_string(),
        };
        let year = match (shown, p.house.year_built) {
            (true, Some(n)) => format!("{n}年築"),
            _ => "　　年築".to_string(),
        };
        page.text(x, y + 5.4, BODY, format!("{storeys}　{year}"));
        x += 40.0;
        let _ = x;
        let y = y + h;
        let half = width / 2.0;
        let (room, bed) = if shown {
            (p.house.usual_room.clone(), p.house.bedroom_location.clone())
        } else {
            (NOT_GIVEN.to_string(), NOT_GIVEN.to_string())
        };
        self.field_box(page, left, y, half, 11.0, 21.0, "普段いる部屋", &room);
        self.field_box(page, left + half, y, half, 11.0, 21.0, "寝室の位置", &bed);
        y + 11.0
    }

    fn special_notes(&self) -> String {
        let mut parts = Vec::new();
        for f in [
            Field::SupportReason,
            Field::CareLevel,
            Field::Disabilities,
            Field::MedicalDevices,
            Field::CommunicationNeeds,
            Field::Mobility,
            Field::HelpNeeded,
            Field::ItemsToCarry,
            Field::Allergies,
            Field::RegularClinic,
            Field::Notes,
        ] {
            if !self.allowed(f) {
                continue;
            }
            let t = self.text(f);
            if !t.is_empty() {
                parts.push(format!("【{}】{}", f.label(), t));
            }
        }
        parts.join("\n")
    }

    fn supporters(&mut self, page: &mut Page, mut y: f32, bottom: f32) {
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let heading = "避難支援者";
        let cols: [(&str, f32); 5] = [
            ("順", 8.0),
            ("氏名", 52.0),
            ("役割", 42.0),
            ("電話", 38.0),
            ("対応", 0.0),
        ];
        page.fill(left, y, width, 5.5, LABEL_GREY);
        page.frame(left, y, width, 5.5, 0.6);
        let mut x = left;
        for (label, w) in cols {
            page.text(
                x + 1.0,
                y + 4.0,
                LABEL,
                if label == "氏名" {
                    "避難支援者 氏名"
                } else {
                    label
                },
            );
            x += w;
        }
        y += 5.5;
        let shown = self.allowed(Field::Supporters);
        let supporters = self.person().supporters.clone();
        let row_h = 6.5;
        let room = (((bottom - y) / row_h).floor() as usize).max(1);
        let rows = room.min(supporters.len().max(2));
        for i in 0..rows {
            page.frame(left, y, width, row_h, 0.5);
            if !shown {
                if i == 0 {
                    page.text(left + 9.0, y + 4.6, BODY, NOT_GIVEN);
                }
            } else if let Some(s) = supporters.get(i) {
                if i + 1 == rows && supporters.len() > rows {
                    page.text(
                        left + 9.0,
                        y + 4.6,
                        BODY,
                        format!("ほか{}名は別紙", supporters.len() - i),
                    );
                    break;
                }
                let when = match (s.available_day, s.available_night) {
                    (true, true) => "昼・夜",
                    (true, false) => "昼のみ",
                    (false, true) => "夜のみ",
                    (false, false) => "—",
                };
                let mut x = left;
                for ((_, w), t) in cols.iter().zip([
                    s.position.to_string().as_str(),
                    s.name.as_str(),
                    s.role.as_str(),
                    s.phone.as_str(),
                    when,
                ]) {
                    let w = if *w == 0.0 { left + width - x } else { *w };
                    self.cell(page, x, y, w, t, heading);
                    x += w;
                }
            }
            y += row_h;
        }
        if shown && supporters.len() > rows {
            let rest: Vec<String> = supporters[rows - 1..]
                .iter()
                .map(|s| format!("{}. {}（{}）{}", s.position, s.name, s.role, s.phone))
                .collect();
            self.overflow.push((heading.to_string(), rest));
        }
    }

    fn back(&mut self, furniture: &Furniture) -> Page {
        let mut page = Page::a4();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let mut y = furniture.header(&mut page) + 1.5;
        let p = self.person();
        let name = self.text(Field::Name);
        page.text(left, y + 4.0, 11.0, format!("（裏面）　氏名：{name}"));
        y += 8.0;
        let plan_shown = self.allowed(Field::Plan);
        let plan = p.plan.clone();
        let text_of = |t: &str| -> String {
            if plan_shown {
                t.to_string()
            } else {
                NOT_GIVEN.to_string()
            }
        };
        let empty = String::new();
        let warning = match &plan {
            Some(pl) => {
                let method = pl
                    .warning_method
                    .map(|m| format!("（伝達方法：{}）", m.label()))
                    .unwrap_or_default();
                text_of(&format!("{}{method}", pl.warning_contact))
            }
            None => text_of(&empty),
        };
        self.field_box(
            &mut page,
            left,
            y,
            width,
            14.0,
            30.0,
            "避難情報の伝達者・問合せ先",
            &warning,
        );
        y += 16.0;

        // Destinations.
        let heading = "避難先";
        let cols: [(&str, f32); 4] = [("順", 8.0), ("種類", 28.0), ("名称", 62.0), ("住所", 0.0)];
        page.fill(left, y, width, 5.5, LABEL_GREY);
        page.frame(left, y, width, 5.5, 0.6);
        let mut x = left;
        for (label, w) in cols {
            page.text(
                x + 1.0,
                y + 4.0,
                LABEL,
                if label == "名称" {
                    "避難先 名称"
                } else {
                    label
                },
            );
            x += w;
        }
        y += 5.5;
        let dests = plan
            .as_ref()
            .map(|p| p.destinations.clone())
            .unwrap_or_default();
        let rows = 3;
        for i in 0..rows {
            page.frame(left, y, width, 6.5, 0.5);
            if !plan_shown {
                if i == 0 {
                    page.text(left + 9.0, y + 4.6, BODY, NOT_GIVEN);
                }
            } else if let Some(d) = dests.get(i) {
                let kind = if d.direct_admission {
                    format!("{}（直接避難）", d.kind.label())
                } else {
                    d.kind.label().to_string()
                };
                let mut x = left;
                for ((_, w), t) in
                    cols.iter()
                        .zip([(i + 1).to_string(), kind, d.name.clone(), d.address.clone()])
                {
                    let w = if *w == 0.0 { left + width - x } else { *w };
                    self.cell(&mut page, x, y, w, &t, heading);
                    x += w;
                }
            }
            y += 6.5;
        }
        if plan_shown && dests.len() > rows {
            let rest = dests[rows..]
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    format!(
                        "{}. {} {} {}",
                        i + rows + 1,
                        d.kind.label(),
                        d.name,
                        d.address
                    )
                })
                .collect();
            self.overflow.push((heading.to_string(), rest));
            page.text(left + 1.2, y + 3.5, LABEL, "ほかの避難先は別紙");
            y += 4.5;
        }
        y += 2.0;

        // The route box takes what the sections below leave (room to draw a map by hand).
        let route = plan.as_ref().map_or(String::new(), |p| p.route.clone());
        let route_h = (Furniture::content_bottom(&page) - y - 86.0).max(40.0);
        self.field_box(
            &mut page,
            left,
            y,
            width,
            route_h,
            30.0,
            "避難経路（地図・目印）",
            &text_of(&route),
        );
        y += route_h;

        // Means.
        label_row(&mut page, left, y, width, 8.0, 30.0, "避難方法", 5.2);
        let means = plan.as_ref().and_then(|p| p.means);
        let options: Vec<(&str, bool)> = EvacuationMeans::ALL
            .iter()
            .map(|m| (m.label(), means == Some(*m)))
            .collect();
        self.ticks(&mut page, left + 32.0, y + 5.4, &options, plan_shown);
        y += 8.0;
        let timing = plan
            .as_ref()
            .map_or(String::new(), |p| p.departure_timing.clone());
        self.field_box(
            &mut page,
            left,
            y,
            width,
            12.0,
            30.0,
            "避難を始める時期",
            &text_of(&timing),
        );
        y += 12.0;
        let unreachable = plan
            .as_ref()
            .map_or(String::new(), |p| p.if_unreachable.clone());
        self.field_box(
            &mut page,
            left,
            y,
            width,
            14.0,
            30.0,
            "連絡が取れないとき",
            &text_of(&unreachable),
        );
        y += 14.0;

        // Hazards.
        label_row(
            &mut page,
            left,
            y,
            width,
            8.0,
            30.0,
            "自宅の災害リスク",
            5.2,
        );
        let hz = p.hazard_zones;
        self.ticks(
            &mut page,
            left + 32.0,
            y + 5.4,
            &[
                ("浸水想定区域", hz.flood),
                ("土砂災害警戒区域", hz.landslide),
                ("津波浸水想定区域", hz.tsunami),
            ],
            self.allowed(Field::HazardZones),
        );
        y += 10.0;

        // Registration and the plan's own dates.
        let reg = &p.registration;
        let reg_text = format!(
            "{}{}{}",
            reg.route.label(),
            reg.date
                .as_deref()
                .map(|d| format!("　登録日 {d}"))
                .unwrap_or_default(),
            if reg.source.is_empty() {
                String::new()
            } else {
                format!("　情報源 {}", reg.source)
            }
        );
        self.field_box(&mut page, left, y, width, 7.0, 30.0, "登録方式", &reg_text);
        y += 7.0;
        let drafted = plan.as_ref().map_or(String::new(), |p| {
            if p.drafted_by_role.is_empty() {
                p.drafted_by.clone()
            } else {
                format!("{}（{}）", p.drafted_by, p.drafted_by_role)
            }
        });
        self.field_box(
            &mut page,
            left,
            y,
            width,
            7.0,
            30.0,
            "計画作成者",
            &text_of(&drafted),
        );
        y += 7.0;
        let date = |d: Option<&String>| -> String {
            d.and_then(|d| parse_date(d).ok())
                .map(|d| both_dates(d).replacen('（', "\n（", 1))
                .unwrap_or_else(|| "　　年　　月　　日".to_string())
        };
        let third = width / 3.0;
        let dates = [
            (
                "作成日",
                date(plan.as_ref().and_then(|p| p.created_on.as_ref())),
            ),
            (
                "更新日",
                date(plan.as_ref().and_then(|p| p.updated_on.as_ref())),
            ),
            (
                "最終確認日",
                date(plan.as_ref().and_then(|p| p.verified_on.as_ref())),
            ),
        ];
        for (i, (label, t)) in dates.iter().enumerate() {
            let t = if plan_shown {
                t.clone()
            } else {
                NOT_GIVEN.to_string()
            };
            self.field_box(
                &mut page,
                left + third * i as f32,
                y,
                third,
                11.0,
                16.0,
                label,
                &t,
            );
        }
        y += 13.0;
        if plan.is_none() && plan_shown {
            page.text(
                left,
                y + 4.0,
                BODY,
                "※ 個別避難計画はまだ作成されていません。この用紙に記入して作成できます。",
            );
            y += 6.0;
        }
        if !self.overflow.is_empty() {
            page.text(
                left,
                y + 4.0,
                BODY,
                "※ 枠に収まらない内容は別紙に続きます。",
            );
        }
        page
    }

    fn continuation(&self, furniture: &Furniture) -> Vec<Page> {
        let mut pages = Vec::new();
        let mut page = Page::a4();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let bottom = Furniture::content_bottom(&page);
        let name = self.text(Field::Name);
        let mut y = furniture.header(&mut page) + 2.0;
        page.text(left, y + 4.0, 11.0, format!("別紙（続き）　氏名：{name}"));
        y += 9.0;
        for (label, lines) in &self.overflow {
            let all: Vec<String> = lines
                .iter()
                .flat_map(|l| wrap(l, width - 4.0, BODY))
                .collect();
            if y + 6.0 + line_height(BODY) > bottom {
                pages.push(std::mem::replace(&mut page, Page::a4()));
                y = furniture.header(&mut page) + 2.0;
            }
            page.fill(left, y, width, 5.5, LABEL_GREY);
            page.text(left + 1.2, y + 4.0, LABEL, label.as_str());
            y += 6.5;
            for l in all {
                if y + line_height(BODY) > bottom {
                    pages.push(std::mem::replace(&mut page, Page::a4()));
                    y = furniture.header(&mut page) + 2.0;
                }
                y += line_height(BODY);
                page.text(left + 2.0, y, BODY, l);
            }
            y += 3.0;
        }
        pages.push(page);
        pages
    }
}
