//! A binary workbook's (xlsb) sheet parts measured before calamine reads
//! them (issue 20): the cell references of an xlsb are numbers in binary
//! records, not the ` r="B7"` the XML scan reads, and calamine builds the
//! same dense grid from the first to the last cell. A sheet part is a run of
//! records: a type (1–2 bytes of 7 bits), a length (1–4 bytes of 7 bits),
//! then the data; `BrtRowHdr` (type 0) gives the row of the cells after
//! it, and each cell record starts with its column.

/// `BrtEndSheetData`: calamine stops reading cells there.
const END_SHEET_DATA: u16 = 0x0092;

#[derive(Default)]
enum Stage {
    #[default]
    Type,
    Length,
    Data,
}

#[derive(Default)]
pub(crate) struct XlsbScanner {
    stage: Stage,
    typ: u16,
    type_bytes: u8,
    len: u64,
    len_bytes: u8,
    /// The first four bytes of calamine's record buffer (a row or a
    /// column): a record shorter than four bytes leaves the bytes of an
    /// earlier, longer one there, and calamine reads those.
    first: [u8; 4],
    seen: u64,
    row: u64,
    done: bool,
    pub cells: u64,
    pub min: Option<(u64, u64)>,
    pub max: (u64, u64),
}

impl XlsbScanner {
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.done {
                return;
            }
            match self.stage {
                Stage::Type => {
                    if self.type_bytes == 0 {
                        self.typ = u16::from(b & 0x7F);
                    } else {
                        self.typ += u16::from(b & 0x7F) << 7;
                    }
                    self.type_bytes += 1;
                    if b & 0x80 == 0 || self.type_bytes == 2 {
                        self.stage = Stage::Length;
                        self.len = 0;
                        self.len_bytes = 0;
                    }
                }
                Stage::Length => {
                    self.len += u64::from(b & 0x7F) << (7 * u32::from(self.len_bytes));
                    self.len_bytes += 1;
                    if b & 0x80 == 0 || self.len_bytes == 4 {
                        self.seen = 0;
                        if self.len == 0 {
                            self.end_record();
                        } else {
                            self.stage = Stage::Data;
                        }
                    }
                }
                Stage::Data => {
                    if self.seen < 4 {
                        self.first[self.seen as usize] = b;
                    }
                    self.seen += 1;
                    if self.seen == self.len {
                        self.end_record();
                    }
                }
            }
        }
    }

    fn end_record(&mut self) {
        let value = u64::from(u32::from_le_bytes(self.first));
        match self.typ {
            0x0000 => self.row = value,
            // calamine keeps no cell for a blank (1), and stops at a row
            // past Excel's last.
            0x0002..=0x000B if self.row <= 0x0010_0000 => self.count(value),
            END_SHEET_DATA => self.done = true,
            _ => {}
        }
        self.stage = Stage::Type;
        self.type_bytes = 0;
    }

    fn count(&mut self, col: u64) {
        self.cells += 1;
        let (r0, c0) = self.min.unwrap_or((self.row, col));
        self.min = Some((r0.min(self.row), c0.min(col)));
        self.max = (self.max.0.max(self.row), self.max.1.max(col));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record: type and length as 7-bit groups, then the data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        if typ < 0x80 {
            out.push(typ as u8);
        } else {
            out.push((typ & 0x7F) as u8 | 0x80);
            out.push((typ >> 7) as u8);
        }
        let mut len = data.len();
        loop {
            let byte = (len & 0x7F) as u8;
            len >>= 7;
            if len == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        out.extend_from_slice(data);
        out
    }

    fn cell(typ: u16, col: u32) -> Vec<u8> {
        let mut data = col.to_le_bytes().to_vec();
        data.extend_from_slice(&[0; 12]);
        record(typ, &data)
    }

    #[test]
    fn rows_and_columns_are_read_from_the_records_across_chunks() {
        let mut part = record(0x0094, &[0; 16]);
        part.extend(record(0x0000, &2u32.to_le_bytes()));
        part.extend(cell(0x0005, 1));
        part.extend(cell(0x0001, 900)); // a blank: no cell
        part.extend(record(0x0000, &[0x00, 0x00, 0x10, 0x00])); // row 1,048,576
        part.extend(cell(0x0007, 16_383));
        part.extend(record(0x0186, &[0; 300])); // a long record, skipped
        part.extend(record(END_SHEET_DATA, &[]));
        part.extend(cell(0x0005, 4_000_000)); // after the sheet data
        for chunk in [1, 3, 4096] {
            let mut s = XlsbScanner::default();
            for piece in part.chunks(chunk) {
                s.feed(piece);
            }
            assert_eq!(s.cells, 2, "chunk {chunk}");
            assert_eq!(s.min, Some((2, 1)));
            assert_eq!(s.max, (1_048_576, 16_383));
        }
    }

    #[test]
    fn a_short_record_reads_the_bytes_an_earlier_one_left() {
        // Found by the long fuzz pass: a cell record with no data, after a
        // record whose first bytes say 3,000,000,000; calamine took that
        // for the cell's column.
        let mut part = record(0x0000, &0u32.to_le_bytes());
        part.extend(cell(0x0005, 0));
        part.extend(record(0x0025, &3_000_000_000u32.to_le_bytes()));
        part.extend(record(0x0002, &[]));
        let mut s = XlsbScanner::default();
        s.feed(&part);
        assert_eq!(s.cells, 2);
        assert_eq!(s.max, (0, 3_000_000_000));
    }
}
