//! The person's number as a Code 128 barcode, so that a volunteer can scan it from a check
//! sheet into the entry screen (a scanner types the digits and Enter, like a keyboard).
//! The number is zero-padded to an even count of digits so that it is all Code Set C,
//! the shortest form; `0012` reads back as 12 everywhere a number is typed.

use code128::Code128;

use super::page::Page;

/// Module (narrowest bar) width in mm: 0.25 mm prints cleanly at 300 dpi and up.
const MODULE: f32 = 0.25;
/// Narrowest module still drawn when a long number must fit its cell.
const MIN_MODULE: f32 = 0.19;

/// The digits a barcode of `number` carries (even count, leading zero if needed).
pub fn payload(number: i64) -> String {
    let digits = number.unsigned_abs().to_string();
    if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits
    }
}

/// The bars of `number`: (start, width) in modules from the left edge of the symbol
/// (quiet zones of 10 modules included), and the symbol's whole width in modules.
pub fn bars(number: i64) -> (Vec<(u32, u8)>, u32) {
    let code = Code128::encode(payload(number).as_bytes());
    let bars = code.bar_coordinates().map(|b| (b.x, b.width)).collect();
    (bars, u32::try_from(code.len()).unwrap_or(u32::MAX))
}

impl Page {
    /// Draws `number` as a Code 128 barcode in the box at (`x`, `y`) of `w` × `h` mm, with
    /// its quiet zones inside the box; the module shrinks (not below 0.19 mm) to fit.
    /// Returns the width drawn.
    pub fn barcode(&mut self, x: f32, y: f32, w: f32, h: f32, number: i64) -> f32 {
        let (bars, modules) = bars(number);
        let module = (w / modules as f32).clamp(MIN_MODULE, MODULE);
        for (start, width) in bars {
            self.fill(
                x + start as f32 * module,
                y,
                f32::from(width) * module,
                h,
                0.0,
            );
        }
        modules as f32 * module
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_even_digit_runs() {
        assert_eq!(payload(7), "07");
        assert_eq!(payload(12), "12");
        assert_eq!(payload(12345), "012345");
        // Set C: start, one symbol per digit pair, check, stop (13 modules); 10 quiet
        // modules each side.
        let (_, m) = bars(123_456);
        assert_eq!(m, (1 + 3 + 1 + 1) * 11 + 2 + 20);
    }

    #[test]
    fn a_six_digit_number_fits_a_sheets_number_cell() {
        let mut page = Page::a4_landscape();
        let drawn = page.barcode(0.0, 0.0, 21.0, 5.5, 123_456);
        assert!(drawn <= 21.0, "{drawn} mm");
        // Three bars per symbol, four in the stop pattern.
        assert_eq!(page.items.len(), 5 * 3 + 4);
        assert_eq!(bars(123_456).0.len(), page.items.len());
    }
}
