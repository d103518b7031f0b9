//! RFC 4180 CSV, UTF-8 with a byte-order mark so that spreadsheets read
//! accents right.

use super::{Cell, ExportError, Sheet, escape_formula};
use std::io::Write;
use std::path::Path;

fn quote(field: &str, out: &mut String) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => escape_formula(t).into_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Money(m) => m.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Number(n) if n.is_finite() => n.to_string(),
        Cell::Number(_) => String::new(),
    }
}

/// The whole file's text (without the byte-order mark).
pub fn to_string(sheet: &Sheet) -> String {
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = String>, out: &mut String| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote(&c, out);
        }
        out.push_str("\r\n");
    };
    line(
        &mut sheet.headers.iter().map(|h| escape_formula(h).into_owned()),
        &mut out,
    );
    for row in &sheet.rows {
        line(&mut row.iter().map(cell_text), &mut out);
    }
    out
}

pub fn write(path: &Path, sheet: &Sheet) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    file.write_all("\u{feff}".as_bytes()).map_err(io)?;
    file.write_all(to_string(sheet).as_bytes()).map_err(io)?;
    file.flush().map_err(io)
}
