//! Recipients (避難支援等関係者) and supporters (避難支援等実施者) of the demo town, and the
//! choice of each person's supporters.
//!
//! Supporters carry a few people each, as the guideline wants; one neighbour per district is
//! deliberately overloaded so that load warnings have something to show. Loads are kept in
//! memory while generating, so the choice never has to query the store.

use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

use super::draw::{between, chance, landline, mobile, pick, weighted};
use super::people::Draft;
use super::town::{self, Staff, DISTRICTS};
use super::words::{Era, Words};
use crate::error::Result;
use crate::model::*;
use crate::store::{places, recipients, supporters};

/// A supporter as the generator tracks it.
#[derive(Debug, Clone)]
struct Slot {
    id: i64,
    name: String,
    load: u32,
    cap: u32,
}

impl Slot {
    fn free(&self) -> bool {
        self.load < self.cap
    }
}

/// One chosen supporter of one person, in order.
#[derive(Debug, Clone)]
pub(super) struct Chosen {
    pub id: i64,
    pub name: String,
    pub role: &'static str,
}

/// Every supporter created so far, by where they help.
#[derive(Debug, Default)]
pub(super) struct Supporters {
    /// Per district: the overloaded neighbour (自治会長).
    overloaded: Vec<Slot>,
    /// Per district, per association: its 自主防災会.
    disaster_groups: Vec<Vec<Slot>>,
    /// Per district, per association, per 班 (0-based): the 班 group.
    blocks: Vec<Vec<Vec<Slot>>>,
    /// Care offices, town-wide.
    care_offices: Vec<Slot>,
    /// Per district, per association: individual neighbours who can still take someone.
    neighbours: Vec<Vec<Vec<Slot>>>,
    /// How many supporters were created.
    pub created: usize,
    /// The id the next neighbour gets: the supporters are written in the order they are
    /// made, into a table only the demo writes, so each gets the next id.
    next_id: i64,
    /// Neighbours made by [`Supporters::choose`] and not yet written, oldest first, each
    /// with the id it must get ([`Supporters::take_new`]).
    new: Vec<(i64, Supporter)>,
}

/// How often a new neighbour is asked although one with room exists: most neighbours
/// end up helping one or two people, a few three.
const NEW_NEIGHBOUR_RATE: f64 = 0.35;

const CARE_OFFICES: &[(&str, usize, bool)] = &[
    ("みどりケアセンター", 0, false),
    ("ひまわり訪問介護事業所", 1, false),
    ("さくら居宅介護支援事業所", 2, false),
    ("あおぞら訪問看護ステーション", 3, true),
    ("南町ヘルパーステーション", 4, false),
    ("川沿デイサービスセンター", 5, false),
    ("山手ケアセンター", 6, false),
    ("みどり障害者相談支援センター", 0, false),
];

fn add(conn: &Connection, now: &str, s: &Supporter) -> Result<i64> {
    supporters::insert(conn, s, now)
}

fn supporter(
    kind: SupporterKind,
    name: String,
    district: usize,
    day: bool,
    night: bool,
) -> Supporter {
    Supporter {
        id: None,
        kind,
        name,
        furigana: String::new(),
        address: String::new(),
        phone: String::new(),
        district: Some(DISTRICTS[district].name.to_string()),
        available_day: day,
        available_night: night,
        note: String::new(),
        load: 0,
    }
}

/// Creates the recipients and the group supporters; returns (recipients, supporters).
pub(super) fn setup(
    conn: &Connection,
    now: &str,
    rng: &mut ChaCha8Rng,
    words: &Words,
    staff: &Staff,
) -> Result<(usize, Supporters)> {
    let mut recipients_made = 0;
    // A 自治会 recipient serves its own association only (its people are added later, so
    // the association is created here first).
    let mut recipient = |kind,
                         name: String,
                         area: (Option<usize>, Option<&str>),
                         custodian: String,
                         address: String,
                         phone: String| {
        recipients_made += 1;
        let district = area.0.map(|d| DISTRICTS[d].name);
        places::resolve(conn, district, area.1, None)?;
        let r = Recipient {
            id: None,
            kind,
            name,
            district: district.map(str::to_string),
            association: area.1.map(str::to_string),
            custodian,
            address,
            phone,
        };
        recipients::insert(conn, &r, now)
    };
    let mut pool = Supporters::default();
    for (di, d) in DISTRICTS.iter().enumerate() {
        let home = town::home(rng, d, 0.0).address;
        let phone = landline(rng, d.exchange);
        recipient(
            RecipientKind::WelfareCommissioner,
            format!("{}民生委員児童委員協議会", d.name),
            (Some(di), None),
            staff.commissioners[di][0].clone(),
            home,
            phone,
        )?;
        let mut groups = Vec::new();
        let mut blocks = Vec::new();
        for a in d.associations {
            let chair = words.person(rng, Sex::Male, Era::Elder).text;
            let home = town::home(rng, d, 0.0).address;
            let phone = landline(rng, d.exchange);
            recipient(
                RecipientKind::Neighbourhood,
                a.name.to_string(),
                (Some(di), Some(a.name)),
                chair,
                home,
                phone,
            )?;
            let base = a.name.strip_suffix("自治会").unwrap_or(a.name);
            let mut s = supporter(
                SupporterKind::DisasterGroup,
                format!("{base}自主防災会"),
                di,
                true,
                true,
            );
            s.phone = landline(rng, d.exchange);
            groups.push(Slot {
                id: add(conn, now, &s)?,
                name: s.name,
                load: 0,
                cap: 6,
            });
            let mut these = Vec::new();
            for b in 1..=a.blocks {
                // Half the 班 are mostly elderly members, who cannot go out at night.
                let night = chance(rng, 0.7);
                let s = supporter(
                    SupporterKind::BlockGroup,
                    format!("{} 第{b}班", a.name),
                    di,
                    true,
                    night,
                );
                these.push(Slot {
                    id: add(conn, now, &s)?,
                    name: s.name,
                    load: 0,
                    cap: 5,
                });
            }
            blocks.push(these);
        }
        pool.disaster_groups.push(groups);
        pool.blocks.push(blocks);
        pool.neighbours
            .push(d.associations.iter().map(|_| Vec::new()).collect());
        let name = words.person(rng, Sex::Male, Era::Elder);
        let mut s = supporter(SupporterKind::Individual, name.text, di, true, true);
        s.furigana = name.reading;
        s.address = town::home(rng, d, 0.0).address;
        s.phone = landline(rng, d.exchange);
        s.note = "自治会長。複数の要支援者を担当".to_string();
        let cap = between(rng, 9, 13);
        pool.overloaded.push(Slot {
            id: add(conn, now, &s)?,
            name: s.name,
            load: 0,
            cap,
        });
    }
    for &(name, di, night) in CARE_OFFICES {
        let d = &DISTRICTS[di];
        let mut s = supporter(SupporterKind::CareOffice, name.to_string(), di, true, night);
        s.address = town::home(rng, d, 0.0).address;
        s.phone = landline(rng, d.exchange);
        pool.care_offices.push(Slot {
            id: add(conn, now, &s)?,
            name: s.name,
            load: 0,
            cap: 7,
        });
    }
    let town_wide = [
        (
            RecipientKind::Fire,
            "みどり市消防本部",
            "みどり市中央町一丁目2番1号",
        ),
        (
            RecipientKind::Police,
            "みどり警察署",
            "みどり市中央町一丁目5番3号",
        ),
        (
            RecipientKind::SocialWelfareCouncil,
            "みどり市社会福祉協議会",
            "みどり市東町1-5-3",
        ),
        (
            RecipientKind::CareCentre,
            "みどり市地域包括支援センター",
            "みどり市中央町四丁目8番2号",
        ),
    ];
    for (kind, name, address) in town_wide {
        let custodian = words.person(rng, Sex::Male, Era::Young).text;
        let phone = landline(rng, DISTRICTS[0].exchange);
        recipient(
            kind,
            name.to_string(),
            (None, None),
            custodian,
            address.to_string(),
            phone,
        )?;
    }
    pool.next_id = pool
        .overloaded
        .iter()
        .chain(&pool.care_offices)
        .chain(pool.disaster_groups.iter().flatten())
        .chain(pool.blocks.iter().flatten().flatten())
        .map(|s| s.id)
        .max()
        .unwrap_or(0)
        + 1;
    pool.created = pool.overloaded.len()
        + pool.care_offices.len()
        + pool.disaster_groups.iter().map(Vec::len).sum::<usize>()
        + pool.blocks.iter().flatten().map(Vec::len).sum::<usize>();
    Ok((recipients_made, pool))
}

impl Supporters {
    /// Chooses 0–3 supporters for `draft`, making neighbours as needed: they are to be
    /// written ([`Supporters::take_new`]) before the person. Touches no connection, so the
    /// people can be made on a thread of their own.
    pub fn choose(&mut self, rng: &mut ChaCha8Rng, words: &Words, draft: &Draft) -> Vec<Chosen> {
        let want = weighted(rng, &[(0usize, 8), (1, 30), (2, 40), (3, 22)]);
        let (di, ai, bi) = (draft.district, draft.association, draft.block as usize - 1);
        let p = &draft.profile;
        let carer = match p.mobility {
            Some(Mobility::Bedridden | Mobility::Wheelchair) => "車いす介助・搬送",
            _ => "避難先までの付き添い",
        };
        let mut out: Vec<Chosen> = Vec::new();
        let take = |slot: &mut Slot, role: &'static str, out: &mut Vec<Chosen>| {
            slot.load += 1;
            out.push(Chosen {
                id: slot.id,
                name: slot.name.clone(),
                role,
            });
        };
        if out.len() < want && chance(rng, 0.5) {
            if let Some(s) = self.overloaded.get_mut(di).filter(|s| s.free()) {
                take(s, "情報伝達・安否確認", &mut out);
            }
        }
        if out.len() < want {
            let s = self.neighbour(rng, words, di, ai);
            take(s, "声かけ・避難誘導", &mut out);
        }
        let in_care = p.care_level.is_some() || !p.devices.is_empty();
        if out.len() < want && in_care && chance(rng, 0.6) {
            let start = between(rng, 0, 7) as usize;
            let n = self.care_offices.len();
            if let Some(s) = (0..n)
                .map(|i| (start + i) % n)
                .find(|&i| self.care_offices[i].free())
            {
                take(&mut self.care_offices[s], carer, &mut out);
            }
        }
        if out.len() < want && chance(rng, 0.6) {
            if let Some(s) = self.blocks[di][ai].get_mut(bi).filter(|s| s.free()) {
                take(s, "避難誘導・安否確認", &mut out);
            }
        }
        if out.len() < want && chance(rng, 0.5) {
            if let Some(s) = self.disaster_groups[di].get_mut(ai).filter(|s| s.free()) {
                take(s, "搬送（担架・リヤカー）", &mut out);
            }
        }
        while out.len() < want {
            let s = self.neighbour(rng, words, di, ai);
            if out.iter().any(|c| c.id == s.id) {
                continue;
            }
            take(s, "安否確認", &mut out);
        }
        out
    }

    /// A neighbour in association `ai` of district `di` who can take one more person: the
    /// latest one with room, now and then someone new.
    fn neighbour(
        &mut self,
        rng: &mut ChaCha8Rng,
        words: &Words,
        di: usize,
        ai: usize,
    ) -> &mut Slot {
        let list = &mut self.neighbours[di][ai];
        list.retain(Slot::free);
        if list.is_empty() || chance(rng, NEW_NEIGHBOUR_RATE) {
            let d = &DISTRICTS[di];
            let sex = if chance(rng, 0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            let era = if chance(rng, 0.6) {
                Era::Elder
            } else {
                Era::Young
            };
            let name = words.person(rng, sex, era);
            let (day, night) = weighted(
                rng,
                &[((true, true), 60), ((true, false), 25), ((false, true), 15)],
            );
            let mut s = supporter(SupporterKind::Individual, name.text, di, day, night);
            s.furigana = name.reading;
            s.address = town::home(rng, d, 0.2).address;
            s.phone = if chance(rng, 0.6) {
                mobile(rng)
            } else {
                landline(rng, d.exchange)
            };
            s.note = (*pick(
                rng,
                &[
                    "",
                    "隣家",
                    "向かいの家",
                    "同じ班の住民",
                    "親戚（近所に住む）",
                ],
            ))
            .to_string();
            let id = self.next_id;
            self.next_id += 1;
            self.created += 1;
            list.push(Slot {
                id,
                name: s.name.clone(),
                load: 0,
                cap: between(rng, 1, 3),
            });
            self.new.push((id, s));
        }
        let last = list.len() - 1;
        &mut list[last]
    }

    /// The neighbours made since the last call, oldest first, with the id each must get.
    pub fn take_new(&mut self) -> Vec<(i64, Supporter)> {
        std::mem::take(&mut self.new)
    }
}
