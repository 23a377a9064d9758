//! The demo word lists (`assets/demo/*.txt`) and synthetic names drawn from them.
//!
//! The lists are compiled in with `include_str!` so that a demo roster needs no files
//! next to the binary and is the same on every machine.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::draw::{chance, pick};
use crate::error::{Error, Result};
use crate::model::Sex;

/// One word with its reading: kanji (or katakana) and hiragana.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word {
    pub text: &'static str,
    pub reading: &'static str,
}

/// A full name as stored: `family given`, reading likewise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Name {
    pub family: Word,
    pub text: String,
    pub reading: String,
}

/// A foreign resident's name with the sex it is given to.
#[derive(Debug, Clone, Copy)]
pub(super) struct ForeignName {
    pub word: Word,
    pub sex: Sex,
}

/// All word lists, parsed once per [`super::populate`] call.
#[derive(Debug)]
pub(super) struct Words {
    family: Vec<Word>,
    family_variant: Vec<Word>,
    male: Vec<Word>,
    female: Vec<Word>,
    male_young: Vec<Word>,
    female_young: Vec<Word>,
    foreign: Vec<ForeignName>,
}

/// Which generation a given name should sound like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Era {
    /// Born 1925–1969: 清, 和子, トメ ...
    Elder,
    /// Born 1970 or later: 大輔, 陽菜 ...
    Young,
}

impl Era {
    /// The era of someone born in `year`.
    pub fn of_birth_year(year: i32) -> Era {
        if year < 1970 {
            Era::Elder
        } else {
            Era::Young
        }
    }
}

/// How often a family name is one written outside JIS X 0208 (髙橋, 𠮷田 ...): rare, as in
/// real rosters, but frequent enough that every demo of a few hundred people has some.
const VARIANT_RATE: f64 = 0.015;

impl Words {
    /// Parses the compiled-in lists; a malformed line is a build mistake, reported as one.
    pub fn load() -> Result<Words> {
        Ok(Words {
            family: parse(
                "family_names.txt",
                include_str!("../../assets/demo/family_names.txt"),
            )?,
            family_variant: parse(
                "family_names_variant.txt",
                include_str!("../../assets/demo/family_names_variant.txt"),
            )?,
            male: parse(
                "given_names_male.txt",
                include_str!("../../assets/demo/given_names_male.txt"),
            )?,
            female: parse(
                "given_names_female.txt",
                include_str!("../../assets/demo/given_names_female.txt"),
            )?,
            male_young: parse(
                "given_names_male_young.txt",
                include_str!("../../assets/demo/given_names_male_young.txt"),
            )?,
            female_young: parse(
                "given_names_female_young.txt",
                include_str!("../../assets/demo/given_names_female_young.txt"),
            )?,
            foreign: parse_foreign(include_str!("../../assets/demo/foreign_names.txt"))?,
        })
    }

    /// A family name, now and then one with a character outside JIS X 0208.
    pub fn family(&self, rng: &mut ChaCha8Rng) -> Word {
        if chance(rng, VARIANT_RATE) {
            *pick(rng, &self.family_variant)
        } else {
            *pick(rng, &self.family)
        }
    }

    /// A given name for `sex` and `era` (an unspecified sex draws from either list).
    pub fn given(&self, rng: &mut ChaCha8Rng, sex: Sex, era: Era) -> Word {
        let male = match sex {
            Sex::Male => true,
            Sex::Female => false,
            Sex::Unspecified => rng.random_bool(0.5),
        };
        let list = match (male, era) {
            (true, Era::Elder) => &self.male,
            (false, Era::Elder) => &self.female,
            (true, Era::Young) => &self.male_young,
            (false, Era::Young) => &self.female_young,
        };
        *pick(rng, list)
    }

    /// A full name with a newly drawn family name.
    pub fn person(&self, rng: &mut ChaCha8Rng, sex: Sex, era: Era) -> Name {
        let family = self.family(rng);
        self.in_family(rng, family, sex, era)
    }

    /// A full name in an existing family (a spouse, a son living with them).
    pub fn in_family(&self, rng: &mut ChaCha8Rng, family: Word, sex: Sex, era: Era) -> Name {
        let given = self.given(rng, sex, era);
        Name {
            family,
            text: format!("{} {}", family.text, given.text),
            reading: format!("{} {}", family.reading, given.reading),
        }
    }

    /// A foreign resident's name and sex.
    pub fn foreign(&self, rng: &mut ChaCha8Rng) -> (Name, Sex) {
        let f = *pick(rng, &self.foreign);
        let family_text = f.word.text.split(' ').next().unwrap_or(f.word.text);
        let family_reading = f.word.reading.split(' ').next().unwrap_or(f.word.reading);
        let name = Name {
            family: Word {
                text: family_text,
                reading: family_reading,
            },
            text: f.word.text.to_string(),
            reading: f.word.reading.to_string(),
        };
        (name, f.sex)
    }
}

fn lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn bad(file: &str, line: usize, reason: &str) -> Error {
    Error::invalid(format!("assets/demo/{file}:{line}"), reason.to_string())
}

/// `kanji<TAB>reading` per line; `#` starts a comment line.
fn parse(file: &str, text: &'static str) -> Result<Vec<Word>> {
    let words = lines(text)
        .map(|(n, l)| match l.split_once('\t') {
            Some((t, r)) if !t.is_empty() && !r.is_empty() && !r.contains('\t') => Ok(Word {
                text: t,
                reading: r,
            }),
            _ => Err(bad(file, n, "expected `kanji<TAB>reading`")),
        })
        .collect::<Result<Vec<_>>>()?;
    if words.is_empty() {
        return Err(bad(file, 0, "the list is empty"));
    }
    Ok(words)
}

/// `name<TAB>reading<TAB>sex` per line.
fn parse_foreign(text: &'static str) -> Result<Vec<ForeignName>> {
    let file = "foreign_names.txt";
    let names = lines(text)
        .map(|(n, l)| {
            let mut cols = l.split('\t');
            match (
                cols.next(),
                cols.next(),
                cols.next().and_then(Sex::from_token),
            ) {
                (Some(t), Some(r), Some(sex)) if t.contains(' ') && r.contains(' ') => {
                    Ok(ForeignName {
                        word: Word {
                            text: t,
                            reading: r,
                        },
                        sex,
                    })
                }
                _ => Err(bad(file, n, "expected `family given<TAB>reading<TAB>sex`")),
            }
        })
        .collect::<Result<Vec<_>>>()?;
    if names.is_empty() {
        return Err(bad(file, 0, "the list is empty"));
    }
    Ok(names)
}
