//! What the import view shows before anything is read in full: every
//! plugin's confidence, the plugin chosen, the file's sheets with the
//! mapping the plugin (or a saved mapping) would use, and the first rows as
//! parsed.

use super::pipeline::{self, ImportSettings};
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
}

/// Detects, chooses and describes `path` with `settings` (its `plugin`,
/// `kind`, `map` and `value_map` are the person's choices so far).
pub fn inspect(
    store: &Store,
    host: &PluginHost,
    path: &Path,
    settings: &ImportSettings,
) -> Inspection {
    let mut out = Inspection {
        path: path.to_path_buf(),
        ..Inspection::default()
    };
    if let Ok(head) = super::read_head(path) {
        let mut answers = host.detect(path, &head);
        answers.sort_by_key(|a| std::cmp::Reverse(a.confidence));
        out.detections = answers;
    }
    let request = match pipeline::prepare(store, host, path, settings) {
        Ok(r) => r,
        Err(report) => {
            out.plugin = report.plugin.clone().or(settings.plugin.clone());
            out.error = Some(
                report
                    .problems
                    .first()
                    .map(|p| p.message.clone())
                    .unwrap_or_else(|| format!("{} cannot be imported", path.display())),
            );
            return out;
        }
    };
    out.plugin = Some(request.plugin.info.id.clone());
    out.kinds = request.kinds.clone();
    out.mapping_reused = request.mapping_reused.clone();
    let with_preview = ImportOptions {
        preview_rows: PREVIEW_ROWS,
        ..request.options.clone()
    };
    out.options = request.options;
    match request.plugin.describe(path, &with_preview) {
        Ok(d) => out.description = d,
        Err(problem) => {
            out.description = request.description;
            out.error = Some(problem.message);
        }
    }
    out
}
