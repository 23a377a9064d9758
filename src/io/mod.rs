//! Import and export files: reading CSV/XLSX in the encodings municipal systems write,
//! mapping their columns, and rendering exports. Pure: no roster, no disk.

pub mod columns;
pub mod export;
pub mod limits;
pub mod mapping;
pub mod shelters;
pub mod table;
pub(crate) mod xlsx;

pub use columns::Column;
pub use export::{ExportEncoding, Profile};
pub use limits::Limits;
pub use mapping::Mapping;
pub use table::{Format, Table, TextEncoding};
