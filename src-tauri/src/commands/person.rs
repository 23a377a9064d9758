//! One person's record: read, add, change, archive and restore, and its audit trail.

use tauri::State;
use yorisoi::model::wareki::{parse_date, to_wareki};
use yorisoi::model::ArchiveReason;

use crate::api::{
    ArchiveRequest, AuditRow, DateReading, DateRequest, PersonDoc, PersonId, PersonSaveRequest,
    Vocabulary,
};
use crate::error::IpcError;
use crate::state::AppState;

/// The full record (the core audits the view).
#[tauri::command]
pub fn person_get(request: PersonId, state: State<'_, AppState>) -> Result<PersonDoc, IpcError> {
    PersonDoc::from_core(&state.view(|r| r.view_person(request.id))?)
}

/// Adds (`id` null) or replaces a record; returns the record as stored.
#[tauri::command]
pub fn person_save(
    request: PersonSaveRequest,
    state: State<'_, AppState>,
) -> Result<PersonDoc, IpcError> {
    let person = request.person.into_core()?;
    let stored = state.write(|r| {
        let id = match request.id {
            Some(id) => r.update_person(id, person).map(|()| id)?,
            None => r.add_person(person)?,
        };
        r.view_person(id)
    })?;
    PersonDoc::from_core(&stored)
}

#[tauri::command]
pub fn person_archive(request: ArchiveRequest, state: State<'_, AppState>) -> Result<(), IpcError> {
    let reason = ArchiveReason::from_token(&request.reason)
        .ok_or_else(|| IpcError::invalid("reason", "not one of the offered choices"))?;
    let on = request.on.trim();
    state.write(|r| {
        r.archive_person(
            request.id,
            reason,
            (!on.is_empty()).then_some(on),
            &request.note,
        )
    })
}

#[tauri::command]
pub fn person_restore(request: PersonId, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.write(|r| r.restore_person(request.id))
}

#[tauri::command]
pub fn person_audit(
    request: PersonId,
    state: State<'_, AppState>,
) -> Result<Vec<AuditRow>, IpcError> {
    let rows = state.read(|r| r.person_audit_trail(request.id))?;
    Ok(rows.into_iter().map(AuditRow::from).collect())
}

/// Reads a date typed as western (`1940-03-02`) or wareki (`昭和15年3月2日`, `S15.3.2`).
#[tauri::command]
pub fn date_read(request: DateRequest) -> Result<DateReading, IpcError> {
    let date =
        parse_date(request.text.trim()).map_err(|e| IpcError::invalid("date", &e.to_string()))?;
    Ok(DateReading {
        iso: date.to_string(),
        wareki: to_wareki(date),
    })
}

#[tauri::command]
pub fn vocabulary() -> Vocabulary {
    Vocabulary::new()
}
