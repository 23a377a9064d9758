//! Plans commissioned to care offices (委託), the plans due for review (要見直し) and the
//! month's claim list. Anyone may read them; the core refuses a viewer's steps. The claim
//! list is saved through the same dialog and private new-file writer as every print.

use tauri::{AppHandle, State};
use yorisoi::commissions::claims::month_bounds;
use yorisoi::commissions::CommissionFilter;
use yorisoi::model::commission::{fiscal_year, CommissionStatus, CommissionStep, NewCommission};
use yorisoi::model::wareki::parse_date;
use yorisoi::printing::ClaimsFormat;

use crate::api::{
    ClaimsRequest, ClaimsSaveRequest, ClaimsView, CommissionNewRequest, CommissionQuery,
    CommissionRow, CommissionStepRequest, FeeTableRequest, FeeTableView, OfficeRow, PlanDueRow,
    PrintSummary,
};
use crate::commands::print::save_through_dialog;
use crate::error::IpcError;
use crate::state::AppState;

fn text(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

fn status(field: &str, token: &str) -> Result<CommissionStatus, IpcError> {
    CommissionStatus::from_token(token)
        .ok_or_else(|| IpcError::invalid(field, "not one of the offered choices"))
}

/// The core's filter from what the page chose.
fn filter(q: &CommissionQuery) -> Result<CommissionFilter, IpcError> {
    Ok(CommissionFilter {
        statuses: q
            .statuses
            .iter()
            .map(|s| status("statuses", s))
            .collect::<Result<_, _>>()?,
        office: q.office_id,
        person: q.person_id,
        overdue_only: q.overdue_only,
        ..CommissionFilter::default()
    })
}

/// The month as the core reads it (`2026-11`), so that nothing else reaches a file name.
fn month(typed: &str) -> Result<String, IpcError> {
    let (first, _) = month_bounds(typed)?;
    Ok(first.format("%Y-%m").to_string())
}

fn claims_format(token: &str) -> Result<(ClaimsFormat, &'static str), IpcError> {
    match token {
        "pdf" => Ok((ClaimsFormat::Pdf, "pdf")),
        "csv" => Ok((ClaimsFormat::Csv, "csv")),
        _ => Err(IpcError::invalid("format", "pdf or csv")),
    }
}

#[tauri::command]
pub fn offices_list(state: State<'_, AppState>) -> Result<Vec<OfficeRow>, IpcError> {
    let rows = state.read(|r| r.offices())?;
    Ok(rows.into_iter().map(OfficeRow::from).collect())
}

#[tauri::command]
pub fn commissions_list(
    request: CommissionQuery,
    state: State<'_, AppState>,
) -> Result<Vec<CommissionRow>, IpcError> {
    let filter = filter(&request)?;
    let rows = state.read(|r| r.commissions(&filter))?;
    Ok(rows.into_iter().map(CommissionRow::from).collect())
}

/// Commissions a person's plan (audited by the core, which refuses it without the
/// plan-creation consent).
#[tauri::command]
pub fn commission_new(
    request: CommissionNewRequest,
    state: State<'_, AppState>,
) -> Result<CommissionRow, IpcError> {
    let c = state.write(|r| {
        r.new_commission(&NewCommission {
            person_id: request.person_id,
            office_id: request.office_id,
            specialist_id: request.specialist_id,
            on: text(&request.on),
            note: &request.note,
        })
    })?;
    Ok(c.into())
}

/// Moves a commission one step (audited; an approval fixes its fees).
#[tauri::command]
pub fn commission_step(
    request: CommissionStepRequest,
    state: State<'_, AppState>,
) -> Result<CommissionRow, IpcError> {
    let to = status("to", &request.to)?;
    let c = state.write(|r| {
        r.step_commission(
            request.id,
            &CommissionStep {
                to,
                on: text(&request.on),
                reason: &request.reason,
                fee: request.fee.as_deref().and_then(text),
                extras: &request.extras,
            },
        )
    })?;
    Ok(c.into())
}

/// The fee table of the 年度 of a day (the approval form offers its items).
#[tauri::command]
pub fn fee_table_get(
    request: FeeTableRequest,
    state: State<'_, AppState>,
) -> Result<FeeTableView, IpcError> {
    let day = match text(&request.on) {
        None => state.clock.today(),
        Some(s) => parse_date(s).map_err(|e| IpcError::invalid("on", &e.to_string()))?,
    };
    let year = fiscal_year(day);
    let table = state.read(|r| r.fee_table(year))?;
    Ok(FeeTableView::of(year, table))
}

/// The 要見直し worklist.
#[tauri::command]
pub fn plans_due(state: State<'_, AppState>) -> Result<Vec<PlanDueRow>, IpcError> {
    let rows = state.read(|r| r.plans_due())?;
    Ok(rows.into_iter().map(PlanDueRow::from).collect())
}

/// The month's claim list, counted, before it is written.
#[tauri::command]
pub fn claims_view(
    request: ClaimsRequest,
    state: State<'_, AppState>,
) -> Result<ClaimsView, IpcError> {
    Ok(state
        .read(|r| r.claims(&request.month, request.office_id))?
        .into())
}

/// Writes the month's claim list (PDF or CSV) through the save dialog; `null` when the
/// officer cancelled. Audited `print.claims` / `export.claims` by the core.
#[tauri::command]
pub async fn claims_save(
    request: ClaimsSaveRequest,
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<PrintSummary>, IpcError> {
    let month = month(&request.month)?;
    let (format, extension) = claims_format(&request.format)?;
    let office = request.office_id;
    let name = match office {
        None => format!("委託料請求一覧_{month}.{extension}"),
        Some(id) => format!("委託料請求一覧_{month}_事業所{id}.{extension}"),
    };
    save_through_dialog(
        &app,
        &state,
        &name,
        Box::new(move |r, save| r.print_claims(&month, office, format, save)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::state::tests::open_state;
    use yorisoi::model::account::Role;

    // A viewer sees every list of the screen; a step or a new commission is refused by the
    // window's mirror and, past it, by the core, in words the screen shows.
    #[test]
    fn a_viewer_reads_commissions_and_is_refused_every_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Viewer, dir.path());
        assert!(state.read(|r| r.offices()).expect("offices").is_empty());
        let all = filter(&CommissionQuery {
            statuses: vec![],
            office_id: None,
            person_id: None,
            overdue_only: false,
        })
        .expect("a filter");
        assert!(state
            .read(|r| r.commissions(&all))
            .expect("listed")
            .is_empty());
        assert!(state.read(|r| r.plans_due()).expect("due").is_empty());
        assert_eq!(
            state
                .read(|r| r.claims("2026-11", None))
                .expect("claims")
                .count,
            0
        );
        assert!(state.read(|r| r.fee_table(2026)).expect("table").is_none());
        let ask = NewCommission {
            person_id: 1,
            office_id: None,
            specialist_id: None,
            on: None,
            note: "",
        };
        let err = state
            .write(|r| r.new_commission(&ask))
            .expect_err("refused");
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert!(!err.message.is_empty(), "the refusal says why");
        let err = state
            .view(|r| r.new_commission(&ask))
            .expect_err("refused by the core");
        assert_eq!(err.code, ErrorCode::Forbidden);
    }

    #[test]
    fn requests_become_the_cores_requests() {
        let q = CommissionQuery {
            statuses: vec!["requested".into(), "returned".into()],
            office_id: Some(4),
            person_id: None,
            overdue_only: true,
        };
        let f = filter(&q).expect("a filter");
        assert_eq!(
            f.statuses,
            [CommissionStatus::Requested, CommissionStatus::Returned]
        );
        assert_eq!((f.office, f.person, f.overdue_only), (Some(4), None, true));
        let bad = CommissionQuery {
            statuses: vec!["lost".into()],
            ..q
        };
        assert!(filter(&bad).is_err());
        assert_eq!(month(" 2026-11 ").expect("a month"), "2026-11");
        assert!(
            month("../2026-11").is_err(),
            "nothing else reaches a file name"
        );
        assert!(month("2026-13").is_err());
        assert!(matches!(
            claims_format("csv"),
            Ok((ClaimsFormat::Csv, "csv"))
        ));
        assert!(claims_format("xlsx").is_err());
        assert_eq!(text("  "), None);
        assert!(status("to", "approved").is_ok() && status("to", "done").is_err());
    }
}
