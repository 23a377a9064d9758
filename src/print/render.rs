//! Pages → PDF bytes. Fonts are embedded as subsets with a ToUnicode map (so `pdftotext`
//! returns the exact text), and the same pages give the same bytes.

use std::sync::OnceLock;

use allsorts::tables::cmap::owned::CmapSubtable as OwnedCmapSubtable;
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem,
    WindingOrder,
};
use sha2::{Digest, Sha256};

use super::fonts::{fonts, FaceId};
use super::page::{Item, Page, Rgb};

/// The document's title (shown by viewers) and what makes its file identifier.
pub struct DocMeta<'a> {
    /// Title, e.g. 「避難行動要支援者名簿（簡易版）No. 2026-0001」.
    pub title: &'a str,
    /// The instant it was made (RFC 3339), written as the creation date.
    pub created: chrono::DateTime<chrono::Utc>,
}

fn parsed(face: FaceId) -> &'static ParsedFont {
    static PRIMARY: OnceLock<ParsedFont> = OnceLock::new();
    static FALLBACK: OnceLock<ParsedFont> = OnceLock::new();
    let (cell, bytes) = match face {
        FaceId::Primary => (&PRIMARY, fonts().primary.bytes),
        FaceId::Fallback => (
            &FALLBACK,
            fonts()
                .fallback
                .as_ref()
                .map_or(fonts().primary.bytes, |f| f.bytes),
        ),
    };
    cell.get_or_init(|| {
        let mut font =
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("a font that ttf-parser read");
        if let Some(direct) = direct_cmap(bytes) {
            font.cmap_subtable = Some(direct);
        }
        font
    })
}

/// The font's character map as one array indexed by code point (a format 10 subtable).
///
/// printpdf looks up every character of every page twice (the glyphs a subset needs, then
/// the text's glyph ids) through the font's cmap, and the format 4 subtable IPAex Gothic
/// carries is searched segment by segment: thousands of segments for each of the millions
/// of characters of a town's list, a third of the time of a print. The array answers each
/// lookup at once, with the same glyphs ttf-parser (our measuring and glyph check) finds.
fn direct_cmap(bytes: &[u8]) -> Option<OwnedCmapSubtable> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    let cmap = face.tables().cmap?;
    let mut mapped: Vec<(u32, u16)> = Vec::new();
    for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
        sub.codepoints(|cp| {
            if let Some(g) = char::from_u32(cp).and_then(|c| face.glyph_index(c)) {
                mapped.push((cp, g.0));
            }
        });
    }
    let first = mapped.iter().map(|m| m.0).min()?;
    let last = mapped.iter().map(|m| m.0).max()?;
    let mut glyph_id_array = vec![0u16; usize::try_from(last - first + 1).ok()?];
    for (cp, g) in mapped {
        glyph_id_array[(cp - first) as usize] = g;
    }
    Some(OwnedCmapSubtable::Format10 {
        language: 0,
        start_char_code: first,
        glyph_id_array,
    })
}

fn font_id(face: FaceId) -> FontId {
    FontId(match face {
        FaceId::Primary => "YRSIPA".to_string(),
        FaceId::Fallback => "YRSIPB".to_string(),
    })
}

fn pt(mm: f32) -> Pt {
    Pt::from(Mm(mm))
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

fn rgb(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: c.0,
        g: c.1,
        b: c.2,
        icc_profile: None,
    })
}

/// A shape's operations, its colours kept inside a saved graphics state.
fn polygon_ops(
    rings: &[Vec<(f32, f32)>],
    fill: Option<Rgb>,
    stroke: Option<(f32, Rgb)>,
    h: f32,
) -> Vec<Op> {
    let mut ops = vec![Op::SaveGraphicsState];
    if let Some(c) = fill {
        ops.push(Op::SetFillColor { col: rgb(c) });
    }
    if let Some((width, c)) = stroke {
        ops.push(Op::SetOutlineColor { col: rgb(c) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width) });
    }
    let mode = match (fill, stroke) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (None, Some(_)) => PaintMode::Stroke,
        _ => PaintMode::Fill,
    };
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: rings
                .iter()
                .map(|ring| PolygonRing {
                    // Each ring ends where it began: the path operator closes only the last.
                    points: ring
                        .iter()
                        .chain(ring.first())
                        .map(|&(x, y)| LinePoint {
                            p: Point {
                                x: pt(x),
                                y: pt(h - y),
                            },
                            bezier: false,
                        })
                        .collect(),
                })
                .collect(),
            mode,
            winding_order: WindingOrder::EvenOdd,
        },
    });
    ops.push(Op::RestoreGraphicsState);
    ops
}

/// Draws `pages` into a PDF.
pub fn render(pages: &[Page], meta: &DocMeta<'_>) -> Vec<u8> {
    let f = fonts();
    let mut doc = PdfDocument::new(meta.title);
    let created = time_of(meta.created);
    doc.metadata.info.creation_date = created;
    doc.metadata.info.modification_date = created;
    doc.metadata.info.metadata_date = created;
    doc.metadata.info.producer = "Yorisoi".to_string();
    doc.metadata.info.creator = "Yorisoi".to_string();

    let mut used_fallback = false;
    let mut pdf_pages = Vec::with_capacity(pages.len());
    for page in pages {
        let mut ops = Vec::with_capacity(page.items.len() * 4);
        let h = page.height;
        for item in &page.items {
            match item {
                Item::Text { x, y, size, text } => {
                    let mut cx = *x;
                    for (face, run) in f.runs(text) {
                        used_fallback |= face == FaceId::Fallback;
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(face)),
                            size: Pt(*size),
                        });
                        ops.push(Op::SetTextCursor {
                            pos: Point {
                                x: pt(cx),
                                y: pt(h - y),
                            },
                        });
                        ops.push(Op::ShowText {
                            items: vec![TextItem::Text(run.to_string())],
                        });
                        ops.push(Op::EndTextSection);
                        cx += super::page::text_width(run, *size);
                    }
                }
                Item::Line { from, to, width } => {
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint {
                                    p: Point {
                                        x: pt(from.0),
                                        y: pt(h - from.1),
                                    },
                                    bezier: false,
                                },
                                LinePoint {
                                    p: Point {
                                        x: pt(to.0),
                                        y: pt(h - to.1),
                                    },
                                    bezier: false,
                                },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h: rh,
                    stroke,
                    fill,
                } => {
                    if let Some(level) = fill {
                        ops.push(Op::SetFillColor { col: grey(*level) });
                    }
                    if let Some(width) = stroke {
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    }
                    let mode = match (stroke, fill) {
                        (Some(_), Some(_)) => PaintMode::FillStroke,
                        (None, Some(_)) => PaintMode::Fill,
                        _ => PaintMode::Stroke,
                    };
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: pt(*x),
                            y: pt(h - y - rh),
                            width: pt(*w),
                            height: pt(*rh),
                            mode: Some(mode),
                            winding_order: None,
                        },
                    });
                    if fill.is_some() {
                        ops.push(Op::SetFillColor { col: grey(0.0) });
                    }
                }
                Item::Polygon {
                    rings,
                    fill,
                    stroke,
                } => ops.extend(polygon_ops(rings, *fill, *stroke, h)),
            }
        }
        pdf_pages.push(PdfPage::new(Mm(page.width), Mm(page.height), ops));
    }

    doc.resources.fonts.map.insert(
        font_id(FaceId::Primary),
        PdfFont::new(parsed(FaceId::Primary).clone()),
    );
    if used_fallback {
        doc.resources.fonts.map.insert(
            font_id(FaceId::Fallback),
            PdfFont::new(parsed(FaceId::Fallback).clone()),
        );
    }
    doc.with_pages(pdf_pages);
    // printpdf compresses every stream at zlib's best level, and the embedded font subset
    // is most of a plan sheet's bytes: half the time of a sheet went there. Take the
    // document uncompressed and compress it here, at a fast level (a little bigger, see
    // the README's printing figures).
    let mut pdf = doc.to_lopdf_document(
        &PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        },
        &mut Vec::new(),
    );
    for object in pdf.objects.values_mut() {
        if let Ok(stream) = object.as_stream_mut() {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let packed = deflate(&stream.content);
                if packed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(packed);
                }
            }
        }
    }
    let mut bytes = Vec::new();
    // Writing into memory does not fail.
    let _ = pdf.save_to(&mut bytes);
    settle_identifier(&mut bytes);
    bytes
}

/// The zlib level streams are compressed at: fast. Level 9 made a plan sheet's font subset
/// cost about as much as everything else of the sheet together, for a few per cent less.
const DEFLATE_LEVEL: u32 = 1;

/// `data` as a zlib stream (the FlateDecode filter).
fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::new(DEFLATE_LEVEL),
    );
    // Writing into memory does not fail.
    let _ = z.write_all(data);
    z.finish().unwrap_or_default()
}

fn time_of(t: chrono::DateTime<chrono::Utc>) -> printpdf::OffsetDateTime {
    printpdf::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0).expect("epoch"))
}

/// printpdf writes a random file identifier (`/ID [(…) (…)]`); replace it, in place and at
/// the same length, with one derived from the content, so the same pages give the same
/// bytes.
fn settle_identifier(bytes: &mut [u8]) {
    let Some(at) = find_last(bytes, b"/ID") else {
        return;
    };
    let digest = Sha256::digest(&bytes[..at]);
    let mut k = 0usize;
    let mut inside = false;
    for b in bytes[at..].iter_mut() {
        match *b {
            b'(' => inside = true,
            b')' if inside => inside = false,
            b']' if !inside => break,
            _ if inside && b.is_ascii_uppercase() => {
                *b = b'A' + digest[k % digest.len()] % 26;
                k += 1;
            }
            _ => {}
        }
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_direct_character_map_gives_the_glyphs_the_font_gives() {
        let original = ParsedFont::from_bytes(fonts().primary.bytes, 0, &mut Vec::new())
            .expect("IPAex Gothic parses");
        let direct = parsed(FaceId::Primary);
        assert!(matches!(
            direct.cmap_subtable,
            Some(OwnedCmapSubtable::Format10 { .. })
        ));
        for cp in (0..0x3_0000u32)
            .step_by(5)
            .chain("山田𠮷髙ｱ".chars().map(u32::from))
        {
            assert_eq!(
                original.lookup_glyph_index(cp).unwrap_or(0),
                direct.lookup_glyph_index(cp).unwrap_or(0),
                "U+{cp:04X}"
            );
        }
    }
}
