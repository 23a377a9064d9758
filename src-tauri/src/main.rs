//! The desktop window of Yorisoi (よりそい).
//!
//! A thin shell: every command parses a request type, calls one function of the
//! `yorisoi` core and maps its error. Nothing here knows SQL or the file format.

// Release builds on Windows must not open a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod api;
#[cfg(test)]
mod bindings;
mod commands;
mod device;
mod error;
mod state;
mod viewer;
mod webview_check;

use std::time::Duration;

use tauri::{Emitter, Manager};

/// How often the idle lock looks at the clock.
const IDLE_CHECK: Duration = Duration::from_secs(5);

fn main() {
    // First: no core dump or crash report may hold a passphrase, the data key or the
    // roster's pages.
    if let Err(e) = yorisoi::platform::harden_process() {
        eprintln!("yorisoi-desktop: note: crash dumps could not be switched off ({e})");
    }
    if !webview_check::webview_ready() {
        return;
    }
    let app = tauri::Builder::default()
        // First: a second start of the app (a double click on the icon while the window is
        // behind others) brings this window to the front and ends, instead of opening the
        // roster twice.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        // The save dialog, used from Rust only (commands::print): the capability grants
        // the page none of the plugin's commands.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            // Windows: the local, not roaming, folder — the chosen roster path and the last
            // account belong to this PC, not to every PC of a roaming profile.
            let dir = if cfg!(windows) {
                app.path().app_local_data_dir()
            } else {
                app.path().app_config_dir()
            };
            let device_file = dir.ok().map(|dir| dir.join("device.json"));
            app.manage(state::AppState::new(device_file));
            // The idle lock runs here, not in the page: a frozen or hidden page must not
            // keep the roster open.
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(IDLE_CHECK);
                let state = handle.state::<state::AppState>();
                if let Ok(true) = state.lock_if_idle() {
                    let _ = handle.emit("locked", "idle");
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::roster::roster_location,
            commands::roster::roster_location_set,
            commands::roster::roster_open,
            commands::roster::roster_create,
            commands::roster::roster_open_recovery,
            commands::roster::roster_lock,
            commands::roster::persons_page,
            commands::roster::districts_list,
            commands::roster::associations_list,
            commands::roster::session_info,
            commands::roster::session_touch,
            commands::roster::preferences_get,
            commands::roster::preferences_set,
            commands::accounts::accounts_list,
            commands::accounts::account_add,
            commands::accounts::account_role,
            commands::accounts::account_remove,
            commands::accounts::account_passphrase,
            commands::accounts::recovery_new,
            commands::accounts::recovery_sheet_save,
            commands::accounts::recovery_done,
            commands::accounts::passphrase_check,
            commands::person::person_get,
            commands::person::person_save,
            commands::person::person_archive,
            commands::person::person_restore,
            commands::person::person_audit,
            commands::person::date_read,
            commands::person::vocabulary,
            commands::parties::supporters_list,
            commands::parties::supporter_add,
            commands::parties::supporter_assign,
            commands::parties::supporter_unassign,
            commands::parties::supporters_reorder,
            commands::parties::recipients_list,
            commands::parties::recipient_add,
            commands::parties::recipient_update,
            commands::parties::recipient_retire,
            commands::parties::consent_history,
            commands::parties::consent_record,
            commands::parties::supporter_consent_history,
            commands::parties::supporter_consent_record,
            commands::admin::disaster_status,
            commands::admin::write_state,
            commands::admin::disaster_on,
            commands::admin::disaster_off,
            commands::admin::worklists,
            commands::admin::dashboard,
            commands::admin::audit_list,
            commands::admin::audit_verify,
            commands::admin::audit_verify_head,
            commands::backup::backup_now,
            commands::backup::roster_check,
            commands::backup::backup_status,
            commands::backup::auto_backup_set,
            commands::backup::auto_backup_folder,
            commands::backup::backup_restore,
            commands::backup::restored_open,
            commands::print::print_preview,
            commands::print::print_save,
            commands::print::print_stop,
            commands::print::print_open,
            commands::print::ledger_list,
            commands::print::ledger_detail,
            commands::print::ledger_set_status,
            commands::drill::drills_list,
            commands::drill::drill_new,
            commands::drill::drill_sheets,
            commands::drill::drill_sheet_save,
            commands::drill::drill_person,
            commands::drill::drill_check,
            commands::drill::drill_arrive,
            commands::drill::drill_supporters,
            commands::drill::drill_warn,
            commands::drill::drill_board,
            commands::drill::drill_report,
            commands::drill::drill_lessons,
            commands::drill::drill_report_save,
            commands::map::map_overview,
            commands::map::map_points,
            commands::map::map_layer_outline,
            commands::map::map_home,
            commands::map::map_area_people,
            commands::map::map_position_set,
            commands::commissions::offices_list,
            commands::commissions::commissions_list,
            commands::commissions::commission_new,
            commands::commissions::commission_step,
            commands::commissions::fee_table_get,
            commands::commissions::plans_due,
            commands::commissions::claims_view,
            commands::commissions::claims_save,
            commands::coverage::plan_coverage,
            commands::coverage::coverage_save,
            commands::shelters::shelters,
            commands::shelters::shelter_warnings,
            commands::shelters::shelter_check,
            commands::shelters::shelter_match,
        ])
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|handle, event| {
            // Quitting closes the roster like the lock does (its automatic backup, at most
            // once a day, included) and waits for that backup: the window is already gone.
            if let tauri::RunEvent::Exit = event {
                let state = handle.state::<state::AppState>();
                let _ = state.lock();
                state.finish_backups();
            }
        }),
        Err(err) => {
            eprintln!("yorisoi-desktop: could not start the window: {err}");
            std::process::exit(1);
        }
    }
}
