//! Reading the officer's files from disk: a hazard file (GeoJSON, a Shapefile with the
//! files beside it, or the zip 国土数値情報 hands out) and a 位置参照情報 CSV.

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::limits::MAX_FILE_BYTES;

/// A hazard file as read from disk, before it is parsed.
#[derive(Debug)]
pub enum HazardSource {
    /// A GeoJSON file.
    GeoJson(Vec<u8>),
    /// A Shapefile: the .shp and the files of the same name beside it.
    Shapefile {
        /// The .shp.
        shp: Vec<u8>,
        /// The .dbf (attributes), if there.
        dbf: Option<Vec<u8>>,
        /// The .prj (coordinate system), if there.
        prj: Option<Vec<u8>>,
        /// The .cpg (the .dbf's encoding), if there.
        cpg: Option<Vec<u8>>,
    },
    /// A zip holding one Shapefile.
    Zip(Vec<u8>),
}

/// Reads a file the officer chose, refusing one larger than the import limit.
pub fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        context: "cannot read the file",
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "the file is {} MiB, over the limit of {} MiB",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path).map_err(|source| Error::Io {
        context: "cannot read the file",
        path: path.to_path_buf(),
        source,
    })
}

/// The sibling of `path` with extension `ext`, in either case, if it exists.
fn sibling(path: &Path, ext: &str) -> Result<Option<Vec<u8>>> {
    for e in [ext.to_ascii_lowercase(), ext.to_ascii_uppercase()] {
        let p = path.with_extension(&e);
        if p.is_file() {
            return read_limited(&p).map(Some);
        }
    }
    Ok(None)
}

impl HazardSource {
    /// Reads a hazard file by its extension: `.geojson` / `.json`, `.shp` (with the
    /// `.dbf`, `.prj` and `.cpg` beside it) or `.zip`.
    pub fn read(path: &Path) -> Result<HazardSource> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        match ext.as_str() {
            "geojson" | "json" => Ok(HazardSource::GeoJson(read_limited(path)?)),
            "zip" => Ok(HazardSource::Zip(read_limited(path)?)),
            "shp" => Ok(HazardSource::Shapefile {
                shp: read_limited(path)?,
                dbf: sibling(path, "dbf")?,
                prj: sibling(path, "prj")?,
                cpg: sibling(path, "cpg")?,
            }),
            _ => Err(Error::invalid(
                "file",
                "a hazard file must be GeoJSON (.geojson, .json), a Shapefile (.shp with its .dbf and .prj beside it) or a zip holding one",
            )),
        }
    }

    /// The SHA-256 of the main file, for the record.
    pub(crate) fn sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        let bytes = match self {
            HazardSource::GeoJson(b) | HazardSource::Zip(b) => b,
            HazardSource::Shapefile { shp, .. } => shp,
        };
        hex::encode(Sha256::digest(bytes))
    }

    /// Parses the file into areas in JGD2011 degrees.
    pub(crate) fn parse(&self) -> Result<crate::geo::HazardFile> {
        let parsed = match self {
            HazardSource::GeoJson(b) => crate::geo::read_geojson(b),
            HazardSource::Zip(b) => crate::geo::read_shapefile_zip(b, None),
            HazardSource::Shapefile { shp, dbf, prj, cpg } => {
                crate::geo::read_shapefile(shp, dbf.as_deref(), prj.as_deref(), cpg.as_deref())
            }
        };
        Ok(parsed?)
    }
}
