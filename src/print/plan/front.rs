//! The front (表面): addressee, the consent statement to sign, the person, contacts,
//! household and house, 特記事項, the emergency alarm and the supporters.

use super::boxes::{label_frame, label_row};
use super::{Sheet, BODY, CONSENT_STATEMENT, LABEL, LABEL_GREY, NOT_GIVEN};
use crate::model::wareki::{age_on, parse_date};
use crate::model::{Category, HouseStructure, Sex};
use crate::policy::Field;
use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{line_height, wrap, Page};

impl Sheet<'_, '_> {
    /// Lays out the front page.
    pub(super) fn front(&mut self, furniture: &Furniture) -> Page {
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

        // Category ticks. Not a tick_row: withheld, the row says 提供対象外 rather than
        // showing empty boxes.
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
        let alarm = p.emergency_alarm;
        self.tick_row(
            &mut page,
            y,
            7.0,
            30.0,
            "緊急通報システム",
            (4.8, 5.0),
            &[("あり", alarm), ("なし", !alarm)],
            self.allowed(Field::EmergencyAlarm),
        );
        y += 9.0;

        // Supporters: all of them, in order; rows that do not fit go to the 別紙.
        let bottom = Furniture::content_bottom(&page);
        self.supporters(&mut page, y, bottom);
        page
    }

    /// The 住居 tick row, and where the person usually is and sleeps.
    fn house(&mut self, page: &mut Page, y: f32) -> f32 {
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let h = 8.0;
        let p = self.person();
        let shown = self.allowed(Field::House);
        let options: Vec<(&str, bool)> = HouseStructure::ALL
            .iter()
            .map(|s| (s.label(), p.house.structure == Some(*s)))
            .collect();
        let mut x = self.tick_row(page, y, h, 17.0, "住居", (5.2, 5.4), &options, shown);
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

    /// 特記事項: every allowed note on the person's condition and needs, one per line.
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
}
