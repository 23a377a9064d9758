//! The drill board a page at a time: at the start of a city-wide drill everyone is still
//! unknown, so the board reads a page of each district's lists (still unknown, supporters
//! not yet warned) with the totals. On a small demo town with some results and warnings
//! entered: every page concatenated is the full board's list, in the same order, the totals
//! are right, the counts do not depend on the page; and the command line's `--limit`,
//! `--offset` and `--district` give the same.

mod common;

use chrono::{NaiveDate, NaiveTime};
use yorisoi::drill::{
    BoardPage, CheckRequest, CheckStatus, DistrictLimits, DrillBoard, NewDrill, WarnRequest,
};
use yorisoi::printing::drill::SheetRequest;
use yorisoi::{Error, Roster};

use common::TempRoster;

const PERSONS: usize = 150;

/// A demo town with a drill over every district, its sheets printed for the town-wide
/// recipient, results entered for some people (confirmed and not) and some supporters
/// warned. The drill's id.
fn drill_town() -> (TempRoster, Roster, i64) {
    let (t, mut r) = TempRoster::new();
    yorisoi::demo::populate(&mut r, PERSONS, 3).unwrap();
    r.set_setting("consent.basis", "ordinance").unwrap();
    let whole = r
        .recipients()
        .unwrap()
        .into_iter()
        .find(|x| x.district.is_none())
        .and_then(|x| x.id)
        .unwrap();
    let drill = r
        .drill_new(&NewDrill {
            name: "全市訓練",
            held_on: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            scenario: "",
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            districts: &[],
            targets: (20, 90),
            disaster: false,
        })
        .unwrap();
    let mut people = Vec::new();
    for district in &drill.districts {
        let printed = r
            .print_drill_sheet(
                &SheetRequest {
                    drill_id: drill.id,
                    district,
                    recipient_id: Some(whole),
                    unlocked_reason: Some("試験"),
                    ..Default::default()
                },
                &mut |_: &[u8]| Ok(()),
            )
            .unwrap();
        let serial = printed.serial.unwrap();
        people.extend(
            r.issuance_detail(&serial)
                .unwrap()
                .persons
                .iter()
                .map(|p| p.person_id),
        );
    }
    // Every third person has a result: safe, not at home, needs help, unreached in turn
    // (not at home and unreached stay on the unknown list, with their last entry).
    let statuses = [
        CheckStatus::Safe,
        CheckStatus::NotHome,
        CheckStatus::NeedsHelp,
        CheckStatus::Unreached,
    ];
    for (i, id) in people.iter().step_by(3).enumerate() {
        r.drill_check(&CheckRequest {
            drill_id: drill.id,
            person_id: *id,
            status: statuses[i % 4],
            at: None,
            by: "班長",
            note: "試験",
            correct: false,
        })
        .unwrap();
    }
    // Every other supporter on the call list warned.
    let supporters = r.drill_supporters(drill.id).unwrap();
    for s in supporters.iter().step_by(2) {
        r.drill_warn(&WarnRequest {
            drill_id: drill.id,
            supporter_id: s.supporter_id,
            reached: true,
            at: None,
            by: "本部",
            note: "",
            correct: false,
        })
        .unwrap();
    }
    (t, r, drill.id)
}

/// The board's numbers without the lists (what must not depend on the page).
fn counts(b: &DrillBoard) -> String {
    let mut s = format!("{:?} {:?}", b.total, b.warned_total);
    for d in &b.districts {
        s += &format!(
            "\n{} {:?} {:?} {:?} {} {:?} {} {} {}",
            d.district,
            d.tally,
            d.warnings,
            d.minutes_to_all,
            d.over_target,
            d.minutes_to_warn_all,
            d.warn_over_target,
            d.unknown_total,
            d.not_warned_total
        );
    }
    s
}

#[test]
fn every_page_together_is_the_whole_board() {
    let (_t, mut r, drill) = drill_town();
    let full = r.drill_status(drill).unwrap();
    assert!(
        full.districts.len() >= 3,
        "the demo town has several districts"
    );
    let mut unknown_seen = 0;
    for d in &full.districts {
        // The whole lists are complete, and their totals say so.
        assert_eq!(d.unknown.len(), d.unknown_total);
        assert_eq!(d.not_warned.len(), d.not_warned_total);
        assert_eq!(d.unknown_total, d.tally.people - d.tally.confirmed);
        assert_eq!(
            d.not_warned_total,
            d.warnings.supporters - d.warnings.warned
        );
        assert_eq!((d.unknown_offset, d.not_warned_offset), (0, 0));
        let ids: Vec<i64> = d.unknown.iter().map(|u| u.person_id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted, "the unknown in person id order");
        unknown_seen += d.unknown_total;
    }
    assert!(unknown_seen > 0 && unknown_seen < full.total.people);
    assert!(
        full.districts
            .iter()
            .flat_map(|d| &d.unknown)
            .any(|u| u.status == Some(CheckStatus::NotHome) && u.note == "試験"),
        "someone not at home is still unknown, with the remark of their last result"
    );

    // Pages of 7, one district at a time, concatenated.
    let limit = 7;
    for d in &full.districts {
        let mut unknown = Vec::new();
        let mut not_warned = Vec::new();
        let mut offset = 0;
        loop {
            let b = r
                .drill_status_page(
                    drill,
                    &BoardPage {
                        district: Some(d.district.clone()),
                        offset,
                        limit: Some(limit),
                        longer: Vec::new(),
                    },
                )
                .unwrap();
            assert_eq!(b.districts.len(), 1, "only the district asked for");
            let p = &b.districts[0];
            assert_eq!(p.district, d.district);
            assert_eq!(
                (p.unknown_total, p.not_warned_total),
                (d.unknown_total, d.not_warned_total)
            );
            assert_eq!((p.unknown_offset, p.not_warned_offset), (offset, offset));
            assert!(p.unknown.len() <= limit && p.not_warned.len() <= limit);
            assert_eq!(p.tally, d.tally);
            assert_eq!((b.total, b.warned_total), (full.total, full.warned_total));
            if p.unknown.is_empty() && p.not_warned.is_empty() {
                assert!(offset >= d.unknown_total && offset >= d.not_warned_total);
                break;
            }
            unknown.extend(p.unknown.iter().cloned());
            not_warned.extend(p.not_warned.iter().cloned());
            offset += limit;
        }
        assert_eq!(unknown, d.unknown, "{}: the unknown pages", d.district);
        assert_eq!(
            not_warned, d.not_warned,
            "{}: the not warned pages",
            d.district
        );
    }

    // Every district's first page: the same numbers as the whole board.
    let first = r.drill_status_page(drill, &BoardPage::first(2)).unwrap();
    assert_eq!(counts(&first), counts(&full));
    for (p, d) in first.districts.iter().zip(&full.districts) {
        assert_eq!(p.unknown[..], d.unknown[..d.unknown_total.min(2)]);
        assert_eq!(p.not_warned[..], d.not_warned[..d.not_warned_total.min(2)]);
    }

    // A longer list for one district (the screen's "more"), the first page for the others.
    let wide = &full.districts[1];
    let b = r
        .drill_status_page(
            drill,
            &BoardPage {
                limit: Some(2),
                longer: vec![DistrictLimits {
                    district: wide.district.clone(),
                    unknown: 5,
                    not_warned: 3,
                }],
                ..BoardPage::default()
            },
        )
        .unwrap();
    assert_eq!(counts(&b), counts(&full));
    for (p, d) in b.districts.iter().zip(&full.districts) {
        let (u, w) = if d.district == wide.district {
            (5, 3)
        } else {
            (2, 2)
        };
        assert_eq!(
            p.unknown[..],
            d.unknown[..d.unknown_total.min(u)],
            "{}",
            d.district
        );
        assert_eq!(p.not_warned[..], d.not_warned[..d.not_warned_total.min(w)]);
    }

    // Past the end: nothing listed, the totals still right.
    let b = r
        .drill_status_page(
            drill,
            &BoardPage {
                offset: 10_000,
                limit: Some(5),
                ..BoardPage::default()
            },
        )
        .unwrap();
    assert!(b
        .districts
        .iter()
        .all(|d| d.unknown.is_empty() && d.not_warned.is_empty()));
    assert_eq!(counts(&b), counts(&full));

    // A district the drill does not have: refused, naming the ones it has.
    match r.drill_status_page(
        drill,
        &BoardPage {
            district: Some("どこか地区".into()),
            ..BoardPage::default()
        },
    ) {
        Err(Error::Invalid(v)) => {
            assert_eq!(v.field, "district");
            assert!(
                v.reason.contains(&full.districts[0].district),
                "{}",
                v.reason
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }

    // Each reading is audited, with how many names it showed.
    let log = r.audit_log(None, Some(3)).unwrap();
    let last = log.iter().find(|e| e.action == "drill.status").unwrap();
    assert!(last.detail.ends_with(",names_shown=0"), "{}", last.detail);
}

#[test]
fn the_command_line_pages_the_board() {
    let (t, r, drill) = drill_town();
    drop(r);
    let run = |args: &[&str]| common::yorisoi(&t.path, Some(common::PASS), args);
    let json = |args: &[&str]| -> serde_json::Value {
        let o = run(args);
        assert!(o.status.success(), "{}", common::stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let id = drill.to_string();
    // By default the complete lists (what scripts read before the options existed).
    let full = json(&["drill", "status", &id, "--json"]);
    let districts = full["districts"].as_array().unwrap();
    let mut everyone = 0;
    for d in districts {
        let total = d["unknown_total"].as_u64().unwrap();
        assert_eq!(d["unknown"].as_array().unwrap().len() as u64, total);
        assert_eq!(
            total,
            d["tally"]["people"].as_u64().unwrap() - d["tally"]["confirmed"].as_u64().unwrap()
        );
        assert_eq!(
            d["not_warned"].as_array().unwrap().len() as u64,
            d["not_warned_total"].as_u64().unwrap()
        );
        everyone += total;
    }
    let text = common::stdout(&run(&["drill", "status", &id]));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("  ID")).count() as u64,
        everyone
    );
    assert!(
        !text.contains("next: --offset"),
        "a whole list has no page line"
    );

    // The second page of five of one district.
    let d = districts
        .iter()
        .find(|d| d["unknown_total"].as_u64().unwrap() > 10)
        .expect("a district with more than ten still unknown");
    let name = d["district"].as_str().unwrap();
    let total = d["unknown_total"].as_u64().unwrap();
    let page = json(&[
        "drill",
        "status",
        &id,
        "--district",
        name,
        "--limit",
        "5",
        "--offset",
        "5",
        "--json",
    ]);
    assert_eq!(page["districts"].as_array().unwrap().len(), 1);
    let p = &page["districts"][0];
    assert_eq!(p["district"], name);
    assert_eq!(p["unknown_total"], total);
    assert_eq!(p["unknown_offset"], 5);
    assert_eq!(p["tally"], d["tally"]);
    assert_eq!(
        p["unknown"].as_array().unwrap()[..],
        d["unknown"].as_array().unwrap()[5..10]
    );
    assert_eq!(page["total"], full["total"]);

    // As text: the five people and a line saying which they are and what comes next.
    let o = run(&[
        "drill",
        "status",
        &id,
        "--district",
        name,
        "--limit",
        "5",
        "--offset",
        "5",
    ]);
    let text = common::stdout(&o);
    let shown: Vec<&str> = text.lines().filter(|l| l.starts_with("  ID")).collect();
    let want: Vec<String> = d["unknown"].as_array().unwrap()[5..10]
        .iter()
        .map(|u| format!("  ID{}\t", u["person_id"]))
        .collect();
    assert_eq!(shown.len(), 5);
    for (line, start) in shown.iter().zip(&want) {
        assert!(line.starts_with(start.as_str()), "{line} / {start}");
    }
    assert!(
        text.contains(&format!(
            "  (still unknown: 6–10 of {total}; next: --offset 10)"
        )),
        "{text}"
    );

    // Bad options: a district the drill does not have, a count that is not one.
    let o = run(&["drill", "status", &id, "--district", "どこか地区"]);
    assert_eq!(o.status.code(), Some(5));
    assert!(common::stderr(&o).contains(name), "{}", common::stderr(&o));
    let o = run(&["drill", "status", &id, "--limit", "-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
}
