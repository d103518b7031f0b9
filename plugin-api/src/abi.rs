//! The C ABI between the host and an importer library (version 1).
//!
//! Only `#[repr(C)]` structs, integers and `(pointer, length)` byte slices
//! cross the boundary. Every slice is *lent* for the duration of one call:
//! the receiver copies what it keeps and never frees the other side's memory.
//! Structured data (plugin info, options, file descriptions, record batches,
//! problems) travels as UTF-8 JSON, see `README.md` ("Payload").
//!
//! `include/tenure_importer.h` is the same contract for C authors; keep the
//! two in step.

use std::ffi::c_void;

/// The entry symbol every importer library exports, NUL-terminated.
/// Signature: `extern "C" fn() -> *const TenureImporterV1`.
pub const ENTRY_SYMBOL: &[u8] = b"tenure_importer_v1\0";

/// The call succeeded.
pub const TN_OK: i32 = 0;
/// The host asked to stop (a callback returned [`TN_CANCEL`]); the plugin stopped.
pub const TN_CANCELLED: i32 = 1;
/// The file cannot be read at all; the fatal problem was sent to the host
/// (through `problem` for `import`, through the `out` writer for `describe`).
pub const TN_FATAL: i32 = 2;
/// The plugin failed (for example a Rust panic caught at the boundary); a
/// fatal problem saying so was sent when possible. Negative in `detect` and
/// `info`.
pub const TN_PLUGIN_FAILED: i32 = 3;

/// What a host callback answers: go on.
pub const TN_CONTINUE: i32 = 0;
/// What a host callback answers: stop at the next batch boundary and return
/// [`TN_CANCELLED`].
pub const TN_CANCEL: i32 = 1;

/// A writer the host lends for one call: the plugin calls it (any number of
/// times; the host appends) with bytes the host copies before returning.
pub type TnWriteFn = unsafe extern "C" fn(ctx: *mut c_void, data: *const u8, len: usize);

/// A host callback that receives lent bytes and answers
/// [`TN_CONTINUE`] or [`TN_CANCEL`].
pub type TnBytesFn = unsafe extern "C" fn(ctx: *mut c_void, data: *const u8, len: usize) -> i32;

/// A host callback for progress: work `done` of `total` (0 when unknown).
pub type TnProgressFn = unsafe extern "C" fn(ctx: *mut c_void, done: u64, total: u64) -> i32;

/// What the host lends to `import`: callbacks and their context.
///
/// Fields are append-only within ABI version 1; `struct_size` tells the
/// plugin which ones exist.
#[repr(C)]
pub struct TenureHostV1 {
    /// `size_of::<TenureHostV1>()` as the host knows it.
    pub struct_size: u32,
    /// The payload version the host speaks ([`crate::PAYLOAD_VERSION`]).
    pub payload_version: u32,
    /// Passed back as the first argument of every callback.
    pub ctx: *mut c_void,
    /// A batch of records: a JSON array of `{"sheet", "row", "record"}`.
    pub records: TnBytesFn,
    /// One row problem as a JSON object.
    pub problem: TnBytesFn,
    /// Progress (bytes or rows).
    pub progress: TnProgressFn,
}

/// `info(ctx, out)`: writes the plugin's `PluginInfo` JSON to `out`.
/// Returns [`TN_OK`], or a negative number when the plugin failed.
pub type TnInfoFn = unsafe extern "C" fn(ctx: *mut c_void, out: TnWriteFn) -> i32;

/// `detect(path, path_len, head, head_len)`: confidence 0–100 that the
/// plugin reads this file; negative when the plugin failed. `path` is UTF-8;
/// `head` holds the first bytes of the file (at most 64 KiB). Must be fast.
pub type TnDetectFn =
    unsafe extern "C" fn(path: *const u8, path_len: usize, head: *const u8, head_len: usize) -> i32;

/// `describe(path, path_len, options, options_len, ctx, out)`: writes a
/// `FileDescription` JSON (returns [`TN_OK`]) or a `RowProblem` JSON
/// (returns [`TN_FATAL`] or [`TN_PLUGIN_FAILED`]) to `out`.
pub type TnDescribeFn = unsafe extern "C" fn(
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    ctx: *mut c_void,
    out: TnWriteFn,
) -> i32;

/// `import(path, path_len, options, options_len, host)`: streams records
/// and problems to `host` in batches; returns [`TN_OK`], [`TN_CANCELLED`],
/// [`TN_FATAL`] or [`TN_PLUGIN_FAILED`].
pub type TnImportFn = unsafe extern "C" fn(
    path: *const u8,
    path_len: usize,
    options: *const u8,
    options_len: usize,
    host: *const TenureHostV1,
) -> i32;

/// The table `tenure_importer_v1()` returns: a pointer to static memory
/// that stays valid while the library is loaded (hosts never unload).
///
/// Append-only within ABI major 1: a newer plugin may have a larger
/// `struct_size`; the host refuses a table smaller than the version-1 one.
#[repr(C)]
pub struct TenureImporterV1 {
    /// Must be [`crate::ABI_VERSION`] (1).
    pub abi_major: u32,
    /// `size_of::<TenureImporterV1>()` as the plugin was built.
    pub struct_size: u32,
    /// The JSON payload version the plugin writes ([`crate::PAYLOAD_VERSION`]).
    pub payload_version: u32,
    /// Reserved, zero.
    pub reserved: u32,
    pub info: TnInfoFn,
    pub detect: TnDetectFn,
    pub describe: TnDescribeFn,
    pub import: TnImportFn,
}

/// The entry function's type.
pub type TnEntryFn = unsafe extern "C" fn() -> *const TenureImporterV1;

#[cfg(test)]
mod tests {
    use super::*;

    /// `include/tenure_importer.h` must describe the same layout.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn layout_matches_the_c_header() {
        assert_eq!(std::mem::size_of::<TenureImporterV1>(), 48);
        assert_eq!(std::mem::size_of::<TenureHostV1>(), 40);
        assert_eq!(std::mem::offset_of!(TenureImporterV1, info), 16);
        assert_eq!(std::mem::offset_of!(TenureHostV1, ctx), 8);
        assert_eq!(std::mem::offset_of!(TenureHostV1, records), 16);
    }

    #[test]
    fn canonical_record_moves_the_own_kind() {
        let mut fields = serde_json::Map::new();
        fields.insert("kind".into(), "nps".into());
        fields.insert("score".into(), 9.into());
        let v = crate::canonical_record("survey_response", fields);
        assert_eq!(v["kind"], "survey_response");
        assert_eq!(v["survey_kind"], "nps");
    }
}
