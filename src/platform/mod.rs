//! What differs between the operating systems Yorisoi runs on (Linux and Windows), kept in
//! one place so the rest of the core reads the same on both:
//!
//! - [`os_account`]: who this process runs as, asked of the OS — never taken from an
//!   environment variable such as `USER` or `USERNAME`, which anyone can set;
//! - [`create_private`], [`restrict_to_owner`], [`is_owner_only`]: files readable by their
//!   owner only (mode `0600` on Linux, a protected DACL naming only the account on Windows);
//! - [`ensure_local`]: a roster must live on this computer's own disk, not on a network
//!   share, where SQLite's locking and its write-ahead log are unsafe;
//! - [`harden_process`]: no core dump or crash report of a process holding secrets.

mod account;
mod files;
mod holders;
mod location;
mod process;
#[cfg(windows)]
mod windows;

pub use account::{os_account, program_data_dir};
pub use files::{
    create_private, is_owner_only, rename_new, restrict_to_owner, sync_folder_of, write_private,
};
pub use holders::holders_of;
pub use location::{ensure_local, network_kind};
pub use process::harden_process;
