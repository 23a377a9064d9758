//! `map` and `area` (run in `crate::map`).

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum MapCommand {
    /// Hazard layers (浸水想定区域, 土砂災害警戒区域, 津波浸水想定) from the municipality's files
    #[command(subcommand)]
    Layer(LayerCommand),
    /// Where homes are: 位置参照情報 files, and positions set by hand
    #[command(subcommand)]
    Positions(PositionsCommand),
    /// Hazard zones the layers give that differ from a person's record: review them
    #[command(subcommand)]
    Zones(ZonesCommand),
}

#[derive(Debug, Subcommand)]
pub enum LayerCommand {
    /// Import a GeoJSON file, a Shapefile (.shp with its .dbf and .prj beside it) or a zip
    /// holding one; then everyone's zones are checked and each difference is kept to review
    Import {
        /// The file
        file: PathBuf,
        /// flood (浸水想定区域), landslide (土砂災害警戒区域) or tsunami (津波浸水想定区域)
        #[arg(long)]
        kind: String,
        /// 出典: where the data came from (e.g. 国土数値情報 洪水浸水想定区域 令和4年度)
        #[arg(long)]
        source: String,
        /// The data's date (YYYY-MM-DD)
        #[arg(long)]
        dated: String,
        #[arg(long)]
        json: bool,
    },
    /// Every layer, retired ones too
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop using a layer (a newer file replaces it); everyone's zones are checked again
    Retire {
        /// The layer's id
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum PositionsCommand {
    /// Import a 位置参照情報 CSV (街区レベル or 大字・町丁目レベル, Shift_JIS or UTF-8):
    /// everyone not placed by hand is placed again
    Import {
        /// The file
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// How many people are placed each way, and the files imported
    Summary {
        #[arg(long)]
        json: bool,
    },
    /// Where one person's home is
    Show {
        /// The person's id
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Set a person's position by hand (until their address changes)
    Set {
        /// The person's id
        id: i64,
        /// Longitude, degrees east (JGD2011)
        #[arg(long, allow_negative_numbers = true)]
        lon: f64,
        /// Latitude, degrees north (JGD2011)
        #[arg(long, allow_negative_numbers = true)]
        lat: f64,
    },
    /// Place a person from their address again (undo a position set by hand)
    Reset {
        /// The person's id
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum ZonesCommand {
    /// Check everyone's zones against the layers in use now
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Changes waiting for a decision (old → new, with the layers and their dates)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Accept a change (or every change waiting: --all); the person's zone is set
    Accept {
        /// The change's id
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        /// Accept every change waiting
        #[arg(long)]
        all: bool,
    },
    /// Reject a change: the record stays, and the same finding is not raised again
    Reject {
        /// The change's id
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum AreaCommand {
    /// Everyone whose home is inside an area (hazard layers or a GeoJSON file of the drawn
    /// area), and everyone who could not be placed, listed apart
    People {
        /// A hazard layer's id (repeatable): its areas
        #[arg(long = "layer", value_name = "ID", required_unless_present = "geojson")]
        layers: Vec<i64>,
        /// A GeoJSON file with the area's polygons (JGD2011 / WGS84 degrees)
        #[arg(long, value_name = "FILE", conflicts_with = "layers")]
        geojson: Option<PathBuf>,
        /// Only these 地区 (repeatable)
        #[arg(long = "district", value_name = "NAME")]
        districts: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}
