//! The check made before any PDF is produced: every character of every field against the
//! installed fonts. A name with a character no font can draw is a wrong name on paper, so
//! the print stops and the operator is told which person, which field, which character.

use std::collections::BTreeSet;

use serde::Serialize;

use super::fonts::can_draw;

/// A character that cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unprintable {
    /// The person whose record holds it (`None` for a recipient, setting or heading).
    pub person_id: Option<i64>,
    /// The field (`name`, `emergency_contacts`, `recipient.name` …).
    pub field: String,
    /// The character.
    pub character: char,
}

impl Unprintable {
    /// `U+20BB7`.
    pub fn codepoint(&self) -> String {
        format!("U+{:04X}", u32::from(self.character))
    }
}

impl std::fmt::Display for Unprintable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.person_id {
            Some(id) => write!(f, "person {id} {}", self.field)?,
            None => write!(f, "{}", self.field)?,
        }
        write!(f, ": 「{}」 {}", self.character, self.codepoint())
    }
}

/// Collects the characters no font can draw.
#[derive(Debug, Default)]
pub struct GlyphCheck {
    found: BTreeSet<Unprintable>,
}

impl GlyphCheck {
    /// Checks `text` of `field` of `person_id`.
    pub fn check(&mut self, person_id: Option<i64>, field: &str, text: &str) {
        // Almost every text is drawable: test the whole string first, cheaply.
        if text.chars().all(|c| c.is_ascii() || can_draw(c)) {
            return;
        }
        for c in text.chars().filter(|&c| !c.is_ascii() && !can_draw(c)) {
            self.found.insert(Unprintable {
                person_id,
                field: field.to_string(),
                character: c,
            });
        }
    }

    /// `Ok` when everything can be printed, else the error listing every character.
    pub fn finish(self) -> crate::Result<()> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Unprintable(self.found.into_iter().collect()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_no_font_has_is_reported_with_person_and_field_once() {
        let mut g = GlyphCheck::default();
        g.check(Some(7), "name", "山田 \u{10FFFD}子 \u{10FFFD}");
        g.check(Some(7), "address", "中央町1-2");
        g.check(None, "recipient.name", "中央町自治会");
        let Err(crate::Error::Unprintable(found)) = g.finish() else {
            panic!("expected an error");
        };
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].person_id, Some(7));
        assert_eq!(found[0].field, "name");
        assert_eq!(found[0].codepoint(), "U+10FFFD");
        assert!(GlyphCheck::default().finish().is_ok());
    }
}
