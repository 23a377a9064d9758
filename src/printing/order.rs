//! The order people are printed in.

use std::cmp::Ordering;

use crate::model::Person;
use crate::policy::{Field, FieldSet};

/// Compares addresses as people read them: 2-10 after 2-9.
pub(crate) fn natural(a: &str, b: &str) -> Ordering {
    fn pieces(s: &str) -> Vec<(u8, u64, String)> {
        let mut out = Vec::new();
        let mut digits = String::new();
        let mut text = String::new();
        for c in s.chars() {
            let d = match c {
                '0'..='9' => Some(c),
                '０'..='９' => char::from_u32(u32::from(c) - 0xFF10 + 0x30),
                _ => None,
            };
            match d {
                Some(d) => {
                    if !text.is_empty() {
                        out.push((1, 0, std::mem::take(&mut text)));
                    }
                    digits.push(d);
                }
                None => {
                    if !digits.is_empty() {
                        out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
                        digits.clear();
                    }
                    text.push(c);
                }
            }
        }
        if !digits.is_empty() {
            out.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
        }
        if !text.is_empty() {
            out.push((1, 0, text));
        }
        out
    }
    pieces(a).cmp(&pieces(b))
}

/// Where a person sorts on a list: by address, as people read it. People whose address is
/// withheld (address protection) sort after everyone else by furigana, so their place on
/// the list says nothing about where they live.
pub(crate) fn list_order(a: &(Person, FieldSet), b: &(Person, FieldSet)) -> Ordering {
    let hidden = |p: &(Person, FieldSet)| p.1.contains(Field::Address);
    hidden(a)
        .cmp(&hidden(b))
        .then_with(|| {
            if hidden(a) {
                a.0.furigana.cmp(&b.0.furigana)
            } else {
                natural(&a.0.address, &b.0.address)
            }
        })
        .then_with(|| a.0.id.cmp(&b.0.id))
}

#[cfg(test)]
mod tests {
    use super::natural;
    use std::cmp::Ordering;

    #[test]
    fn addresses_sort_as_people_read_them() {
        assert_eq!(natural("中央町2-9", "中央町2-10"), Ordering::Less);
        assert_eq!(natural("中央町２－１０", "中央町2-9"), Ordering::Greater);
        assert_eq!(natural("北町1", "中央町1"), "北町1".cmp("中央町1"));
    }
}
