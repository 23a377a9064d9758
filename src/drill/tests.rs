use super::*;

fn entry(id: i64, status: CheckStatus, at: &str, corrected_by: Option<i64>) -> CheckEntry {
    CheckEntry {
        id,
        person_id: 1,
        status,
        checked_at: format!("2026-11-22T{at}:00.000Z"),
        checked_at_jst: String::new(),
        checked_by: String::new(),
        note: String::new(),
        corrects: None,
        corrected_by,
        recorded_at: String::new(),
        recorded_by: "x".into(),
    }
}

#[test]
fn the_latest_counting_entry_is_the_status_and_corrections_drop_out() {
    let a = entry(1, CheckStatus::NotHome, "01:10", None);
    let b = entry(2, CheckStatus::Safe, "01:40", None);
    // Entered later but checked earlier: does not override 無事.
    let c = entry(3, CheckStatus::Unreached, "01:05", None);
    let o = outcome(&[&b, &a, &c]);
    assert_eq!(o.current, Some(CheckStatus::Safe));
    assert_eq!(
        o.confirmed_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-22T01:40:00+00:00")
    );
    let b_corrected = entry(2, CheckStatus::Safe, "01:40", Some(4));
    let o = outcome(&[&a, &b_corrected, &c]);
    assert_eq!(o.current, Some(CheckStatus::NotHome));
    assert_eq!(o.confirmed_at, None);
}

fn call(id: i64, reached: bool, at: &str, corrected_by: Option<i64>) -> WarningEntry {
    WarningEntry {
        id,
        supporter_id: 7,
        reached,
        warned_at: format!("2026-11-22T{at}:00.000Z"),
        warned_at_jst: String::new(),
        warned_by: String::new(),
        note: String::new(),
        corrects: None,
        corrected_by,
        recorded_at: String::new(),
        recorded_by: "x".into(),
    }
}

#[test]
fn a_supporter_is_warned_from_the_first_call_that_got_through_while_the_latest_says_so() {
    let no_answer = call(1, false, "00:05", None);
    let through = call(2, true, "00:12", None);
    let again = call(3, true, "00:30", None);
    let s = standing(&[&again, &no_answer, &through]);
    assert_eq!(
        s.settled_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-22T00:12:00+00:00")
    );
    assert_eq!(s.last.map(|e| e.id), Some(3));
    // The 00:12 call was entered for the wrong supporter: corrected away.
    let wrong = call(2, true, "00:12", Some(4));
    let fixed = call(4, false, "00:12", None);
    let s = standing(&[&no_answer, &wrong, &fixed]);
    assert_eq!(s.settled_at, None);
    assert_eq!(s.last.map(|e| e.id), Some(4));
    let mut t = WarnTally::default();
    for warned in [true, false, true] {
        t.add(warned);
    }
    assert_eq!((t.supporters, t.warned, t.warned_pct), (3, 2, 66.7));
}

#[test]
fn minutes_to_a_share_count_heads_rounding_up() {
    // 3 people: 50 % needs 2, 90 % needs 3.
    assert_eq!(minutes_to(50, &[30, 10], 3), Some(30));
    assert_eq!(minutes_to(90, &[30, 10], 3), None);
    assert_eq!(minutes_to(100, &[30, 10, 95], 3), Some(95));
    assert_eq!(minutes_to(50, &[], 0), None);
    assert_eq!(percent(2, 3), 66.7);
    assert!(same_name("佐藤 一郎", "佐藤　一郎"));
    assert!(!same_name("", " "));
}
