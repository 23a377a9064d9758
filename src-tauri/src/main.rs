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
mod error;
mod state;

fn main() {
    let app = tauri::Builder::default()
        .manage(state::AppState::new())
        .invoke_handler(tauri::generate_handler![
            commands::roster::roster_location,
            commands::roster::roster_open,
            commands::roster::roster_create,
            commands::roster::roster_lock,
            commands::roster::persons_search,
        ])
        .run(tauri::generate_context!());
    if let Err(err) = app {
        eprintln!("yorisoi-desktop: could not start the window: {err}");
        std::process::exit(1);
    }
}
