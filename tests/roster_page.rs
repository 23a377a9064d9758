//! Roster pages for the desktop window (filters, sort, offset, total), reordering a
//! person's supporters, and the audit chain's verdict.

mod common;

use common::*;
use yorisoi::model::{CareLevel, Category, Supporter, SupporterKind};
use yorisoi::store::roster_page::{
    ArchivedFilter, HazardFilter, RosterPageQuery, RosterSort, SupporterCount,
};
use yorisoi::Roster;

fn page(r: &Roster, q: RosterPageQuery) -> (u64, Vec<String>) {
    let p = r.person_page(&q).unwrap();
    (p.total, p.persons.into_iter().map(|s| s.name).collect())
}

fn q() -> RosterPageQuery {
    RosterPageQuery {
        limit: 50,
        ..RosterPageQuery::default()
    }
}

fn supporter(r: &mut Roster, name: &str) -> i64 {
    r.add_supporter(&Supporter {
        id: None,
        kind: SupporterKind::Individual,
        name: name.into(),
        furigana: String::new(),
        address: String::new(),
        phone: String::new(),
        district: None,
        available_day: true,
        available_night: true,
        note: String::new(),
        load: 0,
    })
    .unwrap()
}

/// Four people: 阿部 (care-3, flood zone, 2 supporters), 井上 (plan), 上田, 江藤 (archived).
fn roster() -> (TempRoster, Roster, Vec<i64>) {
    let (dir, mut r) = TempRoster::new();
    let mut a = person("阿部 一郎", "あべ いちろう", "1930-01-01");
    a.care_level = Some(CareLevel::Care3);
    a.category = Category::ElderlyNeedingCare;
    a.hazard_zones.flood = true;
    let mut b = person("井上 二郎", "いのうえ じろう", "1940-01-01");
    b.district = Some("北地区".into());
    b.plan = Some(serde_json::from_str(r#"{"route":"県道"}"#).unwrap());
    let c = person("上田 三郎", "うえだ さぶろう", "1950-01-01");
    let d = person("江藤 四郎", "えとう しろう", "1920-01-01");
    let ids: Vec<i64> = [a, b, c, d]
        .into_iter()
        .map(|p| r.add_person(p).unwrap())
        .collect();
    r.archive_person(ids[3], yorisoi::model::ArchiveReason::Moved, None, "")
        .unwrap();
    let s1 = supporter(&mut r, "支援 一");
    let s2 = supporter(&mut r, "支援 二");
    r.assign_supporter(ids[0], s1, "").unwrap();
    r.assign_supporter(ids[0], s2, "").unwrap();
    r.assign_supporter(ids[1], s1, "").unwrap();
    (dir, r, ids)
}

#[test]
fn filters_narrow_the_page_and_the_total() {
    let (_dir, r, _) = roster();
    assert_eq!(
        page(&r, q()),
        (
            3,
            vec!["阿部 一郎".into(), "井上 二郎".into(), "上田 三郎".into()]
        )
    );
    let only = |f: fn(&mut RosterPageQuery)| {
        let mut query = q();
        f(&mut query);
        page(&r, query).1
    };
    assert_eq!(
        only(|q| q.care_level = Some(CareLevel::Care3)),
        ["阿部 一郎"]
    );
    assert_eq!(
        only(|q| q.category = Some(Category::ElderlyNeedingCare)),
        ["阿部 一郎"]
    );
    assert_eq!(
        only(|q| q.hazard = Some(HazardFilter::Flood)),
        ["阿部 一郎"]
    );
    assert!(only(|q| q.hazard = Some(HazardFilter::Tsunami)).is_empty());
    assert_eq!(only(|q| q.district = Some("北地区".into())), ["井上 二郎"]);
    assert_eq!(only(|q| q.has_plan = Some(true)), ["井上 二郎"]);
    assert_eq!(
        only(|q| q.supporters = Some(SupporterCount::None)),
        ["上田 三郎"]
    );
    assert_eq!(
        only(|q| q.supporters = Some(SupporterCount::One)),
        ["井上 二郎"]
    );
    assert_eq!(
        only(|q| q.supporters = Some(SupporterCount::Several)),
        ["阿部 一郎"]
    );
    assert_eq!(only(|q| q.archived = ArchivedFilter::Only), ["江藤 四郎"]);
    assert_eq!(only(|q| q.archived = ArchivedFilter::Include).len(), 4);
    assert_eq!(
        only(|q| q.only = Some(vec![2, 3])),
        ["井上 二郎", "上田 三郎"]
    );
    assert!(only(|q| q.only = Some(vec![])).is_empty());
    // Katakana finds a hiragana furigana.
    assert_eq!(only(|q| q.text = Some("イノウエ".into())), ["井上 二郎"]);
}

#[test]
fn sort_and_offset_page_through_in_a_stable_order() {
    let (_dir, r, _) = roster();
    let youngest_first = RosterPageQuery {
        sort: RosterSort::Age,
        descending: true,
        ..q()
    };
    // `Age` sorts by date of birth: descending lists the latest births first.
    assert_eq!(
        page(&r, youngest_first).1,
        ["上田 三郎", "井上 二郎", "阿部 一郎"]
    );
    let by_supporters = RosterPageQuery {
        sort: RosterSort::Supporters,
        descending: true,
        ..q()
    };
    assert_eq!(page(&r, by_supporters).1[0], "阿部 一郎");
    let second = RosterPageQuery {
        offset: 1,
        limit: 1,
        ..q()
    };
    assert_eq!(page(&r, second), (3, vec!["井上 二郎".into()]));
    assert!(r.person_page(&RosterPageQuery { limit: 0, ..q() }).is_err());
}

#[test]
fn supporters_are_reordered_and_the_change_audited() {
    let (_dir, mut r, ids) = roster();
    let before: Vec<i64> = r
        .view_person(ids[0])
        .unwrap()
        .supporters
        .iter()
        .map(|s| s.supporter_id)
        .collect();
    let reversed: Vec<i64> = before.iter().rev().copied().collect();
    r.reorder_supporters(ids[0], &reversed).unwrap();
    let after = r.view_person(ids[0]).unwrap().supporters;
    assert_eq!(
        after.iter().map(|s| s.supporter_id).collect::<Vec<_>>(),
        reversed
    );
    assert_eq!(after.iter().map(|s| s.position).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(
        r.person_audit_trail(ids[0])
            .unwrap()
            .iter()
            .filter(|e| e.action == "supporter.reorder")
            .count(),
        1
    );
    // Leaving one out, or naming a stranger, is refused and changes nothing.
    assert!(r.reorder_supporters(ids[0], &reversed[..1]).is_err());
    assert!(r.reorder_supporters(ids[0], &[reversed[0], 999]).is_err());
    assert_eq!(r.view_person(ids[0]).unwrap().supporters, after);
    let chain = r.verify_audit_chain().unwrap();
    assert!(chain.first_fault.is_none());
    assert!(chain.rows > 5);
}
