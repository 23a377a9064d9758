//! Tauri commands, one module per area of the app. Each parses its request type, calls
//! one core function through [`crate::state::AppState`] (which checks the lock and the
//! role) and maps the error.

pub mod accounts;
pub mod admin;
pub mod backup;
pub mod commissions;
pub mod coverage;
pub mod drill;
pub mod map;
pub mod parties;
pub mod person;
pub mod print;
pub mod roster;
pub mod shelters;
