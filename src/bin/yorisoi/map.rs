//! `map` (hazard layers, positions, zones to review) and `area` (everyone inside).

use std::path::Path;

use yorisoi::geo::LonLat;
use yorisoi::map::{Area, AreaShape, HazardSource, LayerImport};
use yorisoi::model::map::{AreaPerson, Placement, ZoneCheck};
use yorisoi::model::HazardKind;
use yorisoi::{Error, ValidationError};

use crate::args::*;
use crate::{fail, output, Context, Failure, Outcome};

fn invalid(field: &str, reason: impl Into<String>) -> Failure {
    Failure::from(Error::Invalid(ValidationError::new(field, reason)))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn exists(path: &Path) -> Result<(), Failure> {
    if path.is_file() {
        Ok(())
    } else {
        Err(fail(4, format!("no file at {}", path.display())))
    }
}

fn print_check(c: &ZoneCheck) {
    if c.kinds.is_empty() {
        out!("no hazard layer is in use: no zone was checked");
        return;
    }
    let kinds: Vec<&str> = c.kinds.iter().map(|k| k.label()).collect();
    out!(
        "zones checked ({}): {} people; {} new changes to review, {} still waiting, {} no longer needed",
        kinds.join("・"),
        c.checked,
        c.new_changes,
        c.still_pending,
        c.superseded
    );
    if c.unplaced > 0 {
        out!(
            "{} people could not be placed: their zones were not checked (see `yorisoi map positions summary`)",
            c.unplaced
        );
    }
    if c.new_changes + c.still_pending > 0 {
        out!("review them with `yorisoi map zones list`");
    }
}

fn print_placement(p: &Placement) {
    out!(
        "placed: 街区 {}  町丁目 {}  手動 {}  未特定 {}",
        p.block,
        p.town,
        p.manual,
        p.unplaced
    );
}

pub fn map(ctx: &Context, cmd: MapCommand) -> Outcome {
    match cmd {
        MapCommand::Layer(cmd) => layer(ctx, cmd),
        MapCommand::Positions(cmd) => positions(ctx, cmd),
        MapCommand::Zones(cmd) => zones(ctx, cmd),
    }
}

fn layer(ctx: &Context, cmd: LayerCommand) -> Outcome {
    match cmd {
        LayerCommand::Import {
            file,
            kind,
            source,
            dated,
            json,
        } => {
            let kind = HazardKind::from_token(&kind).ok_or_else(|| {
                invalid(
                    "--kind",
                    format!("must be one of: {}", HazardKind::tokens_list()),
                )
            })?;
            exists(&file)?;
            let read = HazardSource::read(&file)?;
            let name = file_name(&file);
            let done = ctx.open()?.import_hazard_layer(&LayerImport {
                source: &read,
                name: &name,
                kind,
                origin: &source,
                dated: &dated,
            })?;
            if json {
                return output::json(&done);
            }
            let l = &done.layer;
            out!(
                "layer {}: {} {} ({} areas, {}; {} {})",
                l.id,
                l.kind.label(),
                l.name,
                l.features,
                l.crs,
                l.source,
                l.dated
            );
            print_check(&done.check);
            Ok(())
        }
        LayerCommand::List { json } => {
            let list = ctx.open()?.hazard_layers()?;
            if json {
                return output::json(&list);
            }
            for l in list {
                let state = match &l.retired_at {
                    Some(at) => format!("retired {}", output::jst(at)),
                    None => "in use".to_string(),
                };
                out!(
                    "{}\t{}\t{}\t{}\t{}\t{} areas\t{}\t{}",
                    l.id,
                    l.kind.token(),
                    l.name,
                    l.source,
                    l.dated,
                    l.features,
                    l.crs,
                    state
                );
            }
            Ok(())
        }
        LayerCommand::Retire { id } => {
            let check = ctx.open()?.retire_hazard_layer(id)?;
            out!("layer {id} retired");
            print_check(&check);
            Ok(())
        }
    }
}

fn positions(ctx: &Context, cmd: PositionsCommand) -> Outcome {
    match cmd {
        PositionsCommand::Import { file, json } => {
            exists(&file)?;
            let bytes = yorisoi::map::read_limited(&file)?;
            let done = ctx.open()?.import_positions(&bytes, &file_name(&file))?;
            if json {
                return output::json(&done);
            }
            out!(
                "position file {}: {} ({} positions, {})",
                done.file.id,
                done.file.name,
                done.file.entries,
                if done.file.level == "block" {
                    "街区レベル"
                } else {
                    "大字・町丁目レベル"
                }
            );
            print_placement(&done.placement);
            print_check(&done.check);
            Ok(())
        }
        PositionsCommand::Summary { json } => {
            let roster = ctx.open()?;
            let placement = roster.placement()?;
            let files = roster.position_files()?;
            if json {
                return output::json(&serde_json::json!({
                    "placement": placement,
                    "files": files,
                }));
            }
            print_placement(&placement);
            for f in files {
                out!(
                    "{}\t{}\t{}\t{} positions\t{}",
                    f.id,
                    f.level,
                    f.name,
                    f.entries,
                    output::jst(&f.imported_at)
                );
            }
            Ok(())
        }
        PositionsCommand::Show { id, json } => {
            let p = ctx.open()?.position(id)?;
            if json {
                return output::json(&p);
            }
            match p {
                Some(p) => match (p.lon, p.lat) {
                    (Some(lon), Some(lat)) => {
                        out!("person {id}: {lon:.6}, {lat:.6} ({})", p.level.label());
                    }
                    _ => out!("person {id}: not placed ({})", p.level.label()),
                },
                None => out!("person {id}: not placed (no position file was imported)"),
            }
            Ok(())
        }
        PositionsCommand::Set { id, lon, lat } => {
            let check = ctx.open()?.set_position(id, LonLat { lon, lat })?;
            out!("person {id} placed by hand at {lon:.6}, {lat:.6}");
            print_check(&check);
            Ok(())
        }
        PositionsCommand::Reset { id } => {
            match ctx.open()?.reset_position(id)? {
                Some(p) if p.lon.is_some() => {
                    out!("person {id} placed from the address ({})", p.level.label());
                }
                _ => out!("person {id}: the address was not found; not placed"),
            }
            Ok(())
        }
    }
}

fn zones(ctx: &Context, cmd: ZonesCommand) -> Outcome {
    match cmd {
        ZonesCommand::Check { json } => {
            let check = ctx.open()?.check_zones()?;
            if json {
                return output::json(&check);
            }
            print_check(&check);
            Ok(())
        }
        ZonesCommand::List { json } => {
            let list = ctx.open()?.zone_changes()?;
            if json {
                return output::json(&list);
            }
            for c in list {
                let layers: Vec<String> = c
                    .layers
                    .iter()
                    .map(|l| format!("layer {} {} ({})", l.id, l.name, l.dated))
                    .collect();
                out!(
                    "change {}  person {} {}  {}: {} → {}  [{}]",
                    c.id,
                    c.person_id,
                    c.name,
                    c.kind.label(),
                    if c.old { "区域内" } else { "区域外" },
                    if c.new { "区域内" } else { "区域外" },
                    layers.join("; ")
                );
            }
            Ok(())
        }
        ZonesCommand::Accept { id, all } => {
            let mut roster = ctx.open()?;
            if all {
                let n = roster.accept_all_zone_changes()?;
                out!("accepted {n} zone changes");
                return Ok(());
            }
            let id = id.ok_or_else(|| fail(2, "give a change's id, or --all"))?;
            let c = roster.accept_zone_change(id)?;
            out!(
                "accepted change {id}: person {}'s {} is now {}",
                c.person_id,
                c.kind.label(),
                if c.new { "区域内" } else { "区域外" }
            );
            Ok(())
        }
        ZonesCommand::Reject { id } => {
            let c = ctx.open()?.reject_zone_change(id)?;
            out!("rejected change {id}; person {} is unchanged", c.person_id);
            Ok(())
        }
    }
}

fn person_line(p: &AreaPerson) -> String {
    let at = match (p.lon, p.lat) {
        (Some(lon), Some(lat)) => format!("{lon:.6},{lat:.6}"),
        _ => "-".to_string(),
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        p.person_id,
        p.name,
        p.district.as_deref().unwrap_or("-"),
        p.address,
        p.level.label(),
        at
    )
}

pub fn area(ctx: &Context, cmd: AreaCommand) -> Outcome {
    let AreaCommand::People {
        layers,
        geojson,
        districts,
        json,
    } = cmd;
    let shape = match geojson {
        Some(path) => {
            exists(&path)?;
            let bytes = yorisoi::map::read_limited(&path)?;
            AreaShape::Drawn(yorisoi::map::drawn_area(&bytes)?)
        }
        None => AreaShape::Layers(layers),
    };
    let people = ctx.open()?.people_in_area(&Area { shape, districts })?;
    if json {
        return output::json(&people);
    }
    out!("inside the area: {} people", people.inside.len());
    for p in &people.inside {
        out!("{}", person_line(p));
    }
    if !people.unplaced.is_empty() {
        out!(
            "not placed, so not known to be inside or outside: {} people — check them by hand",
            people.unplaced.len()
        );
        for p in &people.unplaced {
            out!("{}", person_line(p));
        }
    }
    Ok(())
}
