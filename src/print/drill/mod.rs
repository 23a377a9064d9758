//! Drill documents: the check sheet a block leader carries door to door (tick boxes for
//! 無事 / 要支援 / 不在 / 未確認, a time and "checked by" column), and the drill report with
//! a chart of confirmation over time drawn in lines and rectangles.
//!
//! `sheet` lays out the check sheet, `report` the report.

mod report;
mod sheet;

pub use report::{ChartSeries, ReportDoc, ReportLine, ReportTable};
pub use sheet::{CheckSheet, SheetRow};
