//! The 職員アカウント screen (admins only: refused here and again by the core), one's own
//! passphrase (any account), the recovery key and its sheet, and the strength rule as the
//! officer types.

use std::path::Path;

use tauri::{AppHandle, State};
use yorisoi::{Passphrase, Roster};
use zeroize::Zeroizing;

use crate::api::{
    role, AccountAddRequest, AccountName, AccountRoleRequest, AccountRow, PassphraseChangeRequest,
    RecoveryKeyView, SavedSheet, StrengthRequest, StrengthView,
};
use crate::commands::print::{choose_file, write_new};
use crate::error::IpcError;
use crate::state::AppState;

/// The active accounts. Any account may list them (the core allows it); the page shows
/// the screen to admins only.
#[tauri::command]
pub fn accounts_list(state: State<'_, AppState>) -> Result<Vec<AccountRow>, IpcError> {
    list(&state)
}

pub(crate) fn list(state: &AppState) -> Result<Vec<AccountRow>, IpcError> {
    state.read(|r| {
        let me = r.account().to_owned();
        Ok(r.accounts()?
            .into_iter()
            .map(|a| AccountRow::new(a, &me))
            .collect())
    })
}

/// Adds an account with its first passphrase (the strength rule applies). Admins only.
#[tauri::command]
pub async fn account_add(
    request: AccountAddRequest,
    state: State<'_, AppState>,
) -> Result<AccountRow, IpcError> {
    add(&state, request)
}

pub(crate) fn add(state: &AppState, request: AccountAddRequest) -> Result<AccountRow, IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    let role = role(&request.role)?;
    state.admin(|r| {
        let added = r.account_add(&request.name, role, &passphrase)?;
        Ok(AccountRow::new(added, r.account()))
    })
}

/// Gives an account another role. Admins only; the core never demotes the last admin.
#[tauri::command]
pub fn account_role(
    request: AccountRoleRequest,
    state: State<'_, AppState>,
) -> Result<AccountRow, IpcError> {
    let role = role(&request.role)?;
    state.admin(|r| {
        let changed = r.account_role(&request.name, role)?;
        Ok(AccountRow::new(changed, r.account()))
    })
}

/// Removes an account: its passphrase no longer opens the roster. Admins only; the core
/// refuses the last admin and oneself.
#[tauri::command]
pub fn account_remove(request: AccountName, state: State<'_, AppState>) -> Result<(), IpcError> {
    state.admin(|r| r.account_remove(&request.name))
}

/// Changes the signed-in account's own passphrase (any role; the strength rule applies).
#[tauri::command]
pub async fn account_passphrase(
    request: PassphraseChangeRequest,
    state: State<'_, AppState>,
) -> Result<(), IpcError> {
    let passphrase = Passphrase::new(request.passphrase);
    state.own_account(|r| r.account_passphrase(&passphrase))
}

/// A new recovery key, retiring the old one. Admins only. Shown once; the backend keeps
/// it for its sheet until `recovery_done`.
#[tauri::command]
pub async fn recovery_new(state: State<'_, AppState>) -> Result<RecoveryKeyView, IpcError> {
    new_recovery(&state)
}

pub(crate) fn new_recovery(state: &AppState) -> Result<RecoveryKeyView, IpcError> {
    let key = state.admin(Roster::recovery_new)?;
    let shown = RecoveryKeyView::from(&key);
    state.keep_recovery(key)?;
    Ok(shown)
}

/// 「回復キーの用紙を保存」: asks where to save (as every print does) and has the core write
/// the 回復キー sheet of the key just made there. `null` when the officer cancelled.
#[tauri::command]
pub async fn recovery_sheet_save(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<Option<SavedSheet>, IpcError> {
    // Refused before the dialog opens, not after the officer chose a file.
    if state.role()? != Some(yorisoi::model::account::Role::Admin) {
        return Err(IpcError::admins_only());
    }
    let Some(path) = choose_file(&app, &sheet_name(&state.clock.today().to_string()))? else {
        return Ok(None);
    };
    save_sheet(&state, &path).map(Some)
}

/// A file name to offer for the sheet: what it is and the day.
fn sheet_name(today: &str) -> String {
    format!("回復キー_{today}.pdf")
}

/// Writes the sheet as every print is written: a new, owner-only file (`write_new`).
pub(crate) fn save_sheet(state: &AppState, path: &Path) -> Result<SavedSheet, IpcError> {
    let key = state.fresh_recovery()?;
    state.admin(|r| r.recovery_sheet_with(&key, &mut |bytes| write_new(path, bytes)))?;
    Ok(SavedSheet {
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        saved_file: state.remember_saved(path.to_path_buf())?,
    })
}

/// The officer confirmed the recovery key is written down or printed: the backend wipes
/// its copy.
#[tauri::command]
pub fn recovery_done(state: State<'_, AppState>) {
    state.forget_recovery();
}

/// The strength rule on a passphrase being typed: the same check the core makes when
/// the passphrase is set, so the page and the core always agree.
#[tauri::command]
pub fn passphrase_check(request: StrengthRequest) -> StrengthView {
    strength(request)
}

pub(crate) fn strength(request: StrengthRequest) -> StrengthView {
    let passphrase = Zeroizing::new(request.passphrase);
    match yorisoi::policy::passphrase::check(&passphrase, &[request.account.trim()]) {
        Ok(()) => StrengthView {
            ok: true,
            reason: None,
        },
        Err(v) => StrengthView {
            ok: false,
            reason: Some(v.reason),
        },
    }
}

#[cfg(test)]
mod tests {
    use yorisoi::model::account::Role;

    use super::*;
    use crate::api::UnlockRequest;
    use crate::commands::roster::{create, open};
    use crate::error::ErrorCode;
    use crate::state::tests::{state_in, ADMIN, ADMIN_PASSPHRASE, OTHER, OTHER_PASSPHRASE};

    fn new_account(name: &str, role: &str, passphrase: &str) -> AccountAddRequest {
        AccountAddRequest {
            name: name.into(),
            role: role.into(),
            passphrase: passphrase.into(),
        }
    }

    fn unlock(account: &str, passphrase: &str) -> UnlockRequest {
        UnlockRequest {
            account: account.into(),
            passphrase: passphrase.into(),
        }
    }

    #[test]
    fn an_admin_adds_re_roles_and_removes_accounts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        create(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("made");
        let added = add(&state, new_account(OTHER, "viewer", OTHER_PASSPHRASE)).expect("added");
        assert_eq!((added.role.as_str(), added.is_me), ("viewer", false));
        let err = add(&state, new_account("臨時", "root", OTHER_PASSPHRASE)).expect_err("role");
        assert_eq!(err.field.as_deref(), Some("role"));
        let err = add(&state, new_account("臨時", "officer", "password1")).expect_err("weak");
        assert_eq!(err.field.as_deref(), Some("passphrase"));

        let rows = list(&state).expect("listed");
        let me: Vec<_> = rows.iter().map(|r| (r.name.as_str(), r.is_me)).collect();
        assert!(
            me.contains(&(ADMIN, true)) && me.contains(&(OTHER, false)),
            "{me:?}"
        );

        // The core's refusals come back as its messages: never oneself, never the last admin.
        let own = state
            .admin(|r| r.account_remove(ADMIN))
            .expect_err("not oneself");
        assert!(!own.message.is_empty());
        let last = state
            .admin(|r| r.account_role(ADMIN, Role::Officer))
            .expect_err("the last admin");
        assert!(!last.message.is_empty());

        state
            .admin(|r| r.account_role(OTHER, Role::Officer))
            .expect("re-roled");
        state.admin(|r| r.account_remove(OTHER)).expect("removed");
        assert_eq!(list(&state).expect("listed").len(), 1);
        state.lock().expect("locked");
        let err = open(&state, unlock(OTHER, OTHER_PASSPHRASE)).expect_err("removed");
        assert_eq!(err.code, ErrorCode::WrongPassphrase);
    }

    #[test]
    fn any_account_changes_its_own_passphrase_and_a_viewer_manages_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        create(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("made");
        add(&state, new_account(OTHER, "viewer", OTHER_PASSPHRASE)).expect("added");
        state.lock().expect("locked");
        open(&state, unlock(OTHER, OTHER_PASSPHRASE)).expect("the viewer opens");
        let err = add(&state, new_account("臨時", "admin", ADMIN_PASSPHRASE)).expect_err("viewer");
        assert_eq!(err.code, ErrorCode::Forbidden);
        assert_eq!(
            new_recovery(&state).err().map(|e| e.code),
            Some(ErrorCode::Forbidden)
        );
        let renewed = "Tsukimi-dango 7 kettles";
        state
            .own_account(|r| r.account_passphrase(&Passphrase::new(renewed.into())))
            .expect("own passphrase");
        state.lock().expect("locked");
        assert!(open(&state, unlock(OTHER, OTHER_PASSPHRASE)).is_err());
        open(&state, unlock(OTHER, renewed)).expect("the new one opens");
        open(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("the admin's still opens");
    }

    #[test]
    fn the_sheet_of_a_new_recovery_key_is_saved_once_and_only_while_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = state_in(dir.path());
        create(&state, unlock(ADMIN, ADMIN_PASSPHRASE)).expect("made");
        let shown = new_recovery(&state).expect("a new key");
        assert_eq!(shown.groups.len(), 8);
        let sheet = dir.path().join("回復キー.pdf");
        let saved = save_sheet(&state, &sheet).expect("saved");
        assert_eq!(saved.file_name.as_deref(), Some("回復キー.pdf"));
        assert_eq!(state.saved(saved.saved_file).expect("handle"), sheet);
        assert!(std::fs::read(&sheet).expect("the PDF").starts_with(b"%PDF"));
        assert!(
            save_sheet(&state, &sheet).is_err(),
            "never over another file"
        );
        state.forget_recovery();
        let err = save_sheet(&state, &dir.path().join("again.pdf")).expect_err("forgotten");
        assert_eq!(err.field.as_deref(), Some("recovery_key"));
    }

    #[test]
    fn the_strength_rule_is_the_cores() {
        let weak = strength(StrengthRequest {
            passphrase: "abc".into(),
            account: ADMIN.into(),
        });
        assert!(!weak.ok);
        assert!(weak.reason.is_some_and(|r| r.contains("短すぎます")));
        let named = strength(StrengthRequest {
            passphrase: "tanakahiroshi".into(),
            account: "tanakahiroshi".into(),
        });
        assert!(!named.ok, "the account's own name is a first guess");
        let strong = strength(StrengthRequest {
            passphrase: ADMIN_PASSPHRASE.into(),
            account: ADMIN.into(),
        });
        assert!(strong.ok && strong.reason.is_none());
    }
}
