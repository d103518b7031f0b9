//! Tenure's importer for SurveyMonkey survey exports: every response row becomes
//! a `survey_response` record. The format, what is confirmed about it and
//! what is not, is in this crate's README; the reading itself is
//! `tenure_tabular::survey`, shared with the other survey-tool plugins;
//! tested end to end in `tests/tests/survey_plugins.rs`.

// `RowProblem` is the plugin API's one problem shape.
#![allow(clippy::result_large_err)]

use std::path::Path;
use tenure_plugin_api::{
    FileDescription, ImportOptions, Importer, PluginInfo, RecordSink, RowProblem,
};
use tenure_tabular::survey::{self, Tool};

#[derive(Debug, Default, Clone, Copy)]
pub struct SurveyMonkeyImporter;

impl Importer for SurveyMonkeyImporter {
    fn info(&self) -> PluginInfo {
        Tool::SurveyMonkey.info()
    }

    fn detect(&self, path: &Path, head: &[u8]) -> u8 {
        survey::detect(Tool::SurveyMonkey, path, head)
    }

    fn describe(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<FileDescription, RowProblem> {
        survey::describe(Tool::SurveyMonkey, path, options)
    }

    fn import(
        &self,
        path: &Path,
        options: &ImportOptions,
        sink: &mut dyn RecordSink,
    ) -> Result<(), RowProblem> {
        survey::import(Tool::SurveyMonkey, path, options, sink)
    }
}

tenure_plugin_api::export_importer!(SurveyMonkeyImporter);
