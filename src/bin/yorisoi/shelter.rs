//! `shelter`: the municipality's shelter registry.

use yorisoi::io::TextEncoding;
use yorisoi::model::shelter::{NewShelter, Shelter, ShelterHazard};
use yorisoi::model::DestinationKind;
use yorisoi::shelters::{DestinationPlace, DestinationSet, ShelterImport, ShelterWarning};
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
        ShelterCommand::Update { id, json } => {
            let text = read_document(&json)?;
            let doc: NewShelter = serde_json::from_str(&text).map_err(|e| {
                invalid(
                    "shelter",
                    format!("{e} (at line {}, column {})", e.line(), e.column()),
                )
            })?;
            let s = ctx.open()?.update_shelter(id, doc)?;
            out!("shelter {} changed", s.id);
            Ok(())
        }
        ShelterCommand::Review(cmd) => review(ctx, cmd),
        ShelterCommand::Check { json } => {
            let warnings = ctx.open()?.shelter_check()?;
            if json {
                return output::json(&warnings);
            }
            print_warnings(&warnings, true);
            out!("{} warnings", warnings.len());
            Ok(())
        }
        ShelterCommand::Match { json } => {
            let m = ctx.open()?.shelter_match()?;
            if json {
                return output::json(&m);
            }
            out!("福祉避難所:");
            for l in &m.shelters {
                let over = if l.room < 0 {
                    format!("  定員超過 {}人", -l.room)
                } else {
                    String::new()
                };
                out!(
                    "{:>5}  {} [{}]  直接避難 {}人 + 家族 {}人 = {}人 / 定員 {}人{over}",
                    l.shelter_id,
                    l.name,
                    l.welfare.label(),
                    l.people.len(),
                    l.family,
                    l.total,
                    l.capacity
                );
            }
            out!(
                "{} over capacity; {} people need a 福祉避難所 and have none agreed:",
                m.over_capacity.len(),
                m.needing.len()
            );
            for n in &m.needing {
                let offers: Vec<String> = n
                    .suggestions
                    .iter()
                    .map(|s| match s.distance_m {
                        Some(d) => format!("{} {} ({d} m, 空き {})", s.shelter_id, s.name, s.room),
                        None => format!("{} {} (空き {})", s.shelter_id, s.name, s.room),
                    })
                    .collect();
                out!(
                    "{:>6}  {}  {}  [{}]  → {}",
                    n.person_id,
                    n.name,
                    n.district.as_deref().unwrap_or("—"),
                    n.reasons.join(", "),
                    if offers.is_empty() {
                        "受け入れられる空きなし".to_string()
                    } else {
                        offers.join(" / ")
                    }
                );
            }
            Ok(())
        }
        ShelterCommand::List { hazard, json } => {
            let hazard = hazard.as_deref().map(hazard_arg).transpose()?;
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

fn hazard_arg(h: &str) -> Result<ShelterHazard, Failure> {
    ShelterHazard::from_token(h).ok_or_else(|| {
        invalid(
            "--hazard",
            format!("must be one of: {}", ShelterHazard::tokens_list()),
        )
    })
}

fn print_warnings(warnings: &[ShelterWarning], names: bool) {
    for w in warnings {
        let who = if names {
            format!(
                "{:>6}  {}  {}  ",
                w.person_id,
                w.name,
                w.district.as_deref().unwrap_or("—")
            )
        } else {
            String::new()
        };
        out!(
            "{who}避難先{} {} ({}): {} [{}]",
            w.position,
            w.shelter_name,
            w.shelter_id,
            w.label,
            w.code
        );
    }
}

/// `plan destination`.
pub fn destination(ctx: &Context, cmd: DestinationCommand) -> Outcome {
    match cmd {
        DestinationCommand::Set {
            person,
            hazard,
            shelter,
            direct,
            name,
            address,
            kind,
            json,
        } => {
            let hazard = hazard.as_deref().map(hazard_arg).transpose()?;
            let place = match (shelter, name) {
                (Some(id), _) => DestinationPlace::Shelter { id, direct },
                (None, Some(name)) => DestinationPlace::Private {
                    kind: DestinationKind::from_token(&kind)
                        .filter(|k| matches!(k, DestinationKind::Relative | DestinationKind::Other))
                        .ok_or_else(|| invalid("--kind", "must be relative or other"))?,
                    name,
                    address: address.unwrap_or_default(),
                },
                (None, None) => return Err(invalid(
                    "--shelter",
                    "give --shelter ID (shelter list) or --name and --address for a private place",
                )),
            };
            let done = ctx.open()?.set_destination(&DestinationSet {
                person_id: person,
                hazard,
                place,
            })?;
            if json {
                return output::json(&done);
            }
            out!(
                "destination {} set{}{}",
                done.position,
                if done.replaced > 0 {
                    format!(" (replacing {})", done.replaced)
                } else {
                    String::new()
                },
                if done.plan_begun {
                    "; a plan was begun"
                } else {
                    ""
                }
            );
            print_warnings(&done.warnings, false);
            Ok(())
        }
        DestinationCommand::Remove { person, position } => {
            let gone = ctx.open()?.remove_destination(person, position)?;
            out!("destination {position} ({}) taken off", gone.name);
            Ok(())
        }
        DestinationCommand::Check { person, json } => {
            let warnings = ctx.open()?.shelter_warnings(person)?;
            if json {
                return output::json(&warnings);
            }
            print_warnings(&warnings, false);
            out!("{} warnings", warnings.len());
            Ok(())
        }
    }
}
