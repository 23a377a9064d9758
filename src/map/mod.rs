//! Where people live: the roster's operations on hazard layers, the positions of homes,
//! the hazard zones those give (never changed without an officer's decision) and the
//! people inside an alert area. Each write validates first, then changes and audits in one
//! transaction.

mod area;
mod files;
mod view;

pub use area::{drawn_area, Area, AreaFilter, AreaShape};
pub use files::{read_limited, HazardSource};
pub use view::{
    drawn_polygon, LayerOutline, MapColouring, MapPoints, PointClass, HIGH_FROM, MEDIUM_FROM,
};

use crate::error::{Error, Result};
use crate::geo::LonLat;
use crate::model::map::{
    HazardLayer, Placement, Position, PositionFileRecord, ZoneChange, ZoneCheck,
};
use crate::model::validate::normalise_person;
use crate::model::HazardKind;
use crate::store::map::{layers, positions, zones};
use crate::store::{persons, Roster};

/// A hazard file to import, and what it is.
#[derive(Debug)]
pub struct LayerImport<'a> {
    /// The file, as read.
    pub source: &'a HazardSource,
    /// The file's name (shown in lists and on changes).
    pub name: &'a str,
    /// What kind of hazard area it holds.
    pub kind: HazardKind,
    /// 出典: where the data came from (e.g. 国土数値情報 洪水浸水想定区域 令和4年度).
    pub origin: &'a str,
    /// The data's date (ISO).
    pub dated: &'a str,
}

/// What importing a hazard layer did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LayerImported {
    /// The new layer.
    pub layer: HazardLayer,
    /// The zones checked against it and the other layers in use.
    pub check: ZoneCheck,
}

/// What importing a position file did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PositionsImported {
    /// The file's record.
    pub file: PositionFileRecord,
    /// Everyone's placement after it.
    pub placement: Placement,
    /// The zones checked for the people placed.
    pub check: ZoneCheck,
}

/// Japan's extent, roughly: a position outside it is a mistake (swapped or in metres).
fn check_in_japan(p: LonLat) -> Result<()> {
    let in_japan = (122.0..=154.0).contains(&p.lon) && (20.0..=46.0).contains(&p.lat);
    if !in_japan {
        return Err(Error::invalid(
            "position",
            format!(
                "{:.6}, {:.6} is not in Japan: give the longitude (122–154) then the latitude (20–46) in degrees",
                p.lon, p.lat
            ),
        ));
    }
    Ok(())
}

impl Roster {
    /// Imports a hazard file as a new layer, then checks everyone's zones against the
    /// layers in use: every difference becomes a change to review, nothing else changes.
    pub fn import_hazard_layer(&mut self, req: &LayerImport<'_>) -> Result<LayerImported> {
        self.require_writer("import hazard layers")?;
        let origin = req.origin.trim();
        if origin.is_empty() {
            return Err(Error::invalid(
                "source",
                "say where the data came from (出典), e.g. 国土数値情報 洪水浸水想定区域 令和4年度",
            ));
        }
        crate::model::validate::parse_date_field("dated", req.dated)?;
        let file = req.source.parse()?;
        if file.features.is_empty() {
            return Err(Error::invalid("file", "the file holds no areas"));
        }
        let areas: Vec<_> = file.features.into_iter().map(|f| f.area).collect();
        let sha = req.source.sha256();
        let crs = file.crs.label();
        self.write(|tx| {
            let at = tx.stamp();
            let id = layers::insert(
                tx.conn(),
                &layers::NewLayer {
                    kind: req.kind,
                    name: req.name,
                    source: origin,
                    dated: req.dated,
                    crs: &crs,
                    file_sha256: &sha,
                    areas: &areas,
                    at: &at,
                    by: tx.account(),
                },
            )?;
            let check = zones::check(tx.conn(), None, &at)?;
            tx.audit(
                "hazard.import",
                "hazard_layer",
                Some(id),
                &format!(
                    "kind={} features={} sha256={sha} changes={}",
                    req.kind.token(),
                    areas.len(),
                    check.new_changes
                ),
            )?;
            Ok(LayerImported {
                layer: layers::get(tx.conn(), id)?,
                check,
            })
        })
    }

    /// Every hazard layer, retired ones too, by id.
    pub fn hazard_layers(&self) -> Result<Vec<HazardLayer>> {
        layers::list(self.conn())
    }

    /// Retires layer `id` (a newer file replaces it, or it was wrong): it is no longer used,
    /// and everyone's zones are checked again without it.
    pub fn retire_hazard_layer(&mut self, id: i64) -> Result<ZoneCheck> {
        self.require_writer("retire hazard layers")?;
        let layer = layers::get(self.conn(), id)?;
        if layer.retired_at.is_some() {
            return Err(Error::invalid("id", "this layer is already retired"));
        }
        self.write(|tx| {
            let at = tx.stamp();
            layers::retire(tx.conn(), id, &at, tx.account())?;
            let check = zones::check(tx.conn(), None, &at)?;
            tx.audit(
                "hazard.retire",
                "hazard_layer",
                Some(id),
                &format!("changes={}", check.new_changes),
            )?;
            Ok(check)
        })
    }

    /// Imports a 位置参照情報 CSV (街区レベル or 大字・町丁目レベル): its positions are
    /// added, everyone not placed by hand is placed again, and their zones checked.
    pub fn import_positions(&mut self, bytes: &[u8], name: &str) -> Result<PositionsImported> {
        self.require_writer("import address positions")?;
        let file = crate::geo::gazetteer::read_position_reference(bytes)?;
        if file.entries.is_empty() {
            return Err(Error::invalid("file", "the file holds no positions"));
        }
        let sha = {
            use sha2::{Digest, Sha256};
            hex::encode(Sha256::digest(bytes))
        };
        self.write(|tx| {
            let at = tx.stamp();
            let id = positions::insert_file(
                tx.conn(),
                file.level,
                name,
                &sha,
                &file.entries,
                &at,
                tx.account(),
            )?;
            positions::mark_all_pending(tx.conn())?;
            let (_, placed) = positions::place_pending(tx.conn(), &at, tx.account())?;
            let check = zones::check(tx.conn(), Some(&placed), &at)?;
            let placement = positions::counts(tx.conn())?;
            tx.audit(
                "positions.import",
                "position_file",
                Some(id),
                &format!(
                    "entries={} sha256={sha} block={} town={} manual={} unplaced={}",
                    file.entries.len(),
                    placement.block,
                    placement.town,
                    placement.manual,
                    placement.unplaced
                ),
            )?;
            let file = positions::files(tx.conn())?
                .into_iter()
                .find(|f| f.id == id)
                .ok_or(Error::NotFound {
                    what: "position file",
                    id,
                })?;
            Ok(PositionsImported {
                file,
                placement,
                check,
            })
        })
    }

    /// The imported position files, by id.
    pub fn position_files(&self) -> Result<Vec<PositionFileRecord>> {
        positions::files(self.conn())
    }

    /// How many people (not archived) are placed each way.
    pub fn placement(&self) -> Result<Placement> {
        positions::counts(self.conn())
    }

    /// Where person `id`'s home is (`None`: never placed).
    pub fn position(&self, id: i64) -> Result<Option<Position>> {
        persons::ensure_exists(self.conn(), id)?;
        positions::get(self.conn(), id)
    }

    /// Sets person `id`'s position by hand (an unmatched or wrongly matched home); their
    /// zones are checked at once. It stays until their address changes.
    pub fn set_position(&mut self, id: i64, at_point: LonLat) -> Result<ZoneCheck> {
        self.require_writer("set positions")?;
        check_in_japan(at_point)?;
        persons::ensure_exists(self.conn(), id)?;
        self.write(|tx| {
            let at = tx.stamp();
            positions::set_manual(tx.conn(), id, at_point, &at, tx.account())?;
            let check = zones::check(tx.conn(), Some(&[(id, at_point)]), &at)?;
            tx.audit("position.set", "person", Some(id), "level=manual")?;
            Ok(check)
        })
    }

    /// Places person `id` from their address again (undoes a position set by hand).
    pub fn reset_position(&mut self, id: i64) -> Result<Option<Position>> {
        self.require_writer("set positions")?;
        persons::ensure_exists(self.conn(), id)?;
        self.write(|tx| {
            positions::mark_pending(tx.conn(), id)?;
            tx.audit("position.reset", "person", Some(id), "")
        })?;
        positions::get(self.conn(), id)
    }

    /// Checks everyone's hazard zones against the layers in use (after positions were set
    /// by hand, say): every difference becomes a change to review.
    pub fn check_zones(&mut self) -> Result<ZoneCheck> {
        self.require_writer("check hazard zones")?;
        self.write(|tx| {
            let check = zones::check(tx.conn(), None, &tx.stamp())?;
            tx.audit(
                "zone.check",
                "zone_change",
                None,
                &format!("checked={} changes={}", check.checked, check.new_changes),
            )?;
            Ok(check)
        })
    }

    /// Zone changes waiting for a decision, oldest first.
    pub fn zone_changes(&self) -> Result<Vec<ZoneChange>> {
        zones::pending(self.conn())
    }

    /// Accepts zone change `id`: the person's zone is set (it must still hold the old
    /// value, else the record changed since and the change is refused).
    pub fn accept_zone_change(&mut self, id: i64) -> Result<ZoneChange> {
        self.require_writer("change hazard zones")?;
        let today = self.clock().today();
        self.write(|tx| accept_one(tx, id, today))?;
        zones::get(self.conn(), id)
    }

    /// Accepts every zone change waiting, in one transaction; returns how many.
    pub fn accept_all_zone_changes(&mut self) -> Result<usize> {
        self.require_writer("change hazard zones")?;
        let today = self.clock().today();
        let ids: Vec<i64> = zones::pending(self.conn())?.iter().map(|c| c.id).collect();
        self.write(|tx| {
            for id in &ids {
                accept_one(tx, *id, today)?;
            }
            Ok(ids.len())
        })
    }

    /// Rejects zone change `id`: the record stays; the same finding from the same layers is
    /// not raised again.
    pub fn reject_zone_change(&mut self, id: i64) -> Result<ZoneChange> {
        self.require_writer("change hazard zones")?;
        let c = zones::get(self.conn(), id)?;
        if c.status != "pending" {
            return Err(Error::invalid(
                "id",
                format!("this change was already {}", c.status),
            ));
        }
        self.write(|tx| {
            zones::decide(tx.conn(), id, "rejected", &tx.stamp(), tx.account())?;
            tx.audit(
                "zone.reject",
                "zone_change",
                Some(id),
                &format!("person={} kind={}", c.person_id, c.kind.token()),
            )
        })?;
        zones::get(self.conn(), id)
    }
}

fn accept_one(tx: &mut crate::store::Tx<'_>, id: i64, today: chrono::NaiveDate) -> Result<()> {
    let c = zones::get(tx.conn(), id)?;
    if c.status != "pending" {
        return Err(Error::invalid(
            "id",
            format!("this change was already {}", c.status),
        ));
    }
    let mut person = persons::load(tx.conn(), c.person_id)?;
    let zone = match c.kind {
        HazardKind::Flood => &mut person.hazard_zones.flood,
        HazardKind::Landslide => &mut person.hazard_zones.landslide,
        HazardKind::Tsunami => &mut person.hazard_zones.tsunami,
    };
    if *zone != c.old {
        return Err(Error::invalid(
            "id",
            format!(
                "person {}'s {} changed after the check; reject this change and check the zones again",
                c.person_id,
                c.kind.label()
            ),
        ));
    }
    *zone = c.new;
    normalise_person(&mut person, today)?;
    persons::update(tx.conn(), c.person_id, &person, tx.now())?;
    zones::decide(tx.conn(), id, "accepted", &tx.stamp(), tx.account())?;
    tx.audit(
        "zone.accept",
        "zone_change",
        Some(id),
        &format!(
            "person={} kind={} new={}",
            c.person_id,
            c.kind.token(),
            u8::from(c.new)
        ),
    )
}
