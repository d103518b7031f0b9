//! A plugin whose `info` crashes its process (issue 20): it must be listed as
//! failed, and the other plugins must load.

use std::path::Path;
use tenure_plugin_api::{
    FileDescription, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem, export_importer,
};

#[derive(Default)]
pub struct SegvInfo;

impl Importer for SegvInfo {
    fn info(&self) -> PluginInfo {
        // SAFETY: none, on purpose: a write through a null pointer.
        unsafe { std::ptr::null_mut::<u64>().write_volatile(1) };
        std::process::abort()
    }
    fn detect(&self, _: &Path, _: &[u8]) -> u8 {
        0
    }
    fn describe(&self, _: &Path, _: &ImportOptions) -> Result<FileDescription, RowProblem> {
        Ok(FileDescription::default())
    }
    fn import(
        &self,
        _: &Path,
        _: &ImportOptions,
        _: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        Ok(())
    }
}

export_importer!(SegvInfo);
