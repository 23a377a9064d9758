//! Pages as positioned text, lines and boxes, in millimetres from the top-left corner —
//! the layout's output and the renderer's input. Measuring and wrapping live here too.

use super::fonts::fonts;

/// Millimetres per point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// A4 portrait, in mm.
pub const A4: (f32, f32) = (210.0, 297.0);

/// A colour, each part from 0 to 1 (for the map's shading; everything else is grey).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text whose baseline starts at (`x`, `y`).
    Text {
        /// Left edge, mm.
        x: f32,
        /// Baseline, mm from the top.
        y: f32,
        /// Size in pt.
        size: f32,
        /// The text (one line).
        text: String,
    },
    /// A straight line.
    Line {
        /// Start.
        from: (f32, f32),
        /// End.
        to: (f32, f32),
        /// Stroke width in pt.
        width: f32,
    },
    /// A rectangle, stroked and/or filled with a grey (0 black … 1 white).
    Rect {
        /// Left, mm.
        x: f32,
        /// Top, mm.
        y: f32,
        /// Width, mm.
        w: f32,
        /// Height, mm.
        h: f32,
        /// Stroke width in pt, if stroked.
        stroke: Option<f32>,
        /// Fill grey, if filled.
        fill: Option<f32>,
    },
    /// A shape of one or more closed rings, filled by the even-odd rule (so a ring inside
    /// another is a hole) and/or outlined.
    Polygon {
        /// The rings, each a list of points in mm (closed by the renderer).
        rings: Vec<Vec<(f32, f32)>>,
        /// Fill colour, if filled.
        fill: Option<Rgb>,
        /// Outline width in pt and colour, if outlined.
        stroke: Option<(f32, Rgb)>,
    },
}

/// A page: its size and what is drawn on it, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width, mm.
    pub width: f32,
    /// Height, mm.
    pub height: f32,
    /// What is drawn.
    pub items: Vec<Item>,
}

impl Page {
    /// An empty A4 portrait page.
    pub fn a4() -> Page {
        Page {
            width: A4.0,
            height: A4.1,
            items: Vec::new(),
        }
    }

    /// An empty A4 landscape page.
    pub fn a4_landscape() -> Page {
        Page {
            width: A4.1,
            height: A4.0,
            items: Vec::new(),
        }
    }

    /// Text with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: impl Into<String>) {
        let text = text.into();
        if !text.is_empty() {
            self.items.push(Item::Text { x, y, size, text });
        }
    }

    /// Text ending at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, text: &str) {
        self.text(right - text_width(text, size), y, size, text);
    }

    /// Text centred on `centre`.
    pub fn text_centre(&mut self, centre: f32, y: f32, size: f32, text: &str) {
        self.text(centre - text_width(text, size) / 2.0, y, size, text);
    }

    /// A line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32) {
        self.items.push(Item::Line { from, to, width });
    }

    /// A stroked rectangle.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            stroke: Some(width),
            fill: None,
        });
    }

    /// A filled rectangle (no outline).
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, grey: f32) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            stroke: None,
            fill: Some(grey),
        });
    }

    /// A tick box of side `side` with its top-left at (`x`, `y`), ticked or not.
    pub fn tick_box(&mut self, x: f32, y: f32, side: f32, ticked: bool) {
        self.frame(x, y, side, side, 0.6);
        if ticked {
            self.line(
                (x + side * 0.2, y + side * 0.55),
                (x + side * 0.42, y + side * 0.8),
                1.2,
            );
            self.line(
                (x + side * 0.42, y + side * 0.8),
                (x + side * 0.85, y + side * 0.2),
                1.2,
            );
        }
    }

    /// A shape (see [`Item::Polygon`]); nothing is drawn for rings of fewer than three
    /// points.
    pub fn shape(
        &mut self,
        rings: Vec<Vec<(f32, f32)>>,
        fill: Option<Rgb>,
        stroke: Option<(f32, Rgb)>,
    ) {
        let rings: Vec<_> = rings.into_iter().filter(|r| r.len() >= 3).collect();
        if !rings.is_empty() && (fill.is_some() || stroke.is_some()) {
            self.items.push(Item::Polygon {
                rings,
                fill,
                stroke,
            });
        }
    }

    /// A round dot of radius `r` mm centred on `at` (a 16-sided shape: round at any size
    /// a dot is printed).
    pub fn dot(&mut self, at: (f32, f32), r: f32, fill: Rgb, stroke: Option<(f32, Rgb)>) {
        let ring = (0..16)
            .map(|i| {
                let a = i as f32 * std::f32::consts::PI / 8.0;
                (at.0 + r * a.cos(), at.1 + r * a.sin())
            })
            .collect();
        self.shape(vec![ring], Some(fill), stroke);
    }

    /// The text of the page in drawing order (for tests and the glyph check).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// The width of `text` at `size` pt, in mm.
pub fn text_width(text: &str, size: f32) -> f32 {
    fonts().width(text, size) * MM_PER_PT
}

/// The height of a line of `size` pt text with 1.35 leading, in mm.
pub fn line_height(size: f32) -> f32 {
    size * 1.35 * MM_PER_PT
}

/// Characters that must not begin a line (行頭禁則).
fn no_line_start(c: char) -> bool {
    "、。，．・：；？！）」』】〕〉》’”ゝゞーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ,.:;?!)]}%"
        .contains(c)
}

/// Characters that must not end a line (行末禁則).
fn no_line_end(c: char) -> bool {
    "（「『【〔〈《‘“([{".contains(c)
}

/// Breaks `text` into lines no wider than `width` mm at `size` pt. Honours line breaks in
/// the text, keeps Latin words whole when they fit on a line, and keeps closing
/// punctuation off the start of a line. Never loses a character.
pub fn wrap(text: &str, width: f32, size: f32) -> Vec<String> {
    let f = fonts();
    let limit = width / MM_PER_PT;
    let mut lines = Vec::new();
    for paragraph in text.replace("\r\n", "\n").split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        let mut line: Vec<char> = Vec::new();
        let mut used = 0.0f32;
        let mut i = 0;
        while i < chars.len() {
            // A Latin word (or a run of digits) moves as one piece when it fits on a line.
            let end = if chars[i].is_ascii_alphanumeric() {
                let mut j = i;
                while j < chars.len() && chars[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                j
            } else {
                i + 1
            };
            let mut piece = &chars[i..end];
            let mut piece_w: f32 = piece.iter().map(|&c| f.char_width(c, size)).sum();
            if piece_w > limit {
                // A word wider than a whole line is broken by character.
                piece = &chars[i..i + 1];
                piece_w = f.char_width(chars[i], size);
            }
            if used + piece_w <= limit || line.is_empty() {
                line.extend_from_slice(piece);
                used += piece_w;
                i += piece.len();
                continue;
            }
            // Kinsoku: carry the last character over rather than start with a closer or
            // end with an opener.
            if (no_line_start(chars[i]) || line.last().is_some_and(|&c| no_line_end(c)))
                && line.len() > 1
            {
                let c = line.pop().expect("non-empty");
                let carried: String = line.drain(..).collect();
                lines.push(carried.trim_end().to_string());
                line.push(c);
                used = f.char_width(c, size);
                continue;
            }
            lines.push(line.drain(..).collect::<String>().trim_end().to_string());
            used = 0.0;
            // A space at the start of a continuation line is dropped.
            if chars[i] == ' ' {
                i += 1;
            }
        }
        lines.push(line.into_iter().collect());
    }
    lines
}

/// Shortens `text` with "…" to fit `width` mm (only for labels that repeat elsewhere in
/// full; personal data is wrapped, never shortened).
pub fn fit(text: &str, width: f32, size: f32) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}…"), size) > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character_and_fits_the_width() {
        let text = "人工呼吸器を使用（外部バッテリー約6時間）。停電時は発電機のある福祉避難所へ直接避難する。Oxygen concentrator model ABC-1234 rented.";
        for width in [20.0, 35.0, 60.0] {
            let lines = wrap(text, width, 9.0);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(text_width(l, 9.0) <= width + 0.01, "{l} {width}");
                assert!(!l.starts_with('。') && !l.starts_with('）'), "{l}");
            }
            let joined: String = lines.concat();
            let without_spaces = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            assert_eq!(without_spaces(&joined), without_spaces(text));
        }
    }

    #[test]
    fn wrapping_honours_line_breaks_and_keeps_words() {
        assert_eq!(
            wrap("一行目\n二行目", 100.0, 10.0),
            vec!["一行目", "二行目"]
        );
        let lines = wrap("call 090-1234-5678 now", 20.0, 10.0);
        assert!(lines.iter().any(|l| l.contains("1234")), "{lines:?}");
        assert_eq!(wrap("", 50.0, 10.0), vec![String::new()]);
    }
}
