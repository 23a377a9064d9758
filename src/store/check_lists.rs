//! Table checks of the form `col IN ('a', 'b', 'c')`, rewritten as `(col = 'a' OR col = 'b'
//! OR col = 'c')`.
//!
//! Both accept exactly the same values (and both let NULL through, as a check does when its
//! expression is NULL). They differ in cost: SQLite evaluates a constant list of three or
//! more values by building an ephemeral table — its own pager and page cache — at every
//! execution of an INSERT or UPDATE, and drops it after. With `cipher_memory_security` on,
//! dropping it wipes the freed page-cache block too. On a `demo --persons 10300` roster that
//! was most of the time spent writing (measured 2026-12-06: README, "cipher_memory_security").
//! The comparisons cost a few nanoseconds.

/// `sql` with every `identifier IN (literal, literal, literal, …)` of three or more string or
/// integer literals replaced by a parenthesised chain of `=` joined by `OR`. String literals,
/// quoted identifiers and comments are copied as they are, and so is anything that is not
/// exactly that shape (a subquery, an expression on the left, `NOT IN`).
pub(crate) fn expand_in_lists(sql: &str) -> String {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + sql.len() / 4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let skip_to = match c {
            b'\'' => Some(end_of_quoted(b, i, b'\'')),
            b'"' => Some(end_of_quoted(b, i, b'"')),
            b'-' if b.get(i + 1) == Some(&b'-') => Some(
                b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .map_or(b.len(), |p| i + p),
            ),
            b'/' if b.get(i + 1) == Some(&b'*') => {
                Some(sql[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2))
            }
            _ => None,
        };
        if let Some(end) = skip_to {
            out.push_str(&sql[i..end]);
            i = end;
            continue;
        }
        let starts_word = (c.is_ascii_alphabetic() || c == b'_')
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_'));
        if starts_word {
            let end = i + b[i..]
                .iter()
                .position(|x| !(x.is_ascii_alphanumeric() || *x == b'_'))
                .unwrap_or(b.len() - i);
            let word = &sql[i..end];
            if !word.eq_ignore_ascii_case("NOT") {
                if let Some((values, after)) = in_list(sql, end) {
                    out.push('(');
                    for (k, v) in values.iter().enumerate() {
                        if k > 0 {
                            out.push_str(" OR ");
                        }
                        out.push_str(word);
                        out.push_str(" = ");
                        out.push_str(v);
                    }
                    out.push(')');
                    i = after;
                    continue;
                }
            }
            out.push_str(word);
            i = end;
            continue;
        }
        let ch = sql[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// The index just past the quoted token starting at `start` (a doubled quote is part of it).
fn end_of_quoted(b: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        if b[i] == quote {
            if b.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// At `from` (just after an identifier): ` IN (v1, v2, v3 …)` with three or more literals →
/// the literals as written and the index after the closing parenthesis.
fn in_list(sql: &str, from: usize) -> Option<(Vec<&str>, usize)> {
    let b = sql.as_bytes();
    let mut i = skip_space(b, from);
    if i == from || !sql.get(i..i + 2)?.eq_ignore_ascii_case("IN") {
        return None;
    }
    i += 2;
    if b.get(i)
        .is_some_and(|x| x.is_ascii_alphanumeric() || *x == b'_')
    {
        return None;
    }
    i = skip_space(b, i);
    if b.get(i) != Some(&b'(') {
        return None;
    }
    i += 1;
    let mut values = Vec::new();
    loop {
        i = skip_space(b, i);
        let start = i;
        match b.get(i)? {
            b'\'' => i = end_of_quoted(b, i, b'\''),
            b'-' | b'0'..=b'9' => {
                i += 1;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if !sql[start..i].bytes().any(|x| x.is_ascii_digit()) {
                    return None;
                }
            }
            _ => return None,
        }
        values.push(&sql[start..i]);
        i = skip_space(b, i);
        match b.get(i)? {
            b',' => i += 1,
            b')' => {
                i += 1;
                break;
            }
            _ => return None,
        }
    }
    (values.len() >= 3).then_some((values, i))
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    #[test]
    fn lists_of_three_or_more_literals_become_or_chains() {
        assert_eq!(
            expand_in_lists("x TEXT CHECK (sex IN ('male', 'female',\n  'unspecified'))"),
            "x TEXT CHECK ((sex = 'male' OR sex = 'female' OR sex = 'unspecified'))"
        );
        assert_eq!(
            expand_in_lists("CHECK (n in (1, 2, -3))"),
            "CHECK ((n = 1 OR n = 2 OR n = -3))"
        );
    }

    #[test]
    fn everything_else_is_copied_as_it_is() {
        for sql in [
            "CHECK (flag IN (0, 1))",
            "CHECK (kind NOT IN ('a', 'b', 'c'))",
            "CHECK (lower(kind) IN ('a', 'b', 'c'))",
            "CHECK (kind IN (SELECT k FROM kinds))",
            "note TEXT DEFAULT 'kind IN (''a'', ''b'', ''c'')'",
            "-- kind IN ('a', 'b', 'c')\nx",
            "/* kind IN ('a', 'b', 'c') */ x",
            "\"kind\" IN ('a', 'b', 'c')",
            "CHECK (kind IN ('a', 'b', 'c'",
            "main IN ('a', kind, 'c')",
            "住所 TEXT -- 避難 IN ('あ', 'い', 'う')",
        ] {
            assert_eq!(expand_in_lists(sql), sql, "{sql}");
        }
    }

    #[test]
    fn the_rewritten_check_accepts_and_refuses_the_same_values() {
        let sql = "CREATE TABLE t (k TEXT CHECK (k IN ('a', 'b''s', 'c')), n INTEGER CHECK (n IN (1, 2, 3)))";
        for schema in [sql.to_string(), expand_in_lists(sql)] {
            let c = Connection::open_in_memory().unwrap();
            c.execute_batch(&schema).unwrap();
            let ok = |k: Option<&str>, n: Option<i64>| {
                c.execute("INSERT INTO t VALUES (?1, ?2)", rusqlite::params![k, n])
                    .is_ok()
            };
            assert!(ok(Some("a"), Some(1)), "{schema}");
            assert!(ok(Some("b's"), Some(3)), "{schema}");
            assert!(ok(None, None), "NULL passes a check: {schema}");
            assert!(!ok(Some("d"), Some(1)), "{schema}");
            assert!(!ok(Some("A"), Some(1)), "{schema}");
            assert!(!ok(Some("a"), Some(4)), "{schema}");
        }
        assert!(expand_in_lists(sql).contains("(k = 'a' OR k = 'b''s' OR k = 'c')"));
    }
}
