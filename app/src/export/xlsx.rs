//! XLSX through rust_xlsxwriter: text as strings, numbers as numbers,
//! money with two decimals.

use super::{Cell, ExportError, Sheet};
use rust_xlsxwriter::{Format, Workbook};
use std::path::Path;

pub fn write(path: &Path, sheet: &Sheet) -> Result<(), ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let ws = book.add_worksheet();
    if !sheet.name.is_empty() {
        ws.set_name(&sheet.name).map_err(err)?;
    }
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string(0, c as u16, h, &bold).map_err(err)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    ws.write_string_only(r, c, t).map_err(err)?;
                }
                Cell::Int(i) => {
                    ws.write_number_only(r, c, *i as f64).map_err(err)?;
                }
                Cell::Money(m) => {
                    ws.write_number(r, c, m.as_units_f64(), &money)
                        .map_err(err)?;
                }
                Cell::Date(d) => {
                    ws.write_string_only(r, c, &d.to_string()).map_err(err)?;
                }
                Cell::Number(n) if n.is_finite() => {
                    ws.write_number_only(r, c, *n).map_err(err)?;
                }
                Cell::Number(_) => {}
            }
        }
    }
    book.save_to_path(path).map_err(err)
}
