//! The consent ledger of a synthetic person: what they were asked, by whom, and what they
//! answered over the last three years — consented, by proxy, applied, refused, no answer,
//! withdrawn later, expired and renewed, or never asked at all.

use chrono::{Datelike, NaiveDate};
use rand_chacha::ChaCha8Rng;

use super::draw::{between, chance, date_between, days_after, days_before, later, pick, weighted};
use super::people::Draft;
use super::town::Staff;
use crate::model::*;

/// The recipient kinds a roster consent form asks about, one answer each.
const ROSTER_KINDS: &[RecipientKind] = &[
    RecipientKind::Neighbourhood,
    RecipientKind::WelfareCommissioner,
    RecipientKind::Fire,
    RecipientKind::Police,
    RecipientKind::SocialWelfareCouncil,
    RecipientKind::CareCentre,
];

/// Plan sharing is asked for the bodies that act on a plan.
const PLAN_SHARE_KINDS: &[RecipientKind] = &[
    RecipientKind::Neighbourhood,
    RecipientKind::WelfareCommissioner,
    RecipientKind::Fire,
];

/// Of those who agreed, how many also agreed to a plan: about 60% of the roster has one.
const PLAN_RATE: f64 = 0.74;

/// Many municipalities re-ask every year.
const YEAR: u32 = 365;

/// What a person's answers allow.
#[derive(Debug, Clone)]
pub(super) struct Story {
    /// The rows to record, oldest first; `person_id` is filled in once the person is stored.
    pub rows: Vec<ConsentRecord>,
    /// When the plan was drafted, if the person consented to one.
    pub plan_on: Option<NaiveDate>,
    /// Whether supporters may be named (nobody is linked to a person who refused).
    pub supported: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Refused,
    NoAnswer,
    Agreed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Timeline {
    Plain,
    Yearly,
    Expired,
    Renewed,
    Withdrawn,
}

/// Who took the answers, and for whom a proxy answered.
struct Form {
    by: String,
    proxy: Option<(String, String)>,
}

/// The number written on one paper form: every answer on it cites the same number.
fn form_number(rng: &mut ChaCha8Rng, answer: ConsentAnswer, on: NaiveDate) -> String {
    match answer {
        ConsentAnswer::Applied => format!("申請書{}-{:05}", on.year(), between(rng, 1, 99_999)),
        ConsentAnswer::Withdrawn => format!("撤回届{}-{:04}", on.year(), between(rng, 1, 9_999)),
        ConsentAnswer::NoAnswer => String::new(),
        _ => format!("同意書{}-{:05}", on.year(), between(rng, 1, 99_999)),
    }
}

/// One answer from the form numbered `number`.
fn row(
    form: &Form,
    number: &str,
    purpose: ConsentPurpose,
    kind: RecipientKind,
    answer: ConsentAnswer,
    on: NaiveDate,
    expires: Option<NaiveDate>,
) -> ConsentRecord {
    let (proxy_name, proxy_relationship) = match (&form.proxy, answer) {
        (Some((n, r)), ConsentAnswer::Proxy) => (n.clone(), r.clone()),
        _ => (String::new(), String::new()),
    };
    let evidence_ref = number.to_string();
    let basis = matches!(
        answer,
        ConsentAnswer::Consented | ConsentAnswer::Proxy | ConsentAnswer::Applied
    )
    .then_some(ConsentBasis::Explicit);
    ConsentRecord {
        id: None,
        person_id: 0,
        purpose,
        recipient_kind: kind,
        recipient_id: None,
        answer,
        basis,
        proxy_name,
        proxy_relationship,
        obtained_on: on.to_string(),
        obtained_by: form.by.clone(),
        evidence_ref,
        expires_on: expires.map(|e| e.to_string()),
        recorded_at: None,
        recorded_by: None,
    }
}

/// Draws the consent history of `draft`.
pub(super) fn story(rng: &mut ChaCha8Rng, draft: &Draft, staff: &Staff, today: NaiveDate) -> Story {
    let route = draft.person.registration.route;
    let registered = draft.registered_on;
    let mut out = Story {
        rows: Vec::new(),
        plan_on: None,
        supported: false,
    };
    // Fresh 共有情報方式 registrations: the welfare data is in, nobody has visited yet.
    let recent = (today - registered).num_days() < 180;
    if route == RegistrationRoute::SharedInformation && recent && chance(rng, 0.6) {
        return out;
    }
    let asked_on = if route == RegistrationRoute::OptIn {
        registered
    } else {
        days_after(registered, between(rng, 0, 45), today)
    };
    let commissioners = &staff.commissioners[draft.district];
    let by = if chance(rng, 0.65) {
        pick(rng, &staff.officers)
    } else {
        pick(rng, commissioners)
    };
    let mut form = Form {
        by: by.clone(),
        proxy: None,
    };
    let outcome = weighted(
        rng,
        &[
            (Outcome::Refused, 5),
            (Outcome::NoAnswer, 5),
            (Outcome::Agreed, 90),
        ],
    );
    if outcome != Outcome::Agreed {
        let answer = if outcome == Outcome::Refused {
            ConsentAnswer::Refused
        } else {
            ConsentAnswer::NoAnswer
        };
        let number = form_number(rng, answer, asked_on);
        for &k in ROSTER_KINDS {
            let r = row(
                &form,
                &number,
                ConsentPurpose::Roster,
                k,
                answer,
                asked_on,
                None,
            );
            out.rows.push(r);
        }
        return out;
    }
    let mode = if route == RegistrationRoute::OptIn {
        ConsentAnswer::Applied
    } else if draft.profile.needs_proxy() {
        form.proxy = Some(proxy(rng, draft, staff));
        ConsentAnswer::Proxy
    } else {
        ConsentAnswer::Consented
    };
    // Many agree to the 民生委員 and the fire service but not to their neighbours.
    let refuse_neighbours = chance(
        rng,
        if mode == ConsentAnswer::Applied {
            0.15
        } else {
            0.25
        },
    );
    let refuse_police = chance(rng, 0.06);
    let answer_for = |k: RecipientKind| match k {
        RecipientKind::Neighbourhood if refuse_neighbours => ConsentAnswer::Refused,
        RecipientKind::Police if refuse_police => ConsentAnswer::Refused,
        _ => mode,
    };
    let old = (today - asked_on).num_days() > i64::from(YEAR);
    let mut timeline = weighted(
        rng,
        &[
            (Timeline::Plain, 55),
            (Timeline::Yearly, 20),
            (Timeline::Expired, 8),
            (Timeline::Renewed, 12),
            (Timeline::Withdrawn, 5),
        ],
    );
    if !old && matches!(timeline, Timeline::Expired | Timeline::Renewed) {
        timeline = Timeline::Yearly;
    }
    let round = |rng: &mut ChaCha8Rng,
                 rows: &mut Vec<ConsentRecord>,
                 on: NaiveDate,
                 expires: Option<NaiveDate>| {
        let number = form_number(rng, mode, on);
        for &k in ROSTER_KINDS {
            rows.push(row(
                &form,
                &number,
                ConsentPurpose::Roster,
                k,
                answer_for(k),
                on,
                expires,
            ));
        }
    };
    let mut supported = true;
    match timeline {
        Timeline::Plain => round(rng, &mut out.rows, asked_on, None),
        Timeline::Yearly => {
            let on = date_between(rng, asked_on.max(days_before(today, 300)), today);
            round(rng, &mut out.rows, on, Some(later(on, YEAR)));
        }
        Timeline::Expired => round(rng, &mut out.rows, asked_on, Some(later(asked_on, YEAR))),
        Timeline::Renewed => {
            round(rng, &mut out.rows, asked_on, Some(later(asked_on, YEAR)));
            let from = later(asked_on, YEAR - 35).max(days_before(today, 330));
            let on = date_between(rng, from, today);
            round(rng, &mut out.rows, on, Some(later(on, YEAR)));
        }
        Timeline::Withdrawn => {
            round(rng, &mut out.rows, asked_on, None);
            let on = date_between(rng, days_after(asked_on, 30, today), today);
            let all = chance(rng, 0.3);
            supported = !all;
            let number = form_number(rng, ConsentAnswer::Withdrawn, on);
            for &k in ROSTER_KINDS {
                if (all || k == RecipientKind::Neighbourhood)
                    && answer_for(k) != ConsentAnswer::Refused
                {
                    let r = row(
                        &form,
                        &number,
                        ConsentPurpose::Roster,
                        k,
                        ConsentAnswer::Withdrawn,
                        on,
                        None,
                    );
                    out.rows.push(r);
                }
            }
        }
    }
    out.supported = supported;
    if supported && chance(rng, PLAN_RATE) {
        let plan_on = date_between(rng, asked_on, days_after(asked_on, 120, today));
        let number = form_number(rng, mode, plan_on);
        if chance(rng, 0.05) {
            let r = row(
                &form,
                &number,
                ConsentPurpose::PlanCreate,
                RecipientKind::CareCentre,
                ConsentAnswer::Refused,
                plan_on,
                None,
            );
            out.rows.push(r);
        } else {
            // Plan creation is agreed with the body that coordinates drafting (地域包括支援センター).
            let r = row(
                &form,
                &number,
                ConsentPurpose::PlanCreate,
                RecipientKind::CareCentre,
                mode,
                plan_on,
                None,
            );
            out.rows.push(r);
            for &k in PLAN_SHARE_KINDS {
                let r = row(
                    &form,
                    &number,
                    ConsentPurpose::PlanShare,
                    k,
                    answer_for(k),
                    plan_on,
                    None,
                );
                out.rows.push(r);
            }
            out.plan_on = Some(plan_on);
        }
    }
    out
}

/// Who answers for someone who cannot: a relative in the household or among the emergency
/// contacts, or a 成年後見人 when there is none (or now and then even when there is).
fn proxy(rng: &mut ChaCha8Rng, draft: &Draft, staff: &Staff) -> (String, String) {
    let relatives = draft.family.proxies();
    if !relatives.is_empty() && chance(rng, 0.88) {
        return pick(rng, &relatives).clone();
    }
    (
        pick(rng, &staff.guardians).clone(),
        "成年後見人".to_string(),
    )
}
