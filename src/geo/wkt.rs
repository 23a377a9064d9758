//! A reader for the well-known text (WKT) of a coordinate system, as in an ESRI `.prj`:
//! `KEYWORD["name", value, CHILD[...], ...]`. It builds the tree only; `crs` decides what
//! the tree means. WKT 1 (ESRI and OGC) and WKT 2 share this syntax.

/// The longest .prj read (a real one is under 1 KiB).
const MAX_LEN: usize = 64 * 1024;
/// The deepest nesting read (a real one is under 6).
const MAX_DEPTH: usize = 32;

/// One `KEYWORD[...]` of the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The keyword, upper-cased (`PROJCS`, `GEOGCS`, `PARAMETER`, ...).
    pub keyword: String,
    /// What is inside the brackets, in order.
    pub args: Vec<Arg>,
}

/// One argument of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// A quoted text.
    Text(String),
    /// A number.
    Number(f64),
    /// A bare word (`NORTH`, `EAST`).
    Word(String),
    /// A nested node.
    Node(Node),
}

impl Node {
    /// The first quoted text (the name, for most keywords).
    pub fn name(&self) -> Option<&str> {
        self.args.iter().find_map(|a| match a {
            Arg::Text(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// The first number.
    pub fn number(&self) -> Option<f64> {
        self.args.iter().find_map(|a| match a {
            Arg::Number(n) => Some(*n),
            _ => None,
        })
    }

    /// The first direct child with one of `keywords`.
    pub fn child(&self, keywords: &[&str]) -> Option<&Node> {
        self.args.iter().find_map(|a| match a {
            Arg::Node(n) if keywords.contains(&n.keyword.as_str()) => Some(n),
            _ => None,
        })
    }

    /// Every node below this one with one of `keywords`, depth first, not descending
    /// into the nodes with one of `skip`.
    pub fn descendants<'a>(&'a self, keywords: &[&str], skip: &[&str], out: &mut Vec<&'a Node>) {
        for a in &self.args {
            if let Arg::Node(n) = a {
                if keywords.contains(&n.keyword.as_str()) {
                    out.push(n);
                }
                if !skip.contains(&n.keyword.as_str()) {
                    n.descendants(keywords, skip, out);
                }
            }
        }
    }
}

/// Parses `text` into its root node. The error says what was found where.
pub(crate) fn parse(text: &str) -> Result<Node, String> {
    if text.len() > MAX_LEN {
        return Err(format!(
            "it is {} bytes long, not a coordinate system",
            text.len()
        ));
    }
    let text = text.trim_start_matches('\u{feff}');
    let mut p = Parser {
        chars: text.char_indices().peekable(),
        text,
    };
    let node = p.node(0)?;
    p.skip_space();
    match p.chars.peek() {
        None => Ok(node),
        Some(&(i, c)) => Err(format!("unexpected '{c}' at character {i} after the end")),
    }
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        while self.chars.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
    }

    fn word(&mut self) -> String {
        let mut w = String::new();
        while let Some((_, c)) = self
            .chars
            .next_if(|&(_, c)| c.is_alphanumeric() || c == '_' || c == '.' || c == '-' || c == '+')
        {
            w.push(c);
        }
        w
    }

    fn node(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err("nested too deeply".to_string());
        }
        self.skip_space();
        let at = self.chars.peek().map_or(self.text.len(), |&(i, _)| i);
        let keyword = self.word();
        if keyword.is_empty()
            || !keyword
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(format!("no keyword at character {at}"));
        }
        self.skip_space();
        let close = match self.chars.next() {
            Some((_, '[')) => ']',
            Some((_, '(')) => ')',
            _ => return Err(format!("{keyword} is not followed by '['")),
        };
        let mut args = Vec::new();
        loop {
            self.skip_space();
            match self.chars.peek().copied() {
                None => return Err(format!("{keyword}[ is not closed")),
                Some((_, c)) if c == close && args.is_empty() => {
                    self.chars.next();
                    break;
                }
                Some((_, '"')) => {
                    self.chars.next();
                    args.push(Arg::Text(self.quoted(&keyword)?));
                }
                Some((_, c)) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                    let w = self.word();
                    let n: f64 = w
                        .parse()
                        .map_err(|_| format!("'{w}' in {keyword} is not a number"))?;
                    args.push(Arg::Number(n));
                }
                Some(_) => {
                    let save = self.chars.clone();
                    let w = self.word();
                    self.skip_space();
                    if matches!(self.chars.peek(), Some((_, '[' | '('))) {
                        self.chars = save;
                        args.push(Arg::Node(self.node(depth + 1)?));
                    } else if w.is_empty() {
                        return Err(format!("unexpected character in {keyword}"));
                    } else {
                        args.push(Arg::Word(w));
                    }
                }
            }
            self.skip_space();
            match self.chars.next() {
                Some((_, ',')) => continue,
                Some((_, c)) if c == close => break,
                _ => return Err(format!("{keyword}[ is not closed")),
            }
        }
        Ok(Node {
            keyword: keyword.to_ascii_uppercase(),
            args,
        })
    }

    /// A quoted text after its opening `"`; `""` inside is one `"`.
    fn quoted(&mut self, keyword: &str) -> Result<String, String> {
        let mut s = String::new();
        loop {
            match self.chars.next() {
                None => return Err(format!("a text in {keyword} is not closed")),
                Some((_, '"')) => {
                    if self.chars.next_if(|&(_, c)| c == '"').is_some() {
                        s.push('"');
                    } else {
                        return Ok(s);
                    }
                }
                Some((_, c)) => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_esri_prj() {
        let n = parse(r#"PROJCS["JGD_2011_Japan_Zone_9",GEOGCS["GCS_JGD_2011",DATUM["D_JGD_2011",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",0.0],PARAMETER["Central_Meridian",139.8333333333333],UNIT["Meter",1.0]]"#).unwrap();
        assert_eq!(n.keyword, "PROJCS");
        assert_eq!(n.name(), Some("JGD_2011_Japan_Zone_9"));
        let g = n.child(&["GEOGCS"]).unwrap();
        assert_eq!(g.child(&["DATUM"]).unwrap().name(), Some("D_JGD_2011"));
        let mut params = Vec::new();
        n.descendants(&["PARAMETER"], &[], &mut params);
        assert_eq!(params.len(), 2);
        assert_eq!(params[1].name(), Some("Central_Meridian"));
        assert_eq!(params[1].number(), Some(139.8333333333333));
    }

    #[test]
    fn parses_words_quotes_and_parentheses() {
        let n = parse(r#" GEOGCS("a ""b""", AXIS["Lat", NORTH], 1e-3) "#).unwrap();
        assert_eq!(n.name(), Some("a \"b\""));
        assert_eq!(
            n.child(&["AXIS"]).unwrap().args[1],
            Arg::Word("NORTH".into())
        );
        assert_eq!(n.number(), Some(0.001));
    }

    #[test]
    fn refuses_what_is_not_wkt() {
        assert!(parse("").is_err());
        assert!(parse("PROJCS[\"x\"").is_err());
        assert!(parse("PROJCS[\"x\"]]").is_err());
        assert!(parse("{\"type\": 1}").is_err());
        assert!(parse(&"A[".repeat(100)).unwrap_err().contains("deeply"));
    }
}
