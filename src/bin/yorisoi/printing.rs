//! `print` and `issuance`: argument checking, the lock password, writing the file, and
//! output. What is printed about whom is decided in the core.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use yorisoi::map::AreaShape;
use yorisoi::model::validate::parse_date_field;
use yorisoi::model::IssuanceStatus;
use yorisoi::policy::FieldProfile;
use yorisoi::printing::{CopyWorklist, Destination, Issuance, NewFile};
use yorisoi::printing::{ListRequest, PlanRequest, PlanTarget, Printed, SheetPeople};
use yorisoi::{Error, Roster, ValidationError};
use zeroize::Zeroizing;

use crate::args::*;
use crate::progress::Line;
use crate::{fail, output, Context, Failure, Outcome};

pub(crate) fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

/// The lock password: from the named environment variable, else asked on a terminal when
/// `wanted` (the print is refused unlocked); `None` otherwise — then the core says what
/// the print needs.
pub(crate) fn lock_password(
    var: Option<&str>,
    wanted: bool,
) -> Result<Option<Zeroizing<String>>, Failure> {
    if let Some(var) = var {
        return match std::env::var(var) {
            Ok(p) => {
                let p = Zeroizing::new(p);
                // Gone from the environment once read, like the passphrase.
                crate::secret::remove_from_environment(var);
                Ok(Some(p))
            }
            Err(_) => Err(invalid(
                "--lock-password-env",
                format!("the environment variable {var} is not set"),
            )),
        };
    }
    if !wanted || !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let ask = |prompt: &str| {
        let _ = std::io::stderr().flush();
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| fail(1, format!("cannot read the password: {e}")))
    };
    let first = ask("Lock password for the PDF: ")?;
    let again = ask("Again: ")?;
    if *first != *again {
        return Err(invalid(
            "lock password",
            "the two entries differ; nothing was printed",
        ));
    }
    Ok(Some(first))
}

/// The file a print is saved to: a new file readable by its owner only, written under an
/// unfinished name (`.NAME.SERIAL.part`) and named only once the copy is recorded.
pub(crate) fn save_new(path: &Path) -> NewFile {
    NewFile::new(path)
}

fn due_back(s: Option<&str>) -> Result<Option<chrono::NaiveDate>, Failure> {
    s.map(|d| parse_date_field("--due-back", d))
        .transpose()
        .map_err(|e| Failure::from(Error::Invalid(e)))
}

/// Lists characters no font can draw one per line, so the operator can fix each record.
pub(crate) fn print_failure(e: Error) -> Failure {
    if let Error::Unprintable(found) = &e {
        let mut msg =
            String::from("nothing was printed: these characters are in no installed font:\n");
        for u in found {
            msg.push_str(&format!("  {u}\n"));
        }
        msg.push_str(
            "correct the record (with the person's agreement), or make IPAmj明朝 available \
             (on Windows it comes with Yorisoi as fonts\\ipamjm.ttf beside the program; on \
             Debian install fonts-ipamj-mincho), then print again",
        );
        return fail(5, msg);
    }
    Failure::from(e)
}

/// `print plan --district D --each DIR` (or `--area FILE`, `--layer ID`): one PDF per
/// person, `DIR/plan-ID.pdf`, each its own copy in the ledger, all in one job (all or
/// nothing).
fn plan_sheets_each(roster: &mut Roster, req: &PlanRequest<'_>, dir: &Path) -> Result<(), Failure> {
    let SheetPeople {
        ids: people,
        excluded,
        unplaced,
    } = roster.plan_sheet_people(req)?;
    if people.is_empty() {
        return Err(match req.target {
            PlanTarget::Area(shape) => invalid(
                match shape {
                    AreaShape::Drawn(_) => "--area",
                    AreaShape::Layers(_) => "--layer",
                },
                format!(
                    "there is nobody inside it to print a plan sheet for{}{}",
                    match excluded {
                        0 => String::new(),
                        n => format!(
                            "; {n} inside may not be given to this recipient (`yorisoi share preview`)"
                        ),
                    },
                    match unplaced {
                        0 => String::new(),
                        n => format!(
                            "; {n} could not be placed on the map (`yorisoi map positions summary`)"
                        ),
                    }
                ),
            ),
            _ => invalid(
                "--district",
                "there is nobody in it to print a plan sheet for",
            ),
        });
    }
    let paths: Vec<PathBuf> = people
        .iter()
        .map(|id| dir.join(format!("plan-{id}.pdf")))
        .collect();
    if let Some(there) = paths.iter().find(|p| p.exists()) {
        return Err(Error::AlreadyExists(there.clone()).into());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::from(Error::Io {
            context: "making the folder for the plan sheets",
            path: dir.to_path_buf(),
            source: e,
        })
    })?;
    let mut files: Vec<NewFile> = paths.iter().map(|p| save_new(p)).collect();
    let mut sheets: Vec<(i64, &mut dyn Destination)> = people
        .iter()
        .copied()
        .zip(files.iter_mut().map(|f| f as &mut dyn Destination))
        .collect();
    let printed = roster
        .print_plan_sheets(req, &mut sheets, &Line::new("print"))
        .map_err(print_failure)?;
    let pages: usize = printed.iter().map(|p| p.pages).sum();
    out!(
        "wrote {} plan sheets to {} ({pages} pages, one PDF and one ledger copy each: plan-ID.pdf)",
        printed.len(),
        dir.display()
    );
    if let (Some(first), Some(last)) = (printed.first(), printed.last()) {
        out!(
            "交付番号 serials: {} – {}",
            first.serial.as_deref().unwrap_or(""),
            last.serial.as_deref().unwrap_or("")
        );
    }
    if excluded > 0 {
        let of = match req.target {
            PlanTarget::Area(_) => "inside the area",
            _ => "of the district",
        };
        out!(
            "{excluded} people {of} are not in it (the sharing rule; see `yorisoi share preview`)"
        );
    }
    if unplaced > 0 {
        out!(
            "{unplaced} people could not be placed on the map and are left off (they may live inside): `yorisoi map positions summary`"
        );
    }
    if let Some(d) = printed.first().and_then(|p| p.due_back.as_deref()) {
        out!("due back: {d}");
    }
    Ok(())
}

pub(crate) fn report(p: &Printed, out: &Path) {
    out!(
        "wrote {} ({} pages, {} people)",
        out.display(),
        p.pages,
        p.persons
    );
    if let Some(s) = &p.serial {
        out!("交付番号 serial: {s}");
    }
    if let Some(r) = &p.reprint_of {
        out!("reprint of {r} (the earlier copy stays in the ledger until it comes back)");
    }
    if p.excluded > 0 {
        out!(
            "{} people of the chosen district, 自治会 or 班 are not on it (the sharing rule; see `yorisoi share preview`)",
            p.excluded
        );
    }
    if p.unplaced > 0 {
        out!(
            "{} people could not be placed on the map and are not in this print for the area: they may be inside — see `yorisoi area people`",
            p.unplaced
        );
    }
    if let Some(d) = &p.due_back {
        out!("due back: {d}");
    }
    if p.locked {
        out!("locked (AES-256): tell the password to the recipient separately from the file");
    } else if p.serial.is_some() {
        out!("not locked: keep the file and the paper under lock and key");
    }
    if p.disaster {
        out!("【災害時提供】made in disaster mode and marked so on every page; recall it when the disaster is over");
    }
    out!("sha256: {}", p.sha256);
}

/// The alert area an `--area FILE` or `--layer ID`… names, if any.
fn area_shape(area: Option<PathBuf>, layers: Vec<i64>) -> Result<Option<AreaShape>, Failure> {
    Ok(match (area, layers.is_empty()) {
        (Some(path), _) => {
            if !path.is_file() {
                return Err(fail(4, format!("no file at {}", path.display())));
            }
            let bytes = yorisoi::map::read_limited(&path)?;
            Some(AreaShape::Drawn(yorisoi::map::drawn_area(&bytes)?))
        }
        (None, false) => Some(AreaShape::Layers(layers)),
        (None, true) => None,
    })
}

pub fn print(ctx: &Context, cmd: PrintCommand) -> Outcome {
    match cmd {
        PrintCommand::List {
            kind,
            recipient,
            district,
            association,
            block,
            area,
            layers,
            map,
            shelter,
            out,
            issue,
        } => {
            let area = area_shape(area, layers)?;
            let profile = match kind.trim() {
                "simple" | "simplified" => FieldProfile::Simplified,
                "detailed" => FieldProfile::Detailed,
                _ => return Err(invalid("--kind", "must be one of: simple, detailed")),
            };
            if out.exists() {
                return Err(Error::AlreadyExists(out).into());
            }
            let due = due_back(issue.due_back.as_deref())?;
            let password = lock_password(
                issue.lock_password_env.as_deref(),
                profile == FieldProfile::Detailed,
            )?;
            let unlocked_reason = issue.unlocked_reason.as_deref();
            let mut roster = ctx.open()?;
            let req = ListRequest {
                recipient_id: recipient,
                profile,
                district: district.as_deref(),
                association: association.as_deref(),
                block: block.as_deref(),
                password: password.as_deref().map(String::as_str),
                unlocked_reason,
                due_back: due,
                reprint_reason: issue.reprint_reason.as_deref(),
                area: area.as_ref(),
                map,
                shelter,
            };
            let printed = roster
                .print_list_with_progress(&req, &mut save_new(&out), &Line::new("print"))
                .map_err(print_failure)?;
            report(&printed, &out);
            Ok(())
        }
        PrintCommand::Plan {
            person,
            district,
            area,
            layers,
            recipient,
            out,
            each,
            issue,
        } => {
            let area = area_shape(area, layers)?;
            let target = match (person, district.as_deref(), &area) {
                (Some(id), None, None) => PlanTarget::Person(id),
                (None, Some(d), None) => PlanTarget::District(d),
                (None, None, Some(shape)) => PlanTarget::Area(shape),
                _ => {
                    return Err(invalid(
                        "--person",
                        "give one of --person ID, --district NAME, --area FILE or --layer ID",
                    ))
                }
            };
            if let Some(out) = &out {
                if out.exists() {
                    return Err(Error::AlreadyExists(out.clone()).into());
                }
            }
            let due = due_back(issue.due_back.as_deref())?;
            let unlocked_reason = issue.unlocked_reason.as_deref();
            // The office's copy is always locked; a recipient's unless a reason is given.
            let password = lock_password(
                issue.lock_password_env.as_deref(),
                recipient.is_none() || unlocked_reason.is_none(),
            )?;
            let mut roster = ctx.open()?;
            let req = PlanRequest {
                target,
                recipient_id: recipient,
                password: password.as_deref().map(String::as_str),
                unlocked_reason,
                due_back: due,
                reprint_reason: issue.reprint_reason.as_deref(),
            };
            match (out, each) {
                (_, Some(dir)) => plan_sheets_each(&mut roster, &req, &dir),
                (Some(out), None) => {
                    let printed = roster
                        .print_plans_reporting(&req, &mut save_new(&out), &Line::new("print"))
                        .map_err(print_failure)?;
                    report(&printed, &out);
                    Ok(())
                }
                (None, None) => Err(invalid("--out", "give --out FILE or --each DIR")),
            }
        }
        PrintCommand::Letters {
            worklist,
            days,
            out,
        } => {
            if worklist.trim() != "consent" {
                return Err(invalid("--worklist", "must be: consent"));
            }
            if out.exists() {
                return Err(Error::AlreadyExists(out).into());
            }
            let printed = ctx
                .open()?
                .print_letters(days, &mut save_new(&out))
                .map_err(print_failure)?;
            out!(
                "wrote {} ({} pages): letters and prefilled forms for {} people, mailing {}",
                out.display(),
                printed.pages,
                printed.persons,
                printed.serial.as_deref().unwrap_or("")
            );
            out!("the letters are recorded: `yorisoi worklist consent` lists who has not answered");
            Ok(())
        }
        PrintCommand::Form { person, blank, out } => {
            if out.exists() {
                return Err(Error::AlreadyExists(out).into());
            }
            let mut roster = ctx.open()?;
            let person = if blank { None } else { person };
            let printed = roster
                .print_form(person, &mut save_new(&out))
                .map_err(print_failure)?;
            report(&printed, &out);
            Ok(())
        }
    }
}

fn status_token(s: &str) -> Result<IssuanceStatus, Failure> {
    IssuanceStatus::from_token(s.trim()).ok_or_else(|| {
        invalid(
            "--status",
            format!("must be one of: {}", IssuanceStatus::tokens_list()),
        )
    })
}

fn copy_line(i: &Issuance) {
    out!(
        "{}\t{}\t{}\t{}\t{}名\t{}\t{}{}{}",
        i.serial,
        i.kind.label(),
        i.recipient_name,
        i.cut,
        i.person_count,
        yorisoi::clock::jst_date_of(&i.issued_at)
            .map_or_else(|| i.issued_at.clone(), |d| d.to_string()),
        i.status.label(),
        i.due_back
            .as_deref()
            .map(|d| format!("\t返却期限 {d}"))
            .unwrap_or_default(),
        if i.disaster { "\t【災害時】" } else { "" },
    );
}

pub fn issuance(ctx: &Context, cmd: IssuanceCommand) -> Outcome {
    let (serial, status, note) = match cmd {
        IssuanceCommand::List { status, json } => {
            let status = status.as_deref().map(status_token).transpose()?;
            let list = ctx.open()?.issuances(status)?;
            if json {
                return output::json(&list);
            }
            if list.is_empty() {
                out!(
                    "no printed copies{}",
                    status
                        .map(|s| format!(" with status {s}"))
                        .unwrap_or_default()
                );
            }
            for i in &list {
                copy_line(i);
            }
            return Ok(());
        }
        IssuanceCommand::Show { serial, json } => {
            let d = ctx.open()?.issuance_detail(&serial)?;
            if json {
                return output::json(&d);
            }
            copy_line(&d.issuance);
            out!(
                "管理責任者: {}",
                if d.issuance.custodian.is_empty() {
                    "—"
                } else {
                    &d.issuance.custodian
                }
            );
            out!(
                "交付者: {}  頁数: {}  施錠: {}",
                d.issuance.issued_by,
                d.issuance.pages,
                if d.issuance.locked {
                    "あり"
                } else {
                    "なし"
                }
            );
            if let Some(r) = &d.issuance.reprint_of {
                out!("再交付（{r} の再印刷）: {}", d.issuance.reprint_reason);
            }
            for e in &d.events {
                out!(
                    "{}\t{}\t{}\t{}",
                    e.at,
                    e.status.label(),
                    e.recorded_by,
                    e.note
                );
            }
            out!("掲載者 ({}):", d.persons.len());
            for p in &d.persons {
                out!("{}\t{}\t{}\t{}", p.person_id, p.name, p.address, p.phone);
            }
            return Ok(());
        }
        IssuanceCommand::Return { serial, note } => (serial, IssuanceStatus::Returned, note),
        IssuanceCommand::Destroy { serial, note } => (serial, IssuanceStatus::Destroyed, note),
        IssuanceCommand::Lost { serial, note } => (serial, IssuanceStatus::Lost, note),
    };
    let mut roster = ctx.open()?;
    let i = roster.set_issuance_status(&serial, status, &note)?;
    out!(
        "{} is now {} ({})",
        i.serial,
        i.status.token(),
        i.status.label()
    );
    if status == IssuanceStatus::Lost {
        out!(
            "{} people were on it: `yorisoi issuance show {}` lists them to be told",
            i.person_count,
            i.serial
        );
    }
    Ok(())
}

pub fn copy_worklist(w: &CopyWorklist) {
    let sections = [
        ("返却期限切れ overdue", &w.overdue),
        ("管理責任者の交代 custodian changed", &w.custodian_changed),
        ("同意撤回者を含む withdrawn consent", &w.withdrawn),
    ];
    for (title, list) in sections {
        out!("{title}: {}", list.len());
        for c in list {
            out!(
                "  {}\t{}\t{}\t{}{}",
                c.issuance.serial,
                c.issuance.recipient_name,
                c.reason,
                c.custodian_now
                    .as_deref()
                    .map(|n| format!("（現在: {n}）"))
                    .unwrap_or_default(),
                if c.withdrawn_person_ids.is_empty() {
                    String::new()
                } else {
                    format!(
                        "\tID {}",
                        c.withdrawn_person_ids
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                }
            );
        }
    }
}
