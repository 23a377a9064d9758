//! `office`, `commission` and `fees`.

use std::path::Path;

use yorisoi::commissions::CommissionFilter;
use yorisoi::model::commission::{
    Commission, CommissionStatus, CommissionStep, FeeTable, NewCommission, Office,
};
use yorisoi::printing::{ClaimsFormat, CommissionPrint};
use yorisoi::{Error, ValidationError};

use crate::args::*;
use crate::person::read_document;
use crate::printing::{lock_password, print_failure, save_new};
use crate::{fail, output, Context, Failure, Outcome};

fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

fn status(s: &str) -> Result<CommissionStatus, Failure> {
    CommissionStatus::from_token(s.trim()).ok_or_else(|| {
        invalid(
            "--to",
            format!("must be one of: {}", CommissionStatus::tokens_list()),
        )
    })
}

fn document<T: serde::de::DeserializeOwned>(path: &Path, what: &str) -> Result<T, Failure> {
    let text = read_document(path)?;
    serde_json::from_str(&text).map_err(|e| {
        invalid(
            what,
            format!("{e} (at line {}, column {})", e.line(), e.column()),
        )
    })
}

pub fn office(ctx: &Context, cmd: OfficeCommand) -> Outcome {
    match cmd {
        OfficeCommand::Add { json } => {
            let o: Office = document(&json, "office")?;
            let id = ctx.open()?.add_office(&o)?;
            out!("{id}");
            Ok(())
        }
        OfficeCommand::List { json } => {
            let list = ctx.open()?.offices()?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                out!("no office yet: add one with `yorisoi office add --json FILE`");
            }
            for o in &list {
                out!(
                    "{:>5}  {}（{}）  委託中 {}件  {}",
                    o.id.unwrap_or_default(),
                    o.name,
                    o.kind.label(),
                    o.under_way,
                    o.phone
                );
                for s in &o.specialists {
                    out!(
                        "         専門職 {:>4}  {}（{}）",
                        s.id.unwrap_or_default(),
                        s.name,
                        s.qualification.label()
                    );
                }
            }
            Ok(())
        }
    }
}

fn line(c: &Commission) {
    let overdue = c
        .overdue
        .as_deref()
        .map(|o| format!("  ※{o}"))
        .unwrap_or_default();
    out!(
        "{:>5}  {}  {}（ID {}）  {}  {} {}  {}{overdue}",
        c.id,
        c.plan_kind.label(),
        c.person_name,
        c.person_id,
        c.office_name,
        c.status.label(),
        c.status_on,
        if c.total_yen > 0 {
            format!("{}円", c.total_yen)
        } else {
            String::new()
        }
    );
}

fn detail(c: &Commission) {
    line(c);
    for s in &c.steps {
        let reason = if s.reason.is_empty() {
            String::new()
        } else {
            format!("（{}）", s.reason)
        };
        out!(
            "         {} {}{reason}  記録 {}",
            s.on,
            s.status.label(),
            s.recorded_by
        );
    }
    for f in &c.fees {
        let note = if f.note.is_empty() {
            String::new()
        } else {
            format!("（{}）", f.note)
        };
        out!("         報酬 {} {}円 年度{}{note}", f.label, f.yen, f.year);
    }
    if !c.next.is_empty() {
        let next: Vec<&str> = c.next.iter().map(|s| s.token()).collect();
        out!("         next: {}", next.join(", "));
    }
}

pub fn commission(ctx: &Context, cmd: CommissionCommand) -> Outcome {
    match cmd {
        CommissionCommand::New {
            person,
            office,
            specialist,
            date,
            note,
            json,
        } => {
            let c = ctx.open()?.new_commission(&NewCommission {
                person_id: person,
                office_id: office,
                specialist_id: specialist,
                on: date.as_deref(),
                note: &note,
            })?;
            if json {
                return output::json(&c);
            }
            out!("{}", c.id);
            Ok(())
        }
        CommissionCommand::Form(a) => form(ctx, a),
        CommissionCommand::Step {
            id,
            to,
            date,
            reason,
            fee,
            extras,
            json,
        } => {
            let c = ctx.open()?.step_commission(
                id,
                &CommissionStep {
                    to: status(&to)?,
                    on: date.as_deref(),
                    reason: &reason,
                    fee: fee.as_deref(),
                    extras: &extras,
                },
            )?;
            if json {
                return output::json(&c);
            }
            detail(&c);
            Ok(())
        }
        CommissionCommand::List {
            statuses,
            office,
            person,
            overdue,
            json,
        } => {
            let statuses = statuses
                .iter()
                .map(|s| {
                    CommissionStatus::from_token(s.trim()).ok_or_else(|| {
                        invalid(
                            "--status",
                            format!("must be one of: {}", CommissionStatus::tokens_list()),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let list = ctx.open()?.commissions(&CommissionFilter {
                statuses,
                office,
                person,
                overdue_only: overdue,
                ..CommissionFilter::default()
            })?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                out!("no commission matches");
            }
            for c in &list {
                line(c);
            }
            Ok(())
        }
        CommissionCommand::Print { id, out, issue } => {
            if out.exists() {
                return Err(Error::AlreadyExists(out).into());
            }
            let due = issue
                .due_back
                .as_deref()
                .map(|d| yorisoi::model::validate::parse_date_field("--due-back", d))
                .transpose()
                .map_err(|e| Failure::from(Error::Invalid(e)))?;
            let password = lock_password(
                issue.lock_password_env.as_deref(),
                issue.unlocked_reason.is_none(),
            )?;
            let printed = ctx
                .open()?
                .print_commission(
                    &CommissionPrint {
                        commission_id: id,
                        password: password.as_deref().map(String::as_str),
                        unlocked_reason: issue.unlocked_reason.as_deref(),
                        reprint_reason: issue.reprint_reason.as_deref(),
                        due_back: due,
                    },
                    &mut save_new(&out),
                )
                .map_err(print_failure)?;
            crate::printing::report(&printed, &out);
            Ok(())
        }
        CommissionCommand::Show { id, json } => {
            let c = ctx.open()?.commission(id)?;
            if json {
                return output::json(&c);
            }
            detail(&c);
            Ok(())
        }
    }
}

pub fn fees(ctx: &Context, cmd: FeesCommand) -> Outcome {
    match cmd {
        FeesCommand::Table(FeeTableCommand::Set { year, json }) => {
            let mut t: FeeTable = document(&json, "fee table")?;
            t.year = year;
            ctx.open()?.set_fee_table(&t)?;
            out!("年度 {year}: {} items set", t.items.len());
            Ok(())
        }
        FeesCommand::Table(FeeTableCommand::Show { year, json }) => {
            let roster = ctx.open()?;
            let years = match year {
                Some(y) => vec![y],
                None => roster.fee_table_years()?,
            };
            let mut tables = Vec::new();
            for y in years {
                match roster.fee_table(y)? {
                    Some(t) => tables.push(t),
                    None => {
                        return Err(fail(
                            4,
                            format!("there is no fee table for 年度 {y}: set one with `yorisoi fees table set --year {y} --json FILE`"),
                        ))
                    }
                }
            }
            if json {
                return output::json(&tables);
            }
            if tables.is_empty() {
                out!("no fee table yet: set one with `yorisoi fees table set --year YYYY --json FILE`");
            }
            for t in &tables {
                out!("年度 {}", t.year);
                for i in &t.items {
                    let mut marks = Vec::new();
                    if i.extra {
                        marks.push("加算");
                    }
                    if i.once_per_year {
                        marks.push("年1回まで");
                    }
                    out!(
                        "  {:<14} {:<12} {:>9}円  {}",
                        i.item,
                        i.label,
                        i.yen,
                        marks.join("・")
                    );
                }
            }
            Ok(())
        }
        FeesCommand::Claims {
            month,
            office,
            out,
            json,
        } => {
            let mut roster = ctx.open()?;
            if let Some(path) = &out {
                let ext = path
                    .extension()
                    .map(|e| e.to_string_lossy().to_ascii_lowercase());
                let format =
                    match ext.as_deref() {
                        Some("pdf") => ClaimsFormat::Pdf,
                        Some("csv") => ClaimsFormat::Csv,
                        _ => return Err(invalid(
                            "--out",
                            "must end in .pdf (the printed list) or .csv (for the finance system)",
                        )),
                    };
                let printed = roster
                    .print_claims(&month, office, format, &mut save_new(path))
                    .map_err(print_failure)?;
                if !json {
                    out!(
                        "wrote {} ({} commissions{})",
                        path.display(),
                        printed.persons,
                        if printed.pages > 0 {
                            format!(", {} pages", printed.pages)
                        } else {
                            String::new()
                        }
                    );
                }
            }
            let claims = roster.claims(&month, office)?;
            if json {
                return output::json(&claims);
            }
            if out.is_none() {
                for o in &claims.offices {
                    out!(
                        "{}（ID {}）  {}件  {}円",
                        o.office_name,
                        o.office_id,
                        o.lines.len(),
                        o.total_yen
                    );
                }
            }
            out!(
                "{}: {} commissions, {}円",
                claims.month,
                claims.count,
                claims.total_yen
            );
            Ok(())
        }
        FeesCommand::Summary { year, json } => {
            let s = ctx.open()?.fee_summary(year)?;
            if json {
                return output::json(&s);
            }
            for l in &s.lines {
                out!(
                    "{}（ID {}）  {}  {}件  {}円",
                    l.office_name,
                    l.office_id,
                    l.label,
                    l.count,
                    l.total_yen
                );
            }
            out!(
                "年度 {}: {} commissions approved, {}円",
                s.year,
                s.commissions,
                s.total_yen
            );
            Ok(())
        }
    }
}

pub fn plan(ctx: &Context, cmd: PlanCommand) -> Outcome {
    match cmd {
        PlanCommand::Due { json } => {
            let due = ctx.open()?.plans_due()?;
            if json {
                return output::json(&due);
            }
            if due.is_empty() {
                out!("no plan is due for review");
            }
            for d in &due {
                out!(
                    "{:>6}  {}  {}  最終見直し {}  見直し期限 {}",
                    d.person_id,
                    d.name,
                    d.district.as_deref().unwrap_or("—"),
                    d.last_reviewed,
                    d.review_on
                );
                for r in &d.reasons {
                    out!("          {} {}", r.since, r.label);
                }
                match (d.commission_under_way, d.last_office_id) {
                    (Some(c), _) => out!("          委託中: commission {c}"),
                    (None, Some(o)) => out!(
                        "          再委託: yorisoi commission new --person {}  ({} {o})",
                        d.person_id,
                        d.last_office_name.as_deref().unwrap_or("")
                    ),
                    (None, None) => {}
                }
            }
            out!("{} plans due for review", due.len());
            Ok(())
        }
        PlanCommand::Destination(cmd) => crate::shelter::destination(ctx, cmd),
    }
}

pub fn report(ctx: &Context, cmd: ReportCommand) -> Outcome {
    match cmd {
        ReportCommand::Progress { out, json } => {
            let mut roster = ctx.open()?;
            if let Some(path) = &out {
                let printed = roster
                    .print_coverage(&mut save_new(path))
                    .map_err(print_failure)?;
                if !json {
                    out!("wrote {} ({} pages)", path.display(), printed.pages);
                }
            }
            let c = roster.plan_coverage()?;
            if json {
                return output::json(&c);
            }
            out!(
                "名簿登載者 {}名: 作成済 {}、一部作成 {}、未作成 {}（うち情報のみ {}）",
                c.total.people,
                c.total.made,
                c.total.partly,
                c.total.not_made,
                c.total.info_only
            );
            for b in &c.by_priority {
                out!(
                    "  優先度{} {}名: 作成済 {}、一部 {}、未作成 {}、最新 {}",
                    b.label,
                    b.people,
                    b.made,
                    b.partly,
                    b.not_made,
                    b.current
                );
            }
            let makers: Vec<String> = c.by_maker.iter().map(|(l, n)| format!("{l} {n}")).collect();
            out!("  作成の区分: {}", makers.join("、"));
            match c.high_all_by {
                Some(y) => out!(
                    "優先度の高い方: この1年に{}名、残り{}名 → {y}年度に完了の見込み",
                    c.high_new_last_year,
                    c.high_remaining
                ),
                None => out!(
                    "優先度の高い方: この1年に作成なし、残り{}名 → 見込みなし",
                    c.high_remaining
                ),
            }
            Ok(())
        }
    }
}

/// `commission form --person ID --out FILE` and `commission form read FILE`.
fn form(ctx: &Context, a: FormArgs) -> Outcome {
    let json = a.json;
    match (a.command, a.person, a.out) {
        (Some(FormCommand::Read { file, person, json }), _, _) => {
            let size = std::fs::metadata(&file)
                .map_err(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => fail(4, format!("no file at {}", file.display())),
                    _ => fail(1, format!("cannot read {}: {e}", file.display())),
                })?
                .len();
            if size > yorisoi::commissions::form::MAX_FORM_BYTES {
                return Err(invalid(
                    "file",
                    format!("is {size} bytes; a plan form is a few tens of kilobytes, so this is not a form Yorisoi handed out. Nothing was read"),
                ));
            }
            let bytes = std::fs::read(&file)
                .map_err(|e| fail(1, format!("cannot read {}: {e}", file.display())))?;
            let read = ctx.open()?.read_form(&bytes, person)?;
            if json {
                return output::json(&read);
            }
            let commission = read
                .commission_id
                .map(|c| format!(" (commission {c})"))
                .unwrap_or_default();
            let Some(change) = read.change_id else {
                out!(
                    "form {} of person {}{commission}: nothing differs from the roster; nothing to review",
                    read.form_id,
                    read.person_id
                );
                return Ok(());
            };
            out!(
                "form {} of person {}{commission}: {} change(s) to review as change {change}:",
                read.form_id,
                read.person_id,
                read.changes.len()
            );
            let shown = |s: &str| if s.is_empty() { "（空）".to_string() } else { s.to_string() };
            for f in &read.changes {
                out!("  {}: {} → {}", f.column, shown(&f.old), shown(&f.new));
            }
            out!("accept it with `yorisoi import review accept {change}` (or `yorisoi import review reject {change}`); nothing changes until then");
            Ok(())
        }
        (None, Some(person), Some(out)) => {
            let issued = ctx.open()?.issue_form(person, &mut save_new(&out))?;
            eprintln!(
                "警告: {} は暗号化されていません。個人情報を含むため、渡す相手だけに渡し、用が済んだら削除してください。\nwarning: {} is NOT encrypted; it holds personal data — hand it only to the office, and delete it when done.",
                out.display(),
                out.display()
            );
            if json {
                return output::json(&issued);
            }
            let commission = issued
                .commission_id
                .map(|c| format!(", commission {c}"))
                .unwrap_or_default();
            out!(
                "wrote {} (form {}, person {}{commission}; {} fields, {} destination slots)",
                out.display(),
                issued.form_id,
                issued.person_id,
                issued.fields,
                issued.destinations
            );
            Ok(())
        }
        _ => Err(fail(
            2,
            "commission form needs --person ID and --out FILE.xlsx (or: commission form read FILE.xlsx)",
        )),
    }
}
