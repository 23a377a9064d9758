//! The registration application and consent form (登録申請書 兼 同意書), blank or filled in
//! from a person's record, to hand over or mail. The person ticks and signs; the office
//! records the answer with `consent record`.

use chrono::NaiveDate;

use super::furniture::{both_dates, Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, text_width, wrap, Page};
use crate::model::wareki::parse_date;
use crate::model::{Category, ConsentPurpose, Person, RecipientKind, Sex};

/// A form, blank (`person: None`) or filled in.
#[derive(Debug, Clone)]
pub struct ConsentForm<'a> {
    /// The person it is filled in for.
    pub person: Option<&'a Person>,
    /// The municipality (addressee).
    pub municipality: &'a str,
    /// The day it is printed.
    pub today: NaiveDate,
}

const BODY: f32 = 10.0;
const LABEL: f32 = 8.5;
const GREY: f32 = 0.9;

const PRIVACY: &str = "ご記入いただいた個人情報は、災害時の避難支援等のためにのみ使用し、同意いただいた避難支援等関係者以外には提供しません（災害が発生し、又は発生するおそれがあり、生命又は身体を守るために特に必要なときを除きます）。同意はいつでも撤回できます。";

impl ConsentForm<'_> {
    /// Checks every character that will be printed.
    pub fn check_glyphs(&self, g: &mut GlyphCheck) {
        g.check(None, "municipality.name", self.municipality);
        if let Some(p) = self.person {
            let id = p.id;
            for (f, t) in [
                ("name", &p.name),
                ("furigana", &p.furigana),
                ("address", &p.address),
                ("phone", &p.phone),
                ("support_reason", &p.support_reason),
            ] {
                g.check(id, f, t);
            }
            for c in &p.emergency_contacts {
                let t = format!("{}{}{}", c.name, c.relationship, c.phone);
                g.check(id, "emergency_contacts", &t);
            }
        }
    }

    /// Lays the form out on one A4 page (headers drawn; the caller adds footers).
    pub fn layout(&self, furniture: &Furniture) -> Vec<Page> {
        let mut page = Page::a4();
        let left = MARGIN + 2.0;
        let right = page.width - MARGIN - 2.0;
        let width = right - left;
        let mut y = furniture.header(&mut page) + 3.0;
        page.text(left, y + 4.0, 11.0, format!("{}長　殿", self.municipality));
        page.text_right(right, y + 4.0, 10.0, "記入日　令和　　年　　月　　日");
        y += 10.0;
        for l in wrap(super::plan::CONSENT_STATEMENT, width, BODY) {
            page.text(left, y, BODY, l);
            y += line_height(BODY);
        }
        y += 2.0;

        // What is agreed, and to whom.
        let tick_row = |page: &mut Page, y: f32, label: &str, options: &[&str]| -> f32 {
            page.fill(left, y, 36.0, 8.0, GREY);
            page.frame(left, y, width, 8.0, 0.6);
            page.line((left + 36.0, y), (left + 36.0, y + 8.0), 0.5);
            page.text(left + 1.5, y + 5.3, LABEL, label);
            let mut x = left + 38.0;
            let mut row_y = y;
            for o in options {
                let w = 4.6 + text_width(o, 9.0) + 3.5;
                if x + w > right {
                    x = left + 38.0;
                    row_y += 6.0;
                }
                page.tick_box(x, row_y + 2.3, 3.4, false);
                page.text(x + 4.6, row_y + 5.3, 9.0, *o);
                x += w;
            }
            let h = row_y - y + 8.0;
            if h > 8.0 {
                page.frame(left, y, width, h, 0.6);
                page.fill(left, y + 8.0, 36.0, h - 8.0, GREY);
                page.line((left + 36.0, y), (left + 36.0, y + h), 0.5);
            }
            y + h
        };
        let purposes: Vec<&str> = ConsentPurpose::ALL.iter().map(|p| p.label()).collect();
        y = tick_row(&mut page, y, "同意する内容", &purposes);
        let kinds: Vec<&str> = RecipientKind::ALL
            .iter()
            .filter(|k| !matches!(**k, RecipientKind::Other | RecipientKind::CareOffice))
            .map(|k| k.label())
            .collect();
        y = tick_row(&mut page, y, "提供先", &kinds);
        y = tick_row(&mut page, y, "回答", &["同意する", "同意しない"]);
        y += 3.0;

        // The person.
        let p = self.person;
        let field = |page: &mut Page, y: f32, h: f32, label: &str, text: &str| {
            page.fill(left, y, 36.0, h, GREY);
            page.frame(left, y, width, h, 0.6);
            page.line((left + 36.0, y), (left + 36.0, y + h), 0.5);
            page.text(left + 1.5, y + 5.0, LABEL, label);
            for (i, l) in wrap(text, width - 40.0, BODY)
                .iter()
                .take(((h - 1.0) / line_height(BODY)) as usize)
                .enumerate()
            {
                page.text(
                    left + 38.0,
                    y + 5.2 + i as f32 * line_height(BODY),
                    BODY,
                    l.as_str(),
                );
            }
            y + h
        };
        y = field(
            &mut page,
            y,
            7.0,
            "ふりがな",
            p.map_or("", |p| p.furigana.as_str()),
        );
        y = field(
            &mut page,
            y,
            10.0,
            "氏名",
            p.map_or("", |p| p.name.as_str()),
        );
        let sex = p.map_or(String::new(), |p| match p.sex {
            Sex::Unspecified => String::new(),
            s => s.label().to_string(),
        });
        let dob = p.and_then(|p| parse_date(&p.date_of_birth).ok()).map_or(
            "明・大・昭・平・令　　年　　月　　日".to_string(),
            both_dates,
        );
        y = field(
            &mut page,
            y,
            7.0,
            "性別",
            if sex.is_empty() { "男 ・ 女" } else { &sex },
        );
        y = field(&mut page, y, 7.0, "生年月日", &dob);
        y = field(
            &mut page,
            y,
            11.0,
            "住所",
            p.map_or("", |p| p.address.as_str()),
        );
        y = field(
            &mut page,
            y,
            7.0,
            "電話",
            p.map_or("", |p| p.phone.as_str()),
        );
        let categories: Vec<&str> = Category::ALL.iter().map(|c| c.label()).collect();
        y = tick_row(&mut page, y, "区分（該当に✓）", &categories);
        y = field(
            &mut page,
            y,
            14.0,
            "支援が必要な理由",
            p.map_or("", |p| p.support_reason.as_str()),
        );
        let contacts = p.map_or(Vec::new(), |p| {
            p.emergency_contacts
                .iter()
                .take(2)
                .map(|c| format!("{}（{}）{}", c.name, c.relationship, c.phone))
                .collect()
        });
        for i in 0..2 {
            let t = contacts.get(i).cloned().unwrap_or_default();
            y = field(&mut page, y, 7.0, &format!("緊急連絡先{}", i + 1), &t);
        }
        y += 4.0;

        // Signatures.
        page.text(left, y + 4.0, BODY, "本人署名");
        page.line((left + 20.0, y + 5.0), (left + 90.0, y + 5.0), 0.5);
        page.text(left + 92.0, y + 4.0, BODY, "印");
        y += 10.0;
        page.text(left, y + 4.0, BODY, "代理人署名");
        page.line((left + 20.0, y + 5.0), (left + 90.0, y + 5.0), 0.5);
        page.text(left + 96.0, y + 4.0, BODY, "本人との続柄");
        page.line((left + 120.0, y + 5.0), (right, y + 5.0), 0.5);
        y += 9.0;
        for l in wrap(PRIVACY, width, 8.0) {
            page.text(left, y, 8.0, l);
            y += line_height(8.0);
        }
        y += 2.0;
        // The office's box.
        page.frame(left, y, width, 9.0, 0.8);
        page.fill(left, y, 22.0, 9.0, GREY);
        page.text(left + 1.5, y + 5.8, LABEL, "市記入欄");
        let id = p
            .and_then(|p| p.id)
            .map_or(String::new(), |id| format!("ID{id}"));
        page.text(
            left + 25.0,
            y + 5.8,
            9.0,
            format!(
                "受付日　　年　月　日　受付者　　　　　　整理番号 {id}　　発行日 {}",
                both_dates(self.today)
            ),
        );
        vec![page]
    }
}
