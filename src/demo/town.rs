//! 「みどり市」, a fictional town: its districts, 自治会, 班, shelters and addresses, and the
//! municipal staff whose names appear on consents and plans.
//!
//! No real municipality is called みどり市, and every address and phone number here is made
//! up, so that a demo roster can be shown and printed without exposing anyone.

use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, pick, weighted};
use super::words::{Era, Words};
use crate::model::{HouseStructure, Sex};

/// The town's name, the start of every address.
pub(super) const CITY: &str = "みどり市";

/// A 自治会 and how many 班 it has.
#[derive(Debug)]
pub(super) struct Association {
    pub name: &'static str,
    pub blocks: u32,
}

/// How likely a home in the district is to lie in each hazard zone.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hazard {
    pub flood: f64,
    pub landslide: f64,
    pub tsunami: f64,
}

/// One 地区 of みどり市.
#[derive(Debug)]
pub(super) struct District {
    pub name: &'static str,
    /// The 町 addresses in this district carry (中央町 ...).
    pub town: &'static str,
    pub associations: &'static [Association],
    /// How many 丁目 the 町 has.
    pub chome: u32,
    /// The 指定避難所 its plans name first, and where it is.
    pub shelter: &'static str,
    pub shelter_address: &'static str,
    pub hazard: Hazard,
    /// Share of the roster living here.
    pub weight: u32,
    /// Middle digits of the district's fictional landline numbers.
    pub exchange: u32,
    /// The road plans' routes follow.
    pub road: &'static str,
}

const fn assoc(name: &'static str, blocks: u32) -> Association {
    Association { name, blocks }
}

/// The districts, in a fixed order (the order ids are created in).
pub(super) const DISTRICTS: &[District] = &[
    District {
        name: "中央地区",
        town: "中央町",
        associations: &[
            assoc("中央一丁目自治会", 5),
            assoc("中央二丁目自治会", 4),
            assoc("本町自治会", 4),
            assoc("駅前自治会", 3),
        ],
        chome: 4,
        shelter: "中央小学校",
        shelter_address: "みどり市中央町二丁目1番1号",
        hazard: Hazard {
            flood: 0.12,
            landslide: 0.0,
            tsunami: 0.0,
        },
        weight: 22,
        exchange: 21,
        road: "駅前通り",
    },
    District {
        name: "東地区",
        town: "東町",
        associations: &[
            assoc("東町自治会", 4),
            assoc("桜ヶ丘自治会", 5),
            assoc("東団地自治会", 6),
        ],
        chome: 3,
        shelter: "東中学校",
        shelter_address: "みどり市東町三丁目4番1号",
        hazard: Hazard {
            flood: 0.08,
            landslide: 0.02,
            tsunami: 0.0,
        },
        weight: 16,
        exchange: 32,
        road: "桜通り",
    },
    District {
        name: "西地区",
        town: "西町",
        associations: &[
            assoc("西町自治会", 4),
            assoc("若葉台自治会", 3),
            assoc("西原自治会", 3),
        ],
        chome: 3,
        shelter: "西小学校",
        shelter_address: "みどり市西町一丁目12番1号",
        hazard: Hazard {
            flood: 0.1,
            landslide: 0.05,
            tsunami: 0.0,
        },
        weight: 14,
        exchange: 43,
        road: "県道12号",
    },
    District {
        name: "北地区",
        town: "北町",
        associations: &[
            assoc("北町自治会", 4),
            assoc("北原自治会", 3),
            assoc("松ヶ丘自治会", 3),
        ],
        chome: 3,
        shelter: "北小学校",
        shelter_address: "みどり市北町二丁目6番1号",
        hazard: Hazard {
            flood: 0.03,
            landslide: 0.15,
            tsunami: 0.0,
        },
        weight: 12,
        exchange: 54,
        road: "北大通り",
    },
    District {
        name: "南地区",
        town: "南町",
        associations: &[
            assoc("南町自治会", 4),
            assoc("浜自治会", 5),
            assoc("港自治会", 3),
        ],
        chome: 4,
        shelter: "南小学校",
        shelter_address: "みどり市南町三丁目2番1号",
        hazard: Hazard {
            flood: 0.3,
            landslide: 0.0,
            tsunami: 0.55,
        },
        weight: 14,
        exchange: 65,
        road: "海岸通り",
    },
    District {
        name: "川沿地区",
        town: "川沿町",
        associations: &[
            assoc("川沿上自治会", 4),
            assoc("川沿下自治会", 4),
            assoc("中洲自治会", 3),
        ],
        chome: 3,
        // The district's own school is in the flood zone, so its shelter is on high ground.
        shelter: "みどり市総合体育館",
        shelter_address: "みどり市北町三丁目5番1号",
        hazard: Hazard {
            flood: 0.85,
            landslide: 0.0,
            tsunami: 0.05,
        },
        weight: 12,
        exchange: 76,
        road: "堤防道路",
    },
    District {
        name: "山手地区",
        town: "山手町",
        associations: &[
            assoc("山手自治会", 3),
            assoc("奥山自治会", 2),
            assoc("緑ヶ丘自治会", 4),
        ],
        chome: 2,
        shelter: "山手小学校",
        shelter_address: "みどり市山手町一丁目3番1号",
        hazard: Hazard {
            flood: 0.02,
            landslide: 0.6,
            tsunami: 0.0,
        },
        weight: 10,
        exchange: 87,
        road: "山手坂",
    },
];

/// 福祉避難所 serving the whole town: (name, address).
pub(super) const WELFARE_SHELTERS: &[(&str, &str)] = &[
    ("特別養護老人ホームみどり苑", "みどり市中央町四丁目8番2号"),
    ("介護老人保健施設やすらぎの郷", "みどり市西町2-14-1"),
    ("みどり市障害者福祉センター", "みどり市東町1-5-3"),
    ("みどり特別支援学校", "みどり市北町2-20-1"),
];

/// Towns outside みどり市 where relatives live, all as fictional as みどり市 itself.
pub(super) const ELSEWHERE: &[&str] = &[
    "さくら市青葉町",
    "あおば市本町",
    "ひかり市緑町",
    "かえで町大字上原",
    "つばき市港町",
];

/// Apartment buildings: (name, storeys, structure).
const APARTMENTS: &[(&str, u8, HouseStructure)] = &[
    ("ひまわり荘", 2, HouseStructure::Wooden),
    ("コーポみどり", 3, HouseStructure::Steel),
    ("さくらハイツ", 3, HouseStructure::Steel),
    ("メゾン若葉", 4, HouseStructure::FireResistant),
    ("グリーンハイツ", 5, HouseStructure::FireResistant),
    ("市営住宅3号棟", 5, HouseStructure::FireResistant),
];

const KANJI_DIGITS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Where a person or supporter lives.
#[derive(Debug, Clone)]
pub(super) struct Home {
    pub address: String,
    /// Its 番 (街区): whether the demo's hazard layers cover it (`super::map::zones`).
    pub ban: u32,
    /// Set for a flat: the building's storeys and structure, and the floor of the flat.
    pub apartment: Option<(u8, HouseStructure, u8)>,
}

/// A home in district `d`, written as the town's registers mix them: `中央町二丁目3番14号`
/// or `東町1-2-3 ひまわり荘102`.
pub(super) fn home(rng: &mut ChaCha8Rng, d: &District, flat_rate: f64) -> Home {
    let chome = between(rng, 1, d.chome);
    let ban = between(rng, 1, super::map::BLOCKS);
    let go = between(rng, 1, 24);
    if chance(rng, flat_rate) {
        let (building, storeys, structure) = *pick(rng, APARTMENTS);
        let floor = between(rng, 1, u32::from(storeys));
        let room = floor * 100 + between(rng, 1, 6);
        return Home {
            address: format!("{CITY}{}{chome}-{ban}-{go} {building}{room}", d.town),
            ban,
            apartment: Some((storeys, structure, u8::try_from(floor).unwrap_or(1))),
        };
    }
    let address = if chance(rng, 0.6) {
        let kanji = KANJI_DIGITS
            .get(chome as usize - 1)
            .copied()
            .unwrap_or("一");
        format!("{CITY}{}{kanji}丁目{ban}番{go}号", d.town)
    } else {
        format!("{CITY}{}{chome}-{ban}-{go}", d.town)
    };
    Home {
        address,
        ban,
        apartment: None,
    }
}

/// A district index drawn by the districts' shares of the roster.
pub(super) fn district_index(rng: &mut ChaCha8Rng) -> usize {
    let table: Vec<(usize, u32)> = DISTRICTS
        .iter()
        .enumerate()
        .map(|(i, d)| (i, d.weight))
        .collect();
    weighted(rng, &table)
}

/// The people who work on the roster: their names go on consents and plans.
#[derive(Debug)]
pub(super) struct Staff {
    /// 市福祉課・危機管理課 officers who obtain consents.
    pub officers: Vec<String>,
    /// 民生委員, three per district (the first chairs the district's council).
    pub commissioners: Vec<Vec<String>>,
    /// ケアマネジャー.
    pub care_managers: Vec<String>,
    /// 相談支援専門員.
    pub counsellors: Vec<String>,
    /// 成年後見人 (lawyers, judicial scriveners).
    pub guardians: Vec<String>,
}

impl Staff {
    /// Draws every staff name from the word lists.
    pub fn draw(rng: &mut ChaCha8Rng, words: &Words) -> Staff {
        let mut names = |n: usize, era: Era| -> Vec<String> {
            (0..n)
                .map(|_| {
                    let sex = if chance(rng, 0.5) {
                        Sex::Male
                    } else {
                        Sex::Female
                    };
                    words.person(rng, sex, era).text
                })
                .collect()
        };
        let officers = names(6, Era::Young);
        let commissioners = DISTRICTS.iter().map(|_| names(3, Era::Elder)).collect();
        let care_managers = names(8, Era::Young);
        let counsellors = names(4, Era::Young);
        let guardians = names(3, Era::Elder);
        Staff {
            officers,
            commissioners,
            care_managers,
            counsellors,
            guardians,
        }
    }
}
