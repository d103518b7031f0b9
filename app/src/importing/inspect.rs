//! What the import view shows before anything is read in full: every
//! plugin's confidence, the plugin chosen, the file's sheets with the
//! mapping the plugin (or a saved mapping) would use, and the first rows as
//! parsed. One head read, one `detect` round and one `describe` (two with a
//! saved mapping), through the import's own preparation.

use super::pipeline::ImportSettings;
use super::prepare::{self, Described, Look};
use super::{Detection, FileDescription, ImportOptions, PluginHost};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// Rows of the preview.
pub const PREVIEW_ROWS: u32 = 20;

/// One file, inspected.
#[derive(Debug, Clone, Default)]
pub struct Inspection {
    pub path: PathBuf,
    /// Every plugin's answer, best first (`None`: failed or too slow).
    pub detections: Vec<Detection>,
    /// The plugin that reads the file: the person's choice, else the
    /// detected one; `None` when detection could not choose.
    pub plugin: Option<String>,
    /// The options the import would use (a saved mapping included).
    pub options: ImportOptions,
    pub description: FileDescription,
    pub kinds: Vec<String>,
    /// The header signature whose saved mapping was applied.
    pub mapping_reused: Option<String>,
    /// Why the file cannot be imported as chosen (one sentence).
    pub error: Option<String>,
    /// All of the above as the import takes it (`None` with an error).
    pub described: Option<Described>,
}

/// Detects, chooses and describes `path` with `settings` (its `plugin`,
/// `kind`, `map` and `value_map` are the person's choices so far).
pub fn inspect(
    store: &Store,
    host: &PluginHost,
    path: &Path,
    settings: &ImportSettings,
) -> Inspection {
    let look = Look {
        preview_rows: PREVIEW_ROWS,
        always_detect: true,
    };
    let (detections, prepared) = prepare::prepare(store, host, path, settings, look, None);
    let mut out = Inspection {
        path: path.to_path_buf(),
        detections,
        ..Inspection::default()
    };
    match prepared {
        Ok(prepared) => {
            let d = prepared.described;
            out.plugin = Some(d.plugin.clone());
            out.options = d.options.clone();
            out.description = d.description.clone();
            out.kinds = d.kinds.clone();
            out.mapping_reused = d.mapping_reused.clone();
            out.described = Some(d);
        }
        Err(report) => {
            out.plugin = report.plugin.clone().or(settings.plugin.clone());
            out.error = Some(
                report
                    .problems
                    .first()
                    .map(|p| p.message.clone())
                    .unwrap_or_else(|| format!("{} cannot be imported", path.display())),
            );
        }
    }
    out
}
