//! The strength rule for a passphrase, checked whenever one is set. It is an estimate of
//! how many guesses a cracker with a copied key file would need (zxcvbn), not composition
//! rules: 「ひまわり畑で赤い自転車」 passes, `Yorisoi2026!` does not. The message says why in plain
//! Japanese (English beside it), so an officer can choose better without a lecture.

use zxcvbn::feedback::Warning;
use zxcvbn::Score;

use crate::error::ValidationError;

/// Fewest characters a passphrase may have.
pub const MIN_CHARS: usize = 10;
/// The lowest zxcvbn score accepted: about 10⁸ guesses or more. With Argon2id at ≈0.5 s a
/// guess, that is years for one computer.
pub const MIN_SCORE: Score = Score::Three;

/// Checks `passphrase` against the rule. `about` lists words a guesser would try first
/// (the account's name, the municipality's name); the app's own name is always among them.
pub fn check(passphrase: &str, about: &[&str]) -> Result<(), ValidationError> {
    let chars = passphrase.chars().count();
    if chars < MIN_CHARS {
        return Err(weak(format!(
            "短すぎます（{chars}文字）。{MIN_CHARS}文字以上にしてください。覚えやすい言葉をいくつかつなげると、長くても覚えられます。 (too short: at least {MIN_CHARS} characters; a few words strung together are long and easy to remember)"
        )));
    }
    let mut words: Vec<&str> = vec!["yorisoi", "よりそい", "寄り添い"];
    words.extend(about.iter().map(|w| w.trim()).filter(|w| !w.is_empty()));
    let estimate = zxcvbn::zxcvbn(passphrase, &words);
    if estimate.score() >= MIN_SCORE {
        return Ok(());
    }
    let why = estimate.feedback().and_then(|f| f.warning()).map_or(
        "推測されやすい並びです (it follows a pattern that is easy to guess)",
        japanese,
    );
    Err(weak(format!(
        "{why}。ほかの人が思いつかない言葉を足すか、別の言葉の組み合わせにしてください。 (add a word others would not think of, or choose other words)"
    )))
}

fn weak(reason: String) -> ValidationError {
    ValidationError::new("passphrase", reason)
}

/// zxcvbn's warning, in Japanese with the English beside it.
fn japanese(w: Warning) -> &'static str {
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess | Warning::ShortKeyboardPatternsAreEasyToGuess => {
            "キーボードの並び（qwerty など）は推測されやすいです (keyboard patterns are easy to guess)"
        }
        Warning::RepeatsLikeAaaAreEasyToGuess
        | Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "同じ文字や同じ並びの繰り返しは推測されやすいです (repeats are easy to guess)"
        }
        Warning::ThisIsATop10Password
        | Warning::ThisIsATop100Password
        | Warning::ThisIsACommonPassword
        | Warning::ThisIsSimilarToACommonlyUsedPassword => {
            "よく使われるパスワードか、それに似ています (this is, or is like, a commonly used password)"
        }
        Warning::SequencesLikeAbcAreEasyToGuess => {
            "abc や 123 のような連続は推測されやすいです (sequences like abc or 123 are easy to guess)"
        }
        Warning::RecentYearsAreEasyToGuess | Warning::DatesAreOftenEasyToGuess => {
            "年や日付は推測されやすいです (years and dates are easy to guess)"
        }
        Warning::AWordByItselfIsEasyToGuess => {
            "一つの単語だけでは推測されやすいです (a word by itself is easy to guess)"
        }
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess
        | Warning::CommonNamesAndSurnamesAreEasyToGuess => {
            "名前や名字は推測されやすいです (names are easy to guess)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_uncommon_phrases_pass_in_any_script() {
        for p in [
            "ひまわり畑で赤い自転車",
            "kappa sells umbrellas at dawn",
            "青い郵便受けと三毛猫の昼寝",
            "Tsukimi-dango 7 kettles",
        ] {
            assert_eq!(check(p, &["tanaka"]), Ok(()), "{p}");
        }
    }

    #[test]
    fn short_common_and_patterned_passphrases_are_refused_with_the_reason() {
        let reason = |p: &str, about: &[&str]| check(p, about).unwrap_err().reason;
        assert!(reason("abc", &[]).contains("短すぎます（3文字）"));
        assert!(reason("password123", &[]).contains("よく使われる"));
        assert!(reason("asdfghjkl;'", &[]).contains("キーボード"));
        assert!(reason("aaaaaaaaaaaa", &[]).contains("繰り返し"));
        // The app's own name and the account's name are the first guesses.
        assert!(check("yorisoi2026", &[]).is_err());
        assert!(check("tanakahiroshi", &["tanakahiroshi"]).is_err());
        assert_eq!(check("", &[]).unwrap_err().field, "passphrase");
    }

    #[test]
    fn the_rule_is_pinned() {
        assert_eq!((MIN_CHARS, MIN_SCORE), (10, Score::Three));
    }
}
