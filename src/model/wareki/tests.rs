use super::eras::ERAS;
use super::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

#[test]
fn formats_wareki() {
    assert_eq!(
        to_wareki(ymd(1940, 3, 2)).as_deref(),
        Some("昭和15年3月2日")
    );
    assert_eq!(
        to_wareki(ymd(2019, 5, 1)).as_deref(),
        Some("令和元年5月1日")
    );
    assert_eq!(
        to_wareki(ymd(2019, 4, 30)).as_deref(),
        Some("平成31年4月30日")
    );
    assert_eq!(
        to_wareki(ymd(1989, 1, 7)).as_deref(),
        Some("昭和64年1月7日")
    );
    assert_eq!(
        to_wareki(ymd(1989, 1, 8)).as_deref(),
        Some("平成元年1月8日")
    );
    assert_eq!(
        to_wareki(ymd(1926, 12, 25)).as_deref(),
        Some("昭和元年12月25日")
    );
    assert_eq!(
        to_wareki(ymd(1868, 1, 25)).as_deref(),
        Some("明治元年1月25日")
    );
    assert_eq!(
        to_wareki(ymd(2024, 12, 31)).as_deref(),
        Some("令和6年12月31日")
    );
    assert_eq!(to_wareki(ymd(1868, 1, 24)), None);
    assert_eq!(to_wareki(ymd(1800, 1, 1)), None);
}

#[test]
fn formats_wareki_short() {
    assert_eq!(to_wareki_short(ymd(1940, 3, 2)).as_deref(), Some("S15.3.2"));
    assert_eq!(to_wareki_short(ymd(2019, 5, 1)).as_deref(), Some("R1.5.1"));
    assert_eq!(
        to_wareki_short(ymd(1912, 7, 29)).as_deref(),
        Some("M45.7.29")
    );
    assert_eq!(
        to_wareki_short(ymd(1912, 7, 30)).as_deref(),
        Some("T1.7.30")
    );
    assert_eq!(to_wareki_short(ymd(1989, 1, 8)).as_deref(), Some("H1.1.8"));
    assert_eq!(
        to_wareki_short(ymd(2000, 12, 31)).as_deref(),
        Some("H12.12.31")
    );
    assert_eq!(to_wareki_short(ymd(1868, 1, 24)), None);
}

#[test]
fn round_trips_at_every_era_boundary() {
    let mut dates = Vec::new();
    for era in &ERAS {
        let start = era.start;
        dates.push(start);
        dates.push(start.succ_opt().expect("day after"));
        if let Some(before) = start.pred_opt() {
            dates.push(before);
        }
        // End of the first (often short) era year and start of the second.
        dates.push(ymd(start.year(), 12, 31));
        dates.push(ymd(start.year() + 1, 1, 1));
    }
    dates.extend([ymd(1940, 3, 2), ymd(2000, 2, 29), ymd(2024, 2, 29)]);

    for date in dates {
        let Some(long) = to_wareki(date) else {
            assert_eq!(
                date,
                ymd(1868, 1, 24),
                "only the day before 明治 has no era"
            );
            continue;
        };
        assert_eq!(parse_date(&long), Ok(date), "long form {long}");
        let short = to_wareki_short(date).expect("short form exists with long form");
        assert_eq!(parse_date(&short), Ok(date), "short form {short}");
        let iso = date.format("%Y-%m-%d").to_string();
        assert_eq!(parse_date(&iso), Ok(date), "iso {iso}");
    }
}

#[test]
fn round_trips_every_day_across_showa_heisei_reiwa() {
    // Cheap exhaustive check over the eras most living people were
    // born in; catches off-by-one errors anywhere in the table.
    let mut date = ymd(1926, 12, 20);
    while date <= ymd(2030, 1, 1) {
        let long = to_wareki(date).expect("in range");
        assert_eq!(parse_date(&long), Ok(date), "{long}");
        let short = to_wareki_short(date).expect("in range");
        assert_eq!(parse_date(&short), Ok(date), "{short}");
        date = date.succ_opt().expect("next day");
    }
}

#[test]
fn age_in_full_years() {
    let dob = ymd(1940, 3, 2);
    assert_eq!(age_on(dob, ymd(1940, 3, 2)), 0);
    assert_eq!(age_on(dob, ymd(1941, 3, 1)), 0);
    assert_eq!(age_on(dob, ymd(1941, 3, 2)), 1);
    assert_eq!(age_on(dob, ymd(2024, 3, 1)), 83);
    assert_eq!(age_on(dob, ymd(2024, 3, 2)), 84);
    assert_eq!(age_on(dob, ymd(2024, 12, 31)), 84);
}

#[test]
fn age_before_birth_is_zero() {
    assert_eq!(age_on(ymd(1940, 3, 2), ymd(1940, 3, 1)), 0);
    assert_eq!(age_on(ymd(1940, 3, 2), ymd(1900, 1, 1)), 0);
}

#[test]
fn age_for_leap_day_birth() {
    let dob = ymd(2000, 2, 29);
    assert_eq!(age_on(dob, ymd(2001, 2, 28)), 0);
    assert_eq!(age_on(dob, ymd(2001, 3, 1)), 1);
    assert_eq!(age_on(dob, ymd(2003, 2, 28)), 2);
    assert_eq!(age_on(dob, ymd(2003, 3, 1)), 3);
    assert_eq!(age_on(dob, ymd(2004, 2, 28)), 3);
    assert_eq!(age_on(dob, ymd(2004, 2, 29)), 4);
    assert_eq!(age_on(dob, ymd(2004, 3, 1)), 4);
}

#[test]
fn age_for_new_years_eve_and_day_births() {
    assert_eq!(age_on(ymd(1950, 12, 31), ymd(1951, 12, 30)), 0);
    assert_eq!(age_on(ymd(1950, 12, 31), ymd(1951, 12, 31)), 1);
    assert_eq!(age_on(ymd(1950, 1, 1), ymd(1950, 12, 31)), 0);
    assert_eq!(age_on(ymd(1950, 1, 1), ymd(1951, 1, 1)), 1);
}
