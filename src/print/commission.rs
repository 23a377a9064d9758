//! The 依頼書: the municipality's request to a care office to make (or update) one person's
//! 個別避難計画 — what is asked, by when, for what fee, and how the papers come back. The
//! pre-filled draft sheet follows it in the same copy.

use super::furniture::{Furniture, MARGIN};
use super::page::{fit, line_height, wrap, Page};

/// The letter ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLetter {
    /// The addressee: 「あおば居宅介護支援事業所　御中」.
    pub to: String,
    /// The sender: 「みどり市長」.
    pub from: String,
    /// The letter's date, as printed.
    pub date: String,
    /// The opening paragraphs.
    pub body: Vec<String>,
    /// The particulars (label, value): 委託番号, 対象者, 区分, 依頼日, 期限, 報酬 ….
    pub facts: Vec<(String, String)>,
    /// How the papers are handled and come back.
    pub notes: Vec<String>,
}

impl RequestLetter {
    /// Every text it prints.
    pub fn texts(&self) -> Vec<&str> {
        let mut v = vec![self.to.as_str(), &self.from, &self.date];
        v.extend(self.body.iter().map(String::as_str));
        for (k, x) in &self.facts {
            v.push(k);
            v.push(x);
        }
        v.extend(self.notes.iter().map(String::as_str));
        v
    }

    /// Lays the letter out on one A4 page.
    pub fn layout(&self, furniture: &Furniture) -> Page {
        let mut page = Page::a4();
        let width = page.width - 2.0 * MARGIN;
        let right = MARGIN + width;
        let mut y = furniture.header(&mut page) + 4.0;
        page.text_right(right, y + 4.0, 10.0, &self.date);
        y += 9.0;
        page.text(MARGIN, y + 4.0, 12.0, fit(&self.to, width * 0.7, 12.0));
        y += 9.0;
        page.text_right(right, y + 4.0, 11.0, &self.from);
        y += 12.0;
        page.text_centre(
            MARGIN + width / 2.0,
            y + 4.0,
            14.0,
            "個別避難計画作成業務 依頼書",
        );
        y += 12.0;
        for p in &self.body {
            for l in wrap(p, width - 4.0, 10.0) {
                y += line_height(10.0);
                page.text(MARGIN + 2.0, y, 10.0, l);
            }
            y += 2.0;
        }
        y += 3.0;
        let label_w = 38.0;
        for (k, v) in &self.facts {
            let lines = wrap(v, width - label_w - 4.0, 10.0);
            let h = 3.0 + lines.len().max(1) as f32 * line_height(10.0);
            page.fill(MARGIN, y, label_w, h, 0.9);
            page.frame(MARGIN, y, width, h, 0.5);
            page.line((MARGIN + label_w, y), (MARGIN + label_w, y + h), 0.5);
            page.text(
                MARGIN + 1.5,
                y + 1.2 + line_height(10.0) * 0.8,
                9.5,
                k.as_str(),
            );
            for (i, l) in lines.iter().enumerate() {
                page.text(
                    MARGIN + label_w + 2.0,
                    y + 1.2 + line_height(10.0) * (0.8 + i as f32),
                    10.0,
                    l.as_str(),
                );
            }
            y += h;
        }
        y += 6.0;
        page.text(MARGIN, y, 10.5, "取扱い");
        y += 1.5;
        for n in &self.notes {
            for (i, l) in wrap(n, width - 8.0, 9.0).iter().enumerate() {
                y += line_height(9.0);
                let mark = if i == 0 { "・" } else { "" };
                page.text(MARGIN + 2.0, y, 9.0, mark);
                page.text(MARGIN + 6.0, y, 9.0, l.as_str());
            }
        }
        page
    }
}
