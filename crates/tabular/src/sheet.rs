//! Workbooks (xlsx, xlsm, xlsb, xls, ods) read with calamine, as rows of
//! [`Cell`]s: opening with clear problems instead of panics, each sheet as a
//! [`RowSource`], and a cheap look at the first rows for `detect`. Shared by
//! the Excel importer and the vendor importers (feature `sheets`).

use crate::delimited::{fatal, file_name};
use crate::values::{self, DateTime, DayOrder};
use crate::{Cell, Row, RowSource};
use calamine::{Data, Range, Reader, open_workbook_auto};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use tenure_plugin_api::RowProblem;

fn panic_text(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "internal error".to_string())
}

pub type Workbook = calamine::Sheets<std::io::BufReader<std::fs::File>>;

/// Opens a workbook; a broken file is a clear fatal problem, never a panic.
pub fn open(path: &Path) -> Result<Workbook, RowProblem> {
    let name = file_name(path);
    if let Ok(meta) = std::fs::metadata(path)
        && meta.len() == 0
    {
        return Err(fatal(
            path,
            "empty_file",
            format!("`{name}` is empty (0 bytes): it is not a spreadsheet."),
        ));
    }
    crate::guard::check(path)?;
    match catch_unwind(AssertUnwindSafe(|| open_workbook_auto(path))) {
        Ok(Ok(wb)) => Ok(wb),
        Ok(Err(e)) => {
            let text = e.to_string();
            let lower = text.to_lowercase();
            let (code, why) = if lower.contains("password") || lower.contains("encrypt") {
                (
                    "protected_workbook",
                    "it is password-protected or encrypted; save an unprotected copy and import that".to_string(),
                )
            } else {
                (
                    "unreadable_workbook",
                    format!("it is damaged or not a spreadsheet ({text})"),
                )
            };
            Err(fatal(
                path,
                code,
                format!("`{name}` cannot be read: {why}."),
            ))
        }
        Err(p) => Err(fatal(
            path,
            "unreadable_workbook",
            format!(
                "`{name}` cannot be read: the spreadsheet reader failed ({}).",
                panic_text(&*p)
            ),
        )),
    }
}

pub fn sheet_range(wb: &mut Workbook, path: &Path, sheet: &str) -> Result<Range<Data>, RowProblem> {
    let name = file_name(path);
    match catch_unwind(AssertUnwindSafe(|| wb.worksheet_range(sheet))) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(fatal(
            path,
            "unreadable_sheet",
            format!("`{name}`, sheet `{sheet}` cannot be read: {e}."),
        )),
        Err(p) => Err(fatal(
            path,
            "unreadable_sheet",
            format!(
                "`{name}`, sheet `{sheet}` cannot be read: the spreadsheet reader failed ({}).",
                panic_text(&*p)
            ),
        )),
    }
}

pub fn sheet_names(wb: &mut Workbook, path: &Path) -> Result<Vec<String>, RowProblem> {
    catch_unwind(AssertUnwindSafe(|| wb.sheet_names())).map_err(|p| {
        fatal(
            path,
            "unreadable_workbook",
            format!("`{}` cannot be read: {}.", file_name(path), panic_text(&*p)),
        )
    })
}

/// A calamine cell as a tabular cell.
pub fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_datetime() {
                let (y, mo, da, h, mi, s, _) = dt.to_ymd_hms_milli();
                let secs = u32::from(h) * 3600 + u32::from(mi) * 60 + u32::from(s);
                Cell::Date(DateTime {
                    year: i32::from(y),
                    month: u32::from(mo),
                    day: u32::from(da),
                    time: (secs > 0).then_some(secs),
                    offset_minutes: None,
                })
            } else {
                Cell::Number(dt.as_f64())
            }
        }
        Data::DateTimeIso(s) => match values::parse_date(s, DayOrder::Dmy) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(s.clone()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("#{e:?}")),
    }
}

/// A sheet's range as rows with the row numbers Excel shows.
pub struct SheetSource {
    range: Range<Data>,
    next: usize,
}

impl SheetSource {
    pub fn new(range: Range<Data>) -> Self {
        SheetSource { range, next: 0 }
    }
}

impl RowSource for SheetSource {
    fn next_row(&mut self, row: &mut Row) -> Result<bool, RowProblem> {
        let Some((r0, c0)) = self.range.start() else {
            return Ok(false);
        };
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(false);
        }
        let i = self.next;
        self.next += 1;
        row.line = u64::from(r0) + i as u64 + 1;
        row.cells.clear();
        row.cells.resize(c0 as usize, Cell::Empty);
        for j in 0..width {
            let cell = self.range.get((i, j)).map_or(Cell::Empty, to_cell);
            row.cells.push(cell);
        }
        while row.cells.last().is_some_and(|c| *c == Cell::Empty) {
            row.cells.pop();
        }
        Ok(true)
    }

    fn progress(&self) -> (u64, u64) {
        (self.next as u64, self.range.get_size().0 as u64)
    }
}

/// The first `max_rows` non-blank rows of the workbook's first sheet, for
/// `detect`: an xlsx sheet is streamed and left after those rows (a
/// detector must not read a whole workbook); other formats read the sheet.
/// `None` when the file is not a readable workbook.
pub fn head_rows(path: &Path, max_rows: usize) -> Option<Vec<Row>> {
    let run = || -> Option<Vec<Row>> {
        crate::guard::check_shared_strings(path).ok()?;
        let mut wb = open_workbook_auto(path).ok()?;
        let first = wb.sheet_names().first()?.clone();
        let mut rows: Vec<Row> = Vec::new();
        if let calamine::Sheets::Xlsx(x) = &mut wb {
            let mut reader = x.worksheet_cells_reader(&first).ok()?;
            while let Ok(Some(cell)) = reader.next_cell() {
                let (r, c) = cell.get_position();
                let line = u64::from(r) + 1;
                if rows.last().is_none_or(|l| l.line != line) {
                    if rows.iter().filter(|r| !r.is_blank()).count() >= max_rows {
                        break;
                    }
                    rows.push(Row {
                        line,
                        cells: Vec::new(),
                    });
                }
                let row = rows.last_mut()?;
                let c = c as usize;
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, Cell::Empty);
                }
                row.cells[c] = to_cell(&Data::from(cell.get_value().clone()));
            }
        } else {
            let range = wb.worksheet_range(&first).ok()?;
            let mut src = SheetSource::new(range);
            let mut row = Row::default();
            while rows.len() < max_rows && src.next_row(&mut row).ok()? {
                rows.push(row.clone());
            }
        }
        rows.retain(|r| !r.is_blank());
        Some(rows)
    };
    catch_unwind(AssertUnwindSafe(run)).ok().flatten()
}
