//! The audit views that check the trail against paper.

use crate::error::Result;
use crate::store::audit::head::{self, Head, HeadCheck};
use crate::store::Roster;

impl Roster {
    /// Whether `head`, typed from a printed list's footer (`#SEQ HASH`), is on this
    /// roster's audit chain, and what the log holds after it (rows, time range, actions,
    /// accounts, and whether the chain after it verifies up to now). A malformed head is
    /// refused naming the form.
    ///
    /// A reading any role may make, and not itself audited: like [`Roster::audit_log`]
    /// and the chain check, it shows the log's own rows (ids, actions, accounts — no
    /// personal data) and changes nothing, so it keeps working when nothing can be written.
    pub fn verify_head(&self, head: &str) -> Result<HeadCheck> {
        let head = Head::parse(head)?;
        head::verify_head(self.conn(), &head)
    }
}
