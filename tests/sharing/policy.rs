//! The pure sharing rule over thousands of generated rosters, consent histories and clocks.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use yorisoi::model::{ConsentAnswer, ConsentBasis, ConsentPurpose, RecipientKind};
use yorisoi::policy::settings::RecipientFields;
use yorisoi::policy::{
    decide, ConsentFact, Field, FieldProfile, FieldSet, Mode, PersonFacts, ReasonCode,
    RecipientFacts, SharePurpose, SharingSettings, LOCATING,
};

use crate::oracle::{jst, jst_midnight, normally_shared};

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
}

/// A generated person: the facts the rule reads, owning its consent rows.
#[derive(Debug, Clone)]
struct GenPerson {
    archived: bool,
    protected: bool,
    released: bool,
    has_plan: bool,
    rows: Vec<ConsentFact>,
}

impl GenPerson {
    fn facts(&self, id: i64) -> PersonFacts<'_> {
        PersonFacts {
            person_id: id,
            archived: self.archived,
            address_protected: self.protected,
            location_released: self.released,
            has_plan: self.has_plan,
            consents: &self.rows,
        }
    }
}

const KINDS: [RecipientKind; 4] = [
    RecipientKind::Fire,
    RecipientKind::WelfareCommissioner,
    RecipientKind::Neighbourhood,
    RecipientKind::Other,
];

fn row() -> impl Strategy<
    Value = (
        ConsentPurpose,
        RecipientKind,
        Option<i64>,
        ConsentAnswer,
        i64,
        Option<i64>,
    ),
> {
    (
        select(ConsentPurpose::ALL.to_vec()),
        select(KINDS.to_vec()),
        prop::option::weighted(0.3, 1i64..=3),
        select(ConsentAnswer::ALL.to_vec()),
        0i64..900,
        prop::option::of(0i64..400),
    )
}

fn person() -> impl Strategy<Value = GenPerson> {
    (
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.1),
        any::<bool>(),
        prop::collection::vec(row(), 0..8),
    )
        .prop_map(
            |(archived, protected, released, has_plan, rows)| GenPerson {
                archived,
                protected,
                released,
                has_plan,
                // Ids follow the order of entry, which the generator makes unrelated to dates.
                rows: rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (purpose, kind, rid, answer, day, len))| {
                        let obtained_on = base() + Duration::days(day);
                        ConsentFact {
                            id: i as i64 + 1,
                            purpose,
                            recipient_kind: kind,
                            recipient_id: rid,
                            answer,
                            obtained_on,
                            expires_on: len.map(|l| obtained_on + Duration::days(l)),
                        }
                    })
                    .collect(),
            },
        )
}

fn settings() -> impl Strategy<Value = SharingSettings> {
    (
        select(ConsentBasis::ALL.to_vec()),
        0u32..24,
        select(FieldProfile::ALL.to_vec()),
        prop::collection::vec(prop::bool::weighted(0.2), Field::ALL.len()),
    )
        .prop_map(|(basis, renewal_months, profile, withhold)| {
            let withhold = Field::ALL
                .iter()
                .zip(withhold)
                .filter(|(_, w)| *w)
                .fold(FieldSet::EMPTY, |s, (f, _)| s.with(*f));
            let mut s = SharingSettings {
                basis,
                renewal_months,
                ..SharingSettings::default()
            };
            s.recipients
                .insert(2, RecipientFields { profile, withhold });
            s
        })
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..1000, 0i64..86_400_000)
        .prop_map(|(d, ms)| jst_midnight(base()) + Duration::days(d) + Duration::milliseconds(ms))
}

fn recipient() -> impl Strategy<Value = RecipientFacts> {
    (1i64..=3, select(KINDS.to_vec())).prop_map(|(id, kind)| RecipientFacts { id, kind })
}

fn purpose() -> impl Strategy<Value = SharePurpose> {
    select(vec![SharePurpose::Roster, SharePurpose::Plan])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Normal time: exactly the people the basis allows; disaster time: everyone on the
    /// roster, marked; archived: never; address-protected: never a locating field.
    #[test]
    fn the_rule_holds_for_every_roster_clock_and_mode(
        people in prop::collection::vec(person(), 1..12),
        recipient in recipient(),
        purpose in purpose(),
        disaster in any::<bool>(),
        settings in settings(),
        now in instant(),
    ) {
        let mode = if disaster { Mode::Disaster } else { Mode::Normal };
        let today = jst(now);
        for (i, p) in people.iter().enumerate() {
            let d = decide(&p.facts(i as i64 + 1), &recipient, purpose, mode, &settings, now);
            let on_the_roster = !p.archived && (purpose == SharePurpose::Roster || p.has_plan);
            let normally = on_the_roster && normally_shared(
                &p.rows, purpose.consent_purpose(), recipient.kind, recipient.id,
                settings.basis, settings.renewal_months, today,
            );
            prop_assert_eq!(d.normally_included, normally && d.included);
            match mode {
                Mode::Normal => {
                    prop_assert_eq!(d.included, normally, "normal time: {:?}", d.reason);
                    prop_assert!(!d.marked_disaster);
                }
                Mode::Disaster => {
                    prop_assert_eq!(d.included, on_the_roster, "disaster time: {:?}", d.reason);
                    prop_assert_eq!(d.marked_disaster, on_the_roster);
                }
            }
            if p.archived {
                prop_assert!(!d.included);
                prop_assert_eq!(d.reason.code, ReasonCode::Archived);
            }
            if d.included {
                let allowed = settings.fields_for(recipient.id, purpose);
                prop_assert_eq!(d.fields.minus(allowed), FieldSet::EMPTY);
                prop_assert_eq!(d.fields.union(d.withheld), allowed);
                if p.protected && !p.released {
                    prop_assert!(d.fields.intersect(LOCATING).is_empty(), "{:?}", d.fields);
                    prop_assert!(!d.fields.contains(Field::Address));
                } else {
                    prop_assert!(d.withheld.is_empty());
                }
                let included_codes = [ReasonCode::Consent, ReasonCode::Presumed, ReasonCode::Ordinance, ReasonCode::OrdinanceOptOut];
                if mode == Mode::Disaster {
                    prop_assert_eq!(d.reason.code, ReasonCode::Disaster);
                } else {
                    prop_assert!(included_codes.contains(&d.reason.code), "{:?}", d.reason);
                }
            } else {
                prop_assert!(d.fields.is_empty() && d.withheld.is_empty());
            }
            // Only the day in Japan matters: any other instant of the same JST day agrees.
            let same_day = jst_midnight(today) + Duration::milliseconds(86_399_999);
            let again = decide(&p.facts(i as i64 + 1), &recipient, purpose, mode, &settings, same_day);
            prop_assert_eq!(again.included, d.included);
        }
    }

    /// A consent expiring on day E holds through E 23:59:59.999 JST and not a millisecond
    /// longer; a withdrawal dated W ends it from W 00:00 JST, not a millisecond earlier.
    #[test]
    fn withdrawal_and_expiry_take_effect_at_their_instant(
        obtained in 0i64..500,
        length in 0i64..400,
        withdrawn_after in prop::option::of(0i64..500),
        answer in select(vec![ConsentAnswer::Consented, ConsentAnswer::Proxy, ConsentAnswer::Applied]),
        kind in select(KINDS.to_vec()),
        entered_late in any::<bool>(),
    ) {
        let o = base() + Duration::days(obtained);
        let e = o + Duration::days(length);
        let consent = ConsentFact {
            id: if entered_late { 9 } else { 1 },
            purpose: ConsentPurpose::Roster,
            recipient_kind: kind,
            recipient_id: None,
            answer,
            obtained_on: o,
            expires_on: Some(e),
        };
        let mut rows = vec![consent];
        let w = withdrawn_after.map(|a| o + Duration::days(a));
        if let Some(w) = w {
            rows.push(ConsentFact { id: 5, answer: ConsentAnswer::Withdrawn, obtained_on: w, expires_on: None, ..consent });
        }
        let p = GenPerson { archived: false, protected: false, released: false, has_plan: false, rows };
        let settings = SharingSettings::default();
        let r = RecipientFacts { id: 1, kind };
        let at = |t: DateTime<Utc>| decide(&p.facts(1), &r, SharePurpose::Roster, Mode::Normal, &settings, t).included;
        let ms = Duration::milliseconds(1);
        // Two answers on one day: the one entered later speaks.
        let withdrawal = w.filter(|w| !(*w == o && entered_late));
        let end = withdrawal.map_or(e + Duration::days(1), |w| w.min(e + Duration::days(1)));
        // Not before it was given; from its day until the first of expiry or withdrawal.
        prop_assert!(!at(jst_midnight(o) - ms));
        prop_assert_eq!(at(jst_midnight(o)), end > o);
        if end > o {
            prop_assert!(at(jst_midnight(end) - ms));
        }
        prop_assert!(!at(jst_midnight(end)));
        prop_assert!(!at(jst_midnight(end) + Duration::days(30)));
    }
}
