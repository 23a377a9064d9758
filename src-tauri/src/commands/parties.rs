//! Supporters, recipients and consent answers.

use tauri::State;

use crate::api::{
    AssignRequest, ConsentInput, ConsentRow, PersonId, RecipientId, RecipientInput, RecipientRow,
    RecipientUpdate, ReorderRequest, SupporterConsentInput, SupporterConsentRow, SupporterId,
    SupporterInput, SupporterRow, UnassignRequest,
};
use crate::error::IpcError;
use crate::state::AppState;

#[tauri::command]
pub fn supporters_list(state: State<'_, AppState>) -> Result<Vec<SupporterRow>, IpcError> {
    let rows = state.read(|r| r.supporters())?;
    Ok(rows.into_iter().map(SupporterRow::from).collect())
}

#[tauri::command]
pub fn supporter_add(request: SupporterInput, state: State<'_, AppState>) -> Result<i64, IpcError> {
    let supporter = request.into_core()?;
    state.write(|r| r.add_supporter(&supporter))
}

#[tauri::command]
pub fn supporter_assign(
    request: AssignRequest,
    state: State<'_, AppState>,
) -> Result<u32, IpcError> {
    state.write(|r| r.assign_supporter(request.person_id, request.supporter_id, &request.role))
}

#[tauri::command]
pub fn supporter_unassign(
    request: UnassignRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.write(|r| r.unassign_supporter(request.person_id, request.supporter_id))
}

#[tauri::command]
pub fn supporters_reorder(
    request: ReorderRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    state.write(|r| r.reorder_supporters(request.person_id, &request.order))
}

#[tauri::command]
pub fn recipients_list(state: State<'_, AppState>) -> Result<Vec<RecipientRow>, IpcError> {
    let rows = state.read(|r| r.recipients())?;
    Ok(rows.into_iter().map(RecipientRow::from).collect())
}

#[tauri::command]
pub fn recipient_add(request: RecipientInput, state: State<'_, AppState>) -> Result<i64, IpcError> {
    let recipient = request.into_core()?;
    state.write(|r| r.add_recipient(&recipient))
}

#[tauri::command]
pub fn recipient_update(
    request: RecipientUpdate,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let recipient = request.recipient.into_core()?;
    state.write(|r| r.update_recipient(request.id, &recipient))
}

#[tauri::command]
pub fn recipient_retire(request: RecipientId, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.write(|r| r.retire_recipient(request.id))
}

/// A person's answers, oldest first (the core audits who looked).
#[tauri::command]
pub fn consent_history(
    request: PersonId,
    state: State<'_, AppState>,
) -> Result<Vec<ConsentRow>, IpcError> {
    let rows = state.view(|r| r.view_consent_history(request.id))?;
    Ok(rows.into_iter().map(ConsentRow::from).collect())
}

#[tauri::command]
pub fn consent_record(request: ConsentInput, state: State<'_, AppState>) -> Result<i64, IpcError> {
    let consent = request.into_core()?;
    state.write(|r| r.record_consent(consent))
}

/// A supporter's own answers, oldest first.
#[tauri::command]
pub fn supporter_consent_history(
    request: SupporterId,
    state: State<'_, AppState>,
) -> Result<Vec<SupporterConsentRow>, IpcError> {
    let rows = state.read(|r| r.supporter_consent_history(request.id))?;
    Ok(rows.into_iter().map(SupporterConsentRow::from).collect())
}

/// Records a supporter's answer to being named in plans or receiving them (audited).
#[tauri::command]
pub fn supporter_consent_record(
    request: SupporterConsentInput,
    state: State<'_, AppState>,
) -> Result<i64, IpcError> {
    let consent = request.into_core()?;
    state.write(|r| r.record_supporter_consent(&consent))
}
