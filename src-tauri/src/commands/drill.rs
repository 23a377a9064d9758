//! Safety-check drills. Reading the board and the report shows names, so the core audits
//! them (any role may); creating drills, printing and entering results are for officers.
//! Sheets and reports are saved through the same dialog and private new-file writer as
//! every other print.

use chrono::{NaiveDate, NaiveTime};
use tauri::{AppHandle, State};
use yorisoi::drill::CheckStatus;
use yorisoi::drill::WarnRequest;
use yorisoi::drill::{ArrivalRequest, CheckRequest, NewDrill};
use yorisoi::model::wareki::parse_date;
use yorisoi::printing::drill::SheetRequest;

use crate::api::{
    DrillArrivalView, DrillArriveRequest, DrillBoardRequest, DrillBoardView, DrillCheckRequest,
    DrillId, DrillLessonsRequest, DrillNewRequest, DrillPersonRequest, DrillPersonView,
    DrillReportView, DrillRow, DrillSheetRequest, DrillSheetRow, DrillSupporterRow,
    DrillWarnRequest, PrintSummary,
};
use crate::commands::print::save_through_dialog;
use crate::error::IpcError;
use crate::state::AppState;

fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

#[tauri::command]
pub fn drills_list(state: State<'_, AppState>) -> Result<Vec<DrillRow>, IpcError> {
    let drills = state.read(|r| r.drills())?;
    Ok(drills.into_iter().rev().map(DrillRow::from).collect())
}

/// The core's request for a new drill, from what the form holds.
fn new_drill(req: &DrillNewRequest) -> Result<(NaiveDate, NaiveTime), IpcError> {
    let held_on =
        parse_date(req.held_on.trim()).map_err(|e| IpcError::invalid("held_on", &e.to_string()))?;
    let start = NaiveTime::parse_from_str(req.start.trim(), "%H:%M")
        .map_err(|_| IpcError::invalid("start", "a time of day as HH:MM (Japan time)"))?;
    Ok((held_on, start))
}

#[tauri::command]
pub fn drill_new(
    request: DrillNewRequest,
    state: State<'_, AppState>,
) -> Result<DrillRow, IpcError> {
    let (held_on, start) = new_drill(&request)?;
    let d = state.write(|r| {
        r.drill_new(&NewDrill {
            name: &request.name,
            held_on,
            scenario: &request.scenario,
            start,
            districts: &request.districts,
            targets: (request.warn_target_min, request.confirm_target_min),
            disaster: request.disaster,
        })
    })?;
    Ok(d.into())
}

#[tauri::command]
pub fn drill_sheets(
    request: DrillId,
    state: State<'_, AppState>,
) -> Result<Vec<DrillSheetRow>, IpcError> {
    let rows = state.read(|r| r.drill_sheets(request.id))?;
    Ok(rows.into_iter().map(DrillSheetRow::from).collect())
}

/// Prints one district's (自治会's, 班's) check sheet through the save dialog. `null`
/// when the officer cancelled.
#[tauri::command]
pub async fn drill_sheet_save(
    request: DrillSheetRequest,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintSummary>, IpcError> {
    let district = request.district.trim();
    if district.is_empty() {
        return Err(IpcError::invalid(
            "district",
            "choose a district of the drill",
        ));
    }
    let today = state.clock.today().to_string();
    let name = format!("安否確認シート_{district}_{today}.pdf");
    let req = SheetRequest {
        drill_id: request.drill_id,
        district,
        association: text(&request.association),
        block: text(&request.block),
        recipient_id: request.recipient_id,
        reprint_reason: text(&request.reprint_reason),
        password: request.password.as_deref().filter(|p| !p.is_empty()),
        unlocked_reason: text(&request.unlocked_reason),
    };
    save_through_dialog(
        &app,
        &state,
        &name,
        Box::new(|r, save| r.print_drill_sheet(&req, save)),
    )
}

/// Who a number from the sheet is (before a status is chosen).
#[tauri::command]
pub fn drill_person(
    request: DrillPersonRequest,
    state: State<'_, AppState>,
) -> Result<DrillPersonView, IpcError> {
    let p = state.read(|r| r.drill_person(request.drill_id, request.person_id))?;
    Ok(p.into())
}

/// The core's result entry from what the form holds (the time is read against the
/// drill's day).
fn check_status(token: &str) -> Result<CheckStatus, IpcError> {
    CheckStatus::from_token(token)
        .ok_or_else(|| IpcError::invalid("status", "safe, needs-help, not-home or unreached"))
}

/// Enters one result (or a correction) and returns the person with their history.
#[tauri::command]
pub fn drill_check(
    request: DrillCheckRequest,
    state: State<'_, AppState>,
) -> Result<DrillPersonView, IpcError> {
    let status = check_status(&request.status)?;
    let p = state.write(|r| {
        let at = text(&request.at)
            .map(|typed| r.drill_paper_time(request.drill_id, "at", typed))
            .transpose()?;
        r.drill_check(&CheckRequest {
            drill_id: request.drill_id,
            person_id: request.person_id,
            status,
            at,
            by: &request.by,
            note: &request.note,
            correct: request.correct,
        })?;
        r.drill_person(request.drill_id, request.person_id)
    })?;
    Ok(p.into())
}

/// Enters one arrival at a shelter (the barcode scanned from the person's sheet, or their
/// number): their result `safe`, and whether their plan names that shelter.
#[tauri::command]
pub fn drill_arrive(
    request: DrillArriveRequest,
    state: State<'_, AppState>,
) -> Result<DrillArrivalView, IpcError> {
    let who = request.who()?;
    let a = state.write(|r| {
        let at = text(&request.at)
            .map(|typed| r.drill_paper_time(request.drill_id, "at", typed))
            .transpose()?;
        r.drill_arrive(&ArrivalRequest {
            drill_id: request.drill_id,
            shelter_id: request.shelter_id,
            who,
            at,
            by: &request.by,
        })
    })?;
    Ok(a.into())
}

/// The drill's call list: the supporters to warn, not yet warned first.
#[tauri::command]
pub fn drill_supporters(
    request: DrillId,
    state: State<'_, AppState>,
) -> Result<Vec<DrillSupporterRow>, IpcError> {
    let rows = state.read(|r| r.drill_supporters(request.id))?;
    Ok(rows.into_iter().map(DrillSupporterRow::from).collect())
}

/// Enters one call to a supporter (or a correction) and returns the supporter's row.
#[tauri::command]
pub fn drill_warn(
    request: DrillWarnRequest,
    state: State<'_, AppState>,
) -> Result<DrillSupporterRow, IpcError> {
    let s = state.write(|r| {
        let at = text(&request.at)
            .map(|typed| r.drill_paper_time(request.drill_id, "at", typed))
            .transpose()?;
        r.drill_warn(&WarnRequest {
            drill_id: request.drill_id,
            supporter_id: request.supporter_id,
            reached: request.reached,
            at,
            by: &request.by,
            note: &request.note,
            correct: request.correct,
        })
    })?;
    Ok(s.into())
}

/// The live board (audited by the core: it shows names). It refreshes every minute by
/// itself, so reading it is a poll, not activity: the idle lock still applies.
#[tauri::command]
pub fn drill_board(
    request: DrillBoardRequest,
    state: State<'_, AppState>,
) -> Result<DrillBoardView, IpcError> {
    let page = request.page()?;
    Ok(state
        .poll(|r| r.drill_status_page(request.id, &page))?
        .into())
}

/// The report on screen (audited by the core).
#[tauri::command]
pub fn drill_report(
    request: DrillId,
    state: State<'_, AppState>,
) -> Result<DrillReportView, IpcError> {
    Ok(state.view(|r| r.drill_report(request.id))?.into())
}

#[tauri::command]
pub fn drill_lessons(
    request: DrillLessonsRequest,
    state: State<'_, AppState>,
) -> Result<DrillRow, IpcError> {
    Ok(state
        .write(|r| r.drill_lessons(request.id, &request.lessons))?
        .into())
}

/// Prints the report (the office's copy) through the save dialog; `null` when cancelled.
#[tauri::command]
pub async fn drill_report_save(
    request: DrillId,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintSummary>, IpcError> {
    let today = state.clock.today().to_string();
    save_through_dialog(
        &app,
        &state,
        &format!("安否確認訓練_報告_{today}.pdf"),
        Box::new(|r, save| r.print_drill_report(request.id, save)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_become_the_cores_requests() {
        let mut req = DrillNewRequest {
            name: "訓練".into(),
            held_on: "令和8年11月22日".into(),
            scenario: String::new(),
            start: "09:00".into(),
            districts: vec![],
            warn_target_min: 20,
            confirm_target_min: 90,
            disaster: false,
        };
        let (day, start) = new_drill(&req).expect("read");
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(start, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        req.start = "9時".into();
        assert!(new_drill(&req).is_err());
        req.start = "09:00".into();
        req.held_on = "いつか".into();
        assert!(new_drill(&req).is_err());
        assert_eq!(check_status("not-home").ok(), Some(CheckStatus::NotHome));
        assert!(check_status("maybe").is_err());
    }
}
