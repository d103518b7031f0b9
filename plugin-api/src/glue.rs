//! The ABI glue [`export_importer!`](crate::export_importer) expands to.
//! Plugin authors never call this module directly.
//!
//! Every function catches panics (an unwind must never cross `extern "C"`)
//! and turns them into a fatal problem or a negative answer.

use crate::abi::*;
use crate::{
    EmittedRecord, FieldRecord, Flow, ImportOptions, Importer, RecordSink, RowProblem, Severity,
};
use std::cell::RefCell;
use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;

/// Records per batch sent across the boundary.
pub const BATCH_RECORDS: usize = 1000;
/// A batch is also sent when its JSON grows past this many bytes.
const BATCH_BYTES: usize = 4 << 20;

/// How the generated glue reaches the plugin's single instance.
pub type InstanceFn = fn() -> &'static dyn Importer;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Replaces this library's panic hook (each cdylib has its own std) with one
/// that prints nothing and keeps the message for the fatal problem.
fn install_quiet_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            let location = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{text}{location}")));
        }));
    });
}

fn take_panic_message() -> String {
    LAST_PANIC
        .with(|p| p.borrow_mut().take())
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn panic_problem(what: &str) -> RowProblem {
    RowProblem::fatal(
        "plugin_panicked",
        format!(
            "the importer plugin panicked while {what} ({}); report this to the plugin's author",
            take_panic_message()
        ),
    )
}

/// Borrows a lent `(ptr, len)` slice.
///
/// # Safety
/// `ptr` must be null (with `len` 0) or valid for `len` bytes for the call.
unsafe fn lent<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller lends `len` readable bytes for this call.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// A path from its bytes: the raw bytes on Unix, UTF-8 elsewhere.
pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

fn write_out(ctx: *mut c_void, out: TnWriteFn, bytes: &[u8]) {
    // SAFETY: `out` and `ctx` come from the host for this call; the bytes are
    // lent for the duration of the call only.
    unsafe { out(ctx, bytes.as_ptr(), bytes.len()) }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

/// `info`.
///
/// # Safety
/// `out` must be a valid writer for `ctx`.
pub unsafe fn info(instance: InstanceFn, ctx: *mut c_void, out: TnWriteFn) -> i32 {
    install_quiet_hook();
    match catch_unwind(|| json(&instance().info())) {
        Ok(bytes) => {
            write_out(ctx, out, &bytes);
            TN_OK
        }
        Err(_) => -TN_PLUGIN_FAILED,
    }
}

/// `detect`.
///
/// # Safety
/// The slices must be lent as the ABI says.
pub unsafe fn detect(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    head: *const u8,
    head_len: usize,
) -> i32 {
    install_quiet_hook();
    // SAFETY: lent by the host for this call.
    let (path, head) = unsafe { (lent(path, path_len), lent(head, head_len)) };
    let path = path_from_bytes(path);
    match catch_unwind(AssertUnwindSafe(|| instance().detect(&path, head))) {
        Ok(confidence) => i32::from(confidence.min(100)),
        Err(_) => -TN_PLUGIN_FAILED,
    }
}

fn parse_options(bytes: &[u8]) -> Result<ImportOptions, RowProblem> {
    if bytes.is_empty() {
        return Ok(ImportOptions::default());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        RowProblem::fatal(
            "invalid_options",
            format!("the host sent import options the plugin cannot read ({e}); update Tenure or the plugin so that both speak the same payload version"),
        )
    })
}

/// `describe`.
///
/// # Safety
/// The slices must be lent as the ABI says and `out` valid for `ctx`.
pub unsafe fn describe(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    ctx: *mut c_void,
    out: TnWriteFn,
) -> i32 {
    install_quiet_hook();
    // SAFETY: lent by the host for this call.
    let (path, options) = unsafe { (lent(path, path_len), lent(options, options_len)) };
    let path = path_from_bytes(path);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let options = parse_options(options)?;
        instance().describe(&path, &options)
    }));
    match result {
        Ok(Ok(description)) => {
            write_out(ctx, out, &json(&description));
            TN_OK
        }
        Ok(Err(problem)) => {
            write_out(ctx, out, &json(&problem));
            TN_FATAL
        }
        Err(_) => {
            write_out(ctx, out, &json(&panic_problem("describing the file")));
            TN_PLUGIN_FAILED
        }
    }
}

/// The sink the glue hands to [`Importer::import`]: batches records (in
/// binary when the host reads it, else as JSON) and forwards problems and
/// progress to the host's callbacks.
struct HostSink<'h> {
    host: &'h TenureHostV1,
    buffer: Vec<u8>,
    count: usize,
    cancelled: bool,
    /// The host reads binary batches (payload version 2).
    binary: bool,
    /// The encoding of the batch in `buffer`.
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Binary,
}

/// A record on its way into a batch.
enum Outgoing<'r> {
    Emitted(&'r EmittedRecord),
    Fields(&'r FieldRecord<'r>),
}

impl HostSink<'_> {
    fn answer(&mut self, code: i32) -> Flow {
        if code == TN_CONTINUE && !self.cancelled {
            Flow::Continue
        } else {
            self.cancelled = true;
            Flow::Cancel
        }
    }

    /// Appends one record to the batch and sends the batch when it is full.
    /// Records go in binary when the host reads it, except one that is not
    /// an object with a text `kind`: it goes as JSON (in a batch of its
    /// own), and the host reports it.
    fn push_record(&mut self, record: Outgoing<'_>) -> Flow {
        if self.cancelled {
            return Flow::Cancel;
        }
        let kind_first = match record {
            Outgoing::Fields(_) => true,
            Outgoing::Emitted(e) => kind_and_fields(e).is_some(),
        };
        let format = if self.binary && kind_first {
            Format::Binary
        } else {
            Format::Json
        };
        if self.count > 0 && self.format != format && self.flush() == Flow::Cancel {
            return Flow::Cancel;
        }
        if self.count == 0 {
            self.format = format;
            match format {
                Format::Json => self.buffer.push(b'['),
                Format::Binary => crate::binary::start_batch(&mut self.buffer),
            }
        } else if format == Format::Json {
            self.buffer.push(b',');
        }
        let start = self.buffer.len();
        let written = match (format, record) {
            (Format::Binary, Outgoing::Fields(f)) => {
                crate::binary::write_record(
                    &mut self.buffer,
                    f.sheet,
                    f.row,
                    f.kind,
                    f.effective_fields().map(|(key, value)| (*key, value)),
                );
                Ok(())
            }
            (Format::Binary, Outgoing::Emitted(e)) => {
                if let Some((kind, fields)) = kind_and_fields(e) {
                    crate::binary::write_record(
                        &mut self.buffer,
                        e.sheet.as_deref(),
                        e.row,
                        kind,
                        fields,
                    );
                }
                Ok(())
            }
            (Format::Json, Outgoing::Fields(f)) => write_field_record(&mut self.buffer, f),
            (Format::Json, Outgoing::Emitted(e)) => write_emitted(&mut self.buffer, e),
        };
        if written.is_err() {
            // JSON only: a value serde cannot write becomes `null`.
            self.buffer.truncate(start);
            self.buffer.extend_from_slice(b"null");
        }
        self.count += 1;
        if self.count >= BATCH_RECORDS || self.buffer.len() >= BATCH_BYTES {
            self.flush()
        } else {
            Flow::Continue
        }
    }

    fn flush(&mut self) -> Flow {
        if self.count == 0 {
            return self.answer(TN_CONTINUE);
        }
        match self.format {
            Format::Json => self.buffer.push(b']'),
            Format::Binary => crate::binary::finish_batch(
                &mut self.buffer,
                u32::try_from(self.count).unwrap_or(u32::MAX),
            ),
        }
        // SAFETY: the host lent these callbacks for the duration of `import`.
        let code =
            unsafe { (self.host.records)(self.host.ctx, self.buffer.as_ptr(), self.buffer.len()) };
        self.buffer.clear();
        self.count = 0;
        self.answer(code)
    }
}

impl RecordSink for HostSink<'_> {
    fn record(&mut self, record: EmittedRecord) -> Flow {
        self.push_record(Outgoing::Emitted(&record))
    }

    fn record_fields(&mut self, record: FieldRecord<'_>) -> Flow {
        self.push_record(Outgoing::Fields(&record))
    }

    fn problem(&mut self, problem: RowProblem) -> Flow {
        // Records before the problem reach the host first: order is kept.
        if self.flush() == Flow::Cancel {
            return Flow::Cancel;
        }
        let bytes = json(&problem);
        // SAFETY: as in `flush`.
        let code = unsafe { (self.host.problem)(self.host.ctx, bytes.as_ptr(), bytes.len()) };
        self.answer(code)
    }

    fn progress(&mut self, done: u64, total: u64) -> Flow {
        if self.cancelled {
            return Flow::Cancel;
        }
        // SAFETY: as in `flush`.
        let code = unsafe { (self.host.progress)(self.host.ctx, done, total) };
        self.answer(code)
    }
}

/// The record kind and the other fields of a record that is an object
/// with a text `kind`.
fn kind_and_fields(
    record: &EmittedRecord,
) -> Option<(&str, impl Iterator<Item = (&str, &serde_json::Value)>)> {
    let serde_json::Value::Object(fields) = &record.record else {
        return None;
    };
    let Some(serde_json::Value::String(kind)) = fields.get("kind") else {
        return None;
    };
    let rest = fields
        .iter()
        .filter(|(key, _)| *key != "kind")
        .map(|(key, value)| (key.as_str(), value));
    Some((kind.as_str(), rest))
}

/// `record` as JSON with the record's `kind` first, which lets the host
/// read the batch in one pass (see the host's `payload.rs`).
fn write_emitted(out: &mut Vec<u8>, record: &EmittedRecord) -> serde_json::Result<()> {
    match kind_and_fields(record) {
        Some((kind, fields)) => {
            write_record(out, record.sheet.as_deref(), record.row, kind, fields)
        }
        None => serde_json::to_writer(out, record),
    }
}

/// The JSON `serde_json` writes for `record.to_emitted()` (with `kind`
/// first and the other keys in the given order; the record's own `kind`
/// under its version-1 name), without building the map. Only a host of
/// payload version 1 gets it.
fn write_field_record(out: &mut Vec<u8>, record: &FieldRecord<'_>) -> serde_json::Result<()> {
    write_record(
        out,
        record.sheet,
        record.row,
        record.kind,
        record
            .effective_fields()
            .map(|(key, value)| (record.json_key(key), value)),
    )
}

/// An envelope whose record has `kind` first, then `fields`.
fn write_record<'v>(
    out: &mut Vec<u8>,
    sheet: Option<&str>,
    row: Option<u64>,
    kind: &str,
    fields: impl Iterator<Item = (&'v str, &'v serde_json::Value)>,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"sheet\":");
    serde_json::to_writer(&mut *out, &sheet)?;
    out.extend_from_slice(b",\"row\":");
    serde_json::to_writer(&mut *out, &row)?;
    out.extend_from_slice(b",\"record\":{\"kind\":");
    write_str(out, kind)?;
    for (key, value) in fields {
        out.push(b',');
        write_str(out, key)?;
        out.push(b':');
        match value {
            serde_json::Value::String(text) => write_str(out, text)?,
            value => serde_json::to_writer(&mut *out, value)?,
        }
    }
    out.extend_from_slice(b"}}");
    Ok(())
}

/// A JSON string; one that needs no escape (most names and values) is
/// copied as it is, which costs a fraction of serde's escaping loop.
fn write_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    if text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(&mut *out, text);
    }
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
    Ok(())
}

fn send_problem(host: &TenureHostV1, problem: &RowProblem) {
    let bytes = json(problem);
    // SAFETY: the host lent its callbacks for the duration of `import`.
    unsafe { (host.problem)(host.ctx, bytes.as_ptr(), bytes.len()) };
}

/// `import`.
///
/// # Safety
/// The slices must be lent as the ABI says and `host` valid for the call.
pub unsafe fn import(
    instance: InstanceFn,
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    host: *const TenureHostV1,
) -> i32 {
    install_quiet_hook();
    if host.is_null() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: non-null and lent for this call; only `struct_size` is read
    // before the size is checked.
    let size = unsafe { (*host).struct_size } as usize;
    if size < std::mem::size_of::<TenureHostV1>() {
        return TN_PLUGIN_FAILED;
    }
    // SAFETY: the table is at least as large as the version this glue knows.
    let host = unsafe { &*host };
    // SAFETY: lent by the host for this call.
    let (path, options) = unsafe { (lent(path, path_len), lent(options, options_len)) };
    let path = path_from_bytes(path);
    let mut sink = HostSink {
        host,
        buffer: Vec::with_capacity(256 * 1024),
        count: 0,
        cancelled: false,
        binary: host.payload_version >= 2,
        format: Format::Json,
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let options = parse_options(options)?;
        instance().import(&path, &options, &mut sink)
    }));
    match result {
        Ok(Ok(())) => {
            let flow = catch_unwind(AssertUnwindSafe(|| sink.flush()));
            match flow {
                Ok(Flow::Continue) => TN_OK,
                Ok(Flow::Cancel) => TN_CANCELLED,
                Err(_) => TN_PLUGIN_FAILED,
            }
        }
        Ok(Err(mut problem)) => {
            if sink.cancelled {
                return TN_CANCELLED;
            }
            problem.severity = Severity::Fatal;
            let sent = catch_unwind(AssertUnwindSafe(|| {
                sink.flush();
                send_problem(host, &problem);
            }));
            if sent.is_err() {
                return TN_PLUGIN_FAILED;
            }
            TN_FATAL
        }
        Err(_) => {
            let problem = panic_problem("reading the file");
            let _ = catch_unwind(AssertUnwindSafe(|| send_problem(host, &problem)));
            TN_PLUGIN_FAILED
        }
    }
}

/// Reads a path lent as bytes (for C-side tests and hosts).
pub fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a panic in a test is a failed test
    use super::*;
    use serde_json::json;

    /// The direct writer and serde's writing of `to_emitted()` give the
    /// same JSON value, for escapes, every value type, an entry named
    /// `kind` and a name given twice.
    #[test]
    fn field_records_are_written_as_their_emitted_form() {
        let fields = [
            ("account", json!("C\"1\\\n é")),
            ("month", json!("2025-01")),
            ("mrr", json!("1234.50")),
            ("kind", json!("not the record kind")),
            ("employees", json!(42)),
            ("score", json!(9.5)),
            ("active", json!(true)),
            ("custom", json!({"Setor": "Varejo", "kind": "x"})),
            ("month", json!("2025-02")),
        ];
        for sheet in [None, Some("Receita \"2025\"")] {
            let record = FieldRecord {
                sheet,
                row: Some(17),
                kind: "mrr",
                fields: &fields,
            };
            let mut out = Vec::new();
            write_field_record(&mut out, &record).unwrap();
            let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
            let expected = serde_json::to_value(record.to_emitted()).unwrap();
            assert_eq!(written, expected);
            assert_eq!(written["record"]["kind"], "mrr");
            assert_eq!(
                written["record"]["month"], "2025-02",
                "the last entry counts"
            );
            assert_eq!(written["record"]["account"], "C\"1\\\n é");
            assert!(
                out.starts_with(b"{\"sheet\":")
                    && out.windows(16).any(|w| w == b"\"record\":{\"kind\""),
                "kind first"
            );

            let emitted = record.to_emitted();
            let mut out = Vec::new();
            write_emitted(&mut out, &emitted).unwrap();
            let written: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(written, expected);
            assert!(
                out.windows(16).any(|w| w == b"\"record\":{\"kind\""),
                "kind first"
            );
        }
        for text in [
            "plain",
            "",
            "ação",
            "tab\there",
            "quote\"",
            "back\\slash",
            "\u{1f}",
            "\u{7f}",
        ] {
            let mut out = Vec::new();
            write_str(&mut out, text).unwrap();
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
        // Records that are not objects with a text `kind` are written as they are.
        for record in [json!(null), json!({"kind": 3, "a": 1}), json!({"a": 1})] {
            let emitted = EmittedRecord {
                sheet: None,
                row: None,
                record,
            };
            let mut out = Vec::new();
            write_emitted(&mut out, &emitted).unwrap();
            assert_eq!(out, serde_json::to_vec(&emitted).unwrap());
        }
    }

    unsafe extern "C" fn collect(ctx: *mut c_void, data: *const u8, len: usize) -> i32 {
        // SAFETY: `ctx` is the test's `Vec<Vec<u8>>`; the bytes are lent.
        unsafe {
            let batches = &mut *ctx.cast::<Vec<Vec<u8>>>();
            batches.push(std::slice::from_raw_parts(data, len).to_vec());
        }
        TN_CONTINUE
    }

    unsafe extern "C" fn no_progress(_: *mut c_void, _: u64, _: u64) -> i32 {
        TN_CONTINUE
    }

    /// A host of `payload_version` that collects the batches it gets.
    fn test_host(payload_version: u32, batches: &mut Vec<Vec<u8>>) -> TenureHostV1 {
        TenureHostV1 {
            struct_size: std::mem::size_of::<TenureHostV1>() as u32,
            payload_version,
            ctx: (batches as *mut Vec<Vec<u8>>).cast::<c_void>(),
            records: collect,
            problem: collect,
            progress: no_progress,
        }
    }

    fn test_sink(host: &TenureHostV1) -> HostSink<'_> {
        HostSink {
            host,
            buffer: Vec::new(),
            count: 0,
            cancelled: false,
            binary: host.payload_version >= 2,
            format: Format::Json,
        }
    }

    /// The batches a host of `payload_version` receives for `records`.
    fn sent(payload_version: u32, records: &[FieldRecord<'_>]) -> Vec<Vec<u8>> {
        let mut batches: Vec<Vec<u8>> = Vec::new();
        let host = test_host(payload_version, &mut batches);
        let mut sink = test_sink(&host);
        for record in records {
            assert_eq!(sink.record_fields(*record), Flow::Continue);
        }
        assert_eq!(sink.flush(), Flow::Continue);
        drop(sink);
        batches
    }

    /// A survey response's own `kind` goes as `kind` in a binary batch and
    /// as `survey_kind` in a JSON one (where `kind` is the tag); a `kind`
    /// entry of a kind without one of its own is dropped either way.
    #[test]
    fn the_own_kind_field_is_kind_in_binary_and_its_old_name_in_json() {
        let survey = [
            ("account", json!("A1")),
            ("date", json!("2025-01-10")),
            ("kind", json!("nps")),
            ("score", json!(9)),
        ];
        let mrr = [
            ("account", json!("A1")),
            ("kind", json!("stray")),
            ("month", json!("2025-01")),
            ("mrr", json!("10")),
        ];
        let records = [
            FieldRecord::new(None, Some(2), "survey_response", &survey),
            FieldRecord::new(None, Some(3), "mrr", &mrr),
        ];

        let json_batches = sent(1, &records);
        assert_eq!(json_batches.len(), 1);
        let batch: serde_json::Value = serde_json::from_slice(&json_batches[0]).unwrap();
        assert_eq!(
            batch,
            json!([
                {"sheet": null, "row": 2, "record": {"kind": "survey_response", "account": "A1", "date": "2025-01-10", "survey_kind": "nps", "score": 9}},
                {"sheet": null, "row": 3, "record": {"kind": "mrr", "account": "A1", "month": "2025-01", "mrr": "10"}},
            ])
        );
        assert_eq!(
            serde_json::to_value(records[0].to_emitted()).unwrap(),
            batch[0]
        );

        let binary = sent(2, &records);
        assert_eq!(binary.len(), 1);
        let has = |bytes: &[u8]| binary[0].windows(bytes.len()).any(|w| w == bytes);
        // key `kind` (text of 4 bytes), then the text value `nps`.
        assert!(has(b"\x04\0\0\0kind\x05\x03\0\0\0nps"));
        assert!(!has(b"survey_kind") && !has(b"stray"));
        // The mrr record has three fields, not four.
        assert!(has(b"\x03\0\0\0mrr\x03\0\0\0\x07\0\0\0account"));
    }

    /// The batches a host of `payload_version` receives for two good
    /// records and one that is not an object.
    fn batches_for(payload_version: u32) -> Vec<Vec<u8>> {
        let mut batches: Vec<Vec<u8>> = Vec::new();
        let host = test_host(payload_version, &mut batches);
        let mut sink = test_sink(&host);
        let fields = [
            ("account", json!("A1")),
            ("month", json!("2025-01")),
            ("mrr", json!("10")),
        ];
        let record = FieldRecord {
            sheet: None,
            row: Some(2),
            kind: "mrr",
            fields: &fields,
        };
        assert_eq!(sink.record_fields(record), Flow::Continue);
        assert_eq!(sink.record(record.to_emitted()), Flow::Continue);
        let odd = EmittedRecord {
            sheet: None,
            row: Some(4),
            record: json!(null),
        };
        assert_eq!(sink.record(odd), Flow::Continue);
        assert_eq!(sink.flush(), Flow::Continue);
        drop(sink);
        batches
    }

    /// Binary batches go only to a host that reads them; a record that
    /// cannot be binary goes as JSON in a batch of its own.
    #[test]
    fn hosts_get_the_batches_their_payload_version_reads() {
        let v1 = batches_for(1);
        assert_eq!(v1.len(), 1);
        let batch: serde_json::Value = serde_json::from_slice(&v1[0]).unwrap();
        assert_eq!(batch.as_array().map(Vec::len), Some(3));
        assert_eq!(batch[1]["record"]["mrr"], "10");
        assert_eq!(batch[2]["record"], serde_json::Value::Null);

        let v2 = batches_for(2);
        assert_eq!(v2.len(), 2);
        assert!(v2[0].starts_with(crate::binary::MAGIC));
        assert_eq!(v2[0][4..8], 2u32.to_le_bytes(), "two records");
        let odd: serde_json::Value = serde_json::from_slice(&v2[1]).unwrap();
        assert_eq!(odd, json!([{"sheet": null, "row": 4, "record": null}]));
    }
}
