//! What a Tenure importer plugin author depends on.
//!
//! A plugin is a `cdylib` that implements [`Importer`] and calls
//! [`export_importer!`](crate::export_importer) (added with the ABI glue).
//! Records travel to the host as JSON objects with the canonical field
//! names of Tenure's data model, tagged by `kind`
//! (`{"kind": "mrr", "account": "C1", "month": "2025-01", "mrr": "120.50"}`);
//! money as a decimal string, dates `YYYY-MM-DD`, months `YYYY-MM`.

mod types;

pub use types::*;

use std::path::Path;

/// The major ABI version; it is part of the entry symbol's name.
pub const ABI_VERSION: u32 = 1;
/// Version of the JSON payload encoding of records and problems.
pub const PAYLOAD_VERSION: u32 = 1;

/// Where an importer sends what it reads. The host batches records across
/// the ABI (about a thousand at a time) and answers whether to go on.
pub trait RecordSink {
    /// One record, with where it came from.
    fn record(&mut self, record: EmittedRecord) -> Flow;
    /// A problem with a row (or the whole file, with `severity: Fatal`).
    fn problem(&mut self, problem: RowProblem) -> Flow;
    /// Work done so far of the total (bytes or rows; `total` 0 when unknown).
    fn progress(&mut self, done: u64, total: u64) -> Flow;
}

/// The trait a Rust plugin implements; the export macro writes the unsafe
/// ABI glue around it and catches every panic at the boundary.
pub trait Importer: Send + Sync + 'static {
    /// Who the plugin is and what it reads.
    fn info(&self) -> PluginInfo;

    /// How confident (0–100) the plugin is that it can read this file, from
    /// its path and first bytes (up to 64 KiB). Must be fast: no full reads.
    fn detect(&self, path: &Path, head: &[u8]) -> u8;

    /// What the file holds: sheets, headers, the record kind and column
    /// mapping the plugin would use, and the first rows as parsed (the
    /// import view's preview).
    fn describe(&self, path: &Path, options: &ImportOptions)
    -> Result<FileDescription, RowProblem>;

    /// Reads the file and sends every record and problem to `sink`. Returns
    /// `Err` (a fatal problem) when the file cannot be read at all.
    fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem>;
}
