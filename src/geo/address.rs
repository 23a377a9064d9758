//! One spelling for a Japanese address, so that the same place written different ways
//! compares equal: `みどり市中央町二丁目3番4号`, `みどり市中央町２－３－４` and
//! `〇〇県みどり市中央町2-3-4` all become `みどり市中央町2-3-4`.
//!
//! The canonical form is a key, not a text to show: numbers stand in the hyphen form
//! (`2丁目3番4号` → `2-3-4`), because that is the one form that can be reached without
//! knowing where the town's name ends (`中央町2-3-4` may be 2丁目3番4号 or, in a town without
//! 丁目, 2番地3 and something else); the gazetteer, which knows the towns, reads it back.
//! What follows the numbers (a building, a room) is kept, spelt the same way: two homes in
//! one building differ by their room. Placing a home reads only the town and the 街区
//! (`gazetteer::Gazetteer::locate`), so a building name never stops a match.

use unicode_normalization::UnicodeNormalization;

/// The canonical form of `address`:
/// - NFKC (full-width digits, letters and spaces to half width), spaces removed (a space
///   between two numbers becomes `-`);
/// - kanji numbers that count 丁目, 番, 番地 or 号 in Arabic (`二丁目` → `2丁目`, `二十三番` →
///   `23番`), then the markers as hyphens: `2丁目3番4号`, `2丁目3番地4`, `2-3-4` and
///   `2丁目3番地の4` are all `2-3-4`; 番 before 町, 丁, 通 or 街 belongs to a name
///   (`一番町` → `1番町`) and stays;
/// - every dash (‐ ‑ ‒ – — ― − ─ ━ ﹣ －) is `-`, and so is ー or ｰ between two numbers
///   (inside a word, as in `センター`, it stays); a hyphen is kept only between two numbers;
/// - ヶ ヵ ケ ｹ が ガ are one letter (ケ), and so are の ノ 之 (ノ), wherever they stand:
///   `霞ヶ関`, `霞が関` and `霞ケ関` compare equal;
/// - 大字 and 字 are left out (`岩根字下桶` = `岩根下桶`);
/// - a leading prefecture (`〇〇県`) and 郡 (`〇〇郡`) are left out: the roster is one
///   municipality and its people's addresses are written with or without them.
pub fn normalise(address: &str) -> String {
    let spelt = spell(address);
    strip_region(&spelt).to_string()
}

/// The canonical spelling of a part of an address (a 大字 or 小字 name, a 街区符号), as
/// [`normalise`] spells it but without looking for a prefecture or 郡 at its start: a town
/// key joined from parts equals the [`normalise`]d address that starts with them.
pub(crate) fn normalise_part(part: &str) -> String {
    spell(part)
}

/// The characters a dash is written with, besides `-`.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{2500}'
                | '\u{2501}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{02D7}'
                | '\u{2043}'
    )
}

/// A kanji digit's value (壱 弐 参 are the old forms used in some registers).
fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' => 1,
        '二' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some()
}

/// The value of a run of kanji numerals: `二十三` = 23, `十` = 10, `百二` = 102, and the
/// positional `一〇三` = 103. `None` for a run that is not a number (`十十`).
fn kanji_value(run: &[char]) -> Option<u32> {
    if run.iter().all(|&c| kanji_digit(c).is_some()) {
        return run.iter().try_fold(0u32, |n, &c| {
            n.checked_mul(10)?.checked_add(kanji_digit(c)?)
        });
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for &c in run {
        if let Some(d) = kanji_digit(c) {
            if digit.is_some() {
                return None;
            }
            digit = Some(d);
        } else {
            let unit = kanji_unit(c)?;
            // Units fall (千, 百, 十): `十十` or `十百` is no number.
            if unit >= last_unit {
                return None;
            }
            last_unit = unit;
            total += digit.take().unwrap_or(1) * unit;
        }
    }
    Some(total + digit.unwrap_or(0))
}

fn starts(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

/// 番 counts a block unless a name goes on (`一番町`, `北四番丁`, `五番街`).
fn ban_is_marker(chars: &[char], ban: usize) -> bool {
    !matches!(chars.get(ban + 1), Some('町' | '丁' | '通' | '街'))
}

/// Whether a number standing at `at` is followed by what makes it an address number.
fn numbered_after(chars: &[char], at: usize) -> bool {
    starts(chars, at, "丁目")
        || starts(chars, at, "番")
        || starts(chars, at, "号")
        || (chars.get(at) == Some(&'-')
            && chars
                .get(at + 1)
                .is_some_and(|&c| c.is_ascii_digit() || is_kanji_numeral(c)))
}

/// Whether what stands before `at` makes a number there an address number (`3番四`,
/// `3番地の四`, `2-四`).
fn numbered_before(chars: &[char], at: usize) -> bool {
    let before = |n: usize| at.checked_sub(n).and_then(|i| chars.get(i)).copied();
    match before(1) {
        Some('-' | '番') => true,
        Some('目') => before(2) == Some('丁'),
        Some('地') => before(2) == Some('番'),
        Some('の') => matches!(before(2), Some('番' | '地')),
        _ => false,
    }
}

/// The canonical spelling, without stripping a prefecture or 郡.
fn spell(text: &str) -> String {
    // Width, dashes and spaces.
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for c in text.nfkc() {
        chars.push(if c.is_whitespace() {
            ' '
        } else if is_dash(c) {
            '-'
        } else {
            c.to_ascii_uppercase()
        });
    }
    // ー between two numbers is a dash; inside a word it is the long vowel.
    let numeral = |c: char| c.is_ascii_digit() || is_kanji_numeral(c);
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] == 'ー' && numeral(chars[i - 1]) && numeral(chars[i + 1]) {
            chars[i] = '-';
        }
    }
    // 大字 and 字 are optional in an address.
    let chars = drop_aza(&chars);
    let chars = arabic_numbers(&chars);
    let chars = hyphen_numbers(&chars);
    finish(&chars)
}

fn drop_aza(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if starts(chars, i, "大字") {
            i += 2;
        } else if chars[i] == '字' {
            i += 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Kanji numbers that count 丁目, 番, 号 (or stand between hyphens) in Arabic digits;
/// other kanji numerals belong to names (`八丁堀`, `九十九里`) and stay.
fn arabic_numbers(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_kanji_numeral(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_kanji_numeral(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        match kanji_value(run) {
            Some(n) if numbered_after(chars, i) || numbered_before(chars, start) => {
                out.extend(n.to_string().chars());
            }
            _ => out.extend_from_slice(run),
        }
    }
    out
}

/// After Arabic digits, 丁目, 番, 番地 and 号 (and の between two numbers) become `-`.
fn hyphen_numbers(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        if !c.is_ascii_digit() || digit_at(i) {
            continue;
        }
        let marker = if starts(chars, i, "丁目") || starts(chars, i, "番地") {
            2
        } else if (chars[i..].first() == Some(&'番') && ban_is_marker(chars, i))
            || chars[i..].first() == Some(&'号')
            || (chars[i..].first() == Some(&'の') && digit_at(i + 1))
        {
            1
        } else {
            0
        };
        if marker > 0 {
            out.push('-');
            i += marker;
            // `3番地の4`: the の joins two numbers already joined.
            if chars.get(i) == Some(&'の') && digit_at(i + 1) {
                i += 1;
            }
        }
    }
    out
}

/// ケ and ノ in one form; spaces and hyphens only between two numbers, as one `-`.
fn finish(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' || c == '-' {
            let start = i;
            while i < chars.len() && matches!(chars[i], ' ' | '-') {
                i += 1;
            }
            let after = chars.get(i).is_some_and(char::is_ascii_digit);
            let before = start > 0 && chars[start - 1].is_ascii_digit();
            if before && after {
                out.push('-');
            }
            continue;
        }
        out.push(match c {
            'ヶ' | 'ヵ' | 'が' | 'ガ' | 'ゖ' => 'ケ',
            'の' | '之' => 'ノ',
            other => other,
        });
        i += 1;
    }
    out
}

/// The 47 prefectures, as an address starts with them.
const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// Leaves out a leading prefecture, then a leading 郡 (`上閉伊郡大槌町` → `大槌町`).
///
/// A 郡's name is 2 to 4 kanji without 市, 区, 町 or 村 (but for 余市, 高市, 田村 and the
/// three 村山); 大和郡山市 and 小郡市 are cities, not 郡s. So what is left out never reaches
/// past a municipality's name (which ends in 市, 区, 町 or 村): a town key joined from the
/// normalised 市区町村名 and [`normalise_part`] of the town equals the normalised address.
fn strip_region(text: &str) -> &str {
    let text = PREFECTURES
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .unwrap_or(text);
    let mut prefix = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        if n > 4 {
            break;
        }
        if c == '郡' {
            if n < 2 {
                break;
            }
            let name = &text[..at];
            let rest = &text[at + c.len_utf8()..];
            let municipal = name.contains(['市', '区', '町', '村'])
                && !GUN_WITH_MUNICIPAL_LETTERS.contains(&name);
            if !municipal && !rest.is_empty() && !rest.starts_with("山市") {
                prefix = at + c.len_utf8();
            }
            break;
        }
        if !is_kanji(c) {
            break;
        }
    }
    &text[prefix..]
}

/// The 郡 whose names hold a letter that ends a municipality's name.
const GUN_WITH_MUNICIPAL_LETTERS: [&str; 6] =
    ["余市", "高市", "田村", "東村山", "西村山", "北村山"];

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn same(a: &str, b: &str) {
        assert_eq!(normalise(a), normalise(b), "{a} ≠ {b}");
    }

    #[test]
    fn the_demo_towns_ways_of_writing_an_address_are_one() {
        let key = "みどり市中央町2-3-4";
        assert_eq!(normalise("みどり市中央町二丁目3番4号"), key);
        assert_eq!(normalise("みどり市中央町2-3-4"), key);
        assert_eq!(normalise("みどり市中央町二丁目3番地4"), key);
        assert_eq!(normalise("みどり市中央町2丁目3番4号"), key);
        assert_eq!(normalise("みどり市中央町二丁目三番四号"), key);
        assert_eq!(normalise("みどり市中央町2丁目3番地の4"), key);
        assert_eq!(normalise("みどり市中央町2丁目3の4"), key);
    }

    #[test]
    fn full_width_becomes_half_width_and_spaces_go() {
        assert_eq!(
            normalise("みどり市　中央町２－３－４"),
            "みどり市中央町2-3-4"
        );
        assert_eq!(normalise("ＡＢＣ町 1丁目"), "ABC町1");
        assert_eq!(normalise("abc町"), "ABC町");
        // A space between two numbers separates them.
        assert_eq!(normalise("中央町2-3-4 203"), "中央町2-3-4-203");
    }

    #[test]
    fn kanji_numbers_before_markers_become_arabic() {
        assert_eq!(normalise("中央町十丁目"), "中央町10");
        assert_eq!(normalise("中央町十一丁目"), "中央町11");
        assert_eq!(normalise("中央町二十三丁目"), "中央町23");
        assert_eq!(normalise("中央町九十九丁目"), "中央町99");
        assert_eq!(normalise("岩根百二十六番地"), "岩根126");
        assert_eq!(normalise("岩根一〇三番地"), "岩根103");
        assert_eq!(normalise("中央町二-三-四"), "中央町2-3-4");
        // Kanji numerals in names stay.
        assert_eq!(normalise("八丁堀"), "八丁堀");
        assert_eq!(normalise("九十九里町"), "九十九里町");
        assert_eq!(normalise("六本木六丁目"), "六本木6");
        // 番 before 町 belongs to the name.
        assert_eq!(normalise("一番町5番"), "1番町5");
        same("一番町5番", "1番町5");
        same("北四番丁3番", "北4番丁3番");
        assert_eq!(kanji_value(&['十', '十']), None);
        assert_eq!(kanji_value(&['千', '二', '十']), Some(1020));
    }

    #[test]
    fn every_dash_is_one_hyphen_and_the_long_vowel_stays_in_words() {
        for dash in [
            "-", "‐", "‑", "‒", "–", "—", "―", "−", "─", "━", "﹣", "－", "ー", "ｰ",
        ] {
            assert_eq!(
                normalise(&format!("中央町2{dash}3{dash}4")),
                "中央町2-3-4",
                "dash {dash:?} (U+{:04X})",
                dash.chars().next().map_or(0, u32::from)
            );
        }
        assert_eq!(normalise("センター2-1"), "センター2-1");
        assert_eq!(normalise("ｾﾝﾀｰ"), "センター");
        // A wave dash is not a hyphen.
        assert_eq!(normalise("2〜3"), "2〜3");
        // A hyphen not between numbers is no separator.
        assert_eq!(normalise("中央町-2"), "中央町2");
    }

    #[test]
    fn ke_and_no_are_one_letter_each() {
        let key = normalise("千代田区霞ケ関1丁目");
        assert_eq!(key, "千代田区霞ケ関1");
        for spelling in ["霞ヶ関", "霞が関", "霞ｹ関", "霞ヵ関", "霞ガ関"] {
            assert_eq!(
                normalise(&format!("千代田区{spelling}1丁目")),
                key,
                "{spelling}"
            );
        }
        same("桜ヶ丘", "桜が丘");
        same("井ノ頭", "井の頭");
        same("井之頭", "井の頭");
        assert_ne!(normalise("桜ヶ丘"), normalise("桜丘"));
    }

    #[test]
    fn oaza_and_aza_are_optional() {
        same("本宮市大字岩根字下桶126番地", "本宮市岩根下桶126");
        same("本宮市岩根字下桶126", "本宮市岩根下桶126番地");
    }

    #[test]
    fn prefecture_and_gun_are_optional() {
        same("東京都みどり市中央町2-3-4", "みどり市中央町2-3-4");
        same("神奈川県みどり市中央町2-3-4", "みどり市中央町2-3-4");
        same("岩手県上閉伊郡大槌町小鎚1番", "大槌町小鎚1番");
        same("上閉伊郡大槌町小鎚1番", "大槌町小鎚1番");
        same("北海道余市郡余市町黒川町1", "余市町黒川町1");
        same("奈良県高市郡明日香村岡1", "明日香村岡1");
        same("福島県田村郡三春町1", "三春町1");
        // Cities with 郡 in their name keep it.
        assert_eq!(
            normalise("奈良県大和郡山市北郡山町1"),
            "大和郡山市北郡山町1"
        );
        assert_eq!(normalise("福岡県小郡市小郡1"), "小郡市小郡1");
        assert_eq!(normalise("福島県郡山市中町1"), "郡山市中町1");
        // A town name that begins with 郡 after a city is no 郡.
        assert_eq!(normalise("岡山市郡1"), "岡山市郡1");
        // 京都市 is not 京都府.
        assert_eq!(normalise("京都府京都市中京区"), "京都市中京区");
        assert_eq!(normalise("京都市中京区"), "京都市中京区");
    }

    #[test]
    fn a_building_after_the_number_is_kept_in_one_spelling() {
        let flat = normalise("みどり市中央町2-3-4 みどりハイツ203");
        assert_eq!(flat, "みどり市中央町2-3-4みどりハイツ203");
        same(
            "みどり市中央町二丁目3番4号　みどりハイツ２０３",
            "みどり市中央町2-3-4 みどりハイツ203",
        );
        same(
            "みどり市中央町二丁目3番4号みどりハイツ203",
            "みどり市中央町2-3-4みどりハイツ203",
        );
        // Two rooms are two homes.
        assert_ne!(flat, normalise("みどり市中央町2-3-4 みどりハイツ305"));
        assert_eq!(normalise("中央町2-3-4 203号室"), "中央町2-3-4-203室");
    }

    #[test]
    fn parts_are_spelt_like_the_address_they_begin() {
        assert_eq!(normalise_part("中央町二丁目"), "中央町2");
        // No prefecture or 郡 is looked for in a part.
        assert_eq!(normalise_part("東郡山"), "東郡山");
        for (city, town) in [
            ("福島市", "東郡山"),
            ("みどり市", "中央町二丁目"),
            ("上閉伊郡大槌町", "小鎚"),
            ("大和郡山市", "北郡山町"),
            ("御蔵島村", "郡一番地"),
            ("札幌市中央区", "南一条西"),
        ] {
            assert_eq!(
                normalise(&format!("{city}{town}")),
                format!("{}{}", normalise(city), normalise_part(town)),
                "{city} {town}"
            );
        }
    }
}
