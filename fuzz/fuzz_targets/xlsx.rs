//! The XLSX reader, within small limits. An input starting `PK` is read as a whole
//! workbook (the ZIP archive itself is fuzzed); any other input is taken as the XML of the
//! first sheet and put into a small valid workbook first, so the fuzzer spends its time
//! on the sheet's XML rather than on ZIP checksums. It must never panic, and a table it
//! returns must be within the limits.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use yorisoi::io::table::{read_within, Format, TextEncoding};
use yorisoi::io::Limits;
use zip::write::SimpleFileOptions;

/// Small enough that the fuzzer reaches every limit with short inputs.
const LIMITS: Limits = Limits {
    file_bytes: 1 << 20,
    rows: 200,
    columns: 16,
    cells: 1_000,
    cell_chars: 64,
    xlsx_unpacked_bytes: 8 << 20,
    xlsx_token_bytes: 4096,
};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名簿" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHARED_STRINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4"><si><t>氏名</t></si><si><t>生年月日</t></si><si><t>住所</t></si><si><t>山田 花子</t></si></sst>"#;

/// A workbook whose first sheet is `sheet`.
fn workbook(sheet: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/sharedStrings.xml", SHARED_STRINGS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ] {
        zip.start_file(name, options).ok()?;
        zip.write_all(body).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fuzz_target!(|data: &[u8]| {
    let wrapped;
    let bytes = if data.starts_with(b"PK") {
        data
    } else {
        match workbook(data) {
            Some(w) => {
                wrapped = w;
                &wrapped[..]
            }
            None => return,
        }
    };
    if let Ok(table) = read_within(bytes, Format::Xlsx, TextEncoding::Auto, &LIMITS) {
        assert!(table.headers.len() <= LIMITS.columns);
        assert!(table.rows.len() <= LIMITS.rows);
        let cells: usize =
            table.headers.len() + table.rows.iter().map(|r| r.cells.len()).sum::<usize>();
        assert!(cells <= LIMITS.cells);
        for row in &table.rows {
            assert!(row.cells.len() <= LIMITS.columns);
            assert!(row
                .cells
                .iter()
                .all(|c| c.chars().count() <= LIMITS.cell_chars));
        }
    }
});
