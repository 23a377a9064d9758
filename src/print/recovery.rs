//! The recovery key sheet (回復キー): printed once when an admin makes a recovery key, sealed
//! in an envelope and kept in the office safe. It shows the key in large boxed groups to
//! type from, says in plain words what the key opens and how to keep it, names the roster
//! it belongs to, and leaves boxes for whoever seals it.
//!
//! The sheet is the key itself on paper, so it carries no audit footer to trace a copy by:
//! there must be no copies. The texts laid out are wiped once the PDF is made.

use std::path::Path;

use chrono::{DateTime, Utc};
use zeroize::Zeroize;

use super::furniture::{both_dates, Furniture, MARGIN};
use super::glyphs::GlyphCheck;
use super::page::{line_height, text_width, wrap, Item, Page, MM_PER_PT};
use super::render::{render, DocMeta};
use crate::clock::jst;
use crate::error::Result;
use crate::model::recovery::{RecoveryKey, GROUPS};

/// What a recovery key sheet shows.
#[derive(Debug, Clone)]
pub struct RecoverySheet<'a> {
    /// The key (its `Debug` shows nothing).
    pub key: &'a RecoveryKey,
    /// The municipality, e.g. 「みどり市」.
    pub municipality: &'a str,
    /// The roster's file name, e.g. `roster.db` (no folder).
    pub roster_file: &'a str,
    /// The roster's id, as in its key file.
    pub roster_id: &'a str,
    /// When the key was made; printed in Japan time, and the PDF's creation date.
    pub made_at: DateTime<Utc>,
    /// The admin account that made it.
    pub made_by: &'a str,
}

/// The document's title, also the PDF's title (which viewers show).
const TITLE: &str = "回復キー";
/// The marking in the header's top-right box.
const MARKING: &str = "厳重保管・複製禁止";
const BODY: f32 = 10.0;
const HEADING: f32 = 11.5;
const LABEL: f32 = 8.5;
/// The key's digits: large enough to type from at arm's length.
const KEY: f32 = 24.0;
const GREY: f32 = 0.9;

/// Groups per row of boxes.
const PER_ROW: usize = 4;
const BOX_W: f32 = 38.0;
const BOX_H: f32 = 14.0;
const BOX_GAP: f32 = 10.0;

const PURPOSE: [&str; 4] = [
    "管理者のパスフレーズを忘れたときに、名簿を開くためのものです。ふだんは使いません。",
    "回復キーで名簿を開いたときは、その場で管理者の新しいパスフレーズを決めます。",
    "回復キーを使ったことは、監査ログ（操作の記録）に残ります。",
    "新しい回復キーを作ると、この回復キーは使えなくなります。",
];

const KEEPING: [&str; 5] = [
    "印刷したら、すぐにこの用紙を封筒に入れて封をし、庁舎の金庫に保管してください。",
    "パソコンと一緒に置かないでください。パソコンの中に残したり、撮影・コピーしたりしないでください。",
    "印刷が終わったら、回復キーのPDFファイルを削除してください（ごみ箱からも削除してください）。",
    "封筒は、パスフレーズを忘れたときだけ開けてください。使った後は、新しい回復キーを作ってください。",
    "新しい回復キーを作ったときは、この用紙をシュレッダーで処分してください。",
];

impl RecoverySheet<'_> {
    /// Checks every character that comes from outside the sheet's own wording.
    fn check_glyphs(&self, g: &mut GlyphCheck) {
        g.check(None, "municipality.name", self.municipality);
        g.check(None, "roster_file", self.roster_file);
        g.check(None, "roster_id", self.roster_id);
        g.check(None, "made_by", self.made_by);
    }

    /// 令和8年11月22日（2026-11-22）14:05, in Japan time.
    fn made_at_text(&self) -> String {
        let at = jst(self.made_at);
        format!("{}　{}", both_dates(at.date()), at.format("%H:%M"))
    }

    /// The key file beside the roster: the same name with `.keys` (the naming rule of
    /// `keyfile.rs` `keys_path`; the key only opens the roster together with that file).
    fn keys_file(&self) -> String {
        Path::new(self.roster_file)
            .with_extension("keys")
            .to_string_lossy()
            .into_owned()
    }

    /// The sheet on one A4 page.
    fn layout(&self) -> Page {
        let furniture = Furniture {
            title: TITLE.to_string(),
            serial: None,
            subtitle: format!(
                "{}　避難行動要支援者名簿を開くための予備の鍵　作成 {}",
                self.municipality,
                self.made_at_text()
            ),
            disaster: None,
            audit_head: String::new(),
            // The header's own box says 取扱注意; this sheet says more (drawn below).
            confidential: false,
        };
        let mut page = Page::a4();
        let left = MARGIN;
        let right = page.width - MARGIN;
        let width = right - left;
        let mut y = furniture.header(&mut page);
        let mark_w = text_width(MARKING, 11.0) + 6.0;
        page.fill(right - mark_w, MARGIN, mark_w, 8.0, GREY);
        page.frame(right - mark_w, MARGIN, mark_w, 8.0, 1.6);
        page.text(right - mark_w + 3.0, MARGIN + 5.8, 11.0, MARKING);

        // What this paper is, before anything else.
        y += 3.0;
        let warning = wrap(
            "この用紙は、名簿を開くことのできる鍵そのものです。人に見せたり、持ち出したりしないでください。",
            width - 8.0,
            BODY,
        );
        let band = warning.len() as f32 * line_height(BODY) + 4.0;
        page.frame(left, y, width, band, 1.2);
        let mut ly = y + 2.0 + line_height(BODY) * 0.78;
        for l in warning {
            page.text(left + 4.0, ly, BODY, l);
            ly += line_height(BODY);
        }
        y += band + 6.0;

        // The key: two rows of four boxed groups, numbered as the app names them when one
        // does not check.
        page.text(left, y, BODY, "回復キー（6桁の数字が8組、あわせて48桁）");
        y += 3.0;
        let shown = self.key.display();
        let groups: Vec<&str> = shown.split('-').collect();
        let row_w = PER_ROW as f32 * BOX_W + (PER_ROW - 1) as f32 * BOX_GAP;
        let x0 = left + (width - row_w) / 2.0;
        // Digits sit on the box's middle: their height is about 0.7 of the size.
        let digit_drop = BOX_H / 2.0 + KEY * 0.7 * MM_PER_PT / 2.0;
        for row in 0..GROUPS.div_ceil(PER_ROW) {
            if row > 0 {
                y += 1.5;
            }
            y += 5.5;
            for col in 0..PER_ROW {
                let i = row * PER_ROW + col;
                let Some(group) = groups.get(i) else { break };
                let x = x0 + col as f32 * (BOX_W + BOX_GAP);
                page.text(x + 0.5, y - 1.2, LABEL, format!("{}", i + 1));
                page.frame(x, y, BOX_W, BOX_H, 1.0);
                page.text_centre(x + BOX_W / 2.0, y + digit_drop, KEY, group);
                if col + 1 < PER_ROW && i + 1 < groups.len() {
                    page.line(
                        (x + BOX_W + BOX_GAP * 0.3, y + BOX_H / 2.0),
                        (x + BOX_W + BOX_GAP * 0.7, y + BOX_H / 2.0),
                        1.0,
                    );
                }
            }
            y += BOX_H;
        }
        y += 6.5;
        for l in wrap(
            "1から8の順に数字を入力します（「-」や空白はなくてもかまいません）。打ちまちがいは、何組目かが表示されます。",
            width,
            9.0,
        ) {
            page.text(left, y, 9.0, l);
            y += line_height(9.0);
        }
        y += 3.0;

        y = section(&mut page, y, "この回復キーの役割", &PURPOSE);
        y = section(&mut page, y, "保管のしかた", &KEEPING);

        // Which roster the key opens.
        y = heading(&mut page, y, "この回復キーで開ける名簿");
        let keys_file = format!(
            "{}（名簿ファイルと同じフォルダーにあり、回復キーと組で使います）",
            self.keys_file()
        );
        let made_at = self.made_at_text();
        let facts: [(&str, &str); 6] = [
            ("市町村", self.municipality),
            ("名簿ファイル", self.roster_file),
            ("鍵ファイル", &keys_file),
            ("名簿ID", self.roster_id),
            ("作成日時", &made_at),
            ("作成した管理者", self.made_by),
        ];
        let label_w = 34.0;
        for (label, value) in facts {
            let lines = wrap(value, width - label_w - 4.0, BODY);
            let h = (lines.len() as f32 * line_height(BODY) + 2.5).max(7.0);
            page.fill(left, y, label_w, h, GREY);
            page.frame(left, y, width, h, 0.6);
            page.line((left + label_w, y), (left + label_w, y + h), 0.5);
            page.text(left + 2.0, y + 4.9, LABEL, label);
            for (i, l) in lines.into_iter().enumerate() {
                page.text(
                    left + label_w + 2.0,
                    y + 5.0 + i as f32 * line_height(BODY),
                    BODY,
                    l,
                );
            }
            y += h;
        }
        y += 5.0;

        // Filled in by hand when the envelope is sealed.
        y = heading(
            &mut page,
            y,
            "保管の記録（封をするときに手書きで記入してください）",
        );
        let cells: [(&str, f32, &str); 3] = [
            ("保管者（署名）", 0.42, ""),
            ("封印日", 0.30, "令和　　年　　月　　日"),
            ("保管場所", 0.28, "金庫"),
        ];
        let h = 20.0;
        let mut x = left;
        for (label, share, hint) in cells {
            let w = width * share;
            page.frame(x, y, w, h, 0.8);
            page.fill(x, y, w, 5.5, GREY);
            page.line((x, y + 5.5), (x + w, y + 5.5), 0.5);
            page.text(x + 2.0, y + 4.0, LABEL, label);
            page.text_right(x + w - 2.0, y + h - 3.0, BODY, hint);
            x += w;
        }
        page
    }
}

/// A section heading; returns the top of what follows it.
fn heading(page: &mut Page, y: f32, title: &str) -> f32 {
    page.fill(MARGIN, y, 1.6, 5.0, 0.0);
    page.text(MARGIN + 3.5, y + 4.3, HEADING, title);
    y + 7.5
}

/// A heading and its points, each with a hanging 「・」; returns the y below them.
fn section(page: &mut Page, y: f32, title: &str, points: &[&str]) -> f32 {
    // The first baseline sits one cap height below the top.
    let mut y = heading(page, y, title) + BODY * MM_PER_PT * 0.9;
    let indent = text_width("・", BODY);
    let left = MARGIN + 2.0;
    let width = page.width - MARGIN - left - indent;
    for p in points {
        page.text(left, y, BODY, "・");
        for l in wrap(p, width, BODY) {
            page.text(left + indent, y, BODY, l);
            y += line_height(BODY);
        }
        y += 1.0;
    }
    y + 3.0
}

/// The recovery key sheet as PDF bytes: one A4 page. Fails, before anything is drawn, when
/// a character of the municipality, file name, roster id or account cannot be printed.
/// The same sheet gives the same bytes (the PDF's dates are `made_at`).
pub fn sheet(s: &RecoverySheet<'_>) -> Result<Vec<u8>> {
    let mut g = GlyphCheck::default();
    s.check_glyphs(&mut g);
    g.finish()?;
    let mut pages = vec![s.layout()];
    let bytes = render(
        &pages,
        &DocMeta {
            title: TITLE,
            created: s.made_at,
        },
    );
    // The key's digits are in the laid-out texts; do not leave them in freed memory.
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if let Item::Text { text, .. } = item {
            text.zeroize();
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::print::fonts::can_draw;

    fn key(seed: u8) -> RecoveryKey {
        let mut b = [0u8; 16];
        for (i, x) in b.iter_mut().enumerate() {
            *x = seed.wrapping_mul(31).wrapping_add(i as u8 * 17);
        }
        RecoveryKey::from_bytes(b)
    }

    fn sheet_of(k: &RecoveryKey) -> RecoverySheet<'_> {
        RecoverySheet {
            key: k,
            municipality: "みどり市",
            roster_file: "roster.db",
            roster_id: "3f9a1c0e7b2d4a6f8e1b2c3d4e5f6071",
            // 2026-11-22 14:05 in Japan.
            made_at: Utc.with_ymd_and_hms(2026, 11, 22, 5, 5, 0).unwrap(),
            made_by: "admin-tanaka",
        }
    }

    /// The PDF's text, with the spaces and line breaks a text extractor adds taken out.
    fn text_of(pdf: &[u8]) -> String {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        doc.extract_text(&[1])
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    #[test]
    fn the_sheet_shows_the_key_in_order_and_names_its_roster() {
        let k = key(1);
        let pdf = sheet(&sheet_of(&k)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        let shown = k.display();
        let groups: Vec<&str> = shown.split('-').collect();
        assert_eq!(groups.len(), 8);
        let mut from = 0;
        for g in &groups {
            let at = text[from..]
                .find(g)
                .unwrap_or_else(|| panic!("group {g} is not after byte {from} in {text}"));
            from += at + g.len();
        }
        for needle in [
            "回復キー",
            "厳重保管・複製禁止",
            "みどり市",
            "roster.db",
            "roster.keys",
            "3f9a1c0e7b2d4a6f8e1b2c3d4e5f6071",
            "admin-tanaka",
            "令和8年11月22日（2026-11-22）14:05",
            "新しい回復キーを作ると、この回復キーは使えなくなります。",
            "監査ログ",
            "金庫",
            "保管者（署名）",
            "封印日",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
    }

    #[test]
    fn the_same_sheet_gives_the_same_bytes_and_another_key_other_bytes() {
        let (a, b) = (key(1), key(2));
        assert_ne!(a.display(), b.display());
        let first = sheet(&sheet_of(&a)).unwrap();
        assert_eq!(first, sheet(&sheet_of(&a)).unwrap());
        let other = sheet(&sheet_of(&b)).unwrap();
        assert_ne!(first, other);
        assert!(text_of(&other).contains(b.display().split('-').nth(3).unwrap()));
    }

    #[test]
    fn an_unprintable_character_stops_the_sheet_and_names_the_field() {
        let k = key(1);
        let s = RecoverySheet {
            made_by: "管理\u{10FFFD}",
            ..sheet_of(&k)
        };
        let Err(crate::Error::Unprintable(found)) = sheet(&s) else {
            panic!("expected an error");
        };
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, "made_by");
    }

    /// Every text and box inside the margins and above `bottom`.
    fn assert_inside(page: &Page, bottom: f32) {
        for item in &page.items {
            match item {
                Item::Text { x, y, size, text } => {
                    assert!(*x >= MARGIN - 0.01, "{text} left of the margin");
                    assert!(
                        x + text_width(text, *size) <= page.width - MARGIN + 0.01,
                        "{text} past the right margin"
                    );
                    assert!(*y <= bottom, "{text} below {bottom}");
                }
                Item::Rect { x, y, w, h, .. } => {
                    assert!(*x >= MARGIN - 0.01 && x + w <= page.width - MARGIN + 0.01);
                    assert!(y + h <= bottom, "a box reaches {} (below {bottom})", y + h);
                }
                Item::Line { .. } | Item::Polygon { .. } => {}
            }
        }
    }

    #[test]
    fn long_names_wrap_and_still_fit_the_page() {
        let k = key(4);
        let file = format!(
            "{}.db",
            "中央地区_避難行動要支援者名簿_2026年度_バックアップ復元用".repeat(2)
        );
        let s = RecoverySheet {
            municipality: "北海道虻田郡洞爺湖町",
            roster_file: &file,
            made_by: "kikikanri-fukushi-tantou-admin-01",
            ..sheet_of(&k)
        };
        let page = s.layout();
        // Nothing is shortened: the whole file name is on the page, over several lines.
        let joined: String = page.texts().collect();
        assert!(joined.contains(&file[..file.len() - 3]), "{joined}");
        assert_inside(&page, page.height - MARGIN);
    }

    #[test]
    fn the_page_fits_is_drawable_and_the_key_is_large_and_evenly_spaced() {
        let k = key(3);
        let page = sheet_of(&k).layout();
        for t in page.texts() {
            assert!(
                t.chars().all(|c| c.is_ascii() || can_draw(c)),
                "not drawable: {t}"
            );
        }
        assert_inside(&page, Furniture::content_bottom(&page));
        // Each group is one text of at least 16 pt, and every digit is as wide as the
        // others, so the groups line up like typewriter digits.
        let shown = k.display();
        for g in shown.split('-') {
            assert!(
                page.items.iter().any(|i| matches!(i,
                    Item::Text { size, text, .. } if text == g && *size >= 16.0)),
                "{g} not drawn large"
            );
        }
        let zero = text_width("0", KEY);
        for d in '1'..='9' {
            assert!((text_width(&d.to_string(), KEY) - zero).abs() < 0.01, "{d}");
        }
    }
}
