//! Consent and sharing: the sharing rule over thousands of generated rosters, the store's
//! preview checked against the same rule, and the command line's contract (field by field
//! output, audit rows, exit codes).

mod common;

#[path = "sharing/oracle.rs"]
mod oracle;

#[path = "sharing/policy.rs"]
mod policy;

#[path = "sharing/store.rs"]
mod store;

#[path = "sharing/cli.rs"]
mod cli;
