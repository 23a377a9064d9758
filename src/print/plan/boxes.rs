//! The boxes the sheet is drawn with: framed rows with a grey label cell, text boxes whose
//! overflow goes to the 別紙, table cells, and rows of tick boxes.

use super::{Sheet, BODY, LABEL, LABEL_GREY};
use crate::print::furniture::MARGIN;
use crate::print::page::{line_height, text_width, wrap, Page};

/// A framed row `w` × `h` at (`x`, `y`) whose first `label_w` mm are the grey label cell.
pub(super) fn label_frame(
    page: &mut Page,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    label_w: f32,
    stroke: f32,
) {
    page.fill(x, y, label_w, h, LABEL_GREY);
    page.frame(x, y, w, h, stroke);
    page.line((x + label_w, y), (x + label_w, y + h), 0.5);
}

/// [`label_frame`] with a one-line label whose baseline is `baseline` mm below the top
/// (the rows of tick boxes: 区分, 住居, 緊急通報, 避難方法, 災害リスク).
#[allow(clippy::too_many_arguments)]
pub(super) fn label_row(
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

/// The grey header row of a table at `y`: each column's label at its left edge, the
/// `titled` column's label (`.0`) replaced by its title (`.1`, e.g. 名称 → 避難先 名称).
/// Returns where the rows start.
pub(super) fn table_head(
    page: &mut Page,
    left: f32,
    y: f32,
    width: f32,
    cols: &[(&str, f32)],
    titled: (&str, &str),
) -> f32 {
    page.fill(left, y, width, 5.5, LABEL_GREY);
    page.frame(left, y, width, 5.5, 0.6);
    let mut x = left;
    for &(label, w) in cols {
        let text = if label == titled.0 { titled.1 } else { label };
        page.text(x + 1.0, y + 4.0, LABEL, text);
        x += w;
    }
    y + 5.5
}

impl Sheet<'_, '_> {
    /// A box with a grey label cell on the left and wrapped text on the right. Lines that
    /// do not fit continue on the 別紙.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn field_box(
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
    pub(super) fn lines_in(
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

    /// `text` on one line at baseline `y`, shrunk to fit; if it cannot, wrapped into the
    /// box with the rest on the 別紙.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn one_line(
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

    /// One table cell's text on one line; if it does not fit even shrunk, it goes whole to
    /// the 別紙 and the cell says so.
    pub(super) fn cell(
        &mut self,
        page: &mut Page,
        x: f32,
        y: f32,
        w: f32,
        text: &str,
        heading: &str,
    ) {
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

    /// Tick boxes with their labels from (`x`, baseline `y`), ticked where `shown` and on;
    /// returns where the last label ends.
    pub(super) fn ticks(
        &self,
        page: &mut Page,
        x: f32,
        y: f32,
        options: &[(&str, bool)],
        shown: bool,
    ) -> f32 {
        let mut cx = x;
        for (label, on) in options {
            page.tick_box(cx, y - 3.0, 3.4, shown && *on);
            page.text(cx + 4.4, y, BODY, *label);
            cx += 4.4 + text_width(label, BODY) + 3.5;
        }
        cx
    }

    /// A full-width row of tick boxes behind a grey label cell `label_w` mm wide (住居,
    /// 緊急通報システム, 避難方法, 自宅の災害リスク): the label on baseline `baselines.0`, the
    /// boxes from 2 mm past the label cell on baseline `baselines.1`. Returns where the last
    /// box's label ends.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn tick_row(
        &self,
        page: &mut Page,
        y: f32,
        h: f32,
        label_w: f32,
        label: &str,
        baselines: (f32, f32),
        options: &[(&str, bool)],
        shown: bool,
    ) -> f32 {
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        label_row(page, left, y, width, h, label_w, label, baselines.0);
        self.ticks(page, left + label_w + 2.0, y + baselines.1, options, shown)
    }
}
