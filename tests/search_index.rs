//! Search at city scale (schema v12): whether a query goes through the trigram index, walks
//! the search table in 50音 order, or is a fragment of one or two characters, it finds
//! exactly the people the plain scan of every row finds (the search until v12), in the
//! same order — on a generated roster, after edits, archiving and a purge, and on a roster
//! whose index was filled by the migration.

mod common;

use common::*;
use rusqlite::Connection;
use yorisoi::store::roster_page::{ArchivedFilter, RosterPageQuery, RosterSort};
use yorisoi::store::search_key::{looks_like_phone, phone_key, text_key};
use yorisoi::{PersonQuery, Roster};

/// The search until v12: the `instr` test on every row, in 50音 order.
fn scan(
    c: &Connection,
    text: &str,
    district: Option<i64>,
    archived: bool,
    limit: Option<usize>,
) -> Vec<i64> {
    let key = Some(text_key(text)).filter(|t| !t.is_empty());
    let phone = looks_like_phone(text).then(|| phone_key(text));
    let mut st = c
        .prepare(
            "SELECT person_id FROM person_search NOT INDEXED
             WHERE (?1 IS NULL OR instr(name_key, ?1) > 0 OR instr(furigana_key, ?1) > 0
                    OR instr(address_key, ?1) > 0 OR (?2 IS NOT NULL AND instr(phone_key, ?2) > 0))
               AND (?3 IS NULL OR district_id = ?3) AND (?4 OR archived = 0)
             ORDER BY furigana_key, person_id LIMIT ?5",
        )
        .unwrap();
    let limit = limit.map_or(-1, |l| l as i64);
    let ids = st
        .query_map(
            rusqlite::params![key, phone, district, archived, limit],
            |r| r.get(0),
        )
        .unwrap()
        .collect::<rusqlite::Result<Vec<i64>>>()
        .unwrap();
    ids
}

fn katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap(),
            _ => c,
        })
        .collect()
}

/// What an officer types: fixed queries in every script and width, and pieces of the
/// roster's own names, readings, addresses and phone numbers of one to four characters.
fn queries(r: &Roster) -> Vec<String> {
    let mut out: Vec<String> = [
        "さとう",
        "タナカ",
        "ﾔﾏﾓﾄ",
        "ｻﾄｳ",
        "鈴木",
        "高橋 ",
        "中央町",
        "二丁目",
        "東町3",
        "はなこ",
        "まつ",
        "キヨ",
        "ｷﾖ",
        "ﾏﾂ",
        "あ",
        "ア",
        "ｱ",
        "ー",
        "佐",
        "町",
        "1",
        "3-",
        "0990-",
        "０９０",
        "(0990)",
        "090 12",
        "5678",
        "１２３",
        "ゃ",
        "だい",
        "じろう",
        "ジロウ",
        "ﾀﾛｳ",
        "山 田",
        "丁目1",
        "ぎょう",
        "zzz",
        "存在しない名前",
        "\"",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let all = r
        .list_persons(&PersonQuery {
            include_archived: true,
            ..Default::default()
        })
        .unwrap();
    for p in all.iter().step_by(29) {
        let name: Vec<char> = p.name.chars().collect();
        let reading: Vec<char> = p.furigana.chars().collect();
        let address: Vec<char> = p.address.chars().collect();
        let piece =
            |v: &[char], from: usize, n: usize| -> String { v.iter().skip(from).take(n).collect() };
        out.push(piece(&name, 0, 1));
        out.push(piece(&name, 0, 2));
        out.push(piece(&name, 1, 3));
        out.push(piece(&reading, 0, 2));
        out.push(piece(&reading, 1, 3));
        out.push(katakana(&piece(&reading, 0, 4)));
        out.push(piece(&address, address.len().saturating_sub(4), 4));
        out.push(piece(&address, 2, 3));
        // Two characters: the lookup by trigram terms and key ends (schema v13).
        out.push(piece(&name, 1, 2));
        out.push(piece(&name, name.len().saturating_sub(2), 2));
        out.push(piece(&reading, reading.len().saturating_sub(2), 2));
        out.push(katakana(&piece(&reading, 2, 2)));
        out.push(piece(&address, address.len().saturating_sub(2), 2));
        out.push(piece(&address, 3, 2));
        let digits: String = p.phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 4 {
            out.push(digits[digits.len() - 4..].to_string());
            out.push(format!("-{}", &digits[1..4]));
        }
    }
    out.retain(|q| !q.trim().is_empty());
    out
}

/// Every query, with and without limits, archived people and a district filter, through
/// the list and the roster page, against the scan.
fn check_all(t: &TempRoster, r: &Roster) -> usize {
    let c = raw(&t.path);
    let district: Option<(String, i64)> = c
        .query_row(
            "SELECT d.name, d.id FROM districts d JOIN person_search s ON s.district_id = d.id
             GROUP BY d.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .ok();
    let mut compared = 0;
    for q in queries(r) {
        for limit in [Some(1), Some(3), Some(50), None] {
            for archived in [false, true] {
                for d in [None, district.as_ref()] {
                    let found: Vec<i64> = r
                        .list_persons(&PersonQuery {
                            text: Some(q.clone()),
                            district: d.map(|d| d.0.clone()),
                            include_archived: archived,
                            limit,
                        })
                        .unwrap()
                        .into_iter()
                        .map(|p| p.id)
                        .collect();
                    let expected = scan(&c, &q, d.map(|d| d.1), archived, limit);
                    assert_eq!(
                        found, expected,
                        "{q:?} limit {limit:?} archived {archived} district {d:?}"
                    );
                    compared += 1;
                }
            }
        }
        for offset in [0, 7] {
            let page = r
                .person_page(&RosterPageQuery {
                    text: Some(q.clone()),
                    archived: ArchivedFilter::Include,
                    sort: RosterSort::Furigana,
                    offset,
                    limit: 20,
                    ..Default::default()
                })
                .unwrap();
            let all = scan(&c, &q, None, true, None);
            assert_eq!(page.total, all.len() as u64, "{q:?}: page total");
            let ids: Vec<i64> = page.persons.iter().map(|p| p.id).collect();
            let expected: Vec<i64> = all.into_iter().skip(offset).take(20).collect();
            assert_eq!(ids, expected, "{q:?}: page at {offset}");
        }
    }
    compared
}

/// A fragment of two characters is found wherever it stands in a key: followed by another
/// character (a trigram starts with it), at the end, or as the whole key.
#[test]
fn two_characters_are_found_at_the_end_and_as_a_whole_key() {
    let (t, mut r) = TempRoster::new();
    yorisoi::demo::populate(&mut r, 200, 3).unwrap();
    let mut whole = person("鈴木", "すず", "1950-01-01");
    whole.address = "みどり市ゆず".into();
    let whole = r.add_person(whole).unwrap();
    let mut end = person("佐々木 鈴木", "ささき すずき", "1951-01-01");
    end.address = "みどり市中央町二丁目東区".into();
    let end = r.add_person(end).unwrap();
    let found = |q: &str| -> Vec<i64> {
        r.list_persons(&PersonQuery {
            text: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect()
    };
    assert!(found("鈴木").contains(&whole), "the whole name");
    assert!(found("鈴木").contains(&end), "the end of the name");
    assert!(found("すず").contains(&whole), "the whole reading");
    assert_eq!(found("ゆず"), vec![whole], "the end of the address");
    assert_eq!(found("東区"), vec![end], "the end of the address");
    let c = raw(&t.path);
    for q in ["鈴木", "すず", "ゆず", "東区", "木 ", "き"] {
        assert_eq!(found(q), scan(&c, q, None, false, None), "{q}");
    }
    check_all(&t, &r);
}

/// The trigram index agrees with the search table it is built from.
fn index_is_sound(t: &TempRoster) {
    raw(&t.path)
        .execute(
            "INSERT INTO person_search_trigram (person_search_trigram, rank) VALUES ('integrity-check', 1)",
            [],
        )
        .expect("the trigram index matches person_search");
}

#[test]
fn index_and_walk_find_what_the_scan_finds() {
    let (t, mut r) = TempRoster::new();
    yorisoi::demo::populate(&mut r, 300, 5).unwrap();
    assert!(check_all(&t, &r) > 1000);
    index_is_sound(&t);

    // Edits keep the index in step: new names, readings, addresses and phones are found,
    // the old ones no longer; archiving, restoring and purging too.
    let ids: Vec<i64> = r
        .list_persons(&PersonQuery::default())
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    for (i, id) in ids.iter().take(12).enumerate() {
        let mut p = r.view_person(*id).unwrap();
        p.name = format!("改名 {}号", ["一", "二", "三"][i % 3]);
        p.furigana = format!("ｶｲﾒｲ {}", ["ｲﾁ", "ﾆ", "ｻﾝ", "ﾖﾝ"][i % 4]);
        p.address = format!("新住所町{i}丁目");
        p.phone = format!("0120-55-{:04}", i);
        r.update_person(*id, p).unwrap();
    }
    r.archive_person(ids[20], yorisoi::model::ArchiveReason::Moved, None, "")
        .unwrap();
    r.archive_person(ids[21], yorisoi::model::ArchiveReason::Died, None, "")
        .unwrap();
    r.restore_person(ids[21]).unwrap();
    let (last, archived): (i64, bool) = raw(&t.path)
        .query_row(
            "SELECT id, archived_on IS NOT NULL FROM persons ORDER BY id DESC LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    if !archived {
        r.archive_person(last, yorisoi::model::ArchiveReason::Moved, None, "")
            .unwrap();
    }
    r.purge_person(last).unwrap();
    // The purged person's id is given again: the index must not remember the old one.
    let new = r
        .add_person(person("再登録 花子", "さいとうろく はなこ", "1941-02-03"))
        .unwrap();
    assert_eq!(new, last);
    let found = |r: &Roster, q: &str| -> Vec<i64> {
        r.list_persons(&PersonQuery {
            text: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect()
    };
    assert_eq!(found(&r, "ｶｲﾒｲ").len(), 12);
    assert_eq!(found(&r, "新住所町1").len(), 3, "新住所町1, 10, 11");
    assert_eq!(found(&r, "0120-55-0007"), vec![ids[7]]);
    assert_eq!(found(&r, "さいとうろく"), vec![new]);
    index_is_sound(&t);
    check_all(&t, &r);
}

#[test]
fn the_migration_fills_the_index_of_an_existing_roster() {
    let (t, mut r) = TempRoster::new();
    yorisoi::demo::populate(&mut r, 120, 9).unwrap();
    drop(r);
    // Back to the schema before: no index, as a roster made before this version.
    raw(&t.path).execute_batch(&undo_step_13()).unwrap();
    raw(&t.path)
        .execute_batch(
            "DROP TRIGGER person_search_trigram_insert;
             DROP TRIGGER person_search_trigram_delete;
             DROP TRIGGER person_search_trigram_update;
             DROP TABLE person_search_trigram;
             DROP INDEX person_search_furigana;
             DROP INDEX person_search_archived;
             PRAGMA user_version = 11;",
        )
        .unwrap();
    let r = t.open();
    let version: i64 = raw(&t.path)
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, yorisoi::store::LATEST_VERSION);
    index_is_sound(&t);
    let c = raw(&t.path);
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |row| row.get(0)).unwrap() };
    let indexed = count("SELECT count(*) FROM person_search_trigram_docsize");
    assert!(indexed > 100, "the index was filled: {indexed}");
    assert_eq!(indexed, count("SELECT count(*) FROM person_search"));
    check_all(&t, &r);
}

/// An import adds its people with the index's triggers set aside and indexes them in one
/// statement at the end: the index must come out the same as if each had been indexed as
/// it was written, for a roster that already had people and for the triggers after it.
#[test]
fn people_added_in_bulk_are_indexed_and_the_triggers_come_back() {
    let (t, mut r) = TempRoster::new();
    // Every index and trigger set aside for the time of a bulk addition is back after it,
    // exactly as it was (the demo and an import each set aside and put back).
    let schema = |t: &TempRoster| schema_of(&raw(&t.path));
    let new_roster = schema(&t);
    assert!(
        new_roster
            .iter()
            .filter(|(_, sql)| sql.contains(" INDEX ") || sql.starts_with("CREATE TRIGGER"))
            .count()
            > 30
    );
    yorisoi::demo::populate(&mut r, 120, 9).unwrap();
    assert_eq!(
        schema(&t),
        new_roster,
        "the demo put back what it set aside"
    );
    let mut csv = String::from("氏名,ﾌﾘｶﾞﾅ,性別,生年月日,住所,電話番号\r\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "取込 太郎{i},ﾄﾘｺﾐ ﾀﾛｳ,男,1940-01-{:02},みどり市取込町{i},0990-55-{:04}\r\n",
            i % 28 + 1,
            1000 + i
        ));
    }
    let options = import_options();
    let report = r.import(csv.as_bytes(), &options).unwrap();
    assert_eq!(report.added, 40, "{report:?}");
    assert_eq!(
        schema(&t),
        new_roster,
        "the import put back what it set aside"
    );
    index_is_sound(&t);
    let found = |r: &Roster, q: &str| {
        r.list_persons(&PersonQuery {
            text: Some(q.into()),
            ..PersonQuery::default()
        })
        .unwrap()
        .len()
    };
    assert_eq!(
        found(&r, "取込町"),
        40,
        "the imported addresses are in the index"
    );
    assert_eq!(found(&r, "とりこみ"), 40, "and their readings");
    assert!(check_all(&t, &r) > 100);
    // The triggers are back: an edit after the import is followed by the index.
    let id = r
        .list_persons(&PersonQuery {
            text: Some("取込 太郎7".into()),
            ..PersonQuery::default()
        })
        .unwrap()[0]
        .id;
    let mut p = r.view_person(id).unwrap();
    p.address = "みどり市改名町1".into();
    r.update_person(id, p).unwrap();
    index_is_sound(&t);
    assert_eq!(found(&r, "改名町"), 1);
    assert_eq!(found(&r, "取込町"), 39);
}
