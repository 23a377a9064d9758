//! The stored form of an area: compact, little-endian, versioned.
//!
//! ```text
//! u8   version (1)
//! u32  polygons
//!   u32  rings (the first is the outer ring, the rest holes)
//!     u32  positions
//!       f64 longitude, f64 latitude   (each position)
//! ```
//!
//! [`decode`] checks every count against the bytes left before it makes room, so
//! truncated or damaged bytes are refused, never a panic or a huge allocation.

use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::error::GeoError;

/// The form's version byte.
const VERSION: u8 = 1;

/// The area as bytes. Rings are written as they are (geo-types keeps them closed).
pub fn encode(area: &MultiPolygon<f64>) -> Vec<u8> {
    let positions: usize = area
        .0
        .iter()
        .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    let mut out = Vec::with_capacity(1 + 4 + positions * 16 + area.0.len() * 12);
    out.push(VERSION);
    push_count(&mut out, area.0.len());
    for polygon in &area.0 {
        push_count(&mut out, 1 + polygon.interiors().len());
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            push_count(&mut out, ring.0.len());
            for c in &ring.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
    out
}

/// Counts beyond u32 cannot be written; no real area comes near (4 billion positions).
fn push_count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

/// The area from bytes written by [`encode`]. Refused: another version, bytes cut short
/// or left over, a count the bytes cannot hold, a polygon without its outer ring, a
/// number that is not finite.
pub fn decode(bytes: &[u8]) -> Result<MultiPolygon<f64>, GeoError> {
    let mut r = Reader { bytes, at: 0 };
    let version = r.take(1)?[0];
    if version != VERSION {
        return Err(GeoError::Stored(format!("unknown version {version}")));
    }
    // Each polygon needs at least its ring count (4 bytes), each ring its position count.
    let polygons = r.count(4)?;
    let mut out = Vec::with_capacity(polygons);
    for _ in 0..polygons {
        let rings = r.count(4)?;
        if rings == 0 {
            return Err(GeoError::Stored(
                "a polygon without its outer ring".to_string(),
            ));
        }
        let mut lines = Vec::with_capacity(rings);
        for _ in 0..rings {
            let n = r.count(16)?;
            let mut coords = Vec::with_capacity(n);
            for _ in 0..n {
                let x = r.f64()?;
                let y = r.f64()?;
                if !(x.is_finite() && y.is_finite()) {
                    return Err(GeoError::Stored(
                        "a position that is not a number".to_string(),
                    ));
                }
                coords.push(Coord { x, y });
            }
            lines.push(LineString(coords));
        }
        let exterior = lines.remove(0);
        out.push(Polygon::new(exterior, lines));
    }
    if r.at != bytes.len() {
        return Err(GeoError::Stored(format!(
            "{} bytes left over after the area",
            bytes.len() - r.at
        )));
    }
    Ok(MultiPolygon(out))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], GeoError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| GeoError::Stored(format!("cut short at byte {}", self.at)))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// A count of items of at least `each` bytes, refused if the bytes left cannot hold
    /// that many.
    fn count(&mut self, each: usize) -> Result<usize, GeoError> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        let n = u32::from_le_bytes(b) as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(each) > left {
            return Err(GeoError::Stored(format!(
                "a count of {n} at byte {} that the {left} bytes left cannot hold",
                self.at - 4
            )));
        }
        Ok(n)
    }

    fn f64(&mut self) -> Result<f64, GeoError> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(f64::from_le_bytes(b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    fn sample() -> MultiPolygon<f64> {
        let with_hole = polygon!(
            exterior: [(x: 139.0, y: 35.0), (x: 139.1, y: 35.0), (x: 139.1, y: 35.1), (x: 139.0, y: 35.1), (x: 139.0, y: 35.0)],
            interiors: [[(x: 139.02, y: 35.02), (x: 139.02, y: 35.04), (x: 139.04, y: 35.04), (x: 139.02, y: 35.02)]],
        );
        let plain = polygon![(x: 140.0, y: 36.0), (x: 140.5, y: 36.0), (x: 140.25, y: 36.5), (x: 140.0, y: 36.0)];
        MultiPolygon(vec![with_hole, plain])
    }

    #[test]
    fn round_trips_exactly() {
        let area = sample();
        let bytes = encode(&area);
        assert_eq!(bytes[0], VERSION);
        // 1 + 4 + (4 + 4 + 5*16 + 4 + 4*16) + (4 + 4 + 4*16)
        assert_eq!(bytes.len(), 1 + 4 + (4 + 4 + 80 + 4 + 64) + (4 + 4 + 64));
        assert_eq!(decode(&bytes).unwrap(), area);
        let empty = MultiPolygon::<f64>(vec![]);
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
    }

    #[test]
    fn refuses_every_truncation_and_extra_bytes() {
        let bytes = encode(&sample());
        for len in 0..bytes.len() {
            assert!(
                matches!(decode(&bytes[..len]), Err(GeoError::Stored(_))),
                "truncated to {len} bytes was accepted"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer)
            .unwrap_err()
            .to_string()
            .contains("left over"));
    }

    #[test]
    fn refuses_inconsistent_bytes() {
        let bytes = encode(&sample());
        let mut v = bytes.clone();
        v[0] = 2;
        assert!(decode(&v).unwrap_err().to_string().contains("version 2"));
        // A polygon count far beyond the bytes: refused before any allocation.
        let mut v = bytes.clone();
        v[1..5].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&v).unwrap_err().to_string().contains("cannot hold"));
        // A position count one too many.
        let mut v = bytes.clone();
        v[9..13].copy_from_slice(&6u32.to_le_bytes());
        assert!(decode(&v).is_err());
        // Zero rings.
        let mut v = bytes.clone();
        v[5..9].copy_from_slice(&0u32.to_le_bytes());
        assert!(decode(&v).unwrap_err().to_string().contains("outer ring"));
        // A NaN longitude.
        let mut v = bytes;
        v[13..21].copy_from_slice(&f64::NAN.to_le_bytes());
        assert!(decode(&v).unwrap_err().to_string().contains("not a number"));
        // Every byte flipped in turn: never a panic.
        let base = encode(&sample());
        for i in 0..base.len() {
            let mut v = base.clone();
            v[i] ^= 0xff;
            let _ = decode(&v);
        }
    }
}
