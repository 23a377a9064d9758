//! The rules of a commission's steps and fees, pure: what may follow what, on which day,
//! with which reason, and what an approval fixes.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::commission::{
    fiscal_year, CommissionStatus, FeeTable, FixedFee, PlanKind, BASE_FEE_ITEMS,
};

/// Checks a step from `from` (taken on `last_on`) to `to` on `on`, with `reason`, given
/// `today`. The error says what is allowed instead.
pub fn check_step(
    id: i64,
    from: CommissionStatus,
    last_on: NaiveDate,
    to: CommissionStatus,
    on: NaiveDate,
    reason: &str,
    today: NaiveDate,
) -> Result<()> {
    if !from.next().contains(&to) {
        let allowed = if from.next().is_empty() {
            "nothing: it is finished".to_string()
        } else {
            from.next()
                .iter()
                .map(|s| s.token())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(Error::invalid(
            "--to",
            format!(
                "commission {id} is {} ({}): it can go to {allowed} — not {}",
                from.label(),
                from.token(),
                to.token()
            ),
        ));
    }
    if on > today {
        return Err(Error::invalid(
            "--date",
            format!("{on} is in the future; a step is recorded when it has happened"),
        ));
    }
    if on < last_on {
        return Err(Error::invalid(
            "--date",
            format!(
                "{on} is before commission {id}'s last step ({} on {last_on}); give its real date",
                from.label()
            ),
        ));
    }
    if to.needs_reason() && reason.trim().is_empty() {
        return Err(Error::invalid(
            "--reason",
            format!(
                "a commission that is {} ({}) says why: give --reason",
                to.label(),
                to.token()
            ),
        ));
    }
    Ok(())
}

/// Whether an approval of a commission requested on `requested_on` may go ahead, given
/// the day the person's plan was last updated (`None`: no plan). A plan (new or updated)
/// must be on the record, updated on or after the request; a commission that ended in
/// information only (`info-only`) needs none.
pub fn check_plan_on_record(
    id: i64,
    person_id: i64,
    fee_item: &str,
    requested_on: NaiveDate,
    plan_updated_on: Option<NaiveDate>,
) -> Result<()> {
    if fee_item == "info-only" {
        return Ok(());
    }
    match plan_updated_on {
        Some(u) if u >= requested_on => Ok(()),
        Some(u) => Err(Error::invalid(
            "--to",
            format!(
                "person {person_id}'s plan was last updated on {u}, before commission {id} was requested ({requested_on}): enter the plan the office submitted (`yorisoi person edit {person_id}`, or read its form), then approve — or approve with --fee info-only if no plan was made"
            ),
        )),
        None => Err(Error::invalid(
            "--to",
            format!(
                "person {person_id} has no plan on record: enter the plan the office submitted (`yorisoi person edit {person_id}`, or read its form), then approve — or approve with --fee info-only if no plan was made"
            ),
        )),
    }
}

/// The fee item an approval fixes when none is asked for: the commission's own kind.
pub fn default_fee_item(kind: PlanKind) -> &'static str {
    match kind {
        PlanKind::New => "new",
        PlanKind::Update => "update",
    }
}

/// The fees an approval on `on` fixes: the base item `item` and the `extras`, from the table
/// of the approval's 年度. `paid_this_year(item)` says whether the person already had that
/// item paid this 年度 (an item paid once a year is then fixed at 0 yen, with a note).
pub fn fees_for(
    table: Option<&FeeTable>,
    on: NaiveDate,
    item: &str,
    extras: &[String],
    mut paid_this_year: impl FnMut(&str) -> Result<bool>,
) -> Result<Vec<FixedFee>> {
    let year = fiscal_year(on);
    let Some(table) = table else {
        return Err(Error::invalid(
            "--fee",
            format!("there is no fee table for 年度 {year}: set one with `yorisoi fees table set --year {year} --json FILE`, then approve"),
        ));
    };
    if !BASE_FEE_ITEMS.contains(&item) {
        return Err(Error::invalid(
            "--fee",
            format!("must be one of: {}", BASE_FEE_ITEMS.join(", ")),
        ));
    }
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (name, want_extra) in
        std::iter::once((item, false)).chain(extras.iter().map(|e| (e.as_str(), true)))
    {
        if seen.contains(&name) {
            return Err(Error::invalid("--extra", format!("{name} is given twice")));
        }
        seen.push(name);
        let Some(fee) = table.items.iter().find(|i| i.item == name) else {
            let known: Vec<&str> = table
                .items
                .iter()
                .filter(|i| i.extra == want_extra)
                .map(|i| i.item.as_str())
                .collect();
            return Err(Error::invalid(
                if want_extra { "--extra" } else { "--fee" },
                format!(
                    "{name} is not in the fee table of 年度 {year} (it has: {})",
                    known.join(", ")
                ),
            ));
        };
        if fee.extra != want_extra {
            return Err(Error::invalid(
                if want_extra { "--extra" } else { "--fee" },
                if want_extra {
                    format!("{name} is the plan's own fee, not an extra: give it with --fee")
                } else {
                    format!("{name} is an extra: give it with --extra")
                },
            ));
        }
        let (yen, note) = if fee.once_per_year && fee.yen > 0 && paid_this_year(name)? {
            (0, format!("{}は年度内に支払済み（年1回まで）", fee.label))
        } else {
            (fee.yen, String::new())
        };
        out.push(FixedFee {
            item: fee.item.clone(),
            label: fee.label.clone(),
            yen,
            year,
            note,
        });
    }
    Ok(out)
}

/// Checks a fee table: the three base items, each once, with labels, amounts in range and
/// extras flagged as such.
pub fn check_table(t: &FeeTable) -> Result<()> {
    if !(2000..=2200).contains(&t.year) {
        return Err(Error::invalid("--year", "must be a 年度 such as 2026"));
    }
    for (k, i) in t.items.iter().enumerate() {
        let at = format!("items[{k}]");
        if i.item.trim().is_empty()
            || !i
                .item
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(Error::invalid(
                format!("{at}.item"),
                "must be a token of lower-case letters, digits and hyphens (e.g. case-meeting)",
            ));
        }
        if i.label.trim().is_empty() {
            return Err(Error::invalid(
                format!("{at}.label"),
                "is empty: give the word printed on claims (新規, 更新 …)",
            ));
        }
        if !(0..=10_000_000).contains(&i.yen) {
            return Err(Error::invalid(
                format!("{at}.yen"),
                "must be a whole number of yen from 0 to 10,000,000",
            ));
        }
        if BASE_FEE_ITEMS.contains(&i.item.as_str()) == i.extra {
            return Err(Error::invalid(
                format!("{at}.extra"),
                format!(
                    "{} must have extra {}: new, update and info-only are the plan's own fee, anything else is an extra",
                    i.item,
                    !i.extra
                ),
            ));
        }
        if t.items[..k].iter().any(|o| o.item == i.item) {
            return Err(Error::invalid(
                format!("{at}.item"),
                format!("{} is given twice", i.item),
            ));
        }
    }
    for base in BASE_FEE_ITEMS {
        if !t.items.iter().any(|i| i.item == *base) {
            return Err(Error::invalid(
                "items",
                format!("has no {base} item: a table prices new, update and info-only (0 yen where nothing is paid)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::commission::FeeItem;
    use CommissionStatus::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn every_step_is_legal_exactly_when_the_machine_says() {
        let (last, on, today) = (d("2026-05-01"), d("2026-05-02"), d("2026-06-01"));
        let mut legal = 0;
        for from in CommissionStatus::ALL {
            for to in CommissionStatus::ALL {
                let r = check_step(1, *from, last, *to, on, "理由", today);
                assert_eq!(r.is_ok(), from.next().contains(to), "{from} → {to}");
                legal += usize::from(r.is_ok());
            }
        }
        // requested 3, accepted 3, visited 2, submitted 3, returned 2, approved 1, claimed 1
        assert_eq!(legal, 15);
        let err = check_step(7, Requested, last, Submitted, on, "", today).unwrap_err();
        assert!(
            err.to_string()
                .contains("it can go to accepted, declined, cancelled — not submitted"),
            "{err}"
        );
        assert!(check_step(7, Paid, last, Claimed, on, "", today)
            .unwrap_err()
            .to_string()
            .contains("finished"));
    }

    #[test]
    fn dates_and_reasons_are_checked() {
        let last = d("2026-05-10");
        let today = d("2026-06-01");
        let future = check_step(1, Requested, last, Accepted, d("2026-06-02"), "", today);
        assert!(future.unwrap_err().to_string().contains("future"));
        let early = check_step(1, Requested, last, Accepted, d("2026-05-09"), "", today);
        assert!(early.unwrap_err().to_string().contains("before"));
        assert!(check_step(1, Requested, last, Accepted, last, "", today).is_ok());
        for to in [Declined, Cancelled] {
            assert!(check_step(1, Requested, last, to, last, "  ", today).is_err());
            assert!(check_step(1, Requested, last, to, last, "体調不良", today).is_ok());
        }
        assert!(check_step(1, Submitted, last, Returned, last, "", today).is_err());
    }

    fn table() -> FeeTable {
        let item = |item: &str, label: &str, yen, extra, once| FeeItem {
            item: item.into(),
            label: label.into(),
            yen,
            extra,
            once_per_year: once,
        };
        FeeTable {
            year: 2026,
            items: vec![
                item("new", "新規", 3000, false, false),
                item("update", "更新", 1000, false, true),
                item("info-only", "情報のみ", 500, false, false),
                item("case-meeting", "個別ケース会議", 3500, true, false),
            ],
        }
    }

    #[test]
    fn an_approval_fixes_the_table_items_of_its_year() {
        let t = table();
        check_table(&t).unwrap();
        let on = d("2027-03-31"); // 年度 2026
        let fees = fees_for(Some(&t), on, "new", &["case-meeting".into()], |_| Ok(false)).unwrap();
        let yen: Vec<i64> = fees.iter().map(|f| f.yen).collect();
        assert_eq!(yen, vec![3000, 3500]);
        assert!(fees.iter().all(|f| f.year == 2026));
        // An update already paid this 年度 is fixed at 0 yen, with the reason.
        let again = fees_for(Some(&t), on, "update", &[], |i| Ok(i == "update")).unwrap();
        assert_eq!(again[0].yen, 0);
        assert!(again[0].note.contains("年1回"));
        // No table for 年度 2027.
        let err = fees_for(None, d("2027-04-01"), "new", &[], |_| Ok(false)).unwrap_err();
        assert!(err.to_string().contains("年度 2027"), "{err}");
        assert!(fees_for(Some(&t), on, "case-meeting", &[], |_| Ok(false)).is_err());
        assert!(fees_for(Some(&t), on, "new", &["update".into()], |_| Ok(false)).is_err());
        assert!(fees_for(Some(&t), on, "new", &["lunch".into()], |_| Ok(false)).is_err());
    }

    #[test]
    fn a_table_prices_the_three_base_items() {
        let mut t = table();
        t.items.retain(|i| i.item != "info-only");
        assert!(check_table(&t)
            .unwrap_err()
            .to_string()
            .contains("info-only"));
        let mut t = table();
        t.items[3].extra = false;
        assert!(check_table(&t).is_err());
        let mut t = table();
        t.items[0].yen = -1;
        assert!(check_table(&t).is_err());
        let mut t = table();
        t.items.push(t.items[0].clone());
        assert!(check_table(&t).unwrap_err().to_string().contains("twice"));
    }

    #[test]
    fn plans_must_be_on_record_for_a_plan_fee() {
        let req = d("2026-05-01");
        assert!(check_plan_on_record(1, 2, "new", req, None).is_err());
        assert!(check_plan_on_record(1, 2, "update", req, Some(d("2026-04-30"))).is_err());
        assert!(check_plan_on_record(1, 2, "update", req, Some(req)).is_ok());
        assert!(check_plan_on_record(1, 2, "info-only", req, None).is_ok());
    }
}
