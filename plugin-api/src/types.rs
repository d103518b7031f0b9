use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A plugin's identity and abilities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginInfo {
    /// Stable machine id, e.g. `csv`, `hubspot`.
    pub id: String,
    pub name: String,
    pub version: String,
    pub description: String,
    /// File extensions it reads, lowercase without the dot.
    pub extensions: Vec<String>,
    /// Record kinds it can emit (`account`, `mrr`, …).
    pub kinds: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
    Fatal,
}

/// The one shape every row problem travels in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub severity: Severity,
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// The row number the person sees in their spreadsheet or editor (1-based).
    pub row: Option<u64>,
    /// The column's header text (or letter when there is no header).
    pub column: Option<String>,
    /// A stable machine code, e.g. `not_a_number`, `unknown_kind`.
    pub code: String,
    /// A sentence a person understands, saying what to do.
    pub message: String,
}

impl RowProblem {
    pub fn fatal(code: &str, message: impl Into<String>) -> Self {
        RowProblem {
            severity: Severity::Fatal,
            file: None,
            sheet: None,
            row: None,
            column: None,
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// One record read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmittedRecord {
    pub sheet: Option<String>,
    pub row: Option<u64>,
    /// `{"kind": "...", <canonical fields>}`.
    pub record: serde_json::Value,
}

/// Choices the person made (CLI flags or the import view).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Force the record kind (`--kind`), for every sheet.
    pub kind: Option<String>,
    /// Canonical field → source column (`--map FIELD=COLUMN`); a column may
    /// feed several fields.
    #[serde(default)]
    pub map: Vec<(String, String)>,
    /// Per-field value mappings, e.g. `status`: {"Sim": "churned"}.
    #[serde(default)]
    pub value_map: BTreeMap<String, BTreeMap<String, String>>,
    /// `en` or `pt-BR`: decides `dd/mm` vs `mm/dd` when values do not.
    pub locale: Option<String>,
    /// The database currency (ISO 4217): rows in another currency are rejected.
    pub currency: Option<String>,
    /// Rows of the preview in `describe` (0: none).
    #[serde(default)]
    pub preview_rows: u32,
}

/// What `describe` finds in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileDescription {
    pub sheets: Vec<SheetDescription>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SheetDescription {
    /// Sheet name (`None` for delimited text).
    pub name: Option<String>,
    /// Row number of the header row as the person sees it.
    pub header_row: Option<u64>,
    pub headers: Vec<String>,
    /// A stable signature of the headers, for saved mappings.
    pub header_signature: String,
    /// The record kind the plugin would emit, if it could tell.
    pub kind: Option<String>,
    /// Canonical field → column the plugin would use.
    pub mapping: Vec<(String, String)>,
    /// Columns that no field uses (they go to custom fields for accounts).
    pub unmapped: Vec<String>,
    /// The first rows as parsed: canonical field → value text.
    pub preview: Vec<BTreeMap<String, String>>,
    pub problems: Vec<RowProblem>,
}

/// Whether the host wants more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Cancel,
}
