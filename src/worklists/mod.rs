//! What an officer has to do next: whose consent to ask or renew, whose plan to write,
//! whose plan has gone stale.

pub mod consent;
pub mod plans;
