//! Bringing people onto the roster: importing a municipal file (read, map its columns,
//! match each row to someone already known, stage or apply), reviewing the changes an
//! import proposed, and registering the candidates the eligibility rules find.

pub mod candidates;
pub mod import;
pub mod review;
