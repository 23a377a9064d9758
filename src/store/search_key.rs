//! Search keys: normalised forms of names and phone numbers, so that a search
//! finds the same person however the user typed the query or the record.
//!
//! The same person's name reaches the roster as `ﾔﾏﾀﾞ ﾀﾛｳ` from an old
//! half-width system export, `やまだ　たろう` typed with an IME, and
//! `ヤマダタロウ` from a paper form. During an evacuation nobody has time to
//! guess which one was stored, so both the stored value and the query are
//! reduced to the same key before comparing.
//!
//! Keys are for matching only; never display them or store them in place of
//! what the user typed.

use unicode_normalization::UnicodeNormalization;

/// Offset between a katakana code point and its hiragana counterpart
/// (ア U+30A2 → あ U+3042).
const KATAKANA_TO_HIRAGANA: u32 = 0x60;

/// Normalised key for names and other free text (furigana, addresses).
///
/// Steps, in order:
/// 1. NFKC: full-width ASCII becomes ASCII, half-width katakana becomes
///    full-width with voiced marks combined (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`).
/// 2. Katakana becomes hiragana (`ァ`–`ヶ` → `ぁ`–`ゖ`, `ヴ` → `ゔ`, `ヽヾ` →
///    `ゝゞ`), so furigana matches whichever script it was written in. The
///    long-vowel mark `ー` is kept because it is part of the reading.
/// 3. ASCII letters are lower-cased.
/// 4. Whitespace (including the ideographic space U+3000), invisible
///    zero-width characters, and the separators people put between family
///    and given names (`・` `･` `·` `＝` `゠` `,` `、` `.` `/` `_` and hyphens
///    or dashes) are removed, so `山田　太郎`, `山田太郎` and `山田・太郎` all
///    match.
///
/// Small kana stay small (`ｧ` → `ぁ`, not `あ`) and kanji are left as they
/// are, apart from NFKC folding compatibility ideographs to their unified
/// forms.
#[must_use]
pub fn text_key(s: &str) -> String {
    let folded: String = s.nfkc().filter_map(fold_char).collect();
    // A second, canonical composition pass: removing a space can bring a
    // stray combining voiced mark next to its kana (NFKC turns a spacing
    // `゛` into "space + U+3099"), and that pair must become the same single
    // code point as a directly typed `が`.
    folded.nfc().collect()
}

/// Maps one NFKC-normalised character to its key form, or drops it.
fn fold_char(c: char) -> Option<char> {
    if is_name_separator(c) {
        return None;
    }
    let folded = match c {
        // ァ..ヶ and the iteration marks ヽヾ have hiragana twins exactly
        // 0x60 code points lower. ー (U+30FC) and ヷ..ヺ are outside these
        // ranges and stay as they are: they have no hiragana form.
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => {
            char::from_u32(u32::from(c) - KATAKANA_TO_HIRAGANA).unwrap_or(c)
        }
        _ => c.to_ascii_lowercase(),
    };
    Some(folded)
}

/// Characters that carry no identity in a name: spacing, invisible
/// characters, and the punctuation used to separate family and given names.
///
/// Checked after NFKC, so full-width variants (`　` `＝` `，` `．` `／` `－`)
/// and the half-width `･` have already become the forms listed here.
///
/// ASCII and Unicode hyphens/dashes are removed, but the katakana long-vowel
/// mark `ー` is not: it is part of a reading (`こーひー`), and conflating it
/// with `-` would make `ゆーこ` and `ゆこ` match.
fn is_name_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            // Middle dots: katakana (also NFKC of half-width ･), Latin,
            // hyphenation point.
            '\u{30FB}' | '\u{00B7}' | '\u{2027}'
            // Double hyphens used between foreign given and family names
            // (ジョン＝スミス).
            | '=' | '\u{30A0}'
            // Commas, full stops and slashes from "姓, 名" or "Yamada/Taro".
            | ',' | '\u{3001}' | '.' | '/' | '_'
            // Hyphen-minus and Unicode hyphens, dashes and minus sign.
            | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}'
            // Zero-width characters copied along from documents and web
            // pages; invisible, so users cannot know to type them.
            | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Normalised key for phone numbers: only the ASCII digits, after NFKC so
/// that full-width digits count (`０９０－１２３４－５６７８` → `09012345678`).
///
/// Hyphens, parentheses and spaces are dropped because the same number is
/// written `090-1234-5678`, `090 1234 5678` or `(090)1234-5678`.
#[must_use]
pub fn phone_key(s: &str) -> String {
    s.nfkc().filter(char::is_ascii_digit).collect()
}

/// Whether a search query looks like a phone number rather than a name, so
/// the caller can match it against [`phone_key`] instead of [`text_key`].
///
/// True when, after NFKC, the query consists only of digits, hyphens,
/// parentheses and whitespace and contains at least three digits. Fewer
/// digits are too short to be a useful phone search and are more likely a
/// room or house number.
///
/// Besides `-`, the hyphen-like characters an IME produces for the hyphen
/// key are accepted (`ー` in kana mode, `−`, `‐`, dashes), since people type
/// `090ー1234ー5678` without noticing. `+` is not accepted: `+81` numbers
/// would not match the domestic form stored in the roster.
#[must_use]
pub fn looks_like_phone(query: &str) -> bool {
    let mut digits = 0usize;
    for c in query.nfkc() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !(c.is_whitespace() || matches!(c, '(' | ')') || is_phone_hyphen(c)) {
            return false;
        }
    }
    digits >= 3
}

/// Hyphen-like characters seen in typed phone numbers (after NFKC).
fn is_phone_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_full_width_katakana_and_hiragana_match() {
        let expected = "やまだたろう";
        assert_eq!(text_key("ﾔﾏﾀﾞ ﾀﾛｳ"), expected);
        assert_eq!(text_key("やまだ　たろう"), expected);
        assert_eq!(text_key("ヤマダタロウ"), expected);
        assert_eq!(text_key("ヤマダ　タロウ"), expected);
        assert_eq!(text_key("ﾔﾏﾀﾞﾀﾛｳ"), expected);
        assert_eq!(text_key("ﾔﾏﾀﾞ ﾀﾛｳ"), text_key("やまだ　たろう"));
        assert_eq!(text_key("やまだ　たろう"), text_key("ヤマダタロウ"));
    }

    #[test]
    fn kanji_names_ignore_spaces() {
        assert_eq!(text_key("山田　太郎"), text_key("山田太郎"));
        assert_eq!(text_key("山田 太郎"), "山田太郎");
        assert_eq!(text_key(" 山田\t太郎\n"), "山田太郎");
    }

    #[test]
    fn kanji_are_untouched() {
        for name in ["山田太郎", "髙橋", "渡邊", "齋藤", "佐々木", "霞ヶ関"] {
            let key = text_key(name);
            // Only katakana inside (ヶ) changes; the kanji do not.
            let kanji_only: String = name.chars().filter(|c| *c != 'ヶ').collect();
            let key_kanji: String = key.chars().filter(|c| *c != 'ゖ').collect();
            assert_eq!(key_kanji, kanji_only, "{name}");
        }
        assert_eq!(text_key("髙橋"), "髙橋");
        assert_eq!(text_key("渡邊"), "渡邊");
    }

    #[test]
    fn voiced_and_semi_voiced_half_width() {
        assert_eq!(text_key("ｶﾞ"), "が");
        assert_eq!(text_key("ﾊﾟ"), "ぱ");
        assert_eq!(text_key("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ"), "ばびぶべぼ");
        assert_eq!(text_key("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "ぱぴぷぺぽ");
        assert_eq!(text_key("ｶﾞ"), text_key("ガ"));
        assert_eq!(text_key("ｶﾞ"), text_key("が"));
    }

    #[test]
    fn spacing_voiced_mark_is_recombined() {
        // Old data sometimes has a separate spacing ゛/゜ after the kana.
        assert_eq!(text_key("カ゛"), "が");
        assert_eq!(text_key("ハ゜"), "ぱ");
        assert_eq!(text_key("か\u{3099}"), "が");
    }

    #[test]
    fn vu() {
        assert_eq!(text_key("ヴ"), "ゔ");
        assert_eq!(text_key("ｳﾞ"), "ゔ");
        assert_eq!(text_key("ゔ"), "ゔ");
        assert_eq!(text_key("ヴィクトル"), text_key("ｳﾞｨｸﾄﾙ"));
    }

    #[test]
    fn small_kana_stay_small() {
        assert_eq!(text_key("ｧ"), "ぁ");
        assert_eq!(text_key("ｧｨｩｪｫｬｭｮｯ"), "ぁぃぅぇぉゃゅょっ");
        assert_eq!(
            text_key("ァィゥェォャュョッヮヵヶ"),
            "ぁぃぅぇぉゃゅょっゎゕゖ"
        );
        assert_ne!(text_key("ｷﾖ"), text_key("ｷｮ"));
    }

    #[test]
    fn long_vowel_mark_is_kept() {
        assert_eq!(text_key("ｺｰﾋｰ"), "こーひー");
        assert_eq!(text_key("コーヒー"), "こーひー");
        assert_ne!(text_key("ユーコ"), text_key("ユコ"));
    }

    #[test]
    fn iteration_marks() {
        assert_eq!(text_key("ヽヾ"), "ゝゞ");
    }

    #[test]
    fn full_width_ascii_and_case() {
        assert_eq!(text_key("ＹＡＭＡＤＡ　Ｔａｒｏ"), "yamadataro");
        assert_eq!(text_key("Yamada Taro"), "yamadataro");
        assert_eq!(text_key("yamada taro"), text_key("YAMADA TARO"));
        assert_eq!(text_key("ａｂｃ１２３"), "abc123");
    }

    #[test]
    fn name_separators_are_removed() {
        let expected = text_key("じょんすみす");
        for input in [
            "ジョン・スミス",
            "ｼﾞｮﾝ･ｽﾐｽ",
            "ジョン＝スミス",
            "ジョン゠スミス",
            "ジョン=スミス",
            "ジョン·スミス",
            "ジョン、スミス",
            "ジョン，スミス",
            "ジョン, スミス",
            "ジョン／スミス",
            "ジョン.スミス",
            "ジョン－スミス",
            "ジョン‐スミス",
            "ジョン_スミス",
            "ジョン\u{200B}スミス",
            "\u{FEFF}ジョンスミス",
        ] {
            assert_eq!(text_key(input), expected, "{input:?}");
        }
        assert_eq!(text_key("山田・太郎"), text_key("山田太郎"));
        assert_eq!(text_key("Smith-Jones"), "smithjones");
    }

    #[test]
    fn all_whitespace_kinds_are_removed() {
        assert_eq!(text_key("\u{3000}や\u{00A0}ま\u{2003}だ\r\n"), "やまだ");
        assert_eq!(text_key(""), "");
        assert_eq!(text_key(" \u{3000} "), "");
    }

    #[test]
    fn text_key_is_idempotent() {
        for input in [
            "ﾔﾏﾀﾞ ﾀﾛｳ",
            "カ゛",
            "ヴィクトル・ユーゴー",
            "ＹＡＭＡＤＡ",
            "髙橋　一",
        ] {
            let once = text_key(input);
            assert_eq!(text_key(&once), once, "{input:?}");
        }
    }

    #[test]
    fn phone_key_keeps_only_digits() {
        assert_eq!(phone_key("０９０－１２３４－５６７８"), "09012345678");
        assert_eq!(phone_key("090-1234-5678"), "09012345678");
        assert_eq!(phone_key("(090) 1234 5678"), "09012345678");
        assert_eq!(phone_key("（０９０）１２３４ー５６７８"), "09012345678");
        assert_eq!(phone_key("tel: 03-1234-5678"), "0312345678");
        assert_eq!(phone_key("なし"), "");
        assert_eq!(phone_key(""), "");
    }

    #[test]
    fn phone_like_queries() {
        for query in [
            "090-1234-5678",
            "０９０－１２３４－５６７８",
            "09012345678",
            "(03) 1234-5678",
            "（０３）１２３４－５６７８",
            "090 1234 5678",
            "090ー1234ー5678",
            "090−1234−5678",
            "５６７８",
            "123",
            " 5678 ",
        ] {
            assert!(looks_like_phone(query), "{query:?}");
        }
    }

    #[test]
    fn non_phone_queries() {
        for query in [
            "",
            "12",
            "1-2",
            "(0)",
            "---",
            "山田",
            "ﾔﾏﾀﾞ",
            "yamada 090",
            "3丁目12",
            "+81 90-1234-5678",
            "090.1234.5678",
            "S15.3.2",
            "1940/3/2",
        ] {
            assert!(!looks_like_phone(query), "{query:?}");
        }
    }
}
