//! `audit verify-head`: a head printed on paper, checked against the roster's chain.

use yorisoi::store::audit::head::{AfterHead, HeadCheck, HeadVerdict, Tally};

use crate::output::{self, jst};
use crate::{fail, Context, Outcome};

/// Checks `head` (as typed from a footer) and says what the log holds after it. Exit 1
/// when it is not on the chain or the chain after it does not verify, as `check` does
/// for a fault; 5 for a head not in the printed form.
pub fn verify_head(ctx: &Context, head: &str, json: bool) -> Outcome {
    let check = ctx.open()?.verify_head(head)?;
    if json {
        output::json(&check)?;
    } else {
        show(&check);
    }
    match check.verdict {
        _ if check.is_ok() => Ok(()),
        HeadVerdict::OnChain => Err(fail(
            1,
            "the head is on the chain, but the audit log after it does not verify (see above)",
        )),
        _ => Err(fail(
            1,
            "the head is not on this roster's audit chain (see above)",
        )),
    }
}

fn show(c: &HeadCheck) {
    let head = &c.head;
    let written = c.head_at.as_deref().map(jst).unwrap_or_default();
    match c.verdict {
        HeadVerdict::OnChain => {
            out!("この監査ハッシュはこの名簿の監査ログにあります — on this roster's chain: {head} (row {}, written {written})", head.seq);
        }
        HeadVerdict::NotOnChain => {
            out!("この監査ハッシュはこの名簿の監査ログにありません — NOT ON THE CHAIN: {head}");
            out!(
                "  row {} of this roster's audit log (written {written}) has the hash {}, not the printed one",
                head.seq,
                c.stored_hash.as_deref().unwrap_or("")
            );
            out!("  the audit log was rewritten after this head was printed, or the paper is from another roster");
        }
        HeadVerdict::BeyondEnd => {
            out!("この監査ハッシュはこの名簿の監査ログにありません — NOT ON THE CHAIN: {head}");
            out!(
                "  this roster's audit log has no row {} (it ends at row {})",
                head.seq,
                c.rows
            );
            out!("  its newest rows were removed (the log was cut back), or the paper is from another roster");
        }
        HeadVerdict::BrokenBefore => {
            out!("この監査ハッシュの前の監査ログが壊れています — NOT CONFIRMED: {head}");
            out!("  the log before this head does not verify, so the history the paper saw cannot be confirmed");
        }
    }
    if let Some(f) = &c.fault_before {
        out!("  fault before the head: {f}");
    }
    if c.verdict != HeadVerdict::OnChain {
        out!(
            "  keep the paper; the current head is {} ({} rows). Compare with a backup made before the change (`yorisoi restore`, then verify-head there)",
            c.current_head,
            c.rows
        );
    }
    if let Some(after) = &c.after {
        show_after(after, &c.current_head);
    }
}

fn show_after(a: &AfterHead, current: &str) {
    match (&a.first_at, &a.last_at) {
        (Some(first), Some(last)) => {
            out!("after it: {} rows, {} – {}", a.rows, jst(first), jst(last))
        }
        _ => out!("after it: nothing (it is the current head)"),
    }
    if a.rows > 0 {
        out!("  actions: {}", tallies(&a.actions));
        out!("  accounts: {}", tallies(&a.accounts));
    }
    match &a.fault {
        None => out!("the chain after it: ok, up to the current head {current}"),
        Some(f) => out!("the chain after it: FAULT — {f}"),
    }
}

/// `print.list ×3, person.update ×12`.
fn tallies(t: &[Tally]) -> String {
    t.iter()
        .map(|t| {
            let name = if t.name.is_empty() {
                "(before accounts)"
            } else {
                &t.name
            };
            format!("{name} ×{}", t.count)
        })
        .collect::<Vec<_>>()
        .join(", ")
}
