//! Tauri commands, one module per area of the app.

pub mod roster;
