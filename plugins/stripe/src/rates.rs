//! Monthly exchange rates from a payments export's own conversion: Stripe
//! writes each payment's `Converted Amount` in the account's settlement
//! currency (`Converted Currency`). When that is the database's reporting
//! currency, the month's rate of a payment currency is Σ converted ÷ Σ
//! amount over the month's settled payments in it — so the month's revenue
//! at that rate is what Stripe converted. Emitted as `fx_rate` records
//! after the payments (revenue.md: a rate "taken from a source's own
//! converted amount"). Delimited text only; a workbook gives no rates.

use std::collections::BTreeMap;
use std::path::Path;
use tenure_plugin_api::{EmittedRecord, Flow, ImportOptions, RecordSink};
use tenure_tabular::billing;
use tenure_tabular::delimited::DelimitedSource;
use tenure_tabular::vendor::squash;
use tenure_tabular::{Row, RowSource};

/// Rows looked at for the header, as the vendor tables do.
const HEADER_SCAN: usize = 30;

struct Columns {
    date: usize,
    amount: usize,
    currency: usize,
    converted: usize,
    converted_currency: usize,
    status: usize,
    captured: Option<usize>,
    customer: Option<usize>,
}

fn columns(names: &[String]) -> Option<Columns> {
    let at = |headers: &[&str]| {
        headers
            .iter()
            .find_map(|h| names.iter().position(|n| *n == squash(h)))
    };
    Some(Columns {
        date: at(&["Created date (UTC)", "Created (UTC)"])?,
        amount: at(&["Amount"])?,
        currency: at(&["Currency"])?,
        converted: at(&["Converted Amount"])?,
        converted_currency: at(&["Converted Currency"])?,
        status: at(&["Status"])?,
        captured: at(&["Captured"]),
        customer: at(&["Customer ID", "Customer Id"]),
    })
}

fn cell(row: &Row, i: usize) -> String {
    row.cells
        .get(i)
        .map(|c| c.display().trim().to_string())
        .unwrap_or_default()
}

/// (month, currency) → (Σ amount, Σ converted), both exact text.
type Sums = BTreeMap<(String, String), (String, String)>;

fn add(sums: &mut Sums, cols: &Columns, row: &Row, reporting: &str) -> Option<()> {
    // The payments the import kept as revenue: settled, captured, with a
    // customer (the others are not purchases).
    let status = tenure_tabular::aliases::normalize(&cell(row, cols.status)).replace(' ', "");
    if !matches!(
        status.as_str(),
        "paid" | "succeeded" | "partiallyrefunded" | "refunded"
    ) {
        return None;
    }
    if cols
        .captured
        .is_some_and(|c| tenure_tabular::values::parse_bool(&cell(row, c)) == Some(false))
    {
        return None;
    }
    if cols.customer.is_some_and(|c| cell(row, c).is_empty()) {
        return None;
    }
    let currency = cell(row, cols.currency).to_ascii_uppercase();
    let converted_currency = cell(row, cols.converted_currency).to_ascii_uppercase();
    if converted_currency != reporting || currency == reporting || currency.len() != 3 {
        return None;
    }
    let month = billing::date(&cell(row, cols.date))?.month_text();
    let amount = cell(row, cols.amount);
    let converted = cell(row, cols.converted);
    let entry = sums
        .entry((month, currency))
        .or_insert_with(|| ("0".to_string(), "0".to_string()));
    let total = billing::sum(&entry.0, &amount)?;
    let total_converted = billing::sum(&entry.1, &converted)?;
    *entry = (total, total_converted);
    Some(())
}

/// Reads `path` again and sends one `fx_rate` per month and payment
/// currency; nothing when the file is not a payments export with converted
/// amounts, or when the database's currency is not Stripe's converted one.
pub fn emit(path: &Path, options: &ImportOptions, sink: &mut dyn RecordSink) -> Flow {
    let Some(reporting) = options
        .currency
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase())
    else {
        return Flow::Continue;
    };
    let Ok(mut source) = DelimitedSource::open(path) else {
        return Flow::Continue;
    };
    let mut row = Row::default();
    let mut cols = None;
    let mut seen = 0;
    let mut sums = Sums::new();
    while let Ok(true) = source.next_row(&mut row) {
        if row.is_blank() {
            continue;
        }
        match &cols {
            None => {
                seen += 1;
                if seen > HEADER_SCAN {
                    return Flow::Continue;
                }
                let names: Vec<String> = row.cells.iter().map(|c| squash(&c.display())).collect();
                cols = columns(&names);
            }
            Some(c) => {
                add(&mut sums, c, &row, &reporting);
            }
        }
    }
    for ((month, currency), (amount, converted)) in sums {
        let Some(rate) = billing::ratio(&converted, &amount) else {
            continue;
        };
        let record = serde_json::json!({
            "kind": "fx_rate", "month": month, "currency": currency, "rate": rate,
        });
        if sink.record(EmittedRecord::new(None, None, record)) == Flow::Cancel {
            return Flow::Cancel;
        }
    }
    Flow::Continue
}
