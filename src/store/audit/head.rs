//! A head printed on paper, checked against the log: is it on this roster's chain, and
//! what happened after it. Someone who holds the key can rewrite the log and recompute
//! every hash so that the chain verifies on its own; the heads already printed on handed-out
//! lists cannot be rewritten, and this is where they catch it.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::Connection;
use serde::Serialize;

use super::{recorded_head_fault, walk};
use crate::error::{Error, Result};

/// A head as every printed page's footer shows it: `#SEQ HASH` (the row's number and its
/// full SHA-256, 64 hex digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Head {
    /// The row's position in the chain, from 1.
    pub seq: i64,
    /// Its hash, lower-case hex.
    pub hash: String,
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {}", self.seq, self.hash)
    }
}

/// What a typed head must look like, for every refusal.
const EXPECTED: &str = "type the audit head as a list's footer prints it after 監査ハッシュ: `#SEQ HASH`, the row number, a space and the 64-character hash (0-9, a-f)";

impl Head {
    /// Reads a head as an officer types it from the paper: `#12 3fa4…` with the full
    /// hash. Spaces around it and between the two parts are allowed, the `#` (or a
    /// full-width `＃`) may be left out, and the hash may be in capitals. Anything else is
    /// refused, saying what the form is.
    pub fn parse(text: &str) -> Result<Head> {
        let t = text.trim();
        let t = t
            .strip_prefix('#')
            .or_else(|| t.strip_prefix('＃'))
            .unwrap_or(t);
        let parts: Vec<&str> = t.split_whitespace().collect();
        let refuse = |what: String| Error::invalid("head", format!("{what}; {EXPECTED}"));
        let [seq, hash] = parts[..] else {
            return Err(refuse(format!("expected two parts, found {}", parts.len())));
        };
        let seq = match seq.parse::<i64>() {
            Ok(n) if n >= 1 && seq.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => {
                return Err(refuse(
                    "the row number must be a whole number from 1".into(),
                ))
            }
        };
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(refuse(format!(
                "the hash must be 64 characters 0-9 and a-f (this one has {})",
                hash.chars().count()
            )));
        }
        Ok(Head {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// Whether a printed head is on the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadVerdict {
    /// The row with that number has that hash, and the log from its first row up to it
    /// verifies: the history the paper saw is intact.
    OnChain,
    /// The row with that number has another hash: the log was rewritten after the paper
    /// was printed, or the paper is from another roster.
    NotOnChain,
    /// The log has no row with that number: it was cut back (rows removed from the end
    /// and the rest made to verify), or the paper is from another roster.
    BeyondEnd,
    /// The row has that hash, but the log before it does not verify (a row edited,
    /// deleted or moved without recomputing the chain).
    BrokenBefore,
}

/// How often one thing occurs after the head (an action, an account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// The action (`print.list`) or the account's name.
    pub name: String,
    /// How many rows.
    pub count: i64,
}

/// What the log holds after a head that is on the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AfterHead {
    /// Rows after the head.
    pub rows: i64,
    /// When the first of them was written (RFC 3339), when there is one.
    pub first_at: Option<String>,
    /// When the last of them was written.
    pub last_at: Option<String>,
    /// Rows per action, most first (then by name).
    pub actions: Vec<Tally>,
    /// Rows per account, most first (then by name; rows from before accounts name none).
    pub accounts: Vec<Tally>,
    /// The first fault between the head and the current head, `None` when the chain after
    /// it verifies up to the head recorded now.
    pub fault: Option<String>,
}

/// The answer to "is this printed head on this roster's chain?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadCheck {
    /// The head asked about, as read.
    pub head: Head,
    /// The answer.
    pub verdict: HeadVerdict,
    /// When the head's row was written (RFC 3339), when the log has that row.
    pub head_at: Option<String>,
    /// The hash the log holds for that row, when it differs from the paper's.
    pub stored_hash: Option<String>,
    /// The first fault in the log up to the head's row (for `broken_before`, and beside
    /// the other answers when there is one).
    pub fault_before: Option<String>,
    /// Rows in the log now.
    pub rows: i64,
    /// The newest stored row's head (`#SEQ HASH`), `—` for an empty log.
    pub current_head: String,
    /// What happened after the head, when it is on the chain.
    pub after: Option<AfterHead>,
}

impl HeadCheck {
    /// True when the head is on the chain and the chain after it verifies up to now.
    pub fn is_ok(&self) -> bool {
        self.verdict == HeadVerdict::OnChain
            && self.after.as_ref().is_some_and(|a| a.fault.is_none())
    }
}

/// Checks `head` against the stored chain in one pass over it.
pub fn verify_head(conn: &Connection, head: &Head) -> Result<HeadCheck> {
    // The row with the head's number: its hash and when it was written.
    let mut found: Option<(String, String)> = None;
    let mut fault_before = None;
    let mut after = AfterHead {
        rows: 0,
        first_at: None,
        last_at: None,
        actions: Vec::new(),
        accounts: Vec::new(),
        fault: None,
    };
    let mut actions = BTreeMap::<String, i64>::new();
    let mut accounts = BTreeMap::<String, i64>::new();
    let mut last_seq = 0;
    let (rows, last_hash) = walk(conn, |row, fault| {
        last_seq = row.seq;
        if found.is_none() {
            if fault_before.is_none() {
                fault_before = fault;
            }
            if row.seq == head.seq {
                found = Some((row.hash.clone(), row.at.clone()));
            }
            return;
        }
        if after.fault.is_none() {
            after.fault = fault;
        }
        after.rows += 1;
        after.first_at.get_or_insert_with(|| row.at.clone());
        after.last_at = Some(row.at.clone());
        *actions.entry(row.action.clone()).or_default() += 1;
        *accounts.entry(row.account.clone()).or_default() += 1;
    })?;
    if after.fault.is_none() && found.is_some() {
        after.fault = recorded_head_fault(conn, rows, &last_hash)?;
    }
    after.actions = tallies(actions);
    after.accounts = tallies(accounts);
    let current_head = if rows == 0 {
        "—".to_string()
    } else {
        Head {
            seq: last_seq,
            hash: last_hash,
        }
        .to_string()
    };
    let (verdict, head_at, stored_hash) = match found {
        None => (HeadVerdict::BeyondEnd, None, None),
        Some((hash, at)) if hash != head.hash => (HeadVerdict::NotOnChain, Some(at), Some(hash)),
        Some((_, at)) if fault_before.is_some() => (HeadVerdict::BrokenBefore, Some(at), None),
        Some((_, at)) => (HeadVerdict::OnChain, Some(at), None),
    };
    // A missing row in the middle reads as a fault before the head, not as "beyond the
    // end": the log goes on past the head's number.
    let verdict = if verdict == HeadVerdict::BeyondEnd && head.seq <= last_seq {
        HeadVerdict::BrokenBefore
    } else {
        verdict
    };
    Ok(HeadCheck {
        head: head.clone(),
        verdict,
        head_at,
        stored_hash,
        fault_before,
        rows,
        current_head,
        after: (verdict == HeadVerdict::OnChain).then_some(after),
    })
}

/// Counts, most first, then by name.
fn tallies(counts: BTreeMap<String, i64>) -> Vec<Tally> {
    let mut v: Vec<Tally> = counts
        .into_iter()
        .map(|(name, count)| Tally { name, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "3fa4c0de9b1e2a7f00112233445566778899aabbccddeeff0011223344556677";

    #[test]
    fn reads_the_footer_form_and_what_an_officer_types() {
        let want = Head {
            seq: 12,
            hash: H.to_string(),
        };
        assert_eq!(Head::parse(&want.to_string()).unwrap(), want);
        for typed in [
            format!("  #12 {H}  "),
            format!("12 {H}"),
            format!("＃12　{H}"),
            format!("# 12\t{}", H.to_ascii_uppercase()),
        ] {
            assert_eq!(Head::parse(&typed).unwrap(), want, "{typed}");
        }
    }

    #[test]
    fn refuses_anything_else_naming_the_form() {
        for bad in [
            String::new(),
            "—".to_string(),
            format!("#12 {}", &H[..12]),
            format!("#12 {H}0"),
            format!("#0 {H}"),
            format!("#-3 {H}"),
            format!("#+3 {H}"),
            format!("#12 {}g", &H[..63]),
            format!("#12 {H} extra"),
            format!("監査ハッシュ #12 {H}"),
        ] {
            let e = Head::parse(&bad).unwrap_err();
            assert!(matches!(e, Error::Invalid(_)), "{bad}: {e}");
            assert!(e.to_string().contains("#SEQ HASH"), "{bad}: {e}");
        }
    }
}
