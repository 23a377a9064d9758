//! The recovery key (回復キー): 128 random bits printed as 8 groups of 6 digits, each group
//! a 16-bit value times 11 — the layout Windows IT staff know from BitLocker. Digits type
//! easily on any keyboard (full-width ones are accepted), and the ×11 check in every group
//! catches any one wrong digit and any two neighbouring digits swapped, and says which
//! group to look at again.

use zeroize::Zeroizing;

use crate::error::ValidationError;

/// Groups on the sheet.
pub const GROUPS: usize = 8;
/// Digits per group.
pub const GROUP_DIGITS: usize = 6;

/// A recovery key. Wiped from memory when dropped; its `Debug` shows nothing.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryKey(Zeroizing<[u8; 2 * GROUPS]>);

impl RecoveryKey {
    /// The key of 16 random bytes.
    pub fn from_bytes(bytes: [u8; 2 * GROUPS]) -> RecoveryKey {
        RecoveryKey(Zeroizing::new(bytes))
    }

    /// The secret a key slot is derived from.
    pub fn secret(&self) -> &[u8] {
        self.0.as_slice()
    }

    /// The printed form: `123456-234567-…`, 8 groups of 6 digits.
    pub fn display(&self) -> Zeroizing<String> {
        use std::fmt::Write as _;
        // One buffer of the final size: no unwiped group or partial copy on the way.
        let mut shown = Zeroizing::new(String::with_capacity(GROUPS * (GROUP_DIGITS + 1)));
        for (i, pair) in self.0.chunks(2).enumerate() {
            if i > 0 {
                shown.push('-');
            }
            let group = u32::from(u16::from_be_bytes([pair[0], pair[1]])) * 11;
            // Writing to a String cannot fail.
            let _ = write!(shown, "{group:06}");
        }
        shown
    }

    /// Reads a key as typed: digits (half- or full-width) with any spaces or hyphens
    /// between them. The message names the groups to look at again.
    pub fn parse(typed: &str) -> Result<RecoveryKey, ValidationError> {
        // Sized for every character up front: a growing vector would leave unwiped copies.
        let mut digits: Zeroizing<Vec<u32>> = Zeroizing::new(Vec::with_capacity(typed.len()));
        for c in typed
            .chars()
            .filter(|c| !matches!(c, ' ' | '　' | '-' | '－' | 'ー' | '‐'))
        {
            digits.push(match c {
                '0'..='9' => c as u32 - '0' as u32,
                '０'..='９' => c as u32 - '０' as u32,
                _ => {
                    return Err(ValidationError::new(
                        "recovery key",
                        "use only the digits on the 回復キー sheet (hyphens and spaces may stay)",
                    ))
                }
            });
        }
        if digits.len() != GROUPS * GROUP_DIGITS {
            return Err(ValidationError::new(
                "recovery key",
                format!(
                    "has {} digits; the key on the 回復キー sheet has {} ({} groups of {})",
                    digits.len(),
                    GROUPS * GROUP_DIGITS,
                    GROUPS,
                    GROUP_DIGITS
                ),
            ));
        }
        let mut bytes = Zeroizing::new([0u8; 2 * GROUPS]);
        let mut wrong = Vec::new();
        for (g, group) in digits.chunks(GROUP_DIGITS).enumerate() {
            let n = group.iter().fold(0u32, |acc, d| acc * 10 + d);
            match u16::try_from(n / 11) {
                Ok(v) if n % 11 == 0 => {
                    bytes[2 * g..2 * g + 2].copy_from_slice(&v.to_be_bytes());
                }
                _ => wrong.push((g + 1).to_string()),
            }
        }
        if !wrong.is_empty() {
            return Err(ValidationError::new(
                "recovery key",
                format!(
                    "group {} does not check (a digit mistyped or two swapped?); compare it with the sheet",
                    wrong.join(", ")
                ),
            ));
        }
        Ok(RecoveryKey(bytes))
    }
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> RecoveryKey {
        RecoveryKey::from_bytes([
            0x00, 0x00, 0xff, 0xff, 0x12, 0x34, 0xab, 0xcd, 0x00, 0x01, 0x80, 0x00, 0x7f, 0xff,
            0x5a, 0xa5,
        ])
    }

    #[test]
    fn it_prints_as_eight_groups_of_six_digits_and_reads_back() {
        let k = key();
        let shown = k.display();
        assert_eq!(
            shown.as_str(),
            "000000-720885-051260-483791-000011-360448-360437-255255"
        );
        assert_eq!(RecoveryKey::parse(&shown).unwrap(), k);
        // As typed: full-width digits, spaces instead of hyphens, no separators at all.
        let wide: String = shown
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                '-' => '　',
                c => c,
            })
            .collect();
        assert_eq!(RecoveryKey::parse(&wide).unwrap(), k);
        assert_eq!(RecoveryKey::parse(&shown.replace('-', "")).unwrap(), k);
    }

    #[test]
    fn every_single_wrong_digit_is_caught_and_its_group_named() {
        let shown = key().display().replace('-', "");
        for i in 0..shown.len() {
            for d in '0'..='9' {
                let mut typed: Vec<char> = shown.chars().collect();
                if typed[i] == d {
                    continue;
                }
                typed[i] = d;
                let typed: String = typed.into_iter().collect();
                let e = RecoveryKey::parse(&typed).unwrap_err();
                assert!(
                    e.reason
                        .contains(&format!("group {}", i / GROUP_DIGITS + 1)),
                    "{typed}: {}",
                    e.reason
                );
            }
        }
    }

    #[test]
    fn two_neighbouring_digits_swapped_are_caught() {
        let shown = key().display().replace('-', "");
        let chars: Vec<char> = shown.chars().collect();
        for i in 0..chars.len() - 1 {
            if chars[i] == chars[i + 1] || i / GROUP_DIGITS != (i + 1) / GROUP_DIGITS {
                continue;
            }
            let mut typed = chars.clone();
            typed.swap(i, i + 1);
            let typed: String = typed.into_iter().collect();
            assert!(RecoveryKey::parse(&typed).is_err(), "{typed}");
        }
    }

    #[test]
    fn a_key_of_the_wrong_length_or_with_letters_says_what_is_wrong() {
        let e = RecoveryKey::parse("123456-234567").unwrap_err();
        assert!(e.reason.contains("has 12 digits"), "{}", e.reason);
        let e = RecoveryKey::parse("12345a-720885").unwrap_err();
        assert!(e.reason.contains("only the digits"), "{}", e.reason);
        assert_eq!(format!("{:?}", key()), "RecoveryKey(***)");
    }
}
