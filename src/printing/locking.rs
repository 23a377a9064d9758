//! Which prints must be locked, and what an unlocked one needs. The rule follows the
//! DOMAIN's two lists: the simplified list (name, furigana, sex, age, address, phones,
//! district: `policy::fields::SIMPLIFIED`) is for everyday use and may go out unlocked;
//! anything that carries more is sensitive.
//!
//! - every field (a detailed list; the office's or the person's own plan sheets): always
//!   locked, refused without a password;
//! - more than the simplified list, for a recipient (plan sheets: the plan and who helps;
//!   drill check sheets: the supporters column): locked, or — unlocked — with a reason the
//!   officer gives, which goes into the print's audit row;
//! - the simplified list: locked when asked, no reason needed.
//!
//! Forms and letters go to the person themselves and the drill report stays in the office;
//! they are not copies of roster data for others and are not covered.

use crate::error::{Error, Result};
use crate::print::lock;

/// The longest reason for an unlocked print, in characters.
pub const MAX_UNLOCKED_REASON_CHARS: usize = 200;

/// How much a print carries, for the locking rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sensitivity {
    /// Only the simplified list's fields.
    Simplified,
    /// More than the simplified list, for a recipient: locked, or unlocked with a reason.
    Sensitive,
    /// Every field: always locked. Names the print for the message.
    EveryField(&'static str),
}

/// Checks a print's lock password, or the reason it goes unlocked, before anything is read
/// or recorded. Returns the reason to audit (trimmed), when the print goes unlocked with
/// one. A preview leaves nothing behind and needs neither.
pub(crate) fn check(
    sensitivity: Sensitivity,
    password: Option<&str>,
    unlocked_reason: Option<&str>,
    preview: bool,
) -> Result<Option<String>> {
    if let Some(pw) = password {
        lock::check_password(pw)?;
        return Ok(None);
    }
    if preview {
        return Ok(None);
    }
    let reason = unlocked_reason.map(str::trim).filter(|r| !r.is_empty());
    match (sensitivity, reason) {
        (Sensitivity::EveryField(what), _) => Err(Error::invalid(
            "lock password",
            format!(
                "{what} carries every field and is always locked: give --lock-password-env VAR \
                 (or run in a terminal to be asked); in the window, a lock password"
            ),
        )),
        (Sensitivity::Sensitive, None) => Err(Error::invalid(
            "unlocked reason",
            "this print carries more than the simplified list (the plan, who helps whom): lock it \
             with a password (--lock-password-env VAR), or say why it goes unlocked \
             (--unlocked-reason TEXT, at most 200 characters, no personal data); the reason is \
             kept in the audit log",
        )),
        (_, Some(r)) => {
            if r.chars().count() > MAX_UNLOCKED_REASON_CHARS {
                return Err(Error::invalid(
                    "unlocked reason",
                    format!(
                        "is {} characters; keep it to {MAX_UNLOCKED_REASON_CHARS} (why, not who: no personal data)",
                        r.chars().count()
                    ),
                ));
            }
            if r.chars().any(char::is_control) {
                return Err(Error::invalid(
                    "unlocked reason",
                    "must be one line (no line breaks or control characters)",
                ));
            }
            Ok(Some(r.to_string()))
        }
        (Sensitivity::Simplified, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<Option<String>>) -> String {
        match r {
            Err(Error::Invalid(v)) => v.field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_field_needs_a_password_and_a_reason_does_not_replace_it() {
        let all = Sensitivity::EveryField("a detailed list");
        assert_eq!(field(check(all, None, None, false)), "lock password");
        assert_eq!(
            field(check(all, None, Some("急ぎ"), false)),
            "lock password"
        );
        assert_eq!(
            check(all, Some("kagi-no-aikotoba"), None, false).unwrap(),
            None
        );
        assert_eq!(
            field(check(all, Some("short"), None, false)),
            "lock password"
        );
        assert_eq!(check(all, None, None, true).unwrap(), None);
    }

    #[test]
    fn sensitive_prints_go_unlocked_only_with_a_reason() {
        let s = Sensitivity::Sensitive;
        assert_eq!(field(check(s, None, None, false)), "unlocked reason");
        assert_eq!(field(check(s, None, Some("  "), false)), "unlocked reason");
        assert_eq!(
            check(s, None, Some(" 訓練当日に会場で印刷するため "), false).unwrap(),
            Some("訓練当日に会場で印刷するため".to_string())
        );
        assert_eq!(
            check(s, Some("kagi-no-aikotoba"), Some("x"), false).unwrap(),
            None
        );
        let long = "あ".repeat(MAX_UNLOCKED_REASON_CHARS + 1);
        assert_eq!(field(check(s, None, Some(&long), false)), "unlocked reason");
        let exact = "あ".repeat(MAX_UNLOCKED_REASON_CHARS);
        assert!(check(s, None, Some(&exact), false).unwrap().is_some());
        assert_eq!(
            field(check(s, None, Some("a\nb"), false)),
            "unlocked reason"
        );
    }

    #[test]
    fn the_simplified_list_needs_nothing() {
        let s = Sensitivity::Simplified;
        assert_eq!(check(s, None, None, false).unwrap(), None);
    }
}
