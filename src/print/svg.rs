//! A page as SVG, for looking at a print before it is made (the window's preview). Pure:
//! the same [`Page`] the PDF renderer draws, as text, lines and boxes in millimetres.
//! Text is XML-escaped, so a name holding markup is drawn as the characters it is.

use std::fmt::Write as _;

use super::page::{Item, Page, Rgb, MM_PER_PT};

/// Escapes the five XML specials (and drops the control characters XML 1.0 forbids).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn grey(g: f32) -> String {
    let v = (g.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("rgb({v},{v},{v})")
}

fn colour(c: Rgb) -> String {
    let v = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("rgb({},{},{})", v(c.0), v(c.1), v(c.2))
}

/// The page as a standalone SVG document, `width`×`height` mm, white background.
pub fn page_svg(page: &Page) -> String {
    let mut s = String::with_capacity(64 * page.items.len() + 256);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" font-family="IPAexGothic, 'IPAex Gothic', 'Noto Sans CJK JP', sans-serif"><rect x="0" y="0" width="{w}" height="{h}" fill="white"/>"#,
        w = page.width,
        h = page.height
    );
    for item in &page.items {
        match item {
            Item::Text { x, y, size, text } => {
                let _ = write!(
                    s,
                    r#"<text x="{x:.2}" y="{y:.2}" font-size="{:.3}" xml:space="preserve">{}</text>"#,
                    size * MM_PER_PT,
                    escape(text)
                );
            }
            Item::Line { from, to, width } => {
                let _ = write!(
                    s,
                    r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="black" stroke-width="{:.3}"/>"#,
                    from.0,
                    from.1,
                    to.0,
                    to.1,
                    width * MM_PER_PT
                );
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                stroke,
                fill,
            } => {
                let fill = fill.map_or("none".to_string(), grey);
                let stroke = stroke.map_or(String::from(r#"stroke="none""#), |sw| {
                    format!(r#"stroke="black" stroke-width="{:.3}""#, sw * MM_PER_PT)
                });
                let _ = write!(
                    s,
                    r#"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}" {stroke}/>"#
                );
            }
            Item::Polygon {
                rings,
                fill,
                stroke,
            } => {
                let mut d = String::new();
                for ring in rings {
                    for (i, (x, y)) in ring.iter().enumerate() {
                        let _ = write!(d, "{}{x:.2} {y:.2}", if i == 0 { "M" } else { "L" });
                    }
                    d.push('Z');
                }
                let fill = fill.map_or("none".to_string(), colour);
                let stroke = stroke.map_or(String::from(r#"stroke="none""#), |(sw, c)| {
                    format!(
                        r#"stroke="{}" stroke-width="{:.3}""#,
                        colour(c),
                        sw * MM_PER_PT
                    )
                });
                let _ = write!(
                    s,
                    r#"<path d="{d}" fill="{fill}" fill-rule="evenodd" {stroke}/>"#
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped_and_every_item_is_drawn() {
        let mut p = Page::a4();
        p.text(
            10.0,
            20.0,
            10.0,
            "<img src=x onerror=alert(1)> & \"山田\" 'x'",
        );
        p.line((0.0, 0.0), (10.0, 10.0), 0.5);
        p.frame(1.0, 2.0, 3.0, 4.0, 0.6);
        p.fill(5.0, 6.0, 7.0, 8.0, 0.9);
        let svg = page_svg(&p);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(
            svg.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;山田&quot; &apos;x&apos;")
        );
        assert!(!svg.contains("<img"));
        assert_eq!(svg.matches("<text").count(), 1);
        assert_eq!(svg.matches("<line").count(), 1);
        assert_eq!(svg.matches("<rect").count(), 3, "background, frame, fill");
        assert!(svg.contains("fill=\"rgb(230,230,230)\""));
        p.shape(
            vec![
                vec![(0.0, 0.0), (9.0, 0.0), (9.0, 9.0)],
                vec![(1.0, 1.0), (2.0, 1.0), (2.0, 2.0)],
            ],
            Some(Rgb(1.0, 0.5, 0.0)),
            None,
        );
        let svg = page_svg(&p);
        assert!(svg.contains(
            r#"<path d="M0.00 0.00L9.00 0.00L9.00 9.00ZM1.00 1.00L2.00 1.00L2.00 2.00Z" fill="rgb(255,128,0)" fill-rule="evenodd" stroke="none"/>"#
        ), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn control_characters_do_not_break_the_document() {
        assert_eq!(escape("a\u{0}b\u{1b}c\td"), "abc d");
    }
}
