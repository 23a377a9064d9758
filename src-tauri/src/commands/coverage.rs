//! 作成状況 (#21): the figures of the 個別避難計画 for the home screen, and their one-page
//! report, saved through the same dialog and private new-file writer as every print.

use tauri::{AppHandle, State};

use crate::api::{CoverageView, PrintSummary};
use crate::commands::print::save_through_dialog;
use crate::error::IpcError;
use crate::state::AppState;

/// The figures, counted now (off the window's thread: the whole roster is read).
#[tauri::command]
pub async fn plan_coverage(state: State<'_, AppState>) -> Result<CoverageView, IpcError> {
    Ok(state.read(|r| r.plan_coverage())?.into())
}

/// The report's file name, dated the day it is counted.
fn report_name(today: chrono::NaiveDate) -> String {
    format!("個別避難計画作成状況_{}.pdf", today.format("%Y-%m-%d"))
}

/// Writes the one-page report (PDF) through the save dialog; `null` when the officer
/// cancelled. Audited `print.coverage` by the core.
#[tauri::command]
pub async fn coverage_save(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintSummary>, IpcError> {
    let name = report_name(state.clock.today());
    save_through_dialog(
        &app,
        &state,
        &name,
        Box::new(|r, save| r.print_coverage(save)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::state::tests::open_state;
    use yorisoi::model::account::Role;

    // A viewer reads the figures: an empty roster has nobody left, so it is done this
    // 年度. Saving the report is a print, refused to a viewer by the window's mirror.
    #[test]
    fn a_viewer_reads_the_figures_of_an_empty_roster() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Viewer, dir.path());
        let view: CoverageView = state
            .read(|r| r.plan_coverage())
            .expect("the figures")
            .into();
        assert_eq!(view.total.people, 0);
        assert_eq!(view.by_priority.len(), 3);
        assert_eq!(view.high_remaining, 0);
        assert!(view.high_all_by.is_some(), "nothing is left to do");
        assert_eq!(
            state.role().expect("a role").map(Role::can_write),
            Some(false)
        );
        let err = state
            .write(|r| r.plan_coverage())
            .expect_err("a viewer writes nothing");
        assert_eq!(err.code, ErrorCode::Forbidden);
    }

    #[test]
    fn the_report_is_named_by_its_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a day");
        assert_eq!(report_name(day), "個別避難計画作成状況_2026-12-07.pdf");
    }
}
