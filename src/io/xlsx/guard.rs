//! Checks a workbook before it is read: every part of the ZIP archive is unpacked as a
//! stream and counted (a "ZIP bomb" is refused at the limit, whatever sizes the archive
//! states), and the XML of every part is scanned, a piece at a time, for what would make
//! the workbook reader hold too much or go wrong:
//! - a piece of XML (a tag, a text, a comment) longer than the token limit — the reader
//!   keeps one piece in memory;
//! - a document type declaration (`<!DOCTYPE`): Office never writes one, and it is the
//!   door to entity expansion;
//! - a cell or row reference (`<c r=…>`, `<row r=…>`, `<dimension ref=…>`) that is not a
//!   place on a spreadsheet (A1 to XFD1048576), or a dimension that ends before it starts:
//!   the reader does arithmetic with them.
//!
//! Nothing is kept but counters and the current tag.

use std::io::{Cursor, ErrorKind, Read};

use memchr::{memchr, memchr3};

use crate::error::{Error, Result};
use crate::io::limits::Limits;
use crate::io::table::bad;

/// The last row and column of a spreadsheet (Excel's grid, XFD1048576).
const GRID_ROWS: u64 = 1_048_576;
const GRID_COLUMNS: u64 = 16_384;

/// Checks the workbook in `bytes` against `limits`.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<()> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        bad("is not a readable XLSX workbook; save it again from the spreadsheet as .xlsx")
    })?;
    let mut unpacked: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        // A part that cannot be opened (an unknown compression) cannot be unpacked by the
        // reader either; if the reader needs it, it says the workbook cannot be read.
        let Ok(mut part) = archive.by_index(index) else {
            continue;
        };
        // What the archive states is checked first, then what the part really unpacks to.
        if unpacked.saturating_add(part.size()) > limits.xlsx_unpacked_bytes {
            return Err(limits.unpacked_beyond(unpacked.saturating_add(part.size())));
        }
        let name = part.name().to_string();
        let lower = name.to_ascii_lowercase();
        let mut scan =
            (lower.ends_with(".xml") || lower.ends_with(".rels")).then(|| Scan::new(limits, &name));
        loop {
            let n = match part.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // Damaged data: the reader stops at the same place with an error.
                Err(_) => break,
            };
            unpacked += n as u64;
            if unpacked > limits.xlsx_unpacked_bytes {
                return Err(limits.unpacked_beyond(unpacked));
            }
            if let Some(scan) = scan.as_mut() {
                scan.feed(&chunk[..n])?;
            }
        }
        if let Some(scan) = scan {
            scan.finish()?;
        }
    }
    Ok(())
}

/// Where the scanner is in a part's XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tags.
    Text,
    /// Inside `<…>`, outside quotes; the tag's bytes are being kept.
    Tag,
    /// Inside a quoted attribute value of a tag.
    Quoted(u8),
    /// Inside a comment, CDATA section or processing instruction, until `end` then `>`.
    Until(&'static [u8]),
}

struct Scan<'a> {
    limits: &'a Limits,
    part: &'a str,
    state: State,
    /// Bytes of the current piece.
    len: usize,
    /// The current tag's bytes (after `<`, before `>`).
    tag: Vec<u8>,
    /// The last two bytes of a comment, CDATA or instruction.
    tail: [u8; 2],
    /// The shared strings the part says it has (`<sst uniqueCount>`): the reader makes
    /// room for that many before reading one.
    strings_stated: u64,
    /// The shared strings (`<si>`) it has.
    strings_found: u64,
}

impl<'a> Scan<'a> {
    fn new(limits: &'a Limits, part: &'a str) -> Self {
        Scan {
            limits,
            part,
            state: State::Text,
            len: 0,
            tag: Vec::new(),
            tail: [0; 2],
            strings_stated: 0,
            strings_found: 0,
        }
    }

    /// At the end of the part: refuses a shared-string count stated far beyond the strings
    /// there (room for a few thousand is made whatever the count says; beyond that, only
    /// for what the part holds).
    fn finish(&self) -> Result<()> {
        const ROOM_ANYWAY: u64 = 65_536;
        if self.strings_stated > self.strings_found.max(ROOM_ANYWAY) {
            return Err(bad(format!(
                "says its part {} has {} shared strings but it has {}; save the sheet again as .xlsx, or as CSV",
                self.part, self.strings_stated, self.strings_found
            )));
        }
        Ok(())
    }

    fn grow(&mut self, n: usize) -> Result<()> {
        self.len += n;
        if self.len > self.limits.xlsx_token_bytes {
            return Err(self.limits.token_beyond(self.part));
        }
        Ok(())
    }

    fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.grow(bytes.len())?;
        self.tag.extend_from_slice(bytes);
        Ok(())
    }

    fn feed(&mut self, mut bytes: &[u8]) -> Result<()> {
        while !bytes.is_empty() {
            match self.state {
                State::Text => match memchr(b'<', bytes) {
                    None => {
                        self.grow(bytes.len())?;
                        bytes = &[];
                    }
                    Some(at) => {
                        self.grow(at)?;
                        bytes = &bytes[at + 1..];
                        self.state = State::Tag;
                        self.len = 0;
                        self.tag.clear();
                    }
                },
                State::Tag => {
                    let at = memchr3(b'"', b'\'', b'>', bytes).unwrap_or(bytes.len());
                    self.keep(&bytes[..at])?;
                    bytes = &bytes[at..];
                    if self.special()? {
                        continue;
                    }
                    match bytes.first() {
                        Some(b'>') => {
                            self.end_tag()?;
                            self.state = State::Text;
                            self.len = 0;
                            bytes = &bytes[1..];
                        }
                        Some(&quote) => {
                            self.keep(&[quote])?;
                            self.state = State::Quoted(quote);
                            bytes = &bytes[1..];
                        }
                        None => {}
                    }
                }
                State::Quoted(quote) => match memchr(quote, bytes) {
                    None => {
                        self.keep(bytes)?;
                        bytes = &[];
                    }
                    Some(at) => {
                        self.keep(&bytes[..=at])?;
                        self.state = State::Tag;
                        bytes = &bytes[at + 1..];
                    }
                },
                State::Until(end) => {
                    let at = memchr(b'>', bytes).unwrap_or(bytes.len());
                    self.grow(at)?;
                    for &b in &bytes[..at] {
                        self.tail = [self.tail[1], b];
                    }
                    if at < bytes.len() {
                        let closed = match end {
                            [a] => self.tail[1] == *a,
                            [a, b] => self.tail == [*a, *b],
                            _ => false,
                        };
                        if closed {
                            self.state = State::Text;
                            self.len = 0;
                        } else {
                            self.grow(1)?;
                            self.tail = [self.tail[1], b'>'];
                        }
                        bytes = &bytes[at + 1..];
                    } else {
                        bytes = &[];
                    }
                }
            }
        }
        Ok(())
    }

    /// Turns a tag that starts a comment, CDATA section or instruction into one; refuses a
    /// document type declaration. True when the state changed.
    fn special(&mut self) -> Result<bool> {
        let t = &self.tag[..];
        let end: &'static [u8] = if t.starts_with(b"!--") {
            b"--"
        } else if t.starts_with(b"![CDATA[") {
            b"]]"
        } else if t.starts_with(b"?") {
            b"?"
        } else if t.starts_with(b"!") && !b"![CDATA[".starts_with(t) && !b"!--".starts_with(t) {
            return Err(bad(format!(
                "has a document type declaration (<!…>) in its part {}, which a spreadsheet never writes; save the sheet again as .xlsx, or as CSV",
                self.part
            )));
        } else {
            return Ok(false);
        };
        // The opening itself is not part of what closes it (`<!-->` is not a comment's end).
        let opening = if end == b"--" {
            3
        } else if end == b"]]" {
            8
        } else {
            1
        };
        self.tail = [0; 2];
        for &b in &t[opening..] {
            self.tail = [self.tail[1], b];
        }
        self.state = State::Until(end);
        Ok(true)
    }

    /// Checks the references of a finished tag.
    fn end_tag(&mut self) -> Result<()> {
        let tag = &self.tag[..];
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
        let key: &[u8] = match local {
            b"c" | b"row" => b"r",
            b"dimension" => b"ref",
            b"si" => {
                self.strings_found += 1;
                return Ok(());
            }
            b"sst" => {
                for value in attributes(&tag[name_end..], b"uniqueCount") {
                    // Anything but a plain number counts as more than can be made room for.
                    let stated = std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(u64::MAX);
                    self.strings_stated = self.strings_stated.max(stated);
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        for value in attributes(&tag[name_end..], key) {
            if local == b"dimension" {
                check_dimension(value)?;
            } else {
                place(value, local == b"c").ok_or_else(|| not_a_place(value))?;
            }
        }
        Ok(())
    }
}

/// Every value of attribute `key` in a tag's attribute text (`key="…"`, spaces allowed
/// around `=`, either quote).
fn attributes<'t>(mut text: &'t [u8], key: &[u8]) -> Vec<&'t [u8]> {
    let mut values = Vec::new();
    loop {
        text = text.trim_ascii_start();
        let name_end = text
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'=')
            .unwrap_or(text.len());
        if name_end == 0 {
            return values;
        }
        let name = &text[..name_end];
        text = text[name_end..].trim_ascii_start();
        let Some(rest) = text.strip_prefix(b"=") else {
            return values;
        };
        text = rest.trim_ascii_start();
        let Some((&quote, rest)) = text.split_first() else {
            return values;
        };
        if quote != b'"' && quote != b'\'' {
            return values;
        }
        let Some(close) = memchr(quote, rest) else {
            return values;
        };
        if name == key {
            values.push(&rest[..close]);
        }
        text = &rest[close + 1..];
    }
}

/// A reference's (row, column), both 1-based, when it is a place on a spreadsheet:
/// letters then digits (`A1`; a row's `r` may be digits alone).
fn place(value: &[u8], column_needed: bool) -> Option<(u64, u64)> {
    let letters = value.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column_text, row_text) = value.split_at(letters);
    if row_text.is_empty() || !row_text.iter().all(u8::is_ascii_digit) || row_text.len() > 7 {
        return None;
    }
    if letters > 3 || (column_needed && letters == 0) {
        return None;
    }
    let column = column_text.iter().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = row_text
        .iter()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    ((1..=GRID_ROWS).contains(&row) && column <= GRID_COLUMNS).then_some((row, column))
}

/// A `<dimension ref>`: one place, or two with the second not before the first.
fn check_dimension(value: &[u8]) -> Result<()> {
    let mut parts = value.split(|b| *b == b':');
    let first = parts.next().and_then(|p| place(p, true));
    let second = parts.next().map(|p| place(p, true));
    match (first, second, parts.next()) {
        (Some(_), None, None) => Ok(()),
        (Some(start), Some(Some(end)), None) if end.0 >= start.0 && end.1 >= start.1 => Ok(()),
        _ => Err(not_a_place(value)),
    }
}

fn not_a_place(value: &[u8]) -> Error {
    let shown: String = String::from_utf8_lossy(value).chars().take(24).collect();
    bad(format!(
        "has a cell reference \"{shown}\" that is not a place on a spreadsheet (A1 to XFD1048576); save the sheet again as .xlsx, or as CSV"
    ))
}

#[cfg(test)]
mod tests;
