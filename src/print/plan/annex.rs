//! The 別紙: what did not fit its box on the front or back, under its heading, on as many
//! pages as it takes.

use super::{Sheet, BODY, LABEL, LABEL_GREY};
use crate::policy::Field;
use crate::print::furniture::{Furniture, MARGIN};
use crate::print::page::{line_height, wrap, Page};

impl Sheet<'_, '_> {
    /// Lays out the 別紙 pages.
    pub(super) fn continuation(&self, furniture: &Furniture) -> Vec<Page> {
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
