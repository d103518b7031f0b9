//! A streaming RFC 4180 reader: quoted fields with embedded delimiters,
//! quotes (`""`) and newlines; CR, LF and CRLF line ends; each record knows
//! the line number (1-based) a person sees in an editor.
//!
//! Lenient where files in the wild are: a quote inside an unquoted field is
//! kept as text, text after a closing quote is kept, NUL bytes are dropped.

use std::io::{self, BufRead};

/// The most columns a record may have (Excel's limit): more is a hostile or
/// broken file, refused before it costs time or memory.
pub const MAX_COLUMNS: usize = 16_384;
/// The longest cell, in bytes.
pub const MAX_CELL_BYTES: usize = 1 << 20;
/// The longest record, in bytes (all its cells).
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// A limit a record broke; the reader's error carries it (see
/// [`Limit::of`]) so that callers can say which, on which line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Columns { line: u64 },
    Cell { line: u64 },
    Record { line: u64 },
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Columns { line } => write!(
                f,
                "line {line} has more than 16,384 columns, the most Tenure reads (Excel's limit too); remove columns or split the file"
            ),
            Limit::Cell { line } => write!(
                f,
                "line {line} has a cell longer than 1 MiB, the longest Tenure reads; shorten that cell (or look for a missing closing quote before it)"
            ),
            Limit::Record { line } => write!(
                f,
                "line {line} is longer than 64 MiB, the longest record Tenure reads; look for a missing closing quote before it"
            ),
        }
    }
}

impl std::error::Error for Limit {}

impl Limit {
    /// The limit behind a reader's error, if that is what it was.
    pub fn of(e: &io::Error) -> Option<Limit> {
        e.get_ref()
            .and_then(|inner| inner.downcast_ref::<Limit>())
            .copied()
    }

    fn error(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }
}

/// One record: its fields, and the line it starts on.
#[derive(Debug, Default, Clone)]
pub struct RawRecord {
    pub line: u64,
    buf: String,
    ends: Vec<usize>,
}

impl RawRecord {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.get(i).unwrap_or(""))
    }

    /// Every field empty (or whitespace): a blank line.
    pub fn is_blank(&self) -> bool {
        self.buf.trim().is_empty()
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

fn end_field(field: &mut Vec<u8>, rec: &mut RawRecord) {
    match std::str::from_utf8(field) {
        Ok(s) => rec.buf.push_str(s),
        Err(_) => rec.buf.push_str(&String::from_utf8_lossy(field)),
    }
    rec.ends.push(rec.buf.len());
    field.clear();
}

/// Reads records from UTF-8 bytes.
pub struct CsvReader<R: BufRead> {
    r: R,
    delim: u8,
    /// Line number of the next byte.
    line: u64,
    /// The previous byte was a CR: a following LF belongs to it.
    after_cr: bool,
    bytes: u64,
    field: Vec<u8>,
    /// The last record had a stray quote or was cut by the end of the file.
    pub unterminated_quote: bool,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(r: R, delim: u8) -> Self {
        CsvReader {
            r,
            delim,
            line: 1,
            after_cr: false,
            bytes: 0,
            field: Vec::with_capacity(256),
            unterminated_quote: false,
        }
    }

    /// Bytes of (decoded) input consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// Reads the next record into `rec`; false at the end of input.
    pub fn read_record(&mut self, rec: &mut RawRecord) -> io::Result<bool> {
        rec.buf.clear();
        rec.ends.clear();
        self.field.clear();
        self.unterminated_quote = false;
        let mut state = State::FieldStart;
        let mut started = false;
        rec.line = self.line;
        loop {
            let (consumed, done) = {
                let buf = match self.r.fill_buf() {
                    Ok(b) => b,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                };
                if buf.is_empty() {
                    // End of input.
                    if !started {
                        return Ok(false);
                    }
                    if state == State::Quoted {
                        self.unterminated_quote = true;
                    }
                    end_field(&mut self.field, rec);
                    return Ok(true);
                }
                let mut i = 0;
                let mut done = false;
                while i < buf.len() {
                    let b = buf[i];
                    i += 1;
                    if self.after_cr {
                        self.after_cr = false;
                        if b == b'\n' {
                            if state == State::Quoted {
                                self.field.push(b);
                            }
                            if !started {
                                // The LF of a CRLF that ended the previous record.
                                rec.line = self.line;
                            }
                            continue;
                        }
                    }
                    if !started {
                        started = true;
                        rec.line = self.line;
                    }
                    match state {
                        State::Quoted => match b {
                            b'"' => state = State::QuoteInQuoted,
                            b'\r' => {
                                self.field.push(b);
                                self.line += 1;
                                self.after_cr = true;
                            }
                            b'\n' => {
                                self.field.push(b);
                                self.line += 1;
                            }
                            0 => {}
                            _ => self.field.push(b),
                        },
                        _ => {
                            if b == self.delim {
                                state = State::FieldStart;
                                end_field(&mut self.field, rec);
                            } else if b == b'\r' || b == b'\n' {
                                self.line += 1;
                                self.after_cr = b == b'\r';
                                done = true;
                                break;
                            } else if b == b'"' {
                                match state {
                                    State::FieldStart => state = State::Quoted,
                                    State::QuoteInQuoted => {
                                        self.field.push(b'"');
                                        state = State::Quoted;
                                    }
                                    _ => self.field.push(b),
                                }
                            } else if b != 0 {
                                if state == State::FieldStart || state == State::QuoteInQuoted {
                                    // Text after a closing quote is kept.
                                    state = State::Unquoted;
                                }
                                self.field.push(b);
                            }
                        }
                    }
                }
                (i, done)
            };
            self.r.consume(consumed);
            self.bytes += consumed as u64;
            // Checked once per buffer (a few KiB): the limits cost nothing
            // per byte and memory stays bounded by them plus one buffer.
            let line = rec.line;
            if rec.ends.len() >= MAX_COLUMNS {
                return Err(Limit::Columns { line }.error());
            }
            if self.field.len() > MAX_CELL_BYTES {
                return Err(Limit::Cell { line }.error());
            }
            if rec.buf.len() + self.field.len() > MAX_RECORD_BYTES {
                return Err(Limit::Record { line }.error());
            }
            if done {
                end_field(&mut self.field, rec);
                return Ok(true);
            }
        }
    }
}

/// Picks the delimiter (`,` `;` tab `|`) that splits the sample's lines
/// most consistently; `,` when nothing splits.
pub fn sniff_delimiter(sample: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    // Count per line outside quotes (quotes may span lines).
    let mut counts: Vec<[usize; 4]> = Vec::new();
    let mut cur = [0usize; 4];
    let mut in_quotes = false;
    let mut line_has_text = false;
    let bytes = sample.as_bytes();
    // Leave out a last line cut by the sample's end.
    let end = if bytes.ends_with(b"\n") || bytes.ends_with(b"\r") {
        bytes.len()
    } else {
        bytes
            .iter()
            .rposition(|b| *b == b'\n' || *b == b'\r')
            .map_or(bytes.len(), |p| p + 1)
    };
    for &b in &bytes[..end] {
        if b == b'"' {
            in_quotes = !in_quotes;
            line_has_text = true;
        } else if !in_quotes && (b == b'\n' || b == b'\r') {
            if line_has_text {
                counts.push(cur);
            }
            cur = [0; 4];
            line_has_text = false;
            if counts.len() >= 200 {
                break;
            }
        } else if !in_quotes {
            if let Some(k) = CANDIDATES.iter().position(|c| *c == b) {
                cur[k] += 1;
            }
            if !b.is_ascii_whitespace() {
                line_has_text = true;
            }
        }
    }
    if line_has_text && counts.len() < 200 {
        counts.push(cur);
    }
    let mut best = (0usize, 0usize, b',');
    for (k, &c) in CANDIDATES.iter().enumerate() {
        // The most frequent non-zero count and how many lines have it.
        let mut freq: Vec<(usize, usize)> = Vec::new();
        for line in &counts {
            let n = line[k];
            if n == 0 {
                continue;
            }
            match freq.iter_mut().find(|(v, _)| *v == n) {
                Some(e) => e.1 += 1,
                None => freq.push((n, 1)),
            }
        }
        if let Some(&(mode, lines)) = freq.iter().max_by_key(|(v, f)| (*f, *v))
            && (lines, mode) > (best.0, best.1)
        {
            best = (lines, mode, c);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut r = CsvReader::new(text.as_bytes(), b',');
        let mut rec = RawRecord::default();
        let mut out = Vec::new();
        while r.read_record(&mut rec).unwrap() {
            out.push((rec.line, rec.to_vec()));
        }
        out
    }

    #[test]
    fn quoted_newlines_and_line_numbers() {
        let rows = read_all("a,b\r\n\"x\r\ny\",2\r\n3,\"q\"\"\"\n\n4,5");
        assert_eq!(rows[0], (1, vec!["a".into(), "b".into()]));
        assert_eq!(rows[1], (2, vec!["x\r\ny".into(), "2".into()]));
        assert_eq!(rows[2], (4, vec!["3".into(), "q\"".into()]));
        assert_eq!(rows[3], (5, vec!["".into()]));
        assert_eq!(rows[4], (6, vec!["4".into(), "5".into()]));
    }

    #[test]
    fn cr_only_lines() {
        let rows = read_all("a,b\r1,2\r3,4\r");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2], (3, vec!["3".into(), "4".into()]));
    }

    fn limit_of(text: &[u8]) -> Option<Limit> {
        let mut r = CsvReader::new(text, b',');
        let mut rec = RawRecord::default();
        loop {
            match r.read_record(&mut rec) {
                Ok(true) => continue,
                Ok(false) => return None,
                Err(e) => return Limit::of(&e),
            }
        }
    }

    #[test]
    fn columns_beyond_16384_are_refused_with_the_line() {
        let row = |n: usize| vec!["x"; n].join(",");
        // 16,384 columns read (16,383 commas), one more does not.
        let ok = format!("{}\n{}\n", row(3), row(MAX_COLUMNS));
        assert_eq!(limit_of(ok.as_bytes()), None);
        let bad = format!("{}\n{}\n", row(3), row(MAX_COLUMNS + 1));
        assert_eq!(limit_of(bad.as_bytes()), Some(Limit::Columns { line: 2 }));
        // Without a final line end too.
        let bad = row(100_000);
        assert_eq!(limit_of(bad.as_bytes()), Some(Limit::Columns { line: 1 }));
    }

    #[test]
    fn a_cell_over_1_mib_is_refused_with_the_line() {
        let mut text = b"a,b\n1,2\n3,\"".to_vec();
        text.extend(std::iter::repeat_n(b'y', MAX_CELL_BYTES + 1));
        text.extend_from_slice(b"\"\n");
        assert_eq!(limit_of(&text), Some(Limit::Cell { line: 3 }));
        let mut fits = b"a\n".to_vec();
        fits.extend(std::iter::repeat_n(b'y', MAX_CELL_BYTES));
        assert_eq!(limit_of(&fits), None);
        assert_eq!(
            Limit::Cell { line: 3 }.to_string(),
            "line 3 has a cell longer than 1 MiB, the longest Tenure reads; shorten that cell (or look for a missing closing quote before it)"
        );
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("Relatório\na|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter("\"a,b\";c\n\"1,2\";3\n"), b';');
        assert_eq!(sniff_delimiter("a\n1\n"), b',');
    }
}
