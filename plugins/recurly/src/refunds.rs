//! Refund invoices folded into the invoice they refund. Recurly writes a
//! refund as an invoice of its own: "Negative invoices generated due to
//! refunds or voids to offset the initial one have a 'refund' type", and
//! `original_invoice_number` names the invoice it offsets (README,
//! Sources). Tenure keeps a refund on the purchase it refunds
//! (`refunded`), so a first pass over the file sums each invoice's refund
//! invoices; the invoices table's `refunded` column reads that sum.
//!
//! The vendor tables' derived columns are plain functions of one row, so
//! the sums reach them through this thread's [`Scope`], set for the length
//! of one import (the import reads the file on the calling thread).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use tenure_tabular::aliases::normalize;
use tenure_tabular::billing;
use tenure_tabular::delimited::DelimitedSource;
use tenure_tabular::vendor::squash;
use tenure_tabular::{Row, RowSource};

/// Rows looked at for the header, as the vendor tables do.
const HEADER_SCAN: usize = 30;

/// Invoice number → the refunds of it in this file, as positive exact text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Refunds {
    pub of: HashMap<String, String>,
    /// Every invoice number the file holds (a refund of an invoice that is
    /// not in the file cannot be deducted here).
    pub numbers: std::collections::HashSet<String>,
}

thread_local! {
    static CURRENT: RefCell<Refunds> = RefCell::new(Refunds::default());
}

/// The sums of one file, readable by the derived columns until dropped.
pub struct Scope;

impl Scope {
    pub fn enter(refunds: Refunds) -> Scope {
        CURRENT.with(|c| *c.borrow_mut() = refunds);
        Scope
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        CURRENT.with(|c| *c.borrow_mut() = Refunds::default());
    }
}

/// The refunds of invoice `number` in the file being imported.
pub fn of(number: &str) -> Option<String> {
    CURRENT.with(|c| c.borrow().of.get(number.trim()).cloned())
}

/// Whether invoice `number` is in the file being imported.
pub fn in_file(number: &str) -> bool {
    CURRENT.with(|c| c.borrow().numbers.contains(number.trim()))
}

/// Whether a row is a refund invoice: `invoice_type` `refund`, or a
/// negative total.
pub fn is_refund(kind: &str, total: &str) -> bool {
    normalize(kind) == "refund" || total.trim_start().starts_with('-')
}

struct Columns {
    number: usize,
    total: usize,
    kind: usize,
    original: usize,
    status: Option<usize>,
}

fn columns(names: &[String]) -> Option<Columns> {
    let at = |h: &str| names.iter().position(|n| *n == squash(h));
    Some(Columns {
        number: at("invoice_number")?,
        total: at("invoice_total")?,
        kind: at("invoice_type")?,
        original: at("original_invoice_number")?,
        status: at("status"),
    })
}

fn cell(row: &Row, i: usize) -> String {
    row.cells
        .get(i)
        .map(|c| c.display().trim().to_string())
        .unwrap_or_default()
}

fn add(out: &mut Refunds, cols: &Columns, row: &Row) {
    let number = cell(row, cols.number);
    if !number.is_empty() {
        out.numbers.insert(number);
    }
    let total = cell(row, cols.total);
    if !is_refund(&cell(row, cols.kind), &total) {
        return;
    }
    // A voided or failed refund invoice gave nothing back.
    let status = cols.status.map(|i| normalize(&cell(row, i)));
    if matches!(status.as_deref(), Some("voided" | "void" | "failed")) {
        return;
    }
    let original = cell(row, cols.original);
    let amount = total.trim().trim_start_matches('-').to_string();
    if original.is_empty() || billing::is_zero(&amount) {
        return;
    }
    let sum = match out.of.get(&original) {
        Some(so_far) => billing::sum(so_far, &amount),
        None => billing::sum("0", &amount),
    };
    // An amount that is no number is left for the import to report on its
    // own row; it is not deducted.
    if let Some(sum) = sum {
        out.of.insert(original, sum);
    }
}

fn read(source: &mut dyn RowSource, out: &mut Refunds) {
    let mut row = Row::default();
    let mut cols = None;
    let mut seen = 0;
    while let Ok(true) = source.next_row(&mut row) {
        if row.is_blank() {
            continue;
        }
        match &cols {
            None => {
                seen += 1;
                if seen > HEADER_SCAN {
                    return;
                }
                let names: Vec<String> = row.cells.iter().map(|c| squash(&c.display())).collect();
                cols = columns(&names);
            }
            Some(c) => add(out, c, &row),
        }
    }
}

/// The refunds of every invoices-summary table of the file (CSV, or each
/// sheet of a workbook); empty for another export or an unreadable file
/// (the import itself reports why).
pub fn collect(path: &Path) -> Refunds {
    let mut out = Refunds::default();
    if !is_workbook(path) {
        if let Ok(mut source) = DelimitedSource::open(path) {
            read(&mut source, &mut out);
        }
        return out;
    }
    let Ok(mut wb) = tenure_tabular::sheet::open(path) else {
        return out;
    };
    let Ok(names) = tenure_tabular::sheet::sheet_names(&mut wb, path) else {
        return out;
    };
    for name in names {
        if let Ok(range) = tenure_tabular::sheet::sheet_range(&mut wb, path, &name) {
            read(
                &mut tenure_tabular::sheet::SheetSource::new(range),
                &mut out,
            );
        }
    }
    out
}

fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
        return true;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| head == *b"PK\x03\x04" || head == [0xD0, 0xCF, 0x11, 0xE0])
}
