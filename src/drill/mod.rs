//! Safety-check drills (安否確認訓練), the work: creating a drill ([`session`]), entering
//! what the paper says ([`entry`], [`warnings`]), the live board ([`board`]) and the
//! report ([`report`]). What a result means and the arithmetic of the board are pure
//! rules in [`crate::model::drill`]; the tables are [`crate::store::drills`]; the check
//! sheets and the report's PDF are printed by [`crate::printing::drill`].

pub mod arrivals;
pub mod board;
pub mod entry;
mod reading;
pub mod report;
pub mod session;
pub mod warnings;

pub use crate::model::drill::*;
pub use crate::store::drills::{jst_instant, Drill, DrillSheet};
pub use arrivals::{
    barcode_number, ArrivalRecorded, ArrivalRequest, ArrivedElsewhere, Arriving, ShelterArrivals,
};
pub use board::{
    BoardPage, DistrictBoard, DistrictLimits, DrillBoard, SupporterContact, SupporterToCall,
    UnknownPerson,
};
pub use entry::{CheckRecorded, CheckRequest, DrillPerson};
pub use report::{DistrictReport, DrillCurve, DrillReport, NeverReached, SilentSupporter};
pub use session::{parse_check_time, NewDrill, DEFAULT_CONFIRM_TARGET, DEFAULT_WARN_TARGET};
pub use warnings::{DrillSupporter, WarnRequest};
