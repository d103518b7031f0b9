//! What a Tenure importer plugin author depends on.
//!
//! A plugin is a `cdylib` that implements [`Importer`] (and `Default`) and
//! calls [`export_importer!`](crate::export_importer), which writes all the
//! `unsafe` ABI glue of [`abi`]. See `README.md` for the author's guide and
//! `include/tenure_importer.h` for authors in other languages.
//! Every record kind and its fields are declared once in the schema crate,
//! re-exported as [`schema`]; [`records`] has one typed struct per kind
//! (`Mrr::new("A1", "2025-01", "1234.56")`), sent with
//! [`RecordSink::emit`](RecordSink#method.emit).
//!
//! Records travel to the host in binary batches ([`binary`], payload
//! version 2) with the record kind beside the fields, or as JSON objects
//! tagged by `kind` (payload version 1, which every host reads:
//! `{"kind": "mrr", "account": "C1", "month": "2025-01", "mrr": "120.50"}`);
//! money as a decimal string, dates `YYYY-MM-DD`, months `YYYY-MM`.
//! Three kinds have a field named `kind` of their own (`survey_response`:
//! nps/csat/ces, `activity`: call/meeting/…, `opportunity`: new/upsell/…).
//! Typed records and [`FieldRecord`]s name it `kind`; only in a JSON
//! record, where `kind` is the tag, it is `survey_kind`, `activity_kind`
//! or `opportunity_kind` ([`own_kind_field`]), which the glue writes for
//! a host that reads JSON only and [`canonical_record`] writes for you.

// `RowProblem` is the contract's error type; boxing it would change the trait.
#![allow(clippy::result_large_err)]

pub mod abi;
pub mod binary;
#[doc(hidden)]
pub mod glue;
pub mod records;
mod types;

pub use records::{
    Account, AcquisitionSpend, Activity, Contact, Csm, FxRate, Money, Mrr, Opportunity, Purchase,
    Subscription, SurveyResponse, Task, Ticket, TypedField, TypedRecord, Usage,
};
/// Where every record kind and its fields are declared.
pub use tenure_schema as schema;
pub use types::*;

use std::path::Path;

/// The major ABI version; it is part of the entry symbol's name.
pub const ABI_VERSION: u32 = 1;
/// Version of the payload encoding of records and problems: 1 is JSON
/// throughout; 2 adds binary record batches ([`binary`]), which a plugin
/// sends only to a host that speaks version 2.
pub const PAYLOAD_VERSION: u32 = 2;

/// Where an importer sends what it reads. The host batches records across
/// the ABI (about a thousand at a time) and answers whether to go on.
pub trait RecordSink {
    /// One record, with where it came from.
    fn record(&mut self, record: EmittedRecord) -> Flow;
    /// One record given as its fields; the same as
    /// `record(record.to_emitted())`, which is what it does unless the sink
    /// has a faster way. The host's sink writes the fields straight into
    /// the payload, so importers that send many records save building a
    /// `serde_json::Value` map for each.
    fn record_fields(&mut self, record: FieldRecord<'_>) -> Flow {
        self.record(record.to_emitted())
    }
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

/// Exports a type implementing [`Importer`] + [`Default`] as a Tenure
/// importer library: generates the `tenure_importer_v1` entry symbol, the
/// static function table and the panic-catching glue. Use it once per
/// `cdylib` crate:
///
/// ```ignore
/// #[derive(Default)]
/// struct MyImporter;
/// impl tenure_plugin_api::Importer for MyImporter { /* … */ }
/// tenure_plugin_api::export_importer!(MyImporter);
/// ```
#[macro_export]
macro_rules! export_importer {
    ($importer:ty) => {
        const _: () = {
            fn __tenure_instance() -> &'static dyn $crate::Importer {
                static INSTANCE: ::std::sync::OnceLock<$importer> = ::std::sync::OnceLock::new();
                INSTANCE.get_or_init(<$importer as ::core::default::Default>::default)
            }

            unsafe extern "C" fn __tenure_info(
                ctx: *mut ::core::ffi::c_void,
                out: $crate::abi::TnWriteFn,
            ) -> i32 {
                // SAFETY: the host lends `out` and `ctx` for this call.
                unsafe { $crate::glue::info(__tenure_instance, ctx, out) }
            }

            unsafe extern "C" fn __tenure_detect(
                path: *const u8,
                path_len: usize,
                head: *const u8,
                head_len: usize,
            ) -> i32 {
                // SAFETY: the host lends the slices for this call.
                unsafe { $crate::glue::detect(__tenure_instance, path, path_len, head, head_len) }
            }

            unsafe extern "C" fn __tenure_describe(
                path: *const u8,
                path_len: usize,
                options: *const u8,
                options_len: usize,
                ctx: *mut ::core::ffi::c_void,
                out: $crate::abi::TnWriteFn,
            ) -> i32 {
                // SAFETY: the host lends the slices and the writer for this call.
                unsafe {
                    $crate::glue::describe(
                        __tenure_instance,
                        path,
                        path_len,
                        options,
                        options_len,
                        ctx,
                        out,
                    )
                }
            }

            unsafe extern "C" fn __tenure_import(
                path: *const u8,
                path_len: usize,
                options: *const u8,
                options_len: usize,
                host: *const $crate::abi::TenureHostV1,
            ) -> i32 {
                // SAFETY: the host lends the slices and its callbacks for this call.
                unsafe {
                    $crate::glue::import(
                        __tenure_instance,
                        path,
                        path_len,
                        options,
                        options_len,
                        host,
                    )
                }
            }

            static TABLE: $crate::abi::TenureImporterV1 = $crate::abi::TenureImporterV1 {
                abi_major: $crate::ABI_VERSION,
                struct_size: ::core::mem::size_of::<$crate::abi::TenureImporterV1>() as u32,
                payload_version: $crate::PAYLOAD_VERSION,
                reserved: 0,
                info: __tenure_info,
                detect: __tenure_detect,
                describe: __tenure_describe,
                import: __tenure_import,
            };

            /// The entry symbol of a Tenure importer library, ABI version 1.
            #[unsafe(no_mangle)]
            pub extern "C" fn tenure_importer_v1() -> *const $crate::abi::TenureImporterV1 {
                &TABLE
            }
        };
    };
}

/// The name a record kind's own `kind` field has in a JSON record, where
/// `kind` is the record's tag (`survey_kind`, `activity_kind`,
/// `opportunity_kind`), for the kinds that have one. Binary batches and
/// [`FieldRecord`]s name it `kind`.
pub fn own_kind_field(record_kind: &str) -> Option<&'static str> {
    match record_kind {
        "survey_response" => Some("survey_kind"),
        "activity" => Some("activity_kind"),
        "opportunity" => Some("opportunity_kind"),
        "purchase" => Some("purchase_kind"),
        _ => None,
    }
}

/// Builds a JSON record from canonical field names (as the schema spells
/// them): adds the `kind` tag and moves a `kind` field of the record itself
/// to [`own_kind_field`].
pub fn canonical_record(
    record_kind: &str,
    mut fields: serde_json::Map<String, serde_json::Value>,
) -> serde_json::Value {
    if let Some(own) = own_kind_field(record_kind)
        && let Some(v) = fields.remove("kind")
    {
        fields.insert(own.to_string(), v);
    }
    fields.insert(
        "kind".to_string(),
        serde_json::Value::String(record_kind.to_string()),
    );
    serde_json::Value::Object(fields)
}
