//! A library without the `tenure_importer_v1` entry symbol.

#[unsafe(no_mangle)]
pub extern "C" fn tenure_importer_v0() -> u32 {
    0
}
