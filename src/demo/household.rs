//! Who lives with a synthetic person and who is called in an emergency: a spouse of a
//! similar age, a son and his wife, parents of a disabled child, children living elsewhere.

use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, mobile, pick, weighted};
use super::profile::Profile;
use super::town::{CITY, DISTRICTS, ELSEWHERE};
use super::words::{Era, Word, Words};
use crate::model::*;

/// Household and emergency contacts, and the relatives who can answer as a proxy.
#[derive(Debug, Clone)]
pub(super) struct Family {
    pub household: HouseholdKind,
    pub members: Vec<HouseholdMember>,
    pub contacts: Vec<EmergencyContact>,
}

impl Family {
    /// Relatives who could consent on the person's behalf, as (name, 続柄) — household
    /// members first, then contacts; spouses are recorded as 配偶者.
    pub fn proxies(&self) -> Vec<(String, String)> {
        let members = self
            .members
            .iter()
            .filter(|m| m.age.is_some_and(|a| a >= 20))
            .map(|m| (m.name.clone(), m.relationship.clone()));
        let contacts = self
            .contacts
            .iter()
            .map(|c| (c.name.clone(), c.relationship.clone()));
        members
            .chain(contacts)
            .filter(|(_, r)| {
                matches!(
                    r.as_str(),
                    "妻" | "夫" | "長男" | "長女" | "次男" | "次女" | "父" | "母"
                )
            })
            .map(|(n, r)| {
                let r = if matches!(r.as_str(), "妻" | "夫") {
                    "配偶者".to_string()
                } else {
                    r
                };
                (n, r)
            })
            .collect()
    }
}

/// A relative: (続柄, sex, shares the family name, age relative to the person).
type Kin = (&'static str, Sex, bool, i32);

const CHILDREN: &[Kin] = &[
    ("長男", Sex::Male, true, -30),
    ("長女", Sex::Female, false, -28),
    ("次男", Sex::Male, true, -33),
    ("次女", Sex::Female, false, -34),
    ("姪", Sex::Female, false, -40),
    ("甥", Sex::Male, false, -38),
    ("弟", Sex::Male, true, -4),
    ("妹", Sex::Female, false, -5),
];

const PARENTS: &[Kin] = &[
    ("母", Sex::Female, true, 28),
    ("父", Sex::Male, true, 31),
    ("兄", Sex::Male, true, 3),
    ("姉", Sex::Female, false, 4),
    ("叔父", Sex::Male, true, 35),
    ("祖母", Sex::Female, true, 58),
];

fn era_at(today_year: i32, age: i32) -> Era {
    Era::of_birth_year(today_year - age)
}

fn opposite(sex: Sex) -> Sex {
    if sex == Sex::Male {
        Sex::Female
    } else {
        Sex::Male
    }
}

/// Draws the household and contacts of a person of `family` name with `profile`.
pub(super) fn draw(
    rng: &mut ChaCha8Rng,
    words: &Words,
    profile: &Profile,
    family: Word,
    today_year: i32,
) -> Family {
    use HouseholdKind::*;
    let age = i32::try_from(profile.age).unwrap_or(80);
    let household = match profile.category {
        Category::ElderlyLivingAlone => Alone,
        Category::PregnantOrInfant => WithFamily,
        _ if age >= 65 => weighted(rng, &[(Alone, 35), (ElderlyOnly, 35), (WithFamily, 30)]),
        Category::ForeignResident => weighted(rng, &[(Alone, 40), (WithFamily, 60)]),
        _ if age < 18 => WithFamily,
        _ => weighted(rng, &[(Alone, 25), (WithFamily, 70), (Other, 5)]),
    };
    let mut members = Vec::new();
    let mut member = |rng: &mut ChaCha8Rng, rel: &str, sex: Sex, same: bool, a: i32, note: &str| {
        let a = a.clamp(0, 110);
        let era = era_at(today_year, a);
        let name = if same {
            words.in_family(rng, family, sex, era).text
        } else {
            words.person(rng, sex, era).text
        };
        members.push(HouseholdMember {
            name,
            relationship: rel.to_string(),
            age: u8::try_from(a).ok(),
            note: note.to_string(),
        });
    };
    let spouse_rel = |sex: Sex| if sex == Sex::Male { "妻" } else { "夫" };
    match household {
        ElderlyOnly => {
            let gap = between(rng, 0, 8) as i32 - 3;
            member(
                rng,
                spouse_rel(profile.sex),
                opposite(profile.sex),
                true,
                age + gap,
                "",
            );
            if chance(rng, 0.08) {
                member(rng, "姉", Sex::Female, false, age + 3, "");
            }
        }
        WithFamily if profile.category == Category::PregnantOrInfant => {
            if profile.pregnant {
                let a = age + between(rng, 0, 6) as i32;
                member(rng, "夫", Sex::Male, true, a, "平日は夜まで仕事");
                if chance(rng, 0.4) {
                    let a = between(rng, 1, 6) as i32;
                    member(rng, "長男", Sex::Male, true, a, "");
                }
            } else {
                let a = between(rng, 22, 40) as i32;
                member(rng, "母", Sex::Female, true, a, "");
                let a = between(rng, 24, 45) as i32;
                member(rng, "父", Sex::Male, true, a, "平日は日中不在");
                if chance(rng, 0.35) {
                    let a = between(rng, 3, 8) as i32;
                    member(rng, "姉", Sex::Female, true, a, "");
                }
            }
        }
        WithFamily if age < 50 => {
            for &(rel, sex, same, gap) in &PARENTS[..2] {
                let a = age + gap + between(rng, 0, 6) as i32;
                member(rng, rel, sex, same, a, "");
            }
        }
        WithFamily => {
            if age < 75 && chance(rng, 0.5) {
                member(
                    rng,
                    spouse_rel(profile.sex),
                    opposite(profile.sex),
                    true,
                    age - 2,
                    "",
                );
            }
            if chance(rng, 0.6) {
                let son_age = age - 28 - between(rng, 0, 8) as i32;
                let note = if chance(rng, 0.5) {
                    "日中は仕事で不在"
                } else {
                    ""
                };
                member(rng, "長男", Sex::Male, true, son_age, note);
                if chance(rng, 0.7) {
                    member(rng, "長男の妻", Sex::Female, true, son_age - 2, "");
                }
                if chance(rng, 0.25) {
                    member(rng, "孫", Sex::Male, true, son_age - 28, "");
                }
            } else {
                member(rng, "長女", Sex::Female, true, age - 30, "夜勤あり");
            }
        }
        Other => member(rng, "兄", Sex::Male, true, age + 3, "兄弟二人暮らし"),
        Alone => {}
    }
    let contacts = contacts(rng, words, profile, family, &members, household, today_year);
    Family {
        household,
        members,
        contacts,
    }
}

fn contacts(
    rng: &mut ChaCha8Rng,
    words: &Words,
    profile: &Profile,
    family: Word,
    members: &[HouseholdMember],
    household: HouseholdKind,
    today_year: i32,
) -> Vec<EmergencyContact> {
    let age = i32::try_from(profile.age).unwrap_or(80);
    // People living alone lean on relatives elsewhere; others reach their household first.
    let count = if household == HouseholdKind::Alone {
        weighted(rng, &[(0usize, 8), (1, 30), (2, 37), (3, 25)])
    } else {
        weighted(rng, &[(0usize, 12), (1, 40), (2, 33), (3, 15)])
    };
    let pool = if age < 50 { PARENTS } else { CHILDREN };
    let mut out: Vec<EmergencyContact> = Vec::new();
    for _ in 0..count * 3 {
        if out.len() >= count {
            break;
        }
        let (rel, sex, same, gap) = *pick(rng, pool);
        let taken = members.iter().any(|m| m.relationship == rel)
            || out.iter().any(|c| c.relationship == rel);
        // A small brother cannot be an emergency contact.
        if taken || age + gap < 20 {
            continue;
        }
        let their_age = (age + gap).min(100);
        let era = era_at(today_year, their_age);
        let name = if same {
            words.in_family(rng, family, sex, era).text
        } else {
            words.person(rng, sex, era).text
        };
        let address = if chance(rng, 0.35) {
            let d = pick(rng, DISTRICTS);
            format!(
                "{CITY}{}{}-{}-{}",
                d.town,
                between(rng, 1, d.chome),
                between(rng, 1, 28),
                between(rng, 1, 24)
            )
        } else {
            format!(
                "{}{}-{}-{}",
                pick(rng, ELSEWHERE),
                between(rng, 1, 5),
                between(rng, 1, 30),
                between(rng, 1, 20)
            )
        };
        out.push(EmergencyContact {
            name,
            relationship: rel.to_string(),
            address,
            phone: mobile(rng),
        });
    }
    out
}
