//! An OpenDocument spreadsheet's `content.xml` measured before calamine
//! reads it (issue 20). ODS writes runs of equal cells and rows once, with
//! `table:number-columns-repeated` and `table:number-rows-repeated`, and
//! calamine expands every run into cells (up to 100 million of them, 5 GB
//! with their formulas): an 8 KB file with one cell repeated 100 times in
//! a row repeated 900,000 times asked for 3.3 GB. So the cells calamine
//! would build are counted here, streaming, from the repeats as written;
//! runs of empty cells at the end of a row, and empty rows after the last
//! filled one, which calamine leaves out, are left out here too.

/// A row's widest run, as calamine caps it.
const MAX_COLUMNS: u64 = 16_384;
/// A table's rows, as calamine caps them.
const MAX_ROWS: u64 = 1_048_576;

#[derive(Default)]
pub(crate) struct OdsScanner {
    tag: Vec<u8>,
    in_tag: bool,
    row_repeats: u64,
    row_len: u64,
    pending_empty: u64,
    table: Table,
    /// Cell elements in the file: what it really holds.
    pub elements: u64,
    /// Cells calamine would build (values and formulas grids alike).
    pub materialized: u64,
}

#[derive(Default)]
struct Table {
    rows: u64,
    /// Cells of the rows as read, before rows are repeated.
    raw: u64,
    /// Rows from the first filled one to the last, repeats included.
    span: u64,
    /// Empty rows since the last filled one.
    trailing: u64,
    filled: bool,
    widest: u64,
}

impl Table {
    fn cells(&self) -> u64 {
        self.raw
            .saturating_add(self.span.saturating_mul(self.widest))
    }
}

/// The number in `name="…"` (or `'…'`) of a tag, if it is one.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let at = tag.windows(name.len()).position(|w| w == name)? + name.len();
    let rest = tag.get(at..)?;
    let rest = rest.strip_prefix(b"=")?;
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))?;
    let digits: Vec<u8> = rest
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return None;
    }
    Some(digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    }))
}

/// Whether calamine gives the cell a value (or a formula): what it keeps.
fn holds_value(tag: &[u8]) -> bool {
    // `office:value` also matches `office:value-type`: counting a typed
    // cell without a value as filled only makes the count larger.
    [
        &b"office:value"[..],
        b"office:string-value",
        b"office:date-value",
        b"office:time-value",
        b"office:boolean-value",
        b"table:formula",
    ]
    .iter()
    .any(|name| tag.windows(name.len()).any(|w| w == *name))
}

impl OdsScanner {
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.in_tag {
                if b == b'>' {
                    self.in_tag = false;
                    let tag = std::mem::take(&mut self.tag);
                    self.on_tag(&tag);
                    self.tag = tag;
                    self.tag.clear();
                } else if self.tag.len() < 1 << 20 {
                    // Longer tags are refused by the text-length limit.
                    self.tag.push(b);
                }
            } else if b == b'<' {
                self.in_tag = true;
            }
        }
    }

    fn on_tag(&mut self, tag: &[u8]) {
        let end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace() || (*b == b'/' && tag.first() != Some(&b'/')))
            .unwrap_or(tag.len());
        let self_closing = tag.last() == Some(&b'/');
        match &tag[..end] {
            b"table:table" => self.end_table(),
            b"/table:table" => self.end_table(),
            b"table:table-row" => {
                let asked = attribute(tag, b"table:number-rows-repeated").unwrap_or(1);
                self.row_repeats = asked.min(MAX_ROWS.saturating_sub(self.table.rows));
                self.table.rows += self.row_repeats;
                self.row_len = 0;
                self.pending_empty = 0;
                if self_closing {
                    self.end_row();
                }
            }
            b"/table:table-row" => self.end_row(),
            b"table:table-cell" | b"table:covered-table-cell" => {
                self.elements += 1;
                let asked = attribute(tag, b"table:number-columns-repeated").unwrap_or(1);
                let repeats = asked.min(MAX_COLUMNS.saturating_sub(self.row_len));
                if holds_value(tag) {
                    self.row_len = (self.row_len + self.pending_empty + repeats).min(MAX_COLUMNS);
                    self.pending_empty = 0;
                } else {
                    self.pending_empty = self.pending_empty.saturating_add(repeats);
                }
            }
            _ => {}
        }
    }

    fn end_row(&mut self) {
        let t = &mut self.table;
        t.raw = t.raw.saturating_add(self.row_len);
        if self.row_len > 0 {
            t.span = if t.filled {
                t.span + t.trailing + self.row_repeats
            } else {
                self.row_repeats
            };
            t.filled = true;
            t.trailing = 0;
            t.widest = t.widest.max(self.row_len);
        } else if t.filled {
            t.trailing += self.row_repeats;
        }
        self.row_len = 0;
        self.row_repeats = 0;
    }

    fn end_table(&mut self) {
        let table = std::mem::take(&mut self.table);
        self.materialized = self.materialized.saturating_add(table.cells());
    }

    pub fn finish(mut self) -> (u64, u64) {
        self.end_table();
        (self.elements, self.materialized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(xml: &str, chunk: usize) -> (u64, u64) {
        let mut s = OdsScanner::default();
        for part in xml.as_bytes().chunks(chunk) {
            s.feed(part);
        }
        s.finish()
    }

    #[test]
    fn repeated_rows_of_values_count_every_cell() {
        // A header of 2 cells, then one row of a value repeated 100
        // times, repeated 900,000 times: 2 + 100 raw cells, and rows 1 to
        // 900,001 span 900,001 rows of the widest row (100): 90,000,100.
        let xml = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>mrr</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="900000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#;
        for chunk in [1, 7, 4096] {
            assert_eq!(
                measure(xml, chunk),
                (3, 102 + 900_001 * 100),
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn empty_filler_after_the_data_is_not_counted() {
        // LibreOffice's filler: styled empty cells to column 1024 and empty
        // rows to row 1,048,576.
        let xml = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="3"/><table:table-cell table:style-name="ce1" table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(measure(xml, 5), (3, 1 + 1));
    }

    #[test]
    fn empty_runs_between_values_are_counted_and_capped() {
        // An empty run of 16,000 then a value: 16,001 cells; a second value
        // repeated 10,000 more is capped at 16,384 columns.
        let xml = r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value="1"/><table:table-cell table:number-columns-repeated='10000' table:formula="of:=1"/></table:table-row></table:table>"#;
        let (_, cells) = measure(xml, 3);
        assert_eq!(cells, 16_384 + 16_384);
    }

    #[test]
    fn attributes_are_read_in_either_quote() {
        assert_eq!(
            attribute(
                b"table:table-row table:number-rows-repeated='12'",
                b"table:number-rows-repeated"
            ),
            Some(12)
        );
        assert_eq!(
            attribute(b"table:table-row", b"table:number-rows-repeated"),
            None
        );
        assert_eq!(
            attribute(b"x a=\"99999999999999999999999\"", b"a"),
            Some(u64::MAX)
        );
    }
}
