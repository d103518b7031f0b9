//! Tabular parsing shared by Tenure's CSV and Excel importer plugins.
//!
//! - [`encoding`]: sniff and stream-decode text (UTF-8 ± BOM, UTF-16,
//!   UTF-32, Windows-1252).
//! - [`csv`]: a streaming RFC 4180 reader and delimiter sniffing.
//! - [`delimited`]: a delimited file as a stream of rows.
//! - [`aliases`]: record kinds, canonical fields and their header aliases
//!   in English and Portuguese (the alias tables live there).
//! - [`values`]: numbers, money, dates, months, booleans as people write them.
//! - [`table`]: header row, kind and column choice, rows → records
//!   ([`fields`]: a record's fields on the way).
//! - [`sheet`] (feature `sheets`): workbooks as rows, via calamine.
//! - [`vendor`]: a vendor's export formats as header tables (CRM importers).

// `RowProblem` is the plugin API's one problem shape; boxing it would
// only move the allocation.
#![allow(clippy::result_large_err)]

pub mod aliases;
// Billing exports' conventions (Stripe, Recurly, ChartMogul, Baremetrics).
pub mod billing;
// The one record schema the readers derive their kinds from.
pub use tenure_schema as schema;
pub mod csv;
pub mod delimited;
pub mod encoding;
pub mod fields;
pub mod scores;
// The mutation fuzzer of the readers' tests (issue 20).
pub mod fuzz;
pub mod table;
pub mod values;
// Vendor export formats (CRM importers): header tables per vendor.
#[cfg(feature = "sheets")]
pub mod sheet;
// Workbooks measured before they are read (issue 20).
#[cfg(feature = "sheets")]
pub mod guard;
#[cfg(feature = "sheets")]
mod guard_ods;
#[cfg(feature = "sheets")]
pub mod guard_xls;
#[cfg(feature = "sheets")]
mod guard_xlsb;
#[cfg(feature = "sheets")]
pub mod vendor;
// Survey-tool exports (kit area: google-forms, surveymonkey, delighted plugins).
pub mod survey;

pub use table::{
    Cell, CollectSink, Origin, Outcome, Plan, Row, RowSource, describe_table, import_table,
};
pub use table::{Rules, describe_table_with, import_table_with};

// Helpers for importer plugins' tests.
#[cfg(feature = "testing")]
pub mod testing;
