//! `import`, `candidates`, `export` and the plan / stale worklists.

use std::path::Path;

use yorisoi::intake::import::{ImportOptions, ImportReport};
use yorisoi::io::mapping::parse_overrides;
use yorisoi::io::{ExportEncoding, Format, Limits, Profile, TextEncoding};
use yorisoi::model::RegistrationRoute;
use yorisoi::{Error, ValidationError};

use crate::args::*;
use crate::{fail, output, Context, Failure, Outcome};

fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

/// Reads an import file, refusing one beyond the size limit by its size, before reading.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let io_failure = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => fail(4, format!("no file at {}", path.display())),
        _ => fail(1, format!("cannot read {}: {e}", path.display())),
    };
    let size = std::fs::metadata(path).map_err(io_failure)?.len();
    Limits::DEFAULT.check_file_bytes(size)?;
    std::fs::read(path).map_err(io_failure)
}

fn read_options(read: &ReadArgs) -> Result<(Option<Format>, TextEncoding), Failure> {
    let format = match &read.format {
        Some(f) => {
            Some(Format::from_token(f).ok_or_else(|| invalid("--format", "must be csv or xlsx"))?)
        }
        None => None,
    };
    let encoding = TextEncoding::from_token(&read.encoding)
        .ok_or_else(|| invalid("--encoding", "must be auto, utf-8 or shift_jis"))?;
    Ok((format, encoding))
}

pub fn import(ctx: &Context, a: ImportArgs) -> Outcome {
    match (a.command, a.file) {
        (Some(ImportCommand::Review(cmd)), _) => review(ctx, cmd),
        (Some(ImportCommand::Mapping(cmd)), _) => mapping(ctx, cmd),
        (None, Some(file)) => {
            let (format, encoding) = read_options(&a.read)?;
            let route = RegistrationRoute::from_token(&a.route).ok_or_else(|| {
                invalid("--route", "must be shared-information, consent or opt-in")
            })?;
            let options = ImportOptions {
                format,
                encoding,
                mapping: a.mapping,
                overrides: parse_overrides(&a.read.set)?,
                source: a.source,
                route,
                dry_run: a.dry_run,
            };
            let bytes = read_bytes(&file)?;
            let report =
                ctx.open()?
                    .import_with(&bytes, &options, &crate::progress::Line::new("import"))?;
            if a.json {
                output::json(&report)
            } else {
                print_report(&report);
                Ok(())
            }
        }
        (None, None) => Err(fail(
            2,
            "import needs a FILE (or: import review …, import mapping …)",
        )),
    }
}

fn print_report(r: &ImportReport) {
    if r.dry_run {
        out!("【試行（dry run）】 nothing was written; run again without --dry-run to import");
    }
    out!("file: {} {} sha256 {}", r.format, r.encoding, r.file_sha256);
    out!("columns:");
    for m in &r.mapping {
        match m.column_label {
            Some(label) => out!("  {} → {} ({})", m.header, label, m.column.unwrap_or("")),
            None => out!("  {} → (not read)", m.header),
        }
    }
    out!(
        "read {}  added {}  to review {}  candidates {}  unchanged {}  rejected {}",
        r.read,
        r.added,
        r.to_review,
        r.candidates,
        r.unchanged,
        r.rejected.len()
    );
    for i in &r.rejected {
        out!(
            "  row {}\t{}\t{}\t{}",
            i.row,
            i.column.as_deref().unwrap_or("-"),
            i.value.as_deref().unwrap_or(""),
            i.reason
        );
    }
    if let Some(id) = r.import_id {
        out!("import {id} recorded");
        if r.to_review > 0 {
            out!("review the changes with `yorisoi import review list`");
        }
        if r.candidates > 0 {
            out!("see the candidates with `yorisoi candidates list`");
        }
    }
}

fn review(ctx: &Context, cmd: ReviewCommand) -> Outcome {
    match cmd {
        ReviewCommand::List { json } => {
            let items = ctx.open()?.pending_changes()?;
            if json {
                return output::json(&items);
            }
            for i in items {
                out!(
                    "change {}  person {} {}  (import {}, row {})",
                    i.id,
                    i.person_id,
                    i.name,
                    i.import_id,
                    i.file_row
                );
                for f in &i.fields {
                    out!("  {}: {} → {}", f.column, f.old, f.new);
                }
                if let Some(r) = i.archive_reason {
                    out!(
                        "  {} ({}) → 名簿から除外",
                        r.label(),
                        i.archive_on.unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        ReviewCommand::Accept { id } => {
            let i = ctx.open()?.accept_change(id)?;
            out!("accepted change {id} for person {}", i.person_id);
            Ok(())
        }
        ReviewCommand::Reject { id } => {
            let i = ctx.open()?.reject_change(id)?;
            out!("rejected change {id}; person {} is unchanged", i.person_id);
            Ok(())
        }
    }
}

fn mapping(ctx: &Context, cmd: MappingCommand) -> Outcome {
    match cmd {
        MappingCommand::Save { name, from, read } => {
            let (format, encoding) = read_options(&read)?;
            let overrides = parse_overrides(&read.set)?;
            let bytes = read_bytes(&from)?;
            let p = ctx
                .open()?
                .save_mapping(&name, &bytes, format, encoding, &overrides)?;
            out!("saved mapping {}:", p.name);
            for (h, c) in &p.columns {
                out!("  {h} → {c}");
            }
            Ok(())
        }
        MappingCommand::List { json } => {
            let list = ctx.open()?.mappings()?;
            if json {
                return output::json(&list);
            }
            for p in list {
                let cols: Vec<String> = p.columns.iter().map(|(h, c)| format!("{h}={c}")).collect();
                out!("{}\t{}\t{}", p.name, p.updated_at, cols.join(" "));
            }
            Ok(())
        }
    }
}

pub fn candidates(ctx: &Context, cmd: CandidatesCommand) -> Outcome {
    match cmd {
        CandidatesCommand::List { json } => {
            let list = ctx.open()?.candidates()?;
            if json {
                return output::json(&list);
            }
            for c in list {
                let reasons = if c.reasons.is_empty() {
                    "（どの基準にも該当しない）".to_string()
                } else {
                    c.reasons.join("、")
                };
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    c.id,
                    c.name,
                    c.date_of_birth,
                    c.district.unwrap_or_default(),
                    c.source,
                    reasons
                );
            }
            Ok(())
        }
        CandidatesCommand::Register { ids, all } => {
            let mut roster = ctx.open()?;
            let done = if all {
                roster.register_candidates(None)?
            } else {
                roster.register_candidates(Some(&ids))?
            };
            for (c, p) in &done {
                out!("candidate {c} → person {p} (共有情報方式, 同意未確認)");
            }
            out!(
                "registered {} candidate(s); ask for consent: `yorisoi worklist consent`",
                done.len()
            );
            Ok(())
        }
        CandidatesCommand::Rules { json } => {
            let rules = ctx.open()?.eligibility_rules()?;
            if json {
                return output::json(&rules);
            }
            for r in rules {
                let meaning = yorisoi::priority::RULES
                    .iter()
                    .find(|(t, _)| *t == r.rule)
                    .map_or("", |(_, m)| m);
                let on = if r.enabled { "on" } else { "off" };
                out!("{}\t{on}\t{}\t{meaning}", r.rule, r.threshold);
            }
            Ok(())
        }
        CandidatesCommand::Rule {
            rule,
            enabled,
            threshold,
        } => {
            let r = ctx
                .open()?
                .set_eligibility_rule(&rule, enabled, threshold)?;
            out!(
                "{}\t{}\t{}",
                r.rule,
                if r.enabled { "on" } else { "off" },
                r.threshold
            );
            Ok(())
        }
    }
}

pub fn export(ctx: &Context, format: &str, profile: &str, encoding: &str, out: &Path) -> Outcome {
    let format =
        Format::from_token(format).ok_or_else(|| invalid("--format", "must be csv or xlsx"))?;
    let profile = Profile::from_token(profile)
        .ok_or_else(|| invalid("--profile", "must be statutory or full"))?;
    let encoding = ExportEncoding::from_token(encoding)
        .ok_or_else(|| invalid("--encoding", "must be utf-8-bom or shift_jis"))?;
    let summary = ctx.open()?.export(out, format, profile, encoding)?;
    eprintln!(
        "警告: {} は暗号化されていません。個人情報を含むため、用が済んだら削除し、持ち出さないでください。\nwarning: {} is NOT encrypted; it holds personal data — keep it safe and delete it when done.",
        out.display(),
        out.display()
    );
    out!(
        "exported {} person(s) to {} ({} bytes)",
        summary.persons,
        out.display(),
        summary.bytes
    );
    Ok(())
}

pub fn worklist(ctx: &Context, cmd: WorklistCommand) -> Outcome {
    match cmd {
        WorklistCommand::Plans { json } => {
            let list = ctx.open()?.plan_worklist()?;
            if json {
                return output::json(&list);
            }
            for i in list {
                let missing = match (i.has_plan, i.supporters) {
                    (false, _) => "計画なし".to_string(),
                    (true, n) => format!("支援者{n}人"),
                };
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    i.priority.score,
                    i.person_id,
                    i.name,
                    i.district.unwrap_or_default(),
                    missing,
                    i.priority.reasons.join("、")
                );
            }
            Ok(())
        }
        WorklistCommand::Stale { months, json } => {
            let r = ctx.open()?.stale_worklist(months)?;
            if json {
                return output::json(&r);
            }
            out!("not verified since {} ({} months):", r.cutoff, r.months);
            for s in r.stale {
                out!(
                    "{}\t{}\t{}\t{}",
                    s.person_id,
                    s.name,
                    s.district.unwrap_or_default(),
                    s.last_verified_on
                        .unwrap_or_else(|| format!("未確認（登録 {}）", s.created_on))
                );
            }
            Ok(())
        }
        WorklistCommand::Consent { .. } | WorklistCommand::Copies { .. } => {
            Err(fail(1, "internal: consent worklist routed here"))
        }
    }
}
