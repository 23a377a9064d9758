//! The front's two tables of people: the family to call (緊急連絡先) and the supporters
//! (避難支援者). Rows that do not fit go to the 別紙.

use super::boxes::table_head;
use super::{Sheet, BODY, LABEL, LABEL_GREY, NOT_GIVEN};
use crate::policy::Field;
use crate::print::furniture::MARGIN;
use crate::print::page::Page;

impl Sheet<'_, '_> {
    /// The emergency contacts (two rows, like the form); returns the y below them.
    pub(super) fn contacts(&mut self, page: &mut Page, mut y: f32) -> f32 {
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

    /// The supporters, all of them in order, down to `bottom`.
    pub(super) fn supporters(&mut self, page: &mut Page, mut y: f32, bottom: f32) {
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
        y = table_head(page, left, y, width, &cols, ("氏名", "避難支援者 氏名"));
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
}
