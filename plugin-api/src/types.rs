use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A plugin's identity and abilities. Built with [`PluginInfo::new`] and
/// its builder methods: fields may be added (each with a default), which
/// `#[non_exhaustive]` and `serde(default)` keep from breaking anyone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
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

impl PluginInfo {
    /// A plugin's stable `id` (lowercase, e.g. `csv`), the `name` people
    /// read and its `version`.
    pub fn new(id: impl Into<String>, name: impl Into<String>, version: impl Into<String>) -> Self {
        PluginInfo {
            id: id.into(),
            name: name.into(),
            version: version.into(),
            ..PluginInfo::default()
        }
    }

    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// The file extensions it reads, lowercase without the dot.
    pub fn extensions<S: Into<String>>(mut self, extensions: impl IntoIterator<Item = S>) -> Self {
        self.extensions = extensions.into_iter().map(Into::into).collect();
        self
    }

    /// The record kinds it can emit.
    pub fn kinds<S: Into<String>>(mut self, kinds: impl IntoIterator<Item = S>) -> Self {
        self.kinds = kinds.into_iter().map(Into::into).collect();
        self
    }
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
    /// A sentence a person understands, saying what to do (English; the
    /// host's fallback when it does not know the code).
    pub message: String,
    /// The values the code's sentence names (`value`: the cell's text,
    /// `field`, `kind`…; docs/plugins.md lists them per code), so that the
    /// host can write the sentence in the person's language. Optional:
    /// absent in older plugins' JSON.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
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
            args: BTreeMap::new(),
        }
    }

    /// The same problem naming `value` as `key` (see [`RowProblem::args`]).
    pub fn with_arg(mut self, key: &str, value: impl Into<String>) -> Self {
        self.args.insert(key.to_string(), value.into());
        self
    }
}

/// One record read from a file, as a JSON object (the typed records of
/// [`crate::records`] and [`FieldRecord`] are the faster ways).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EmittedRecord {
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub row: Option<u64>,
    /// `{"kind": "...", <canonical fields>}`, the record's own `kind` field
    /// as `survey_kind` & co. ([`crate::own_kind_field`]).
    pub record: serde_json::Value,
}

impl EmittedRecord {
    /// `record` read from `row` (1-based, as the person sees it) of `sheet`
    /// (`None` for text files).
    pub fn new(sheet: Option<String>, row: Option<u64>, record: serde_json::Value) -> Self {
        EmittedRecord { sheet, row, record }
    }
}

/// One record given as its fields, for [`crate::RecordSink::record_fields`]:
/// the host's sink writes it to the payload as it is, without building a
/// `serde_json::Value` map first.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct FieldRecord<'a> {
    pub sheet: Option<&'a str>,
    pub row: Option<u64>,
    /// The record kind (`account`, `mrr`, …).
    pub kind: &'a str,
    /// Canonical field name → value. The record's own `kind` field
    /// (survey_response, activity, opportunity) is named `kind` too: the
    /// record kind travels beside the fields (its payload-version-1 name,
    /// [`crate::own_kind_field`], is still accepted). For other kinds an
    /// entry named `kind` is ignored. Of two entries with one name the last
    /// counts, as in a map.
    pub fields: &'a [(&'a str, serde_json::Value)],
}

impl<'a> FieldRecord<'a> {
    /// A record of `kind` from where it came from and its fields.
    pub fn new(
        sheet: Option<&'a str>,
        row: Option<u64>,
        kind: &'a str,
        fields: &'a [(&'a str, serde_json::Value)],
    ) -> Self {
        FieldRecord {
            sheet,
            row,
            kind,
            fields,
        }
    }

    /// The same record as an [`EmittedRecord`], whose JSON object has the
    /// record kind in `kind` and so the record's own `kind` field under its
    /// payload-version-1 name (`survey_kind`, …).
    pub fn to_emitted(&self) -> EmittedRecord {
        let mut record = serde_json::Map::new();
        for (key, value) in self.effective_fields() {
            record.insert(self.json_key(key).to_string(), value.clone());
        }
        record.insert(
            "kind".to_string(),
            serde_json::Value::String(self.kind.to_string()),
        );
        EmittedRecord {
            sheet: self.sheet.map(str::to_string),
            row: self.row,
            record: serde_json::Value::Object(record),
        }
    }

    /// The entries that make it into the record: not a `kind` of a kind
    /// without one of its own, and for a name given twice only the last.
    pub fn effective_fields(&self) -> impl Iterator<Item = &(&'a str, serde_json::Value)> {
        let own_kind = crate::own_kind_field(self.kind).is_some();
        self.fields
            .iter()
            .enumerate()
            .filter_map(move |(i, entry)| {
                let later = self.fields[i + 1..].iter().any(|(key, _)| *key == entry.0);
                ((own_kind || entry.0 != "kind") && !later).then_some(entry)
            })
    }

    /// The key an effective field has in a JSON record (payload version
    /// 1), where `kind` is the record's tag.
    pub(crate) fn json_key<'k>(&self, key: &'k str) -> &'k str {
        match key {
            "kind" => crate::own_kind_field(self.kind).unwrap_or(key),
            _ => key,
        }
    }
}

/// Choices the person made (CLI flags or the import view). Every field
/// has a default, so a host may send fields a plugin does not know yet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Force the record kind (`--kind`), for every sheet.
    pub kind: Option<String>,
    /// Canonical field → source column (`--map FIELD=COLUMN`); a column may
    /// feed several fields.
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

/// What `describe` finds in a file. Fields may be added (each with a
/// default): build it with [`FileDescription::new`] or `default()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FileDescription {
    pub sheets: Vec<SheetDescription>,
}

impl FileDescription {
    pub fn new(sheets: Vec<SheetDescription>) -> Self {
        FileDescription { sheets }
    }
}

/// One sheet (or the one table of a text file). Fields may be added (each
/// with a default): start from `SheetDescription::default()` and set the
/// fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
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
