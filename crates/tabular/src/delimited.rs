//! Delimited text files as a [`RowSource`]: encoding and delimiter sniffed
//! from the first 64 KiB, then read in a stream (never the whole file).

use crate::csv::{CsvReader, RawRecord, sniff_delimiter};
use crate::encoding::{self, DecodingReader, Sniffed, TextEncoding};
use crate::table::{Row, RowSource};
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tenure_plugin_api::RowProblem;

/// Bytes looked at to sniff encoding and delimiter.
pub const HEAD_BYTES: usize = 64 * 1024;

/// A file's name for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A fatal problem about the file at `path` (named in the problem).
pub fn fatal(path: &Path, code: &str, message: String) -> RowProblem {
    let mut p = RowProblem::fatal(code, message);
    p.file = Some(file_name(path));
    p
}

/// A cell Tenure's own CSV export marked with `'` so that no spreadsheet
/// reads it as a formula (OWASP: `=`, `+`, `-`, `@`, a tab, CR or LF first,
/// also behind leading spaces or control characters) comes back without
/// the mark, so that re-importing an export gives the exact values.
pub fn unescape_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if rest.starts_with(['\t', '\r', '\n'])
                || rest
                    .trim_start_matches(|c: char| c == ' ' || c.is_control())
                    .starts_with(['=', '+', '-', '@']) =>
        {
            rest
        }
        _ => text,
    }
}

fn io_problem(path: &Path, e: &io::Error) -> RowProblem {
    if let Some(limit) = crate::csv::Limit::of(e) {
        let (code, line) = match limit {
            crate::csv::Limit::Columns { line } => ("too_many_columns", line),
            crate::csv::Limit::Cell { line } => ("cell_too_long", line),
            crate::csv::Limit::Record { line } => ("record_too_long", line),
        };
        let mut p = fatal(path, code, format!("`{}`, {limit}.", file_name(path)));
        p.row = Some(line);
        return p;
    }
    fatal(
        path,
        "unreadable_file",
        format!("`{}` cannot be read: {}.", file_name(path), e),
    )
}

/// Counts bytes read from the file, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What the first bytes of a delimited file show.
#[derive(Debug, Clone, Copy)]
pub struct TextLayout {
    pub encoding: Sniffed,
    pub delimiter: u8,
}

/// Sniffs encoding and delimiter from a file's first bytes.
pub fn sniff_layout(head: &[u8]) -> TextLayout {
    let encoding = encoding::sniff(head);
    let text = encoding::decode_all(head, encoding);
    TextLayout {
        encoding,
        delimiter: sniff_delimiter(&text),
    }
}

pub struct DelimitedSource {
    reader: CsvReader<BufReader<DecodingReader<Counting<File>>>>,
    rec: RawRecord,
    done: Arc<AtomicU64>,
    total: u64,
    path: std::path::PathBuf,
    pub layout: TextLayout,
}

impl DelimitedSource {
    pub fn open(path: &Path) -> Result<DelimitedSource, RowProblem> {
        let mut file = File::open(path).map_err(|e| io_problem(path, &e))?;
        let total = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut file)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| io_problem(path, &e))?;
        let layout = sniff_layout(&head);
        file.seek(SeekFrom::Start(layout.encoding.bom_len as u64))
            .map_err(|e| io_problem(path, &e))?;
        let done = Arc::new(AtomicU64::new(layout.encoding.bom_len as u64));
        let counting = Counting {
            inner: file,
            count: done.clone(),
        };
        let decoding = DecodingReader::new(counting, layout.encoding);
        Ok(DelimitedSource {
            reader: CsvReader::new(
                BufReader::with_capacity(256 * 1024, decoding),
                layout.delimiter,
            ),
            rec: RawRecord::default(),
            done,
            total,
            path: path.to_path_buf(),
            layout,
        })
    }

    pub fn encoding(&self) -> TextEncoding {
        self.layout.encoding.encoding
    }

    /// The next record as raw fields (no header logic), for tests and tools.
    pub fn next_raw(&mut self) -> Result<Option<(u64, Vec<String>)>, RowProblem> {
        match self.reader.read_record(&mut self.rec) {
            Ok(true) => Ok(Some((self.rec.line, self.rec.to_vec()))),
            Ok(false) => Ok(None),
            Err(e) => Err(io_problem(&self.path, &e)),
        }
    }
}

impl RowSource for DelimitedSource {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        match self.reader.read_record(&mut self.rec) {
            Ok(true) => {
                row.line = self.rec.line;
                let n = self.rec.len();
                for i in 0..n {
                    row.set_text(i, unescape_formula(self.rec.get(i).unwrap_or("")));
                }
                row.cells.truncate(n);
                Ok(true)
            }
            Ok(false) => Ok(false),
            Err(e) => Err(io_problem(&self.path, &e)),
        }
    }

    fn progress(&self) -> (u64, u64) {
        (self.done.load(Ordering::Relaxed), self.total)
    }
}

/// Reads a whole delimited file as raw records (header included).
pub fn read_raw(path: &Path) -> Result<Vec<Vec<String>>, RowProblem> {
    let mut src = DelimitedSource::open(path)?;
    let mut out = Vec::new();
    while let Some((_, rec)) = src.next_raw()? {
        out.push(rec);
    }
    Ok(out)
}

#[cfg(test)]
mod formula_tests {
    use super::unescape_formula;

    #[test]
    fn only_the_exports_mark_is_taken_off() {
        assert_eq!(unescape_formula("'=1+1"), "=1+1");
        assert_eq!(unescape_formula("'-2"), "-2");
        assert_eq!(unescape_formula("'\t=x"), "\t=x");
        assert_eq!(unescape_formula("'  @cmd"), "  @cmd");
        // An apostrophe before anything else is data.
        assert_eq!(unescape_formula("'s Hertogenbosch"), "'s Hertogenbosch");
        assert_eq!(unescape_formula("O'Brien"), "O'Brien");
        assert_eq!(unescape_formula("'"), "'");
    }
}
