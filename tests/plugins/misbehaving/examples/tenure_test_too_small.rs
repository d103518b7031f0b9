//! Exports a table that is smaller than the version-1 table (an old or
//! broken build): only the header fields.

#[repr(C)]
pub struct Truncated {
    abi_major: u32,
    struct_size: u32,
    payload_version: u32,
    reserved: u32,
}

static TABLE: Truncated = Truncated {
    abi_major: 1,
    struct_size: std::mem::size_of::<Truncated>() as u32,
    payload_version: 1,
    reserved: 0,
};

#[unsafe(no_mangle)]
pub extern "C" fn tenure_importer_v1() -> *const Truncated {
    &TABLE
}
