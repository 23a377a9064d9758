//! The consent request letter (同意確認のお願い) that goes in front of a prefilled consent
//! form when officers write to people on the consent worklist: the address block for a
//! window envelope, what the roster is for, how to answer, and whom to ask.

use chrono::NaiveDate;

use super::furniture::{both_dates, Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, wrap, Page};
use crate::model::Person;

/// One letter.
#[derive(Debug, Clone)]
pub struct Letter<'a> {
    /// To whom.
    pub person: &'a Person,
    /// From whom.
    pub municipality: &'a str,
    /// The mailing's number.
    pub batch: &'a str,
    /// Sent on.
    pub today: NaiveDate,
}

const BODY: f32 = 10.5;

impl Letter<'_> {
    /// Checks every character that will be printed.
    pub fn check_glyphs(&self, g: &mut GlyphCheck) {
        let id = self.person.id;
        g.check(id, "name", &self.person.name);
        g.check(id, "address", &self.person.address);
    }

    /// The letter page (header drawn; the caller adds footers).
    pub fn layout(&self, furniture: &Furniture) -> Page {
        let mut page = Page::a4();
        let left = MARGIN + 8.0;
        let right = page.width - MARGIN - 8.0;
        let mut y = furniture.header(&mut page) + 8.0;
        // Address block where a window envelope shows it.
        page.text(left, y, 10.0, format!("〒　{}", self.person.address));
        y += 9.0;
        page.text(left + 6.0, y, 14.0, format!("{}　様", self.person.name));
        y += 6.0;
        page.text(
            left + 6.0,
            y,
            7.5,
            format!("整理番号 ID{}　{}", self.person.id.unwrap_or(0), self.batch),
        );
        page.text_right(right, y + 8.0, 10.0, &both_dates(self.today));
        page.text_right(right, y + 14.0, 10.0, &format!("{}長", self.municipality));
        y += 28.0;
        page.text_centre(
            page.width / 2.0,
            y,
            13.0,
            "避難行動要支援者名簿への登録と情報提供についてのお願い",
        );
        y += 10.0;
        let paragraphs = [
            "日頃から市政にご理解とご協力をいただき、ありがとうございます。".to_string(),
            format!(
                "{}では、大雨や地震などの災害のときに、ご自身だけで避難することが難しい方を支援するため、避難行動要支援者名簿を作成しています。名簿の情報は、ご本人の同意をいただいた場合に限り、平常時から地域の自主防災組織・自治会、民生委員、社会福祉協議会、消防署、警察署などの避難支援等関係者に提供し、日頃の見守りや避難の支援、安否の確認に役立てます。",
                self.municipality
            ),
            "同封の「登録申請書 兼 個人情報提供同意書」の内容をご確認のうえ、同意いただける場合は「同意する」に、同意いただけない場合は「同意しない」に印をつけて、ご署名のうえ返送してください。記載内容に誤りや変更があれば、書き添えてください。".to_string(),
            "同意いただけない場合でも、災害が発生し、又は発生するおそれがあり、生命又は身体を守るために特に必要なときは、法律（災害対策基本法第49条の11第3項）に基づき、名簿の情報を避難支援等関係者に提供することがあります。".to_string(),
            "同意は、いつでも撤回できます。ご不明な点は、下記までお問い合わせください。".to_string(),
        ];
        for p in paragraphs {
            for l in wrap(&p, right - left - 4.0, BODY) {
                page.text(left + 4.0, y, BODY, l);
                y += line_height(BODY);
            }
            y += 2.5;
        }
        y += 4.0;
        page.frame(left, y, right - left, 16.0, 0.6);
        page.text(
            left + 3.0,
            y + 6.0,
            10.0,
            format!(
                "問い合わせ先　{}　福祉担当課（避難行動要支援者名簿の担当）",
                self.municipality
            ),
        );
        page.text(
            left + 3.0,
            y + 12.0,
            10.0,
            "返送期限　　この手紙が届いてから1か月以内",
        );
        page
    }
}
