//! Open, create and lock the roster, and search the people in it.

use tauri::State;
use yorisoi::{Passphrase, Roster};

use crate::api::{RosterLocation, SearchRequest, SearchResponse, UnlockRequest};
use crate::error::IpcError;
use crate::state::{roster_path, AppState};

#[tauri::command]
pub fn roster_location() -> Result<RosterLocation, IpcError> {
    let path = roster_path()?;
    Ok(RosterLocation::of(&path))
}

// Opening and creating derive the key (a deliberate ~0.15 s), so they run off the
// main thread (`async`) to keep the window responsive.
#[tauri::command]
pub async fn roster_open(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let roster = Roster::open(
        &roster_path()?,
        &passphrase,
        &state.operator,
        state.clock.clone(),
    )?;
    *state.roster()? = Some(roster);
    Ok(())
}

#[tauri::command]
pub async fn roster_create(
    request: UnlockRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let roster = Roster::create(
        &roster_path()?,
        &passphrase,
        &state.operator,
        state.clock.clone(),
    )?;
    *state.roster()? = Some(roster);
    Ok(())
}

/// Drops the handle, which closes the database connection.
#[tauri::command]
pub fn roster_lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    state.roster()?.take();
    Ok(())
}

#[tauri::command]
pub async fn persons_search(
    request: SearchRequest,
    state: State<'_, AppState>,
) -> Result<SearchResponse, IpcError> {
    let guard = state.roster()?;
    let roster = guard.as_ref().ok_or_else(IpcError::locked)?;
    let found = roster.list_persons(&request.query())?;
    Ok(SearchResponse::new(found))
}
