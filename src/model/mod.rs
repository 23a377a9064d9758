//! Domain types: what a person record, a supporter, a recipient and a consent are.

#[macro_use]
pub mod tokens;

pub mod account;
pub mod backup;
pub mod commission;
pub mod drill;
pub mod map;
pub mod parties;
pub mod person;
pub mod recovery;
pub mod shelter;
pub mod validate;
pub mod wareki;

pub use parties::*;
pub use person::*;
pub use tokens::*;
