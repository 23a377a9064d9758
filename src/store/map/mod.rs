//! What the map keeps in the roster: hazard layers and their areas, the 位置参照情報
//! positions, where each person's home is, and the hazard zones to review.

pub(crate) mod directory;
pub(crate) mod homes;
pub(crate) mod layers;
pub(crate) mod points;
pub(crate) mod positions;
pub(crate) mod zones;

use rusqlite::Connection;

use crate::error::Result;

/// Places the homes a write made `pending` (people added, addresses changed) and checks
/// their hazard zones, before the write commits.
pub(crate) fn place_before_commit(conn: &Connection, at: &str, by: &str) -> Result<()> {
    let (_, placed) = positions::place_pending(conn, at, by)?;
    if !placed.is_empty() {
        zones::check(conn, Some(&placed), at)?;
    }
    Ok(())
}
