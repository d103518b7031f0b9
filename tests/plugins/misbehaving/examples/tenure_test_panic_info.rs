//! A plugin whose `info` panics: it must be listed as failed.

use std::path::Path;
use tenure_plugin_api::{
    FileDescription, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem, export_importer,
};

#[derive(Default)]
pub struct PanicInfo;

impl Importer for PanicInfo {
    fn info(&self) -> PluginInfo {
        panic!("info panicked on purpose");
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

export_importer!(PanicInfo);
