//! Exports the version-1 entry symbol but claims ABI major 2.

use tenure_plugin_api::abi::TenureImporterV1;

unsafe extern "C" fn info(_: *mut std::ffi::c_void, _: tenure_plugin_api::abi::TnWriteFn) -> i32 {
    0
}
unsafe extern "C" fn detect(_: *const u8, _: usize, _: *const u8, _: usize) -> i32 {
    100
}
unsafe extern "C" fn describe(
    _: *const u8,
    _: usize,
    _: *const u8,
    _: usize,
    _: *mut std::ffi::c_void,
    _: tenure_plugin_api::abi::TnWriteFn,
) -> i32 {
    2
}
unsafe extern "C" fn import(
    _: *const u8,
    _: usize,
    _: *const u8,
    _: usize,
    _: *const tenure_plugin_api::abi::TenureHostV1,
) -> i32 {
    2
}

static TABLE: TenureImporterV1 = TenureImporterV1 {
    abi_major: 2,
    struct_size: std::mem::size_of::<TenureImporterV1>() as u32,
    payload_version: 1,
    reserved: 0,
    info,
    detect,
    describe,
    import,
};

#[unsafe(no_mangle)]
pub extern "C" fn tenure_importer_v1() -> *const TenureImporterV1 {
    &TABLE
}
