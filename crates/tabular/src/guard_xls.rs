//! A legacy workbook (xls: an OLE compound file, also the shell of an
//! encrypted xlsx) measured before calamine reads it (issue 20). calamine
//! reads the whole file at open, and trusts what the file declares:
//! - a sector chain that loops back on itself is followed until the length
//!   its directory entry declares (up to 2^64 bytes), doubling a buffer;
//! - a DIFAT may list the same FAT sector again and again, each copy adding
//!   a sector's worth of FAT entries;
//! - a sheet's `DIMENSIONS` record reserves rows × columns cells at once;
//! - a sheet becomes a dense grid from its first to its last cell, and one
//!   cell at row 65,536 and column 65,536 is four billion cells;
//! - many sheet entries may point at the same sheet, each read again.
//!
//! So the structure is walked here first, in bounded memory, the way
//! calamine walks it; what would make it allocate without bound is refused
//! with a sentence that names the file.

use crate::delimited::{fatal, file_name};
use crate::guard::{MAX_FREE_GRID, MAX_SPARSENESS, a1, thousands};
use std::path::Path;
use tenure_plugin_api::RowProblem;

/// The largest legacy workbook read: calamine holds the whole file, its
/// streams and their cells in memory at once.
pub const MAX_XLS_BYTES: u64 = 256 << 20;
/// The grid of a BIFF8 sheet (Excel 97–2003): 65,536 rows × 256 columns.
const BIFF_GRID: u64 = 65_536 * 256;
/// The cells of every sheet's grid together (what calamine allocates).
const MAX_TOTAL_GRID: u64 = BIFF_GRID;
/// The bytes of records read over all sheets (sheets may share records).
const MAX_SCANNED: u64 = 1 << 30;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
#[cfg(test)]
const FAT_SECTOR: u32 = 0xFFFF_FFFD;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Streams shorter than this live in the mini stream (64-byte sectors).
const MINI_CUTOFF: usize = 4096;

pub fn is_compound_file(head: &[u8]) -> bool {
    head.starts_with(&SIGNATURE)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Why a file is refused (a code and the end of the sentence).
struct Refusal(&'static str, String);

/// Checks the compound file at `path` (already known to start with the
/// OLE signature). Files calamine refuses on its own, safely, pass.
pub fn check(path: &Path) -> Result<(), RowProblem> {
    let name = file_name(path);
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_XLS_BYTES {
        return Err(fatal(
            path,
            "workbook_too_large",
            format!(
                "`{name}` cannot be read safely: it is a legacy (xls) workbook of {} MB, and Tenure reads those up to {} MB; save it as xlsx and import that.",
                len >> 20,
                MAX_XLS_BYTES >> 20
            ),
        ));
    }
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(());
    };
    match measure(&bytes) {
        Ok(()) => Ok(()),
        Err(Refusal(code, why)) => Err(fatal(
            path,
            code,
            format!("`{name}` cannot be read safely: {why}."),
        )),
    }
}

/// The compound file's sectors, as calamine numbers them: sector `id`
/// follows the header, which takes one sector.
struct Sectors<'a> {
    bytes: &'a [u8],
    size: usize,
    max_id: u32,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> &'a [u8] {
        let start = (id as usize + 1).saturating_mul(self.size);
        let end = start.saturating_add(self.size).min(self.bytes.len());
        self.bytes.get(start..end).unwrap_or(&[])
    }
}

fn damaged(why: &str) -> Refusal {
    Refusal(
        "damaged_workbook",
        format!("it is damaged ({why}); open it in a spreadsheet and save it again"),
    )
}

/// Follows every chain from `start` through `fat`; a chain that comes
/// back to a sector already on it loops. `state` remembers the sectors
/// known to end (2) so that all chains together cost one pass.
fn check_chain(start: u32, fat: &[u32], max_id: u32, state: &mut [u8]) -> Result<(), Refusal> {
    let mut path = Vec::new();
    let mut id = start;
    loop {
        // calamine stops with an error past these: nothing is allocated.
        if id == END_OF_CHAIN || id > max_id || id as usize >= fat.len() {
            break;
        }
        match state[id as usize] {
            2 => break,
            1 => return Err(damaged("a chain of sectors loops back on itself")),
            _ => {}
        }
        state[id as usize] = 1;
        path.push(id);
        id = fat[id as usize];
    }
    for id in path {
        state[id as usize] = 2;
    }
    Ok(())
}

/// A stream's bytes as calamine reads them (through the FAT, or the mini
/// FAT for short streams), once its chains are known to end.
fn read_chain(sectors: &Sectors, fat: &[u32], start: u32, len: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut id = start;
    while id != END_OF_CHAIN && id <= sectors.max_id && out.len() < len {
        let sector = sectors.get(id);
        let take = sector.len().min(len - out.len());
        out.extend_from_slice(&sector[..take]);
        match fat.get(id as usize) {
            Some(next) => id = *next,
            None => break,
        }
    }
    out
}

struct Entry {
    name: String,
    start: u32,
    len: u64,
}

fn measure(bytes: &[u8]) -> Result<(), Refusal> {
    let Some(header) = bytes.get(..512) else {
        return Ok(());
    };
    let size = match u16_at(header, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(()),
    };
    let u = |at| u32_at(header, at).unwrap_or(0);
    let (dir_start, mini_fat_start, mini_fat_len, difat_start) = (u(48), u(60), u(64), u(68));
    let max_id = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
    let sectors = Sectors {
        bytes,
        size,
        max_id,
    };

    // The DIFAT: the header's 109 entries, then its own chain (calamine
    // bounds that chain by the file's sectors).
    let mut difat: Vec<u32> = header[76..512]
        .chunks_exact(4)
        .filter_map(|c| u32_at(c, 0))
        .collect();
    let mut id = difat_start;
    let mut steps = 0u64;
    while id < RESERVED {
        steps += 1;
        if steps > u64::from(max_id) + 1 || id > max_id {
            return Ok(());
        }
        difat.extend(sectors.get(id).chunks_exact(4).filter_map(|c| u32_at(c, 0)));
        match difat.pop() {
            Some(next) => id = next,
            None => return Ok(()),
        }
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    let file_sectors = (bytes.len() / size).saturating_sub(1) as u64;
    if fat_sectors.len() as u64 > file_sectors {
        return Err(damaged(&format!(
            "its allocation table lists {} sectors, and the file has {}",
            thousands(fat_sectors.len() as u64),
            thousands(file_sectors)
        )));
    }
    if fat_sectors.iter().any(|id| *id > max_id) {
        return Ok(());
    }
    let fat: Vec<u32> = fat_sectors
        .iter()
        .flat_map(|id| {
            sectors
                .get(*id)
                .chunks_exact(4)
                .filter_map(|c| u32_at(c, 0))
        })
        .collect();
    let mut state = vec![0u8; fat.len()];

    check_chain(dir_start, &fat, max_id, &mut state)?;
    let dir_bytes = read_chain(&sectors, &fat, dir_start, usize::MAX);
    let entries: Vec<Entry> = dir_bytes
        .chunks_exact(128)
        .map(|c| {
            let units: Vec<u16> = c[..64]
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            let mut name = String::from_utf16_lossy(&units);
            if let Some(end) = name.find('\0') {
                name.truncate(end);
            }
            let len = if size == 512 {
                u64::from(u32_at(c, 120).unwrap_or(0))
            } else {
                u64_at(c, 120).unwrap_or(0)
            };
            Entry {
                name,
                start: u32_at(c, 116).unwrap_or(0),
                len,
            }
        })
        .collect();
    let Some(root) = entries.first() else {
        return Ok(());
    };
    // Every stream calamine may read, and the mini stream and mini FAT.
    if mini_fat_len > 0 {
        check_chain(root.start, &fat, max_id, &mut state)?;
        check_chain(mini_fat_start, &fat, max_id, &mut state)?;
    }
    for entry in &entries {
        if entry.len >= MINI_CUTOFF as u64 {
            check_chain(entry.start, &fat, max_id, &mut state)?;
        }
    }

    let Some(book) = ["Workbook", "Book"]
        .iter()
        .find_map(|wanted| entries.iter().find(|e| e.name.eq_ignore_ascii_case(wanted)))
    else {
        return Ok(());
    };
    let stream_len = usize::try_from(book.len).unwrap_or(usize::MAX);
    let stream = if stream_len < MINI_CUTOFF {
        if mini_fat_len == 0 {
            return Ok(());
        }
        let mini_stream = read_chain(
            &sectors,
            &fat,
            root.start,
            usize::try_from(root.len).unwrap_or(usize::MAX),
        );
        let mini_fat_bytes = read_chain(
            &sectors,
            &fat,
            mini_fat_start,
            (mini_fat_len as usize).saturating_mul(size),
        );
        let mini_fat: Vec<u32> = mini_fat_bytes
            .chunks_exact(4)
            .filter_map(|c| u32_at(c, 0))
            .collect();
        let mut out = Vec::new();
        let mut id = book.start;
        while id != END_OF_CHAIN && out.len() < stream_len {
            // A mini sector beyond the mini stream is read by calamine
            // from wherever the file happens to be: refuse to guess.
            let at = id as usize * 64;
            let Some(sector) = mini_stream.get(at..at + 64) else {
                return Err(damaged("a short stream points past the mini stream"));
            };
            let take = (stream_len - out.len()).min(64);
            out.extend_from_slice(&sector[..take]);
            match mini_fat.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        out
    } else {
        read_chain(&sectors, &fat, book.start, stream_len)
    };
    scan_workbook(&stream)
}

/// A BIFF record (type and data), read as calamine reads them.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.stream, 0)?;
        let len = usize::from(u16_at(self.stream, 2)?);
        let data = self.stream.get(4..4 + len)?;
        self.stream = &self.stream[4 + len..];
        Some((typ, data))
    }
}

/// Where the cells of one sheet are, as far as the grid calamine builds
/// cares.
#[derive(Default)]
struct SheetMeasure {
    cells: u64,
    min: Option<(u64, u64)>,
    max: (u64, u64),
    declared: u64,
}

impl SheetMeasure {
    fn add(&mut self, row: u64, col: u64) {
        self.add_run(row, col, col);
    }

    /// The cells of `row` from column `first` to `last`.
    fn add_run(&mut self, row: u64, first: u64, last: u64) {
        self.cells += last - first + 1;
        let (r0, c0) = self.min.unwrap_or((row, first));
        self.min = Some((r0.min(row), c0.min(first)));
        self.max = (self.max.0.max(row), self.max.1.max(last));
    }

    fn grid(&self) -> u64 {
        self.min.map_or(0, |(r0, c0)| {
            (self.max.0 - r0 + 1).saturating_mul(self.max.1 - c0 + 1)
        })
    }
}

/// The rows × columns a `DIMENSIONS` record makes calamine reserve.
fn declared_cells(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u64::from(u16_at(data, 0)?),
            u64::from(u16_at(data, 2)?),
            u64::from(u16_at(data, 4)?),
            u64::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u64::from(u32_at(data, 0)?),
            u64::from(u32_at(data, 4)?),
            u64::from(u16_at(data, 8)?),
            u64::from(u16_at(data, 10)?),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    // No last row or column: calamine takes the first cell alone.
    let (rl, cl) = if rl >= 1 && cl >= 1 {
        (rl - 1, cl - 1)
    } else {
        return Some(1);
    };
    // A last row before the first wraps around in calamine: billions.
    let rows = rl.checked_sub(rf).map_or(u64::MAX, |d| d + 1);
    let cols = cl.checked_sub(cf).map_or(u64::MAX, |d| d + 1);
    Some(rows.saturating_mul(cols))
}

fn scan_workbook(stream: &[u8]) -> Result<(), Refusal> {
    let mut sheets = Vec::new();
    for (typ, data) in (Records { stream }) {
        match typ {
            // FILEPASS: encrypted; calamine refuses it.
            0x002F if u16_at(data, 0) != Some(0) => return Ok(()),
            0x0085 => {
                if let Some(pos) = u32_at(data, 0) {
                    sheets.push(pos as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let (mut total_grid, mut scanned) = (0u64, 0u64);
    for (index, pos) in sheets.into_iter().enumerate() {
        let Some(body) = stream.get(pos..) else {
            continue;
        };
        let sheet = scan_sheet(body, &mut scanned)?;
        let number = index + 1;
        if sheet.declared > BIFF_GRID
            || (sheet.declared > MAX_FREE_GRID
                && sheet.declared > sheet.cells.saturating_mul(MAX_SPARSENESS))
        {
            return Err(Refusal(
                "sparse_sheet",
                format!(
                    "its sheet {number} declares a range of {} cells and holds {}; open it in a spreadsheet, delete the empty rows and columns after the data and save again",
                    thousands(sheet.declared.min(u64::MAX / 2)),
                    thousands(sheet.cells)
                ),
            ));
        }
        let grid = sheet.grid();
        if grid > MAX_FREE_GRID && grid > sheet.cells.saturating_mul(MAX_SPARSENESS) {
            return Err(Refusal(
                "sparse_sheet",
                format!(
                    "its sheet {number} has a cell at {}, far beyond the {} cells it holds (a grid of {} cells); delete the stray cell in the spreadsheet (Ctrl+End shows it) and save again",
                    a1(sheet.max.0, sheet.max.1),
                    thousands(sheet.cells),
                    thousands(grid)
                ),
            ));
        }
        total_grid = total_grid.saturating_add(grid);
        if total_grid > MAX_TOTAL_GRID {
            return Err(Refusal(
                "workbook_too_large",
                format!(
                    "its sheets together span more than {} cells, more than Tenure reads from a legacy (xls) workbook; save it as xlsx, or split it, and import that",
                    thousands(MAX_TOTAL_GRID)
                ),
            ));
        }
    }
    Ok(())
}

/// One sheet's records from its `BOF` to its `EOF`, skipping embedded
/// substreams (charts), as calamine reads them.
fn scan_sheet(body: &[u8], scanned: &mut u64) -> Result<SheetMeasure, Refusal> {
    let mut m = SheetMeasure::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    let mut formula_at = (0u64, 0u64);
    for (typ, data) in (Records { stream: body }) {
        *scanned += 4 + data.len() as u64;
        if *scanned > MAX_SCANNED {
            return Err(Refusal(
                "workbook_too_large",
                "its sheets point at the same records again and again, more than 1 GB to read; the file is damaged or hostile".to_string(),
            ));
        }
        let at = || Some((u64::from(u16_at(data, 0)?), u64::from(u16_at(data, 2)?)));
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                if let Some(n) = declared_cells(data) {
                    m.declared = m.declared.max(n);
                }
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, col)) = at() {
                    m.add(row, col);
                }
            }
            // Formula: its value, and its text in a grid of its own.
            0x0006 if data.len() >= 20 => {
                if let Some(pos) = at() {
                    formula_at = pos;
                    m.add(pos.0, pos.1);
                }
            }
            // A formula's string value, at the formula's cell.
            0x0207 => m.add(formula_at.0, formula_at.1),
            // MulRk: one row, a run of columns.
            0x00BD if data.len() >= 6 => {
                if let (Some((row, first)), Some(last)) = (at(), u16_at(data, data.len() - 2)) {
                    let last = u64::from(last);
                    if last >= first && data.len() as u64 == 6 + 6 * (last - first + 1) {
                        m.add_run(row, first, last);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&col.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    /// A workbook stream: globals with one BOUNDSHEET per `pointers`, then
    /// one sheet body holding `cells`.
    fn stream(pointers: usize, cells: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 8 + pointers * (4 + 8) + 4;
        let mut out = record(0x0809, &[0; 4]);
        for _ in 0..pointers {
            let mut data = (globals_len as u32).to_le_bytes().to_vec();
            data.extend_from_slice(&[0; 4]);
            out.extend(record(0x0085, &data));
        }
        out.extend(record(0x000A, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(record(0x0809, &[0; 4]));
        for c in cells {
            out.extend_from_slice(c);
        }
        out.extend(record(0x000A, &[]));
        out
    }

    #[test]
    fn a1_names_cells_like_excel() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(65_535, 255), "IV65536");
        assert_eq!(a1(9, 26), "AA10");
        assert_eq!(a1(0, 16_383), "XFD1");
    }

    #[test]
    fn a_stray_cell_far_away_is_refused_and_a_dense_sheet_passes() {
        let dense: Vec<Vec<u8>> = (0..100).map(|i| number(i, i % 3)).collect();
        assert!(scan_workbook(&stream(1, &dense)).is_ok());
        let stray = vec![number(0, 0), number(65_535, 65_535)];
        let Err(Refusal(code, why)) = scan_workbook(&stream(1, &stray)) else {
            panic!("a cell at row 65,536, column 65,536 passed");
        };
        assert_eq!(code, "sparse_sheet");
        assert!(why.contains("CRXP65536"), "{why}");
        assert!(why.contains("4,294,967,296"), "{why}");
    }

    #[test]
    fn declared_dimensions_beyond_the_cells_are_refused() {
        // DIMENSIONS of BIFF8: first row, last row + 1 (u32), first col,
        // last col + 1 (u16), reserved.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend_from_slice(&4_000_000_000u32.to_le_bytes());
        dims.extend_from_slice(&0u16.to_le_bytes());
        dims.extend_from_slice(&200u16.to_le_bytes());
        dims.extend_from_slice(&[0, 0]);
        assert_eq!(declared_cells(&dims), Some(4_000_000_000 * 200));
        let cells = vec![record(0x0200, &dims), number(0, 0)];
        let Err(Refusal(code, _)) = scan_workbook(&stream(1, &cells)) else {
            panic!("a range of 800 billion cells passed");
        };
        assert_eq!(code, "sparse_sheet");
        // A last row before the first is what calamine wraps into billions.
        let mut backwards = 10u32.to_le_bytes().to_vec();
        backwards.extend_from_slice(&5u32.to_le_bytes());
        backwards.extend_from_slice(&[0, 0, 1, 0, 0, 0]);
        assert_eq!(declared_cells(&backwards), Some(u64::MAX));
    }

    #[test]
    fn many_sheets_pointing_at_one_body_are_bounded() {
        // 2,000 cells in a 1,000 × 3 grid, read by 10,000 sheet entries:
        // 30 million cells of grids in all.
        let body: Vec<Vec<u8>> = (0..1000u16)
            .flat_map(|r| [number(r, 0), number(r, 2)])
            .collect();
        assert!(scan_workbook(&stream(1, &body)).is_ok());
        let Err(Refusal(code, _)) = scan_workbook(&stream(10_000, &body)) else {
            panic!("10,000 copies of one sheet passed");
        };
        assert_eq!(code, "workbook_too_large");
    }

    #[test]
    fn mul_rk_counts_its_run_of_cells() {
        // Row 4, columns 2..=5: four RK values of 6 bytes each, then the
        // last column.
        let mut data = 4u16.to_le_bytes().to_vec();
        data.extend_from_slice(&2u16.to_le_bytes());
        data.extend_from_slice(&[0; 24]);
        data.extend_from_slice(&5u16.to_le_bytes());
        let mut scanned = 0;
        let body = [record(0x0809, &[0; 4]), record(0x00BD, &data)].concat();
        let m = scan_sheet(&body, &mut scanned).unwrap_or_default();
        assert_eq!(m.cells, 4);
        assert_eq!((m.min, m.max), (Some((4, 2)), (4, 5)));
        assert_eq!(m.grid(), 4);
    }

    /// A compound file of 512-byte sectors: sector 0 the FAT, sector 1 the
    /// directory (root entry and `Workbook`), sectors 2.. the stream.
    fn compound(fat: &[u32], workbook_len: u32) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.resize(512, 0);
        out[26..28].copy_from_slice(&3u16.to_le_bytes());
        out[30..32].copy_from_slice(&9u16.to_le_bytes());
        out[32..34].copy_from_slice(&6u16.to_le_bytes());
        out[44..48].copy_from_slice(&1u32.to_le_bytes());
        out[48..52].copy_from_slice(&1u32.to_le_bytes());
        out[60..64].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        out[68..72].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        for (i, chunk) in out[76..512].chunks_exact_mut(4).enumerate() {
            let id = if i == 0 { 0 } else { 0xFFFF_FFFF };
            chunk.copy_from_slice(&u32::to_le_bytes(id));
        }
        let mut fat_sector = vec![0xFFu8; 512];
        for (i, id) in fat.iter().enumerate() {
            fat_sector[i * 4..i * 4 + 4].copy_from_slice(&id.to_le_bytes());
        }
        out.extend(fat_sector);
        let mut dir = vec![0u8; 512];
        let entry = |dir: &mut Vec<u8>, at: usize, name: &str, start: u32, len: u32| {
            for (i, unit) in name.encode_utf16().enumerate() {
                dir[at + i * 2..at + i * 2 + 2].copy_from_slice(&unit.to_le_bytes());
            }
            dir[at + 116..at + 120].copy_from_slice(&start.to_le_bytes());
            dir[at + 120..at + 124].copy_from_slice(&len.to_le_bytes());
        };
        entry(&mut dir, 0, "Root Entry", END_OF_CHAIN, 0);
        entry(&mut dir, 128, "Workbook", 2, workbook_len);
        out.extend(dir);
        // The stream's sectors: records of nothing (type 0, no data).
        out.extend(vec![0u8; 512 * 8]);
        out
    }

    #[test]
    fn a_chain_that_loops_is_refused_and_a_straight_one_passes() {
        // FAT: 0 = FAT sector, 1 = directory (end), 2..=9 the stream.
        let mut straight = vec![FAT_SECTOR, END_OF_CHAIN];
        straight.extend((3..=9).chain([END_OF_CHAIN]));
        assert!(measure(&compound(&straight, 8 * 512)).is_ok());
        // The stream's last sector points back at its first, and the
        // directory entry declares 2 GB: calamine doubled a buffer until
        // memory ran out.
        let mut looping = straight.clone();
        looping[9] = 2;
        let Err(Refusal(code, why)) = measure(&compound(&looping, 0x8000_0000)) else {
            panic!("a looping chain passed");
        };
        assert_eq!(code, "damaged_workbook");
        assert!(why.contains("loops back"), "{why}");
        // A directory chain that loops (sector 1 → 1).
        let mut dir_loop = straight;
        dir_loop[1] = 1;
        assert!(measure(&compound(&dir_loop, 8 * 512)).is_err());
    }

    #[test]
    fn a_difat_listing_one_sector_many_times_is_refused() {
        let mut straight = vec![FAT_SECTOR, END_OF_CHAIN];
        straight.extend((3..=9).chain([END_OF_CHAIN]));
        let mut file = compound(&straight, 8 * 512);
        // All 109 header DIFAT entries name sector 0: 109 FAT sectors in a
        // file of 11.
        for chunk in file[76..512].chunks_exact_mut(4) {
            chunk.copy_from_slice(&0u32.to_le_bytes());
        }
        let Err(Refusal(_, why)) = measure(&file) else {
            panic!("a DIFAT of 109 copies passed");
        };
        assert!(
            why.contains("lists 109 sectors, and the file has 10"),
            "{why}"
        );
    }
}
