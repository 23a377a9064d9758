use super::*;

fn scan(xml: &[u8], limits: &Limits) -> Result<()> {
    let mut scan = Scan::new(limits, "xl/worksheets/sheet1.xml");
    scan.feed(xml)
}

/// The same XML fed one byte at a time: a piece split between two reads is still seen.
fn scan_bytewise(xml: &[u8], limits: &Limits) -> Result<()> {
    let mut scan = Scan::new(limits, "xl/worksheets/sheet1.xml");
    for b in xml {
        scan.feed(std::slice::from_ref(b))?;
    }
    Ok(())
}

fn both(xml: &str) -> (Result<()>, Result<()>) {
    let limits = Limits::DEFAULT;
    (
        scan(xml.as_bytes(), &limits),
        scan_bytewise(xml.as_bytes(), &limits),
    )
}

#[test]
fn places_are_letters_then_digits_within_the_grid() {
    assert_eq!(place(b"A1", true), Some((1, 1)));
    assert_eq!(place(b"XFD1048576", true), Some((1_048_576, 16_384)));
    assert_eq!(place(b"7", false), Some((7, 0)));
    for bad in [
        &b"7"[..],
        b"XFE1",
        b"A1048577",
        b"A0",
        b"",
        b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
        b"A99999999999999999999",
        b"1A",
        b"A1:",
    ] {
        assert_eq!(place(bad, true), None, "{}", String::from_utf8_lossy(bad));
    }
}

#[test]
fn a_dimension_may_span_the_whole_grid_but_not_end_before_it_starts() {
    assert!(check_dimension(b"A1").is_ok());
    assert!(check_dimension(b"A1:XFD1048576").is_ok());
    assert!(check_dimension(b"B2:A1").is_err());
    assert!(check_dimension(b"B1:A2").is_err());
    assert!(check_dimension(b"A1:B2:C3").is_err());
}

#[test]
fn a_sheet_of_ordinary_cells_passes_whole_or_byte_by_byte() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>
<!-- a comment with "quotes" and <c r="ZZZZZZ1"> inside -->
<sheetData><row r="1" spans="1:2"><c r="A1" t="inlineStr"><is><t><![CDATA[<c r="ZZZZZZ9">]]></t></is></c><c r = 'B1'><v>1</v></c></row></sheetData></worksheet>"#;
    let (whole, bytewise) = both(xml);
    whole.unwrap();
    bytewise.unwrap();
}

#[test]
fn a_reference_off_the_grid_is_refused_wherever_the_tag_is_split() {
    for xml in [
        r#"<sheetData><row r="1"><c r="AAAAAAAAAAAAAAA1"/></row></sheetData>"#,
        r#"<sheetData><row r="4294967295"><c><v>1</v></c></row></sheetData>"#,
        r#"<x:dimension ref="B2:A1"/>"#,
        // A '>' inside a quoted value does not end the tag early and hide the reference.
        r#"<c t=">" r="A99999999999"><v>1</v></c>"#,
        // Nor does a quote in a comment hide the tag after it.
        r#"<!-- " --><c r="A0"/><!-- " -->"#,
        // Nor a quote in a CDATA section.
        r#"<t><![CDATA[ " ]]></t><c r="XFE1"/><t>"</t>"#,
    ] {
        let (whole, bytewise) = both(xml);
        let err = whole.unwrap_err().to_string();
        assert!(err.contains("not a place on a spreadsheet"), "{xml}: {err}");
        assert!(bytewise.is_err(), "{xml}");
    }
}

#[test]
fn a_document_type_declaration_is_refused() {
    let (whole, bytewise) = both(r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>"#);
    assert!(whole
        .unwrap_err()
        .to_string()
        .contains("document type declaration"));
    assert!(bytewise.is_err());
}

#[test]
fn a_piece_of_xml_longer_than_the_token_limit_is_refused() {
    let limits = Limits {
        xlsx_token_bytes: 100,
        ..Limits::DEFAULT
    };
    let long_text = format!("<v>{}</v>", "9".repeat(101));
    let err = scan(long_text.as_bytes(), &limits).unwrap_err().to_string();
    assert!(err.contains("longer than 100 bytes"), "{err}");
    assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
    let long_tag = format!("<c r=\"A1\" x=\"{}\"/>", "y".repeat(101));
    assert!(scan_bytewise(long_tag.as_bytes(), &limits).is_err());
    let long_comment = format!("<!--{}-->", "-".repeat(101));
    assert!(scan(long_comment.as_bytes(), &limits).is_err());
    let fits = format!("<v>{}</v>", "9".repeat(100));
    scan(fits.as_bytes(), &limits).unwrap();
}

#[test]
fn a_shared_string_count_far_beyond_the_strings_there_is_refused() {
    let limits = Limits::DEFAULT;
    let finish = |xml: &str| {
        let mut scan = Scan::new(&limits, "xl/sharedStrings.xml");
        scan.feed(xml.as_bytes())?;
        scan.finish()
    };
    // The reader would make room for 99,999,999,999 strings before reading the first.
    let err = finish(r#"<sst uniqueCount="99999999999"><si><t>a</t></si></sst>"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("has 99999999999 shared strings but it has 1"),
        "{err}"
    );
    assert!(finish(r#"<sst uniqueCount="+1e99"><si/></sst>"#).is_err());
    // A count a little off, or the exact one, is read as it is.
    finish(r#"<sst count="3" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#).unwrap();
    finish(r#"<x:sst uniqueCount="1000"><x:si><x:t>a</x:t></x:si></x:sst>"#).unwrap();
}
