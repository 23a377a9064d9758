//! Disaster mode, worklists, the dashboard and the audit log.

use tauri::State;
use yorisoi::store::roster_page::{RosterPageQuery, SupporterCount, MAX_PAGE};
use yorisoi::Roster;

use crate::api::{
    AuditRequest, AuditRow, ChainView, DisasterOnRequest, DisasterView, DistrictCounts,
    HeadCheckView, HeadRequest, WorkRow, Worklists, WriteStateView,
};
use crate::commands::roster::CONSENT_RENEWAL_DAYS as RENEWAL_DAYS;
use crate::error::IpcError;
use crate::state::AppState;

/// The banner asks every minute by itself: a poll, not activity (and when the mode ran
/// out, the core logs `disaster.expired`).
#[tauri::command]
pub fn disaster_status(state: State<'_, AppState>) -> Result<DisasterView, IpcError> {
    state.poll(|r| r.disaster_check()).map(DisasterView::from)
}

/// The banner asks now and then (a poll, not activity): whether the roster can be written,
/// after trying once more to write the audit rows held since it could not.
#[tauri::command]
pub fn write_state(state: State<'_, AppState>) -> Result<WriteStateView, IpcError> {
    state
        .poll(|r| {
            // Still blocked: the state says so; nothing to report beyond it.
            let _ = r.write_held_audit();
            Ok(r.write_state())
        })
        .map(WriteStateView::from)
}

/// Switching on releases the roster without consent (Art. 49-11(3)): officers only,
/// with a reason; the core audits it.
#[tauri::command]
pub fn disaster_on(
    request: DisasterOnRequest,
    state: State<'_, AppState>,
) -> Result<DisasterView, IpcError> {
    if request.reason.trim().is_empty() {
        return Err(IpcError::invalid("reason", "is required"));
    }
    state
        .write(|r| r.disaster_on(request.reason.trim(), request.hours))
        .map(DisasterView::from)
}

#[tauri::command]
pub fn disaster_off(state: State<'_, AppState>) -> Result<DisasterView, IpcError> {
    state.write(|r| r.disaster_off()).map(DisasterView::from)
}

fn rows(list: &[yorisoi::worklists::consent::WorklistEntry]) -> Vec<WorkRow> {
    list.iter().cloned().map(WorkRow::from).collect()
}

fn supporter_gap(r: &Roster, count: SupporterCount) -> yorisoi::Result<Vec<WorkRow>> {
    let page = r.person_page(&RosterPageQuery {
        supporters: Some(count),
        limit: MAX_PAGE,
        ..RosterPageQuery::default()
    })?;
    Ok(page.persons.into_iter().map(WorkRow::from).collect())
}

#[tauri::command]
pub async fn worklists(state: State<'_, AppState>) -> Result<Worklists, IpcError> {
    state.read(|r| {
        let c = state.consent_lists(r, RENEWAL_DAYS)?;
        Ok(Worklists {
            today: c.today.clone(),
            days: c.days,
            expiring: rows(&c.expiring),
            expired: rows(&c.expired),
            never_asked: rows(&c.never_asked),
            no_answer: rows(&c.no_answer),
            refused: rows(&c.refused),
            withdrawn: rows(&c.withdrawn),
            no_supporter: supporter_gap(r, SupporterCount::None)?,
            one_supporter: supporter_gap(r, SupporterCount::One)?,
            issued_copies_note: c.issued_copies_note.clone(),
            copies: crate::commands::print::copies_to_chase(r)?,
        })
    })
}

fn counts(r: &Roster, district: Option<String>, gaps: u32) -> yorisoi::Result<DistrictCounts> {
    let total = |q: RosterPageQuery| -> yorisoi::Result<u32> {
        let q = RosterPageQuery {
            district: district.clone(),
            limit: 1,
            ..q
        };
        Ok(u32::try_from(r.person_page(&q)?.total).unwrap_or(u32::MAX))
    };
    Ok(DistrictCounts {
        persons: total(RosterPageQuery::default())?,
        no_supporter: total(RosterPageQuery {
            supporters: Some(SupporterCount::None),
            ..RosterPageQuery::default()
        })?,
        one_supporter: total(RosterPageQuery {
            supporters: Some(SupporterCount::One),
            ..RosterPageQuery::default()
        })?,
        with_plan: total(RosterPageQuery {
            has_plan: Some(true),
            ..RosterPageQuery::default()
        })?,
        consent_gaps: gaps,
        district,
    })
}

/// Counts per district and for everyone (the first row).
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Vec<DistrictCounts>, IpcError> {
    state.read(|r| {
        let c = state.consent_lists(r, RENEWAL_DAYS)?;
        // A person counts once however many of their answers need work.
        let mut gaps = std::collections::BTreeMap::<i64, Option<String>>::new();
        for e in [&c.expired, &c.never_asked, &c.refused, &c.withdrawn]
            .into_iter()
            .flatten()
        {
            gaps.insert(e.person_id, e.district.clone());
        }
        let in_district = |d: &Option<String>| gaps.values().filter(|g| *g == d).count() as u32;
        let mut out = vec![counts(r, None, gaps.len() as u32)?];
        for d in r.districts()? {
            let gaps = in_district(&Some(d.name.clone()));
            out.push(counts(r, Some(d.name), gaps)?);
        }
        Ok(out)
    })
}

#[tauri::command]
pub fn audit_list(
    request: AuditRequest,
    state: State<'_, AppState>,
) -> Result<Vec<AuditRow>, IpcError> {
    let action = request.action.trim().to_owned();
    let limit = (request.limit as usize).clamp(1, 5000);
    let rows = state.read(|r| match request.person_id {
        Some(id) => r.person_audit_trail(id),
        None => r.audit_log(None, if action.is_empty() { Some(limit) } else { None }),
    })?;
    Ok(rows
        .into_iter()
        .filter(|e| action.is_empty() || e.action.starts_with(&action))
        .take(limit)
        .map(AuditRow::from)
        .collect())
}

#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Result<ChainView, IpcError> {
    state.read(|r| r.verify_audit_chain()).map(ChainView::from)
}

/// Whether a head typed from a printed list's footer is on this roster's chain: a reading
/// any role may make (not audited, like the log itself).
#[tauri::command]
pub async fn audit_verify_head(
    request: HeadRequest,
    state: State<'_, AppState>,
) -> Result<HeadCheckView, IpcError> {
    state
        .read(|r| r.verify_head(&request.head))
        .map(HeadCheckView::from)
}
