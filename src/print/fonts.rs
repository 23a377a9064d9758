//! The fonts a printed page may use, and what they can draw.
//!
//! IPAex Gothic is compiled in (`assets/fonts`), so a PDF looks the same on every machine.
//! Names outside its repertoire (𠮷, and other 人名用 variants) fall back to IPAmj明朝: the
//! copy installed with the app (`fonts\ipamjm.ttf` beside the program on Windows), else
//! one installed on the computer. A character neither can draw is reported before anything
//! is produced.

use std::path::PathBuf;
use std::sync::OnceLock;

/// IPAex Gothic 00401 (IPA Font License v1.0, `assets/fonts/`).
pub(crate) const PRIMARY: &[u8] = include_bytes!("../../assets/fonts/ipaexg.ttf");

/// IPAmj明朝's file name.
const FALLBACK_FILE: &str = "ipamjm.ttf";

/// Where IPAmj明朝 is looked for, first found first: the app's own copy (the Windows
/// installer puts it in `fonts\` beside the program, so a PC without the font installed
/// still prints 𠮷), then the computer's font folders (Debian `fonts-ipamj-mincho`; a font
/// installed on Windows for all users or for one). Linux paths are never tried on Windows,
/// where `/usr/...` would name a folder of the current drive.
fn fallback_paths() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(PathBuf::from))
    {
        paths.push(dir.join("fonts").join(FALLBACK_FILE));
        // A Linux install beside bin/: share/yorisoi/fonts.
        if let Some(prefix) = dir.parent() {
            paths.push(prefix.join("share/yorisoi/fonts").join(FALLBACK_FILE));
        }
    }
    if cfg!(windows) {
        for (var, sub) in [
            ("WINDIR", "Fonts"),
            ("LOCALAPPDATA", "Microsoft\\Windows\\Fonts"),
        ] {
            if let Some(base) = std::env::var_os(var) {
                paths.push(PathBuf::from(base).join(sub).join(FALLBACK_FILE));
            }
        }
    } else {
        for dir in [
            "/usr/share/fonts/truetype/ipamj",
            "/usr/share/fonts/opentype/ipamj",
            "/usr/local/share/fonts",
        ] {
            paths.push(PathBuf::from(dir).join(FALLBACK_FILE));
        }
    }
    paths
}

/// Which face draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    /// IPAex Gothic.
    Primary,
    /// IPAmj明朝.
    Fallback,
}

/// A face ready to measure with.
pub(crate) struct Face {
    pub(crate) bytes: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// The Basic Multilingual Plane's glyphs, looked up once: (glyph id, advance at 1 pt).
    /// A town's list measures millions of characters, each asked twice (which face, how
    /// wide), and the cmap search was a tenth of a print.
    bmp: Vec<(u16, f32)>,
}

impl Face {
    fn parse(bytes: &'static [u8]) -> Option<Face> {
        let parsed = ttf_parser::Face::parse(bytes, 0).ok()?;
        let units_per_em = f32::from(parsed.units_per_em());
        let mut face = Face {
            bytes,
            parsed,
            units_per_em,
            bmp: Vec::new(),
        };
        face.bmp = (0..=0xFFFFu32)
            .map(|cp| char::from_u32(cp).map_or((0, 1.0), |c| (face.glyph(c), face.advance_of(c))))
            .collect();
        Some(face)
    }

    fn glyph(&self, c: char) -> u16 {
        self.parsed.glyph_index(c).map_or(0, |g| g.0)
    }

    fn advance_of(&self, c: char) -> f32 {
        self.parsed
            .glyph_index(c)
            .and_then(|g| self.parsed.glyph_hor_advance(g))
            .map_or(1.0, |a| f32::from(a) / self.units_per_em)
    }

    fn has(&self, c: char) -> bool {
        match self.bmp.get(c as usize) {
            Some(&(g, _)) => g != 0,
            None => self.glyph(c) != 0,
        }
    }

    /// The advance of `c` at 1 pt, in pt.
    fn advance(&self, c: char) -> f32 {
        match self.bmp.get(c as usize) {
            Some(&(_, a)) => a,
            None => self.advance_of(c),
        }
    }
}

/// The fonts of this process, loaded once.
pub(crate) struct Fonts {
    pub(crate) primary: Face,
    pub(crate) fallback: Option<Face>,
}

static FONTS: OnceLock<Fonts> = OnceLock::new();

/// The fonts (the fallback is looked for once, at the first print).
pub(crate) fn fonts() -> &'static Fonts {
    FONTS.get_or_init(|| Fonts {
        primary: Face::parse(PRIMARY).expect("the compiled-in IPAex Gothic parses"),
        fallback: fallback_paths().iter().find_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            Face::parse(Box::leak(bytes.into_boxed_slice()))
        }),
    })
}

/// Characters that take no room and need no glyph (line structure is the layout's job).
fn is_layout_char(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t')
}

impl Fonts {
    /// The face that draws `c`, or `None` when no installed font can.
    pub(crate) fn face_for(&self, c: char) -> Option<FaceId> {
        if is_layout_char(c) || self.primary.has(c) {
            Some(FaceId::Primary)
        } else if self.fallback.as_ref().is_some_and(|f| f.has(c)) {
            Some(FaceId::Fallback)
        } else {
            None
        }
    }

    /// The face `id`.
    pub(crate) fn face(&self, id: FaceId) -> &Face {
        match (id, &self.fallback) {
            (FaceId::Fallback, Some(f)) => f,
            _ => &self.primary,
        }
    }

    /// The width of `text` at `size` pt, in pt.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c, size)).sum()
    }

    /// The width of one character at `size` pt, in pt.
    pub(crate) fn char_width(&self, c: char, size: f32) -> f32 {
        if is_layout_char(c) {
            return 0.0;
        }
        let face = self.face_for(c).unwrap_or(FaceId::Primary);
        self.face(face).advance(c) * size
    }

    /// Splits `text` into runs drawn by one face each.
    pub(crate) fn runs<'t>(&self, text: &'t str) -> Vec<(FaceId, &'t str)> {
        let mut runs: Vec<(FaceId, &str)> = Vec::new();
        let mut start = 0;
        let mut current: Option<FaceId> = None;
        for (i, c) in text.char_indices() {
            let face = self.face_for(c).unwrap_or(FaceId::Primary);
            match current {
                Some(f) if f == face => {}
                Some(f) => {
                    runs.push((f, &text[start..i]));
                    start = i;
                    current = Some(face);
                }
                None => current = Some(face),
            }
        }
        if let Some(f) = current {
            runs.push((f, &text[start..]));
        }
        runs
    }
}

/// Whether an IPAmj明朝 fallback is installed on this machine.
pub fn fallback_installed() -> bool {
    fonts().fallback.is_some()
}

/// Whether some installed font draws `c`.
pub fn can_draw(c: char) -> bool {
    fonts().face_for(c).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_primary_font_draws_jis_x_0208_names_and_measures_them() {
        let f = fonts();
        for c in "山田 太郎やまだたろうヤマダ髙﨑０１２ABC（）・ー〒".chars()
        {
            assert_eq!(f.face_for(c), Some(FaceId::Primary), "{c}");
        }
        // Kanji are one em; IPAex's Latin and digits are proportional, narrower.
        let full = f.width("山", 10.0);
        let digit = f.width("1", 10.0);
        assert!((full - 10.0).abs() < 0.01, "{full}");
        assert!(digit > 3.0 && digit < 8.0, "{digit}");
        assert_eq!(f.runs("山田").len(), 1);
    }

    #[test]
    fn the_looked_up_plane_agrees_with_the_font() {
        let f = &fonts().primary;
        for cp in (0..=0xFFFFu32)
            .step_by(7)
            .chain([0x5C71, 0x9AD9, 0x3000, 0x41])
        {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(f.has(c), f.glyph(c) != 0, "{cp:X}");
            assert_eq!(f.advance(c), f.advance_of(c), "{cp:X}");
        }
    }

    #[test]
    fn a_character_outside_every_font_is_not_drawable() {
        // U+10FFFD is a private-use plane character no font here has.
        assert!(!can_draw('\u{10FFFD}'));
        // 𠮷 needs the fallback; with it installed it is drawable and gets its own run.
        if fallback_installed() {
            assert!(can_draw('𠮷'));
            let runs = fonts().runs("𠮷田花子");
            assert_eq!(runs[0], (FaceId::Fallback, "𠮷"));
            assert_eq!(runs[1], (FaceId::Primary, "田花子"));
        } else {
            assert!(!can_draw('𠮷'));
        }
    }
}
