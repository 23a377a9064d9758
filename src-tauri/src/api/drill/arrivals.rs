//! Arrivals at shelters (避難先への到着): one arrival entered by the barcode scanned from
//! the person's sheet or by their number, and per shelter who was expected there, who
//! arrived and who went elsewhere than planned (the board and the report show it).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use yorisoi::drill::{ArrivalRecorded, ArrivedElsewhere, Arriving, ShelterArrivals};

use crate::error::IpcError;

use super::session::count;

/// One arrival to enter: who (the barcode scanned from their plan or check sheet, or
/// their number; exactly one of the two) arrived at which shelter of the registry.
#[derive(Debug, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DrillArriveRequest {
    #[ts(type = "number")]
    pub drill_id: i64,
    #[ts(type = "number")]
    pub shelter_id: i64,
    /// The digits a scanner typed (zero-padded); `null` when `person_id` is given.
    pub barcode: Option<String>,
    /// The person's number; `null` when `barcode` is given.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// As written on the paper (`HH:MM`, `HHMM`, …); `null` or empty: now.
    pub at: Option<String>,
    /// Who received them.
    pub by: String,
}

impl DrillArriveRequest {
    /// Who arrived, as the core reads it.
    pub fn who(&self) -> Result<Arriving<'_>, IpcError> {
        let barcode = self
            .barcode
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty());
        match (barcode, self.person_id) {
            (Some(code), None) => Ok(Arriving::Barcode(code)),
            (None, Some(id)) => Ok(Arriving::Person(id)),
            (None, None) => Err(IpcError::invalid(
                "barcode",
                "scan the barcode on the sheet or type the person's number",
            )),
            (Some(_), Some(_)) => Err(IpcError::invalid(
                "barcode",
                "give the barcode or the person's number, not both",
            )),
        }
    }
}

/// What an arrival did: who it was (for the receiving desk to confirm), and whether their
/// plan names this shelter.
#[derive(Debug, Serialize, TS)]
pub struct DrillArrivalView {
    #[ts(type = "number")]
    pub arrival_id: i64,
    /// The `safe` result it entered.
    #[ts(type = "number")]
    pub check_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// 氏名.
    pub name: String,
    /// Their plan names this shelter.
    pub planned: bool,
    /// The shelters their plan names (when it is not this one).
    pub planned_shelters: Vec<String>,
}

impl From<ArrivalRecorded> for DrillArrivalView {
    fn from(a: ArrivalRecorded) -> Self {
        DrillArrivalView {
            arrival_id: a.arrival_id,
            check_id: a.check_id,
            person_id: a.person_id,
            name: a.name,
            planned: a.planned,
            planned_shelters: a.planned_shelters,
        }
    }
}

/// Someone who arrived at a shelter their plan does not name.
#[derive(Debug, Serialize, TS)]
pub struct ArrivedElsewhereView {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    /// When (RFC 3339 UTC).
    pub arrived_at: String,
}

impl From<ArrivedElsewhere> for ArrivedElsewhereView {
    fn from(e: ArrivedElsewhere) -> Self {
        ArrivedElsewhereView {
            person_id: e.person_id,
            name: e.name,
            arrived_at: e.arrived_at,
        }
    }
}

/// One shelter in a drill: who was expected, who arrived, and its capacity.
#[derive(Debug, Serialize, TS)]
pub struct ShelterArrivalsView {
    #[ts(type = "number")]
    pub shelter_id: i64,
    pub name: String,
    /// 想定収容人数 / 受入可能人数.
    pub capacity: Option<u32>,
    /// The people on the drill's sheets whose plans name it.
    pub expected: u32,
    /// The people who arrived there (each counted at their latest arrival).
    pub arrived: u32,
    /// Of those, the ones whose plans do not name it.
    pub elsewhere: Vec<ArrivedElsewhereView>,
}

impl From<ShelterArrivals> for ShelterArrivalsView {
    fn from(s: ShelterArrivals) -> Self {
        ShelterArrivalsView {
            shelter_id: s.shelter_id,
            name: s.name,
            capacity: s.capacity,
            expected: count(s.expected),
            arrived: count(s.arrived),
            elsewhere: s
                .elsewhere
                .into_iter()
                .map(ArrivedElsewhereView::from)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(barcode: Option<&str>, person_id: Option<i64>) -> DrillArriveRequest {
        DrillArriveRequest {
            drill_id: 1,
            shelter_id: 2,
            barcode: barcode.map(str::to_owned),
            person_id,
            at: None,
            by: "受付".into(),
        }
    }

    #[test]
    fn an_arrival_is_a_barcode_or_a_number_but_not_both() {
        assert_eq!(
            request(Some(" 0042 "), None).who().unwrap(),
            Arriving::Barcode("0042")
        );
        assert_eq!(request(None, Some(42)).who().unwrap(), Arriving::Person(42));
        assert_eq!(
            request(Some("  "), Some(42)).who().unwrap(),
            Arriving::Person(42)
        );
        for (barcode, person) in [(None, None), (Some(""), None), (Some("0042"), Some(42))] {
            let e = request(barcode, person).who().unwrap_err();
            assert_eq!(e.field.as_deref(), Some("barcode"), "{e:?}");
        }
    }
}
