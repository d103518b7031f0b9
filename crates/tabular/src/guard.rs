//! A workbook measured before calamine reads it (issue 20). calamine holds a
//! sheet as a dense grid from its first to its last cell and sizes its
//! shared-string table from the count the file declares, so one cell at
//! XFD1048576 (a 1.5 KB file) or `uniqueCount="4000000000"` asks for
//! hundreds of gigabytes, and a zip bomb inflates to gigabytes. Every part of
//! a zip-based workbook is checked here first, streaming and in bounded
//! memory: its declared and real size against absolute caps and against
//! its compressed size, the cells a sheet really holds against the grid its
//! references span, the declared shared-string count against what the part
//! can hold, and the longest text.

use crate::delimited::{fatal, file_name};
use std::io::Read;
use std::path::Path;
use tenure_plugin_api::RowProblem;

/// The most a part may inflate to.
pub const MAX_PART_BYTES: u64 = 512 << 20;
/// Inflating beyond this many times the compressed size (for parts over
/// [`RATIO_FROM`]) is a zip bomb; real sheets compress 5–30 times.
pub const MAX_RATIO: u64 = 200;
pub const RATIO_FROM: u64 = 8 << 20;
/// A grid larger than this many cells must be mostly filled: at least one
/// real cell in [`MAX_SPARSENESS`].
pub const MAX_FREE_GRID: u64 = 4_000_000;
pub const MAX_SPARSENESS: u64 = 8;
/// The cells an OpenDocument sheet may expand to (calamine keeps a value
/// and a formula per cell, about 56 bytes).
pub const MAX_ODS_CELLS: u64 = 8_000_000;
/// The longest text between two tags (a cell's value), in bytes.
pub const MAX_TEXT_BYTES: u64 = 1 << 20;
/// Excel's grid.
pub const MAX_ROWS: u64 = 1_048_576;
pub const MAX_COLS: u64 = 16_384;

/// What one part holds, as far as the limits care.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Measure {
    bytes: u64,
    cells: u64,
    min: Option<(u64, u64)>,
    max: (u64, u64),
    /// The farthest reference, as written ("XFD1048576").
    farthest: String,
    longest_text: u64,
    /// `uniqueCount` of a shared-string table.
    unique_count: Option<u64>,
}

/// Scans XML for cell references (` r="B7"`), text lengths and `uniqueCount`.
#[derive(Default)]
struct Scanner {
    m: Measure,
    matched: usize,
    value: Vec<u8>,
    in_value: bool,
    text_run: u64,
    head: Vec<u8>,
    /// A cell reference read, waiting for the end of its tag: a
    /// self-closing cell (`<c r="XFD1048576" s="0"/>`, formatting only) holds
    /// nothing, and calamine keeps no cell for it.
    pending: Option<(u64, u64, String)>,
    last: u8,
}

const REF: &[u8] = b" r=\"";

impl Scanner {
    fn feed(&mut self, bytes: &[u8]) {
        if self.head.len() < 4096 {
            let take = (4096 - self.head.len()).min(bytes.len());
            self.head.extend_from_slice(&bytes[..take]);
        }
        for &b in bytes {
            if b == b'>'
                && let Some((row, col, text)) = self.pending.take()
                && self.last != b'/'
            {
                self.count(row, col, text);
            }
            self.last = b;
            if b == b'<' {
                self.text_run = 0;
            } else {
                self.text_run += 1;
                if self.text_run > self.m.longest_text {
                    self.m.longest_text = self.text_run;
                }
            }
            if self.in_value {
                if b == b'"' || self.value.len() > 16 {
                    self.in_value = false;
                    self.reference();
                    self.value.clear();
                } else {
                    self.value.push(b);
                }
                continue;
            }
            if b == REF[self.matched] {
                self.matched += 1;
                if self.matched == REF.len() {
                    self.matched = 0;
                    self.in_value = true;
                }
            } else {
                self.matched = usize::from(b == REF[0]);
            }
        }
        self.m.bytes += bytes.len() as u64;
    }

    /// A cell reference (letters then digits); a row's `r` (digits) is not one.
    fn reference(&mut self) {
        let letters = self
            .value
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        if letters == 0 || letters > 3 || letters == self.value.len() {
            return;
        }
        let digits = &self.value[letters..];
        if !digits.iter().all(u8::is_ascii_digit) || digits.len() > 9 {
            return;
        }
        let col = self.value[..letters]
            .iter()
            .fold(0u64, |n, b| n * 26 + u64::from(b - b'A' + 1));
        let row = digits
            .iter()
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        self.pending = Some((row, col, String::from_utf8_lossy(&self.value).into_owned()));
    }

    fn count(&mut self, row: u64, col: u64, text: String) {
        self.m.cells += 1;
        let (r0, c0) = self.m.min.unwrap_or((row, col));
        self.m.min = Some((r0.min(row), c0.min(col)));
        if row > self.m.max.0 || col > self.m.max.1 {
            let far = (row.max(self.m.max.0), col.max(self.m.max.1));
            if (row, col) == far || self.m.farthest.is_empty() {
                self.m.farthest = text;
            }
            self.m.max = far;
        }
    }

    fn finish(mut self) -> Measure {
        let head = String::from_utf8_lossy(&self.head);
        if let Some(at) = head.find("uniqueCount=\"") {
            let rest = &head[at + "uniqueCount=\"".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            self.m.unique_count = digits.parse().ok();
        }
        self.m
    }
}

/// A cell position in A1 notation (row and column from zero).
pub(crate) fn a1(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Checks every part of the workbook at `path` when it is a zip (xlsx,
/// xlsm, xlsb, ods), and the structure of a legacy one (xls); other files
/// pass untouched.
pub fn check(path: &Path) -> Result<(), RowProblem> {
    check_parts(path, &|_| true)
}

/// [`check`] of the shared strings alone: what opening a workbook reads
/// (detection looks at the first rows only, and must be quick).
pub fn check_shared_strings(path: &Path) -> Result<(), RowProblem> {
    check_parts(path, &|name| name.contains("sharedStrings"))
}

fn check_parts(path: &Path, wanted: &dyn Fn(&str) -> bool) -> Result<(), RowProblem> {
    let Ok(mut file) = std::fs::File::open(path) else {
        // calamine says why it cannot be opened.
        return Ok(());
    };
    let mut magic = [0u8; 8];
    if file.read_exact(&mut magic).is_err() {
        return Ok(());
    }
    // A legacy workbook is read whole at open, detection included.
    if crate::guard_xls::is_compound_file(&magic) {
        return crate::guard_xls::check(path);
    }
    if !magic.starts_with(b"PK\x03\x04") {
        return Ok(());
    }
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let name = file_name(path);
    let refuse = |code: &str, why: String| {
        Err(fatal(
            path,
            code,
            format!("`{name}` cannot be read safely: {why}."),
        ))
    };
    for i in 0..archive.len() {
        let Ok(mut part) = archive.by_index(i) else {
            continue;
        };
        let part_name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if !wanted(&part_name) {
            continue;
        }
        let (declared, compressed) = (part.size(), part.compressed_size().max(1));
        let bomb = |size: u64| {
            format!(
                "its part `{part_name}` inflates to {} MB from {} KB ({}×), the shape of a zip bomb; Tenure reads parts of at most {} MB and {MAX_RATIO}× their compressed size",
                size >> 20,
                compressed >> 10,
                size / compressed,
                MAX_PART_BYTES >> 20
            )
        };
        if declared > MAX_PART_BYTES || (declared > RATIO_FROM && declared / compressed > MAX_RATIO)
        {
            return refuse("zip_bomb", bomb(declared));
        }
        let xml = part_name.ends_with(".xml");
        let mut scanner = Scanner::default();
        let mut ods = (part_name == "content.xml").then(crate::guard_ods::OdsScanner::default);
        let mut xlsb = (part_name.starts_with("xl/worksheets/") && part_name.ends_with(".bin"))
            .then(crate::guard_xlsb::XlsbScanner::default);
        let mut buf = vec![0u8; 64 << 10];
        let mut total = 0u64;
        loop {
            let n = match part.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            total += n as u64;
            // The declared size may lie: the real one is what counts.
            if total > MAX_PART_BYTES || (total > RATIO_FROM && total / compressed > MAX_RATIO) {
                return refuse("zip_bomb", bomb(total));
            }
            if xml {
                scanner.feed(&buf[..n]);
            }
            if let Some(ods) = ods.as_mut() {
                ods.feed(&buf[..n]);
            }
            if let Some(xlsb) = xlsb.as_mut() {
                xlsb.feed(&buf[..n]);
            }
        }
        let m = match xlsb {
            Some(x) => Measure {
                cells: x.cells,
                // Zero-based in the records, one-based like A1 here.
                min: x.min.map(|(r, c)| (r + 1, c + 1)),
                max: (x.max.0 + 1, x.max.1 + 1),
                farthest: a1(x.max.0, x.max.1),
                ..Measure::default()
            },
            None if xml => scanner.finish(),
            None => continue,
        };
        if let Some((elements, cells)) = ods.map(crate::guard_ods::OdsScanner::finish)
            && (cells > MAX_ODS_CELLS
                || (cells > MAX_FREE_GRID && cells > elements.saturating_mul(MAX_SPARSENESS)))
        {
            return refuse(
                "sparse_sheet",
                format!(
                    "its {} cells, written with repeated rows and columns, make {} cells to read (Tenure reads at most {}); delete the repeated rows and columns that are not data, or save it as xlsx, and import that",
                    thousands(elements),
                    thousands(cells),
                    thousands(MAX_ODS_CELLS)
                ),
            );
        }
        if m.longest_text > MAX_TEXT_BYTES {
            return refuse(
                "cell_too_long",
                format!(
                    "its part `{part_name}` holds a text of more than 1 MiB, longer than any cell Tenure reads; shorten that cell"
                ),
            );
        }
        if let Some(unique) = m.unique_count {
            // `<si><t/></si>` is 12 bytes: a part cannot hold more strings
            // than its bytes allow.
            let can_hold = m.bytes / 12 + 1;
            if unique > can_hold {
                return refuse(
                    "shared_strings_count",
                    format!(
                        "its shared-string table declares {} strings (uniqueCount) and its {} bytes can hold at most {}; the file is damaged or hostile",
                        thousands(unique),
                        thousands(m.bytes),
                        thousands(can_hold)
                    ),
                );
            }
        }
        if m.max.0 > MAX_ROWS || m.max.1 > MAX_COLS {
            return refuse(
                "cell_out_of_grid",
                format!(
                    "its part `{part_name}` has a cell at {}, beyond Excel's 1,048,576 rows and 16,384 columns",
                    m.farthest
                ),
            );
        }
        if let Some((r0, c0)) = m.min {
            let grid = (m.max.0 - r0 + 1) * (m.max.1 - c0 + 1);
            if grid > MAX_FREE_GRID && grid > m.cells.saturating_mul(MAX_SPARSENESS) {
                return refuse(
                    "sparse_sheet",
                    format!(
                        "its part `{part_name}` has a cell at {}, far beyond the {} cells it holds (a grid of {} cells); delete the stray cell in the spreadsheet (Ctrl+End shows it) and save again",
                        m.farthest,
                        thousands(m.cells),
                        thousands(grid)
                    ),
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(xml: &str, chunk: usize) -> Measure {
        let mut s = Scanner::default();
        for part in xml.as_bytes().chunks(chunk) {
            s.feed(part);
        }
        s.finish()
    }

    #[test]
    fn references_are_read_across_chunk_boundaries() {
        // B3 and ZZ9 are formatting only (self-closing): no cells.
        let xml = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1048576"><v>1</v></c></row><row r="3"><c r="B3"/><c r="C3" t="s"><v>1</v></c><c r="ZZ9" s="0"/></row></sheetData>"#;
        for chunk in [1, 3, 7, 1000] {
            let m = measure(xml, chunk);
            assert_eq!(m.cells, 3, "chunk {chunk}");
            assert_eq!(m.min, Some((1, 1)));
            assert_eq!(m.max, (1_048_576, 16_384));
            assert_eq!(m.farthest, "XFD1048576");
        }
    }

    #[test]
    fn unique_count_and_text_runs() {
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="9" uniqueCount="4000000000"><si><t>abcdef</t></si></sst>"#;
        let m = measure(xml, 5);
        assert_eq!(m.unique_count, Some(4_000_000_000));
        // Runs between two `<` (tags included: an upper bound of a text).
        assert_eq!(
            m.longest_text,
            "sst xmlns=\"x\" count=\"9\" uniqueCount=\"4000000000\">".len() as u64
        );
        assert_eq!(m.cells, 0);
        assert_eq!(thousands(4_000_000_000), "4,000,000,000");
        assert_eq!(thousands(999), "999");
    }
}
