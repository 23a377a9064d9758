//! What an officer has to do next: whose consent to ask or renew, whose plan to write,
//! whose plan has gone stale, whose plan needs a review (要見直し).

pub mod consent;
pub mod coverage;
pub mod plans;
pub mod review;
