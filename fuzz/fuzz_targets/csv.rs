//! The CSV reader: any bytes, in any of the encodings `import --encoding` takes, read
//! within small limits. It must never panic, and a table it returns must be within them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yorisoi::io::table::{read_within, Format, TextEncoding};
use yorisoi::io::Limits;

/// Small enough that the fuzzer reaches every limit with short inputs.
const LIMITS: Limits = Limits {
    file_bytes: 1 << 20,
    rows: 200,
    columns: 16,
    cells: 1_000,
    cell_chars: 64,
    ..Limits::DEFAULT
};

fuzz_target!(|data: &[u8]| {
    for encoding in [
        TextEncoding::Auto,
        TextEncoding::Utf8,
        TextEncoding::ShiftJis,
    ] {
        if let Ok(table) = read_within(data, Format::Csv, encoding, &LIMITS) {
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
    }
});
