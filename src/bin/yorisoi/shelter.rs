//! `shelter`: the municipality's shelter registry.

use yorisoi::io::TextEncoding;
use yorisoi::model::shelter::{NewShelter, Shelter, ShelterHazard};
use yorisoi::shelters::ShelterImport;
use yorisoi::{Error, ValidationError};

use crate::args::*;
use crate::person::read_document;
use crate::{fail, output, Context, Failure, Outcome};

fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

fn kinds(s: &Shelter) -> String {
    let mut k = Vec::new();
    if let Some(w) = s.welfare {
        k.push(w.label());
    }
    if s.emergency_site {
        k.push("指定緊急避難場所");
    }
    if s.evacuation_centre {
        k.push("指定避難所");
    }
    k.join("・")
}

fn hazards(s: &Shelter) -> String {
    s.hazards
        .iter()
        .map(|h| h.label())
        .collect::<Vec<_>>()
        .join("・")
}

pub fn shelter(ctx: &Context, cmd: ShelterCommand) -> Outcome {
    match cmd {
        ShelterCommand::Import {
            file,
            encoding,
            municipality,
            json,
        } => {
            let encoding = TextEncoding::from_token(&encoding)
                .ok_or_else(|| invalid("--encoding", "must be auto, utf-8 or shift_jis"))?;
            if !file.is_file() {
                return Err(fail(4, format!("no file at {}", file.display())));
            }
            let bytes = yorisoi::map::read_limited(&file)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let done = ctx.open()?.import_shelters(&ShelterImport {
                bytes: &bytes,
                file_name: &name,
                encoding,
                municipality: municipality.as_deref(),
            })?;
            if json {
                return output::json(&done);
            }
            out!(
                "{}: {} shelters read ({} rows of other municipalities left out)",
                done.layout.label(),
                done.entries,
                done.outside
            );
            out!(
                "to review: {} new, {} changed, {} gone; {} unchanged",
                done.new,
                done.changed,
                done.gone,
                done.unchanged
            );
            if done.new + done.changed + done.gone > 0 {
                out!("review them with `yorisoi shelter review list`");
            }
            Ok(())
        }
        ShelterCommand::Add { json } => {
            let text = read_document(&json)?;
            let doc: NewShelter = serde_json::from_str(&text).map_err(|e| {
                invalid(
                    "shelter",
                    format!("{e} (at line {}, column {})", e.line(), e.column()),
                )
            })?;
            let s = ctx.open()?.add_shelter(doc)?;
            out!("{}", s.id);
            Ok(())
        }
        ShelterCommand::Review(cmd) => review(ctx, cmd),
        ShelterCommand::List { hazard, json } => {
            let hazard = match hazard {
                Some(h) => Some(ShelterHazard::from_token(&h).ok_or_else(|| {
                    invalid(
                        "--hazard",
                        format!("must be one of: {}", ShelterHazard::tokens_list()),
                    )
                })?),
                None => None,
            };
            let list = ctx.open()?.shelters(hazard)?;
            if json {
                return output::json(&list);
            }
            for s in &list {
                let gone = s
                    .gone_on
                    .as_deref()
                    .map(|d| format!("  （{d} 一覧から削除）"))
                    .unwrap_or_default();
                out!(
                    "{:>5}  {}  {}  [{}] {}{gone}",
                    s.id,
                    s.name,
                    s.address,
                    kinds(s),
                    hazards(s)
                );
            }
            out!("{} shelters", list.len());
            Ok(())
        }
        ShelterCommand::Show { id, json } => {
            let s = ctx.open()?.shelter(id)?;
            if json {
                return output::json(&s);
            }
            out!("{} {}", s.id, s.name);
            out!("  住所: {}", s.address);
            out!("  区分: {}", kinds(&s));
            out!("  対象とする災害: {}", hazards(&s));
            if let (Some(lat), Some(lon)) = (s.lat, s.lon) {
                out!("  緯度・経度: {lat:.6}, {lon:.6}");
            }
            if let Some(c) = s.capacity {
                out!("  想定収容人数: {c}");
            }
            if !s.accepts.is_empty() {
                out!("  受入対象者: {}", s.accepts);
            }
            if !s.associations.is_empty() {
                out!("  対象となる町会・自治会: {}", s.associations.join("・"));
            }
            if s.welfare.is_some() {
                let groups: Vec<&str> = s.groups.iter().map(|g| g.label()).collect();
                out!("  受入対象者: {}", groups.join("・"));
                out!("  同行できる家族: {} 人まで", s.family);
            }
            if !s.contact.is_empty() {
                out!("  連絡先: {}", s.contact);
            }
            if !s.equipment.is_empty() {
                out!("  設備: {}", s.equipment.join("・"));
            }
            if let Some(k) = &s.registry_key {
                out!("  共通ID: {k}");
            }
            if let Some(d) = &s.gone_on {
                out!("  {d} に一覧から削除");
            }
            Ok(())
        }
    }
}

fn review(ctx: &Context, cmd: ShelterReviewCommand) -> Outcome {
    match cmd {
        ShelterReviewCommand::List { all, json } => {
            let list = ctx.open()?.shelter_changes(all)?;
            if json {
                return output::json(&list);
            }
            for c in &list {
                let what = match (&c.entry, c.change.as_str()) {
                    (Some(e), "new") => format!("追加  {} {}", e.name, e.address),
                    (Some(e), _) => format!("変更  {} ({})", e.name, c.fields.join(", ")),
                    (None, _) => format!("削除  shelter {}", c.shelter_id.unwrap_or_default()),
                };
                out!(
                    "{:>5}  {}  {}  {}  [{}]",
                    c.id,
                    c.registry_key,
                    c.layout.label(),
                    what,
                    c.status
                );
            }
            out!("{} changes", list.len());
            Ok(())
        }
        ShelterReviewCommand::Accept { id } => {
            let c = ctx.open()?.accept_shelter_change(id)?;
            out!("change {} accepted ({})", c.id, c.change);
            Ok(())
        }
        ShelterReviewCommand::Reject { id } => {
            let c = ctx.open()?.reject_shelter_change(id)?;
            out!("change {} rejected ({})", c.id, c.change);
            Ok(())
        }
    }
}
