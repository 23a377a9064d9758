//! `drill`: argument checking and output for safety-check drills. What a result means,
//! who is on a sheet and what the report says are decided in the core.

use chrono::NaiveTime;
use yorisoi::drill::WarnRequest;
use yorisoi::drill::{ArrivalRequest, Arriving, CheckRequest, NewDrill, ShelterArrivals};
use yorisoi::drill::{BoardPage, CheckStatus};
use yorisoi::model::validate::parse_date_field;
use yorisoi::printing::drill::SheetRequest;
use yorisoi::Error;

use crate::args::DrillCommand;
use crate::printing::{invalid, lock_password, print_failure, report, save_new};
use crate::{output, Context, Failure, Outcome};

fn time(field: &str, s: &str) -> Result<NaiveTime, Failure> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| invalid(field, "a time of day as HH:MM (Japan time), e.g. 09:30"))
}

fn targets(s: &str) -> Result<(u32, u32), Failure> {
    let bad = || {
        invalid(
            "--targets",
            "two minute counts, warnings then confirmation, e.g. 20,90",
        )
    };
    let (a, b) = s.split_once(',').ok_or_else(bad)?;
    Ok((
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ))
}

/// How far a district has got: everyone `done` at some minute, or past the target.
fn progress(done: &str, minutes_to_all: Option<i64>, over_target: bool) -> String {
    match minutes_to_all {
        Some(m) => format!("\tall {done} at {m} min"),
        None if over_target => "\tOVER TARGET".to_string(),
        None => String::new(),
    }
}

/// The line after a list the board gave only part of (`None` when it is whole): which
/// of how many are shown, and the option for the next page.
fn partial(what: &str, shown: usize, offset: usize, total: usize) -> Option<String> {
    if offset == 0 && shown == total {
        return None;
    }
    if shown == 0 {
        return Some(format!(
            "  ({what}: {total} in all, none from {})",
            offset + 1
        ));
    }
    let end = offset + shown;
    let next = if end < total {
        format!("; next: --offset {end}")
    } else {
        String::new()
    };
    Some(format!("  ({what}: {}–{end} of {total}{next})", offset + 1))
}

fn status_word(s: Option<CheckStatus>) -> &'static str {
    s.map_or("記録なし", CheckStatus::label)
}

pub fn drill(ctx: &Context, cmd: DrillCommand) -> Outcome {
    match cmd {
        DrillCommand::New {
            name,
            date,
            district,
            targets: t,
            scenario,
            start,
            disaster,
        } => {
            let held_on =
                parse_date_field("--date", &date).map_err(|e| Failure::from(Error::Invalid(e)))?;
            let req = NewDrill {
                name: &name,
                held_on,
                scenario: &scenario,
                start: time("--start", &start)?,
                districts: &district,
                targets: targets(&t)?,
                disaster,
            };
            let d = ctx.open()?.drill_new(&req)?;
            out!(
                "drill {}: {} — {} start {}, districts {}, targets {}/{} min{}",
                d.id,
                d.name,
                d.held_on,
                d.starts_jst,
                d.districts.join(", "),
                d.warn_target_min,
                d.confirm_target_min,
                if d.disaster {
                    ", disaster-mode exercise (sheets only while disaster mode is on)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        DrillCommand::List { json } => {
            let drills = ctx.open()?.drills()?;
            if json {
                return output::json(&drills);
            }
            for d in drills {
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{}\tsheets={}\tchecks={}",
                    d.id,
                    d.held_on,
                    d.starts_jst,
                    d.name,
                    d.districts.join(","),
                    if d.disaster { "disaster" } else { "normal" },
                    d.sheets,
                    d.checks
                );
            }
            Ok(())
        }
        DrillCommand::Sheet {
            drill,
            district,
            association,
            block,
            recipient,
            reprint_reason,
            lock_password_env,
            unlocked_reason,
            out,
        } => {
            if out.exists() {
                return Err(Error::AlreadyExists(out).into());
            }
            let password = lock_password(lock_password_env.as_deref(), unlocked_reason.is_none())?;
            let req = SheetRequest {
                drill_id: drill,
                district: &district,
                association: association.as_deref(),
                block: block.as_deref(),
                recipient_id: recipient,
                reprint_reason: reprint_reason.as_deref(),
                password: password.as_deref().map(String::as_str),
                unlocked_reason: unlocked_reason.as_deref(),
            };
            let printed = ctx
                .open()?
                .print_drill_sheet(&req, &mut save_new(&out))
                .map_err(print_failure)?;
            report(&printed, &out);
            Ok(())
        }
        DrillCommand::Check {
            drill,
            person,
            status,
            at: when,
            by,
            note,
            correct,
        } => {
            let status = CheckStatus::from_token(&status).ok_or_else(|| {
                invalid(
                    "--status",
                    "must be one of: safe, needs-help, not-home, unreached",
                )
            })?;
            let mut roster = ctx.open()?;
            let at = when
                .as_deref()
                .map(|s| roster.drill_paper_time(drill, "--at", s))
                .transpose()?;
            let r = roster.drill_check(&CheckRequest {
                drill_id: drill,
                person_id: person,
                status,
                at,
                by: &by,
                note: &note,
                correct,
            })?;
            out!(
                "ID{person}: {} ({}) — entry {}{}",
                status.label(),
                status.token(),
                r.check_id,
                r.corrects
                    .map(|c| format!(", corrects entry {c}"))
                    .unwrap_or_default()
            );
            for e in &r.history {
                history_line(
                    e.id,
                    &e.checked_at_jst,
                    e.status.label(),
                    &e.checked_by,
                    e.corrected_by,
                );
            }
            out!("now: {}", status_word(r.current));
            Ok(())
        }
        DrillCommand::Warn {
            drill,
            supporter,
            not_reached,
            at: when,
            by,
            note,
            correct,
        } => {
            let mut roster = ctx.open()?;
            let at = when
                .as_deref()
                .map(|s| roster.drill_paper_time(drill, "--at", s))
                .transpose()?;
            let s = roster.drill_warn(&WarnRequest {
                drill_id: drill,
                supporter_id: supporter,
                reached: !not_reached,
                at,
                by: &by,
                note: &note,
                correct,
            })?;
            out!(
                "supporter {supporter} {}: {}",
                s.name,
                match &s.warned_at_jst {
                    Some(at) => format!("warned ({at})"),
                    None => "not warned yet".to_string(),
                }
            );
            for e in &s.history {
                let what = if e.reached {
                    "伝達済み"
                } else {
                    "つながらず"
                };
                history_line(e.id, &e.warned_at_jst, what, &e.warned_by, e.corrected_by);
            }
            Ok(())
        }
        DrillCommand::Supporters { drill, json } => {
            let list = ctx.open()?.drill_supporters(drill)?;
            if json {
                return output::json(&list);
            }
            for s in &list {
                out!(
                    "{}\t{}\t{}\t{}\t{}名\t{}",
                    s.supporter_id,
                    s.name,
                    if s.phone.is_empty() { "-" } else { &s.phone },
                    s.districts.join(","),
                    s.persons,
                    match (&s.warned_at_jst, &s.last) {
                        (Some(at), _) => format!("伝達済み {at}"),
                        (None, Some(last)) => format!("つながらず {}", last.warned_at_jst),
                        (None, None) => "未伝達".to_string(),
                    }
                );
            }
            Ok(())
        }
        DrillCommand::Status {
            drill,
            district,
            limit,
            offset,
            json,
        } => {
            let page = BoardPage {
                district,
                offset,
                limit,
                longer: Vec::new(),
            };
            let b = ctx.open()?.drill_status_page(drill, &page)?;
            if json {
                return output::json(&b);
            }
            out!(
                "drill {} {} — {} ({} min since start {}; targets {}/{} min{})",
                b.drill.id,
                b.drill.name,
                b.at,
                b.minutes_since_start,
                b.drill.starts_jst,
                b.drill.warn_target_min,
                b.drill.confirm_target_min,
                if b.past_confirm_target {
                    ", confirmation target passed"
                } else {
                    ""
                }
            );
            for d in &b.districts {
                let w = &d.warnings;
                out!(
                    "{}\t伝達 {}/{}\t{}%{}",
                    d.district,
                    w.warned,
                    w.supporters,
                    w.warned_pct,
                    progress("warned", d.minutes_to_warn_all, d.warn_over_target)
                );
                for s in &d.not_warned {
                    out!(
                        "  supporter {}\t{}\t{}\t{}名{}",
                        s.supporter_id,
                        s.name,
                        if s.phone.is_empty() { "-" } else { &s.phone },
                        s.persons,
                        s.last_call
                            .as_ref()
                            .map(|at| format!("\tつながらず {at}"))
                            .unwrap_or_default()
                    );
                }
                if let Some(line) = partial(
                    "not yet warned",
                    d.not_warned.len(),
                    d.not_warned_offset,
                    d.not_warned_total,
                ) {
                    out!("{line}");
                }
                let t = &d.tally;
                out!(
                    "{}\tpeople {}\t無事 {}\t要支援 {}\t不在 {}\t未確認 {}\tconfirmed {}%{}",
                    d.district,
                    t.people,
                    t.safe,
                    t.needs_help,
                    t.not_home,
                    t.not_reached,
                    t.confirmed_pct,
                    progress("confirmed", d.minutes_to_all, d.over_target)
                );
                for u in &d.unknown {
                    let sup = u
                        .supporters
                        .iter()
                        .map(|s| format!("{} {}", s.name, s.phone))
                        .collect::<Vec<_>>()
                        .join(" / ");
                    out!(
                        "  ID{}\t{}\t{}\t{}\t{}\tsupporters: {}",
                        u.person_id,
                        status_word(u.status),
                        u.name,
                        if u.address_withheld {
                            "（非開示）"
                        } else {
                            &u.address
                        },
                        u.phone,
                        if sup.is_empty() {
                            "—".to_string()
                        } else {
                            sup
                        }
                    );
                }
                if let Some(line) = partial(
                    "still unknown",
                    d.unknown.len(),
                    d.unknown_offset,
                    d.unknown_total,
                ) {
                    out!("{line}");
                }
            }
            shelter_lines(&b.shelters);
            Ok(())
        }
        DrillCommand::Arrive {
            drill,
            shelter,
            barcode,
            person,
            at: when,
            by,
            json,
        } => {
            let who = match (&barcode, person) {
                (Some(code), _) => Arriving::Barcode(code),
                (None, Some(id)) => Arriving::Person(id),
                (None, None) => return Err(invalid("--barcode", "give --barcode or --person")),
            };
            let mut roster = ctx.open()?;
            let at = when
                .as_deref()
                .map(|s| roster.drill_paper_time(drill, "--at", s))
                .transpose()?;
            let r = roster.drill_arrive(&ArrivalRequest {
                drill_id: drill,
                shelter_id: shelter,
                who,
                at,
                by: &by,
            })?;
            if json {
                return output::json(&r);
            }
            out!(
                "ID{} {}: 到着 (無事) — entry {}{}",
                r.person_id,
                r.name,
                r.check_id,
                if r.planned {
                    String::new()
                } else if r.planned_shelters.is_empty() {
                    "; the plan names no shelter of the registry (to review)".to_string()
                } else {
                    format!(
                        "; the plan names {} (to review)",
                        r.planned_shelters.join(", ")
                    )
                }
            );
            Ok(())
        }
        DrillCommand::Report { drill, out, json } => {
            if let Some(o) = &out {
                if o.exists() {
                    return Err(Error::AlreadyExists(o.clone()).into());
                }
            }
            let mut roster = ctx.open()?;
            if let Some(o) = &out {
                let printed = roster
                    .print_drill_report(drill, &mut save_new(o))
                    .map_err(print_failure)?;
                if !json {
                    report(&printed, o);
                }
            }
            if json {
                return output::json(&roster.drill_report(drill)?);
            }
            Ok(())
        }
        DrillCommand::Lessons { drill, text } => {
            let d = ctx.open()?.drill_lessons(drill, &text)?;
            out!(
                "drill {}: lessons noted ({} characters)",
                d.id,
                d.lessons.chars().count()
            );
            Ok(())
        }
    }
}

/// Per shelter: expected, arrived, capacity, and who went elsewhere than planned.
fn shelter_lines(shelters: &[ShelterArrivals]) {
    for s in shelters {
        out!(
            "避難先 {} {}\t予定 {}\t到着 {}\t定員 {}",
            s.shelter_id,
            s.name,
            s.expected,
            s.arrived,
            s.capacity.map_or("—".to_string(), |c| c.to_string())
        );
        for e in &s.elsewhere {
            out!("  ID{}\t{}\t計画と別の避難先", e.person_id, e.name);
        }
    }
}

/// One entry of a person's or supporter's history in a drill: id, time, what, by whom,
/// and the entry that corrected it.
fn history_line(id: i64, at_jst: &str, what: &str, by: &str, corrected_by: Option<i64>) {
    out!(
        "  {id}\t{at_jst}\t{what}\t{by}{}",
        corrected_by
            .map(|c| format!("\t(corrected by {c})"))
            .unwrap_or_default()
    );
}
