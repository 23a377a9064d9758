//! The shelters (#22): the registry, the warnings about the plans' shelters and the
//! 福祉避難所 matching. Readings only, for every role that may read the roster; the
//! whole-roster ones are `async`, so they run off the window's thread.

use tauri::State;

use crate::api::{PersonId, ShelterRow, ShelterWarningRow, WelfareMatchingView};
use crate::error::IpcError;
use crate::state::AppState;

/// Every shelter of the registry (gone ones too, marked), for the plan editor's picker and
/// the 避難先 screen.
#[tauri::command]
pub fn shelters(state: State<'_, AppState>) -> Result<Vec<ShelterRow>, IpcError> {
    let list = state.read(|r| r.shelters(None))?;
    Ok(list.into_iter().map(ShelterRow::from).collect())
}

/// The warnings about one person's plan's shelters (the plan editor shows them).
#[tauri::command]
pub fn shelter_warnings(
    request: PersonId,
    state: State<'_, AppState>,
) -> Result<Vec<ShelterWarningRow>, IpcError> {
    let warnings = state.read(|r| r.shelter_warnings(request.id))?;
    Ok(warnings.into_iter().map(ShelterWarningRow::from).collect())
}

/// The warnings about every plan's shelters: the worklist.
#[tauri::command]
pub async fn shelter_check(state: State<'_, AppState>) -> Result<Vec<ShelterWarningRow>, IpcError> {
    let warnings = state.read(|r| r.shelter_check())?;
    Ok(warnings.into_iter().map(ShelterWarningRow::from).collect())
}

/// Who needs a 福祉避難所, each one's load against its capacity, and suggestions.
#[tauri::command]
pub async fn shelter_match(state: State<'_, AppState>) -> Result<WelfareMatchingView, IpcError> {
    Ok(state.read(|r| r.shelter_match())?.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::tests::open_state;
    use yorisoi::model::account::Role;

    // A viewer reads all three of an empty roster: nothing listed, nothing to warn of,
    // nobody to place.
    #[test]
    fn a_viewer_reads_the_shelters_of_an_empty_roster() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = open_state(Role::Viewer, dir.path());
        let registry = state.read(|r| r.shelters(None)).expect("the registry");
        assert!(registry.is_empty());
        let checks = state.read(|r| r.shelter_check()).expect("the checks");
        assert!(checks.is_empty());
        let view: WelfareMatchingView = state
            .read(|r| r.shelter_match())
            .expect("the matching")
            .into();
        assert!(view.shelters.is_empty() && view.needing.is_empty());
    }
}
