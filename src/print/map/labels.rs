//! The homes on the map: a dot for each place, and beside it, in a white box, the list
//! numbers of the people who live there. People at the same place (the same 街区's point)
//! share one dot and one box; a box that cannot sit next to its dot without covering
//! another box or dot is moved further out, with a thin leader line back to its dot.

use crate::print::page::{line_height, text_width, wrap, Page, Rgb};

/// The numbers' size, pt.
const SIZE: f32 = 7.5;
/// A dot's radius, mm.
const DOT: f32 = 0.9;
/// Homes closer than this on the page share a dot, mm.
const SAME_PLACE: f32 = 0.6;
/// The widest a box of numbers grows before it wraps, mm.
const BOX_MAX_W: f32 = 26.0;
/// Padding inside a box, mm.
const PAD: f32 = 0.6;
/// Distances tried from the dot, mm, nearest first.
const DISTANCES: [f32; 7] = [1.3, 3.5, 6.0, 9.0, 13.0, 18.0, 25.0];
/// Directions tried at each distance: NE, E, SE, NW, W, SW, N, S (y grows southward; the
/// corners not at the first distance).
const DIRECTIONS: [(f32, f32); 8] = [
    (0.7, -0.7),
    (1.0, 0.0),
    (0.7, 0.7),
    (-0.7, -0.7),
    (-1.0, 0.0),
    (-0.7, 0.7),
    (0.0, -1.0),
    (0.0, 1.0),
];

/// Black, and the white inside boxes and hollow dots.
pub(super) const INK: Rgb = Rgb(0.0, 0.0, 0.0);
pub(super) const PAPER: Rgb = Rgb(1.0, 1.0, 1.0);

/// One home on the page (page mm), with the list number of whoever lives there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Home {
    pub(super) no: usize,
    pub(super) at: (f32, f32),
    /// Only the 町丁目's point is known (drawn hollow).
    pub(super) approximate: bool,
}

/// One dot and the numbers beside it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Marker {
    pub(super) at: (f32, f32),
    pub(super) approximate: bool,
    pub(super) numbers: Vec<usize>,
}

/// A box on the page: left, top, right, bottom (mm).
type Area = (f32, f32, f32, f32);

fn overlap(a: Area, b: Area) -> f32 {
    let w = a.2.min(b.2) - a.0.max(b.0);
    let h = a.3.min(b.3) - a.1.max(b.1);
    if w > 0.0 && h > 0.0 {
        w * h
    } else {
        0.0
    }
}

/// The homes as dots: those at the same place (and equally exact) share one, their
/// numbers in order. Markers come in the order of their lowest number.
pub(super) fn markers(homes: &[Home]) -> Vec<Marker> {
    let mut homes = homes.to_vec();
    homes.sort_by_key(|h| h.no);
    let mut out: Vec<Marker> = Vec::new();
    for h in homes {
        let near = out.iter_mut().find(|m| {
            m.approximate == h.approximate
                && (m.at.0 - h.at.0).abs() <= SAME_PLACE
                && (m.at.1 - h.at.1).abs() <= SAME_PLACE
        });
        match near {
            Some(m) => m.numbers.push(h.no),
            None => out.push(Marker {
                at: h.at,
                approximate: h.approximate,
                numbers: vec![h.no],
            }),
        }
    }
    out
}

/// Draws `markers` inside `frame` (left, top, right, bottom), keeping clear of `keep_off`
/// (the north arrow, say).
pub(super) fn draw(page: &mut Page, frame: Area, keep_off: &[Area], markers: &[Marker]) {
    let dots: Vec<Area> = markers
        .iter()
        .map(|m| {
            let r = DOT + 0.3;
            (m.at.0 - r, m.at.1 - r, m.at.0 + r, m.at.1 + r)
        })
        .collect();
    let mut taken: Vec<Area> = keep_off.to_vec();
    let mut boxes = Vec::with_capacity(markers.len());
    for m in markers {
        let text = m
            .numbers
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join("・");
        let lines = wrap(&text, BOX_MAX_W - 2.0 * PAD, SIZE);
        let w = lines
            .iter()
            .map(|l| text_width(l, SIZE))
            .fold(0.0f32, f32::max)
            + 2.0 * PAD;
        let h = lines.len() as f32 * line_height(SIZE) + PAD;
        let (place, far) = place(m.at, (w, h), frame, &dots, &taken);
        taken.push((place.0 - 0.3, place.1 - 0.3, place.2 + 0.3, place.3 + 0.3));
        boxes.push((m, place, far, lines));
    }
    // Leader lines under everything, then the dots, then the boxes on top.
    for (m, b, far, _) in &boxes {
        if *far {
            let to = (m.at.0.clamp(b.0, b.2), m.at.1.clamp(b.1, b.3));
            page.line(m.at, to, 0.4);
        }
    }
    for m in markers {
        let fill = if m.approximate { PAPER } else { INK };
        page.dot(m.at, DOT, fill, Some((0.6, INK)));
    }
    for (_, b, _, lines) in &boxes {
        page.shape(
            vec![vec![(b.0, b.1), (b.2, b.1), (b.2, b.3), (b.0, b.3)]],
            Some(PAPER),
            Some((0.4, INK)),
        );
        for (i, l) in lines.iter().enumerate() {
            let baseline = b.1 + PAD / 2.0 + (i as f32 + 0.78) * line_height(SIZE);
            page.text(b.0 + PAD, baseline, SIZE, l.as_str());
        }
    }
}

/// Where a box of `size` for the dot at `at` goes: the first place, nearest first, inside
/// the frame and clear of every dot and box; else the place covering least. True when it
/// sits away from its dot (and needs a leader line).
fn place(
    at: (f32, f32),
    size: (f32, f32),
    frame: Area,
    dots: &[Area],
    taken: &[Area],
) -> (Area, bool) {
    let (w, h) = size;
    let mut best: Option<(f32, Area, bool)> = None;
    for (k, d) in DISTANCES.iter().enumerate() {
        for (dx, dy) in DIRECTIONS {
            // Right beside the dot, a box at a corner would seem to belong to its
            // neighbour as much: there only straight beside, above or below.
            if k == 0 && dx != 0.0 && dy != 0.0 {
                continue;
            }
            let (px, py) = (at.0 + d * dx, at.1 + d * dy);
            let left = if dx > 0.0 {
                px
            } else if dx < 0.0 {
                px - w
            } else {
                px - w / 2.0
            };
            let top = if dy > 0.0 {
                py
            } else if dy < 0.0 {
                py - h
            } else {
                py - h / 2.0
            };
            let b = (left, top, left + w, top + h);
            if b.0 < frame.0 + 0.5
                || b.2 > frame.2 - 0.5
                || b.1 < frame.1 + 0.5
                || b.3 > frame.3 - 0.5
            {
                continue;
            }
            let covered: f32 = dots.iter().chain(taken).map(|o| overlap(b, *o)).sum();
            if covered == 0.0 {
                return (b, k > 0);
            }
            if best.as_ref().is_none_or(|(c, _, _)| covered < *c) {
                best = Some((covered, b, k > 0));
            }
        }
    }
    match best {
        Some((_, b, far)) => (b, far),
        // Nowhere inside the frame (a box wider than it): at the dot, clamped.
        None => {
            let left = (at.0 + 1.3).min(frame.2 - w).max(frame.0);
            let top = (at.1 - h).max(frame.1);
            ((left, top, left + w, top + h), false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::page::Item;

    fn boxes(page: &Page) -> Vec<Area> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Polygon { rings, fill, .. }
                    if rings[0].len() == 4 && *fill == Some(PAPER) =>
                {
                    let r = &rings[0];
                    Some((r[0].0, r[0].1, r[2].0, r[2].1))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn homes_at_one_place_share_a_dot_and_exact_and_rough_ones_do_not() {
        let homes = [
            Home {
                no: 7,
                at: (50.0, 50.0),
                approximate: false,
            },
            Home {
                no: 2,
                at: (50.2, 49.9),
                approximate: false,
            },
            Home {
                no: 3,
                at: (50.0, 50.0),
                approximate: true,
            },
            Home {
                no: 5,
                at: (80.0, 50.0),
                approximate: false,
            },
        ];
        let m = markers(&homes);
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].numbers, [2, 7]);
        assert_eq!(
            (m[1].numbers.as_slice(), m[1].approximate),
            (&[3][..], true)
        );
        assert_eq!(m[2].numbers, [5]);
    }

    #[test]
    fn crowded_numbers_do_not_cover_each_other_or_the_dots() {
        // Twelve homes 1 mm apart in a row: every box must find its own place.
        let homes: Vec<Home> = (0..12)
            .map(|i| Home {
                no: i + 1,
                at: (60.0 + i as f32 * 1.0, 80.0),
                approximate: false,
            })
            .collect();
        let m = markers(&homes);
        assert_eq!(m.len(), 12);
        let mut page = Page::a4();
        let frame = (12.0, 30.0, 198.0, 198.0);
        draw(&mut page, frame, &[], &m);
        let b = boxes(&page);
        assert_eq!(b.len(), 12);
        for (i, x) in b.iter().enumerate() {
            assert!(x.0 >= frame.0 && x.2 <= frame.2 && x.1 >= frame.1 && x.3 <= frame.3);
            for y in &b[i + 1..] {
                assert_eq!(overlap(*x, *y), 0.0, "{x:?} {y:?}");
            }
            for h in &homes {
                let dot = (h.at.0 - DOT, h.at.1 - DOT, h.at.0 + DOT, h.at.1 + DOT);
                assert_eq!(overlap(*x, dot), 0.0, "a box covers the dot at {:?}", h.at);
            }
        }
        let texts: Vec<&str> = page.texts().collect();
        for n in 1..=12 {
            assert!(texts.contains(&n.to_string().as_str()), "{n} in {texts:?}");
        }
        // Boxes moved away from their dots are tied to them by a line.
        assert!(page.items.iter().any(|i| matches!(i, Item::Line { .. })));
    }
}
