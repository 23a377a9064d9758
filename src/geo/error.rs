//! What can be wrong with a hazard file or a stored area. Each message says where (the
//! feature's index, the .shp record, the ring) and what to do. These files hold no
//! personal data; the messages still stay short.

/// A hazard file, or a stored area, that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeoError {
    /// The bytes are not JSON at all.
    #[error("the file is not JSON (line {line}, column {column}); choose a GeoJSON file (.geojson), or a shapefile")]
    NotJson {
        /// Line of the first fault, from 1.
        line: usize,
        /// Column of the first fault, from 1.
        column: usize,
    },
    /// JSON, but not GeoJSON.
    #[error("the file is JSON but not GeoJSON ({0}); export the layer again as GeoJSON")]
    NotGeoJson(String),
    /// A feature holds something other than an area (a point, a line).
    #[error("{at} is a {kind}, not an area: a hazard area file holds only polygons (Polygon, MultiPolygon); remove it, or export only the area layer")]
    NotAnArea {
        /// Where: `feature index 3`, `record 4 of the .shp`.
        at: String,
        /// The geometry type found (`Point`, `LineString`, `Point shapes`, ...).
        kind: String,
    },
    /// A file with no features at all.
    #[error("the file holds no areas (no features); choose the hazard layer's own file")]
    NoFeatures,
    /// A feature with no geometry (`"geometry": null`).
    #[error("{at} has no geometry (null); give it its area or remove it, then export again")]
    NoGeometry {
        /// Where.
        at: String,
    },
    /// A geometry with no polygon in it.
    #[error(
        "{at} has an empty geometry (no polygon); give it its area or remove it, then export again"
    )]
    EmptyArea {
        /// Where.
        at: String,
    },
    /// A ring that is not a ring: too few positions, not closed, a position with fewer
    /// than two numbers, a number that is not finite.
    #[error("{at}, ring {ring}: {problem}; correct the geometry in a GIS (QGIS: Vector → Geometry Tools → Check Validity) and export again")]
    BadRing {
        /// Where.
        at: String,
        /// Which ring: `2 of polygon 1` (from 1; ring 1 is the outer ring in GeoJSON).
        ring: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A hole (inner ring) of a shapefile polygon that lies in none of its outer rings.
    #[error("{at}, ring {ring} is a hole (counter-clockwise) that lies in none of the record's outer rings; correct the geometry in a GIS and export again")]
    StrayHole {
        /// Where.
        at: String,
        /// The ring's number in the record, from 1.
        ring: usize,
    },
    /// Coordinates that cannot be degrees where the coordinate system says degrees.
    #[error("{at} has the position ({x}, {y}), which is not longitude/latitude in degrees, yet {said}; export the file again with its coordinate system stated (JGD2011, EPSG:6668, or its plane rectangular zone)")]
    NotDegrees {
        /// Where.
        at: String,
        /// The first number of the position.
        x: f64,
        /// The second.
        y: f64,
        /// What the file says about its coordinates.
        said: String,
    },
    /// A coordinate system Yorisoi does not read.
    #[error("the file's coordinate system is {found}, which Yorisoi does not read; export it again in JGD2011 (longitude/latitude, EPSG:6668) or in a plane rectangular zone (EPSG:6669–6687)")]
    UnknownCrs {
        /// What the file says (an EPSG code, a WKT name).
        found: String,
    },
    /// The old Tokyo datum (旧日本測地系): positions hundreds of metres off today's.
    #[error("the file is in the old Tokyo datum (旧日本測地系: {found}), whose positions are about 400–500 m off today's; convert it to JGD2011 (e.g. QGIS with the GSI's TKY2JGD grid) and export again")]
    TokyoDatum {
        /// What the file says.
        found: String,
    },
    /// A shapefile without its .prj.
    #[error("the shapefile has no .prj, so its coordinate system is unknown; put the .prj that came with it beside the .shp (same name, ending .prj), or export the layer again from a GIS")]
    MissingPrj,
    /// A .prj that is not WKT.
    #[error("the .prj cannot be read ({0}); put the .prj that came with the shapefile beside it, or export the layer again")]
    BadPrj(String),
    /// A .shp that is not a shapefile, or whose header is damaged.
    #[error("the .shp is not a readable shapefile ({0}); copy it again from its source")]
    NotShapefile(String),
    /// A .shp damaged or cut short.
    #[error("the .shp is damaged or cut short at record {record} ({detail}); copy it again from its source")]
    ShpDamaged {
        /// The record (from 1, as the shapefile numbers them).
        record: usize,
        /// What the reader found.
        detail: String,
    },
    /// A null shape in a polygon shapefile.
    #[error("record {record} of the .shp has no shape (a null shape); give it its area or delete it, then export again")]
    NullShape {
        /// The record, from 1.
        record: usize,
    },
    /// A .dbf that cannot be read.
    #[error("the .dbf (the attributes) cannot be read ({0}); copy it again from its source")]
    BadDbf(String),
    /// A .dbf whose records do not match the .shp's.
    #[error("the .dbf has {dbf} records but the .shp has {shp} shapes; they are not the same layer: take both from the same export")]
    DbfCount {
        /// Shapes in the .shp.
        shp: usize,
        /// Records in the .dbf.
        dbf: usize,
    },
    /// A .cpg naming an encoding Yorisoi does not know.
    #[error("the .cpg says the attributes are in {0}, an encoding Yorisoi does not read; export them in UTF-8 or Shift_JIS")]
    UnknownEncoding(String),
    /// Not a ZIP archive.
    #[error("the file is not a readable ZIP archive ({0}); choose the .zip as downloaded, or unpack it and choose the .shp")]
    NotZip(String),
    /// A ZIP whose chosen files unpack to more than the limit.
    #[error(
        "the ZIP unpacks to more than {limit_mib} MiB; unpack it yourself and choose the .shp"
    )]
    ZipTooBig {
        /// The limit, MiB.
        limit_mib: u64,
    },
    /// No shapefile in the ZIP.
    #[error(
        "the ZIP holds no shapefile (.shp); choose the hazard data's ZIP, or its .shp or .geojson"
    )]
    ZipNoShapefile,
    /// Several shapefiles in the ZIP and none chosen.
    #[error("the ZIP holds {} shapefiles ({}); choose one of them (or unpack the ZIP and choose its .shp)", .0.len(), .0.join(", "))]
    ZipSeveralShapefiles(Vec<String>),
    /// The chosen shapefile is not in the ZIP.
    #[error("the ZIP has no {0}; choose one of the shapefiles it lists")]
    ZipNoSuchShapefile(String),
    /// A part of the ZIP cannot be unpacked.
    #[error("{name} in the ZIP cannot be unpacked ({detail}); download the ZIP again")]
    ZipEntry {
        /// The part's name in the ZIP.
        name: String,
        /// What went wrong.
        detail: String,
    },
    /// A plane coordinate the projection cannot turn into longitude/latitude.
    #[error("{at}: the position ({x}, {y}) cannot be converted from {crs} ({detail}); check that the file's coordinate system is right")]
    Projection {
        /// Where.
        at: String,
        /// Easting as stored.
        x: f64,
        /// Northing as stored.
        y: f64,
        /// The coordinate system's label.
        crs: String,
        /// The projection's reason.
        detail: String,
    },
    /// A stored area's bytes are damaged.
    #[error("a stored area is damaged ({0}); import its hazard layer again")]
    Stored(String),
}

/// The place of a feature in a GeoJSON file, for messages.
pub(crate) fn feature_at(index: usize) -> String {
    format!("feature index {index}")
}

/// The place of a record in a .shp, for messages (records count from 1, as the shapefile
/// numbers them).
pub(crate) fn record_at(record: usize) -> String {
    format!("record {record} of the .shp")
}

impl From<GeoError> for crate::error::Error {
    /// A damaged stored area is an integrity fault of the roster; everything else is a
    /// file the user chose, refused as invalid input (field `file`).
    fn from(e: GeoError) -> Self {
        match e {
            GeoError::Stored(_) => crate::error::Error::Integrity(e.to_string()),
            other => crate::error::Error::invalid("file", other.to_string()),
        }
    }
}
