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

/// The page as a reference: a plain statement over the wide person rows, assignments and
/// plans (what the page read until schema v13), every match sorted, then sliced.
fn reference(c: &rusqlite::Connection, q: &RosterPageQuery) -> (u64, Vec<i64>) {
    use rusqlite::types::Value;
    let mut terms: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    let supporters = "(SELECT count(*) FROM assignments a WHERE a.person_id = p.id)";
    if let Some(text) = q.text.as_deref() {
        let key = yorisoi::store::search_key::text_key(text);
        terms.push(
            "(instr(s.name_key, ?) > 0 OR instr(s.furigana_key, ?) > 0 OR instr(s.address_key, ?) > 0)"
                .into(),
        );
        args.extend([
            Value::Text(key.clone()),
            Value::Text(key.clone()),
            Value::Text(key),
        ]);
    }
    if let Some(d) = &q.district {
        terms.push("d.name = ?".into());
        args.push(Value::Text(d.clone()));
    }
    if let Some(cat) = q.category {
        terms.push("p.category = ?".into());
        args.push(Value::Text(cat.token().into()));
    }
    if let Some(level) = q.care_level {
        terms.push("p.care_level = ?".into());
        args.push(Value::Text(level.token().into()));
    }
    match q.supporters {
        None => {}
        Some(SupporterCount::None) => terms.push(format!("{supporters} = 0")),
        Some(SupporterCount::One) => terms.push(format!("{supporters} = 1")),
        Some(SupporterCount::Several) => terms.push(format!("{supporters} >= 2")),
    }
    match q.has_plan {
        None => {}
        Some(has) => terms.push(format!(
            "EXISTS (SELECT 1 FROM plans pl WHERE pl.person_id = p.id) = {}",
            i64::from(has)
        )),
    }
    match q.hazard {
        None => {}
        Some(HazardFilter::Any) => {
            terms.push("(p.flood_zone + p.landslide_zone + p.tsunami_zone) > 0".into())
        }
        Some(HazardFilter::Flood) => terms.push("p.flood_zone = 1".into()),
        Some(HazardFilter::Landslide) => terms.push("p.landslide_zone = 1".into()),
        Some(HazardFilter::Tsunami) => terms.push("p.tsunami_zone = 1".into()),
    }
    match q.archived {
        ArchivedFilter::Exclude => terms.push("p.archived_on IS NULL".into()),
        ArchivedFilter::Include => {}
        ArchivedFilter::Only => terms.push("p.archived_on IS NOT NULL".into()),
    }
    let dir = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        RosterSort::Furigana => format!("s.furigana_key {dir},"),
        RosterSort::Name => format!("s.name_key {dir},"),
        RosterSort::Age => format!("p.date_of_birth {dir},"),
        RosterSort::District => format!("d.name IS NULL, d.name {dir},"),
        RosterSort::Supporters => format!("{supporters} {dir},"),
        RosterSort::Id => String::new(),
    };
    let filter = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    let all: Vec<i64> = c
        .prepare_cached(&format!(
            "SELECT p.id FROM persons p NOT INDEXED JOIN person_search s NOT INDEXED ON s.person_id = p.id
             LEFT JOIN districts d ON d.id = p.district_id
             {filter} ORDER BY {order} p.id {dir}"
        ))
        .unwrap()
        .query_map(rusqlite::params_from_iter(args), |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let page = all.iter().skip(q.offset).take(q.limit).copied().collect();
    (all.len() as u64, page)
}

/// Every filter the window offers (one at a time and a few together), for one roster.
fn filters(r: &Roster) -> Vec<RosterPageQuery> {
    let district = r.districts().unwrap().into_iter().nth(1).map(|d| d.name);
    let one = |f: &dyn Fn(&mut RosterPageQuery)| {
        let mut q = RosterPageQuery::default();
        f(&mut q);
        q
    };
    let mut out = vec![
        RosterPageQuery::default(),
        one(&|q| q.district = district.clone()),
        one(&|q| q.text = Some("町".into())),
        one(&|q| q.text = Some("さと".into())),
        one(&|q| q.archived = ArchivedFilter::Include),
        one(&|q| q.archived = ArchivedFilter::Only),
        one(&|q| q.has_plan = Some(true)),
        one(&|q| q.has_plan = Some(false)),
        one(&|q| {
            q.category = Some(Category::ElderlyNeedingCare);
            q.hazard = Some(HazardFilter::Any);
            q.archived = ArchivedFilter::Include;
        }),
        one(&|q| {
            q.district = district.clone();
            q.supporters = Some(SupporterCount::None);
            q.care_level = Some(CareLevel::Care1);
        }),
        // A text tested on every row (one character: no trigram), with facets, a district
        // or archived people: counted in one pass, and sorted by district in one pass.
        one(&|q| {
            q.text = Some("町".into());
            q.care_level = Some(CareLevel::Care3);
        }),
        one(&|q| {
            q.text = Some("町".into());
            q.district = district.clone();
        }),
        one(&|q| {
            q.text = Some("市".into());
            q.hazard = Some(HazardFilter::Any);
            q.archived = ArchivedFilter::Include;
        }),
        one(&|q| {
            q.text = Some("田".into());
            q.archived = ArchivedFilter::Only;
        }),
        // Rare facets together (collected through the facets index on later pages).
        one(&|q| {
            q.category = Some(Category::ElderlyLivingAlone);
            q.has_plan = Some(false);
            q.hazard = Some(HazardFilter::Flood);
        }),
    ];
    for c in [
        Category::ElderlyLivingAlone,
        Category::Disabled,
        Category::ElderlyNeedingCare,
        Category::Other,
    ] {
        out.push(one(&|q| q.category = Some(c)));
    }
    for l in [CareLevel::Care1, CareLevel::Care3, CareLevel::Support1] {
        out.push(one(&|q| q.care_level = Some(l)));
    }
    for s in [
        SupporterCount::None,
        SupporterCount::One,
        SupporterCount::Several,
    ] {
        out.push(one(&|q| q.supporters = Some(s)));
        out.push(one(&|q| {
            q.supporters = Some(s);
            q.archived = ArchivedFilter::Include;
        }));
    }
    for h in [
        HazardFilter::Any,
        HazardFilter::Flood,
        HazardFilter::Landslide,
        HazardFilter::Tsunami,
    ] {
        out.push(one(&|q| q.hazard = Some(h)));
    }
    out
}

/// The tally of schema step 15 holds, for each combination of the facets, exactly how many
/// search rows have it (and no combination nobody has but with a zero).
fn tally_is_sound(t: &TempRoster) {
    let c = raw(&t.path);
    let rows = |sql: &str| -> Vec<String> {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let columns = "archived || '/' || category || '/' || coalesce(care_level, '-') || '/' ||
                   flood_zone || landslide_zone || tsunami_zone || '/' || has_plan || '/' ||
                   min(supporters, 2) || '/' || coalesce(district_id, '-')";
    let want = rows(&format!(
        "SELECT k || ' ' || count(*) FROM (SELECT {columns} AS k FROM person_search)
         GROUP BY k ORDER BY 1"
    ));
    let got = rows(&format!(
        "SELECT {columns} || ' ' || n FROM person_search_tally WHERE n > 0 ORDER BY 1"
    ));
    assert!(want.len() > 3, "{want:?}");
    assert_eq!(got, want);
}

/// Every filter × every sort × both directions × a first, a middle and a last page: the
/// page and its total are the reference's.
fn all_pages_agree(t: &TempRoster, r: &Roster) -> usize {
    tally_is_sound(t);
    let sorts = [
        RosterSort::Furigana,
        RosterSort::Name,
        RosterSort::Age,
        RosterSort::District,
        RosterSort::Supporters,
        RosterSort::Id,
    ];
    let c = raw(&t.path);
    let mut nonempty = 0;
    for filter in filters(r) {
        for sort in sorts {
            for descending in [false, true] {
                for (offset, limit) in [(0, 7), (5, 11), (0, 1000), (40, 25)] {
                    let query = RosterPageQuery {
                        sort,
                        descending,
                        offset,
                        limit,
                        ..filter.clone()
                    };
                    let got = r.person_page(&query).unwrap();
                    let ids: Vec<i64> = got.persons.iter().map(|p| p.id).collect();
                    let want = reference(&c, &query);
                    assert_eq!((got.total, ids), want, "{query:?}");
                    nonempty += usize::from(want.1.len() > 1);
                }
            }
        }
    }
    nonempty
}

#[test]
fn every_filter_and_sort_agrees_with_the_wide_rows_through_edits() {
    let (t, mut r) = TempRoster::new();
    yorisoi::demo::populate(&mut r, 160, 11).unwrap();
    let all: Vec<i64> = r
        .list_persons(&yorisoi::PersonQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert!(all_pages_agree(&t, &r) > 500);

    // Edits of everything the page filters and sorts on.
    for (i, id) in all.iter().copied().enumerate().step_by(7) {
        let mut p = r.view_person(id).unwrap();
        p.category = [
            Category::ElderlyLivingAlone,
            Category::ElderlyNeedingCare,
            Category::Other,
        ][i % 3];
        p.care_level = [None, Some(CareLevel::Care3), Some(CareLevel::Care1)][i % 3];
        p.date_of_birth = format!("19{:02}-0{}-1{}", 20 + i % 50, 1 + i % 9, i % 10);
        p.hazard_zones.flood = i % 2 == 0;
        p.hazard_zones.landslide = i % 3 == 0;
        p.hazard_zones.tsunami = i % 5 == 0;
        p.plan = if i % 4 == 0 {
            None
        } else {
            Some(serde_json::from_str(r#"{"route":"県道"}"#).unwrap())
        };
        r.update_person(id, p).unwrap();
    }
    // Archive and restore, supporters assigned, unassigned and reordered, a purge.
    for id in all.iter().copied().skip(3).step_by(11) {
        if r.view_person(id).unwrap().archived.is_none() {
            r.archive_person(id, yorisoi::model::ArchiveReason::Moved, None, "")
                .unwrap();
        }
    }
    let archived = all[3];
    r.restore_person(archived).unwrap();
    let s1 = supporter(&mut r, "支援 甲");
    let s2 = supporter(&mut r, "支援 乙");
    for id in all.iter().copied().step_by(5) {
        let assigned: Vec<i64> = r
            .view_person(id)
            .unwrap()
            .supporters
            .iter()
            .map(|s| s.supporter_id)
            .collect();
        if let Some(first) = assigned.first() {
            r.unassign_supporter(id, *first).unwrap();
        } else {
            r.assign_supporter(id, s1, "").unwrap();
            r.assign_supporter(id, s2, "").unwrap();
            r.reorder_supporters(id, &[s2, s1]).unwrap();
        }
    }
    let victim = *all.last().unwrap();
    if r.view_person(victim).unwrap().archived.is_none() {
        r.archive_person(victim, yorisoi::model::ArchiveReason::Moved, None, "")
            .unwrap();
    }
    r.purge_person(victim).unwrap();
    assert!(all_pages_agree(&t, &r) > 500);

    // An import that adds people and one that changes them (the bulk path).
    let mut csv = String::from("氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号\r\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "取込 太郎{i},ﾄﾘｺﾐ ﾀﾛｳ,男,19{:02}-01-{:02},みどり市取込町{i},0990-55-{:04}\r\n",
            30 + i,
            i % 28 + 1,
            1000 + i
        ));
    }
    let options = import_options();
    let report = r.import(csv.as_bytes(), &options).unwrap();
    assert_eq!(report.added, 30, "{report:?}");
    let again = csv.replace("-01-", "-02-");
    r.import(again.as_bytes(), &options).unwrap();
    assert!(all_pages_agree(&t, &r) > 500);

    // A roster from before schema step 15 gets its tally by the migration, and one from
    // before step 13 its copies.
    drop(r);
    raw(&t.path).execute_batch(&undo_step_15()).unwrap();
    let r = t.open();
    assert!(all_pages_agree(&t, &r) > 500);
    drop(r);
    raw(&t.path).execute_batch(&undo_step_13()).unwrap();
    let r = t.open();
    assert!(all_pages_agree(&t, &r) > 500);
}

/// A one-character text is tested on everyone from a copy of the search table in memory:
/// a change made by another program (another connection to the file), and a change of
/// this one, are on the next page; nothing it read stays.
#[test]
fn a_text_page_sees_another_programs_changes() {
    let (t, r, ids) = roster();
    let text = |s: &str| RosterPageQuery {
        text: Some(s.into()),
        ..q()
    };
    assert_eq!(page(&r, text("郎")).0, 3);
    assert_eq!(page(&r, text("五")), (0, vec![]));
    // Another program renames 上田 三郎 and adds a person.
    let mut other = t.open();
    let mut p = other.view_person(ids[2]).unwrap();
    p.name = "上田 五郎".into();
    other.update_person(ids[2], p).unwrap();
    other
        .add_person(person("大野 五月", "おおの さつき", "1945-05-05"))
        .unwrap();
    drop(other);
    assert_eq!(
        page(&r, text("五")),
        (2, vec!["上田 五郎".into(), "大野 五月".into()])
    );
    assert_eq!(page(&r, text("郎")).0, 3);
    // And this one archives him: gone from the page of people on the roster.
    let mut r = r;
    r.archive_person(ids[2], yorisoi::model::ArchiveReason::Moved, None, "")
        .unwrap();
    assert_eq!(page(&r, text("五")), (1, vec!["大野 五月".into()]));
}
