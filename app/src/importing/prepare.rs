//! Getting a file ready to import: the plugin that reads it (the person's,
//! or the one `detect` chooses), what `describe` finds with the person's
//! choices or a mapping saved for the same headers, and the record kinds
//! that rank the file among others. The import view's inspection, the
//! import and `plugins check` all come through here.
//!
//! A [`Described`] remembers what it was made for (the choices, the file's
//! size and modification time): handed back to the import, it spares the
//! plugin a second `describe` when nothing it depends on has changed.

use super::mapping;
use super::pipeline::{Candidate, FileReport, ImportSettings, file_problem};
use super::source::{Source, Stamp};
use super::{Choice, Detection, FileDescription, ImportOptions, Plugin, PluginHost};
use crate::domain::RecordKind;
use crate::store::Store;
use std::collections::BTreeMap;
use std::path::Path;

/// What a description depends on besides the file's bytes.
#[derive(Debug, Clone, PartialEq)]
struct Choices {
    plugin: Option<String>,
    kind: Option<String>,
    map: Vec<(String, String)>,
    value_map: BTreeMap<String, BTreeMap<String, String>>,
    locale: Option<String>,
}

impl Choices {
    fn of(settings: &ImportSettings) -> Choices {
        Choices {
            plugin: settings.plugin.clone(),
            kind: settings.kind.clone(),
            map: settings.map.clone(),
            value_map: settings.value_map.clone(),
            locale: settings.locale.clone(),
        }
    }

    /// The person chose a mapping of their own (then no saved one applies).
    fn explicit(&self) -> bool {
        !self.map.is_empty()
            || self.kind.is_some()
            || !super::undated::without_date(&self.value_map).is_empty()
    }
}

/// What describing a file found, and the options its import uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// The id of the plugin that reads the file.
    pub plugin: String,
    /// The options of the import (a saved mapping applied), `preview_rows` 0.
    pub options: ImportOptions,
    /// The plugin's description (with preview rows when asked for them).
    pub description: FileDescription,
    /// Record kinds, in dependency order.
    pub kinds: Vec<String>,
    /// The header signature whose saved mapping was applied.
    pub mapping_reused: Option<String>,
    choices: Choices,
    stamp: Option<Stamp>,
}

impl Described {
    /// Dependency rank: the earliest kind the file holds in [`RecordKind`] order.
    pub fn rank(&self) -> usize {
        self.kinds
            .iter()
            .filter_map(|k| RecordKind::ALL.iter().position(|r| r.name() == k))
            .min()
            .unwrap_or(RecordKind::ALL.len())
    }
}

/// A file ready to import.
pub struct Prepared {
    pub plugin: Plugin,
    pub described: Described,
    /// The host's open handle (head read), when this preparation opened the
    /// file: the import's hash continues from it.
    pub source: Option<Source>,
}

/// What the caller wants besides the import's needs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Look {
    /// Rows of preview in the description (the import view's).
    pub preview_rows: u32,
    /// Ask every plugin's `detect` even when the person named the plugin
    /// (the import view lists every confidence).
    pub always_detect: bool,
}

/// The options of an import with these choices, before any saved mapping.
fn base_options(store: &Store, settings: &ImportSettings) -> ImportOptions {
    ImportOptions {
        kind: settings.kind.clone(),
        map: settings.map.clone(),
        value_map: settings.value_map.clone(),
        locale: settings.locale.clone(),
        currency: store.settings().currency().ok(),
        preview_rows: 0,
    }
}

/// A mapping the person confirmed before for one of these headers, applied
/// to `options`; returns the header signature it was saved for.
fn apply_saved(
    store: &Store,
    plugin: &str,
    description: &FileDescription,
    options: &mut ImportOptions,
) -> Option<String> {
    for sheet in &description.sheets {
        if sheet.header_signature.is_empty() {
            continue;
        }
        if let Ok(Some(saved)) = mapping::load(store, plugin, &sheet.header_signature)
            && !saved.is_empty()
        {
            options.kind = saved.kind;
            options.map = saved.map;
            // The survey date given for this file stays.
            let date = super::undated::given_date(&options.value_map);
            options.value_map = saved.value_map;
            if let Some(day) = date {
                super::undated::give_date(&mut options.value_map, day);
            }
            return Some(sheet.header_signature.clone());
        }
    }
    None
}

fn kinds_of(
    plugin: &Plugin,
    options: &ImportOptions,
    description: &FileDescription,
) -> Vec<String> {
    let mut kinds: Vec<String> = match &options.kind {
        Some(kind) => vec![kind.clone()],
        None => description
            .sheets
            .iter()
            .filter_map(|s| s.kind.clone())
            .collect(),
    };
    if kinds.is_empty() {
        kinds = plugin.info.kinds.clone();
    }
    kinds.sort_by_key(|k| RecordKind::parse(k).map_or(usize::MAX, |r| r as usize));
    kinds.dedup();
    kinds
}

/// `known`, if it still says what a fresh preparation would: the same
/// choices, the file unchanged, its plugin loaded, and the same options
/// (the database's currency and saved mappings may have changed since).
pub fn reuse(
    store: &Store,
    host: &PluginHost,
    path: &Path,
    settings: &ImportSettings,
    known: &Described,
) -> Option<Prepared> {
    let choices = Choices::of(settings);
    if known.choices != choices || known.stamp.is_none() || Stamp::of(path) != known.stamp {
        return None;
    }
    let plugin = host.get(&known.plugin)?.clone();
    let mut options = base_options(store, settings);
    let reused = if choices.explicit() {
        None
    } else {
        apply_saved(store, &plugin.info.id, &known.description, &mut options)
    };
    if options != known.options || reused != known.mapping_reused {
        return None;
    }
    Some(Prepared {
        plugin,
        described: known.clone(),
        source: None,
    })
}

/// Chooses the plugin for `path`, describes the file and applies a saved
/// mapping. `opened`: the file as the caller already opened it (its head
/// read). Returns every plugin's `detect` answer when detection ran, best
/// first, and `Err` with the report of a file that cannot go further.
pub fn prepare(
    store: &Store,
    host: &PluginHost,
    path: &Path,
    settings: &ImportSettings,
    look: Look,
    opened: Option<Source>,
) -> (Vec<Detection>, Result<Prepared, FileReport>) {
    let report = FileReport::new(path);
    // Before the file is read: the describe may take a while, and a file
    // changed meanwhile must not pass for the one described.
    let stamp = Stamp::of(path);
    let source = match opened.map_or_else(|| Source::open(path), Ok) {
        Ok(source) => source,
        Err(e) => {
            return (
                Vec::new(),
                Err(report.fatal(
                    "unreadable",
                    file_problem(
                        path,
                        "cannot_read",
                        format!(
                            "{} cannot be read ({e}); check the path and that you may read the file",
                            path.display()
                        ),
                    ),
                )),
            );
        }
    };
    let mut detections = Vec::new();
    if look.always_detect {
        detections = host.detect(path, source.head());
        detections.sort_by_key(|a| std::cmp::Reverse(a.confidence));
    }
    if let Some(kind) = &settings.kind
        && RecordKind::parse(kind).is_none()
    {
        let known: Vec<&str> = RecordKind::ALL.iter().map(|k| k.name()).collect();
        return (
            detections,
            Err(report.fatal(
                "unreadable",
                file_problem(
                    path,
                    "unknown_kind",
                    format!(
                        "--kind {kind} is not a record kind; use one of {}",
                        known.join(", ")
                    ),
                ),
            )),
        );
    }
    let plugin = match &settings.plugin {
        Some(id) => match host.get(id) {
            Some(p) => p.clone(),
            None => {
                return (
                    detections,
                    Err(report.fatal(
                        "unreadable",
                        file_problem(
                            path,
                            "unknown_plugin",
                            match host.untrusted.iter().find(|u| u.name == *id) {
                                Some(u) => format!(
                                    "the plugin `{id}` ({}) {}",
                                    u.path.display(),
                                    u.reason
                                ),
                                None => format!(
                                    "there is no plugin `{id}` (loaded: {}); `tenure plugins` lists them and says why any failed to load",
                                    host.ids()
                                ),
                            },
                        ),
                    )),
                );
            }
        },
        None => {
            if !look.always_detect {
                detections = host.detect(path, source.head());
            }
            match host.pick(detections.clone()) {
                Choice::Chosen(p) => p,
                Choice::Ambiguous(answers) => {
                    return (detections, Err(ambiguous(report, path, host, answers)));
                }
            }
        }
    };
    let result =
        describe(store, path, settings, look, plugin, report, stamp).map(|(plugin, described)| {
            Prepared {
                plugin,
                described,
                source: Some(source),
            }
        });
    (detections, result)
}

/// `describe` with the person's choices, then again with a saved mapping
/// when one applies (the plugin's mapping depends on it).
fn describe(
    store: &Store,
    path: &Path,
    settings: &ImportSettings,
    look: Look,
    plugin: Plugin,
    mut report: FileReport,
    stamp: Option<Stamp>,
) -> Result<(Plugin, Described), FileReport> {
    let stall = settings.stall_timeout.unwrap_or(super::STALL_TIMEOUT);
    let choices = Choices::of(settings);
    let mut options = base_options(store, settings);
    report.plugin = Some(plugin.info.id.clone());
    let with_preview = |options: &ImportOptions| ImportOptions {
        preview_rows: look.preview_rows,
        ..options.clone()
    };
    let mut description = plugin
        .describe_within(path, &with_preview(&options), stall)
        .map_err(|problem| report.clone().fatal("unreadable", problem))?;
    let mut mapping_reused = None;
    if !choices.explicit() {
        mapping_reused = apply_saved(store, &plugin.info.id, &description, &mut options);
        if mapping_reused.is_some() {
            description = plugin
                .describe_within(path, &with_preview(&options), stall)
                .map_err(|problem| report.fatal("unreadable", problem))?;
        }
    }
    let kinds = kinds_of(&plugin, &options, &description);
    let described = Described {
        plugin: plugin.info.id.clone(),
        options,
        description,
        kinds,
        mapping_reused,
        choices,
        stamp,
    };
    Ok((plugin, described))
}

fn ambiguous(
    mut report: FileReport,
    path: &Path,
    host: &PluginHost,
    answers: Vec<Detection>,
) -> FileReport {
    report.candidates = answers
        .iter()
        .map(|a| Candidate {
            plugin: a.plugin.clone(),
            confidence: a.confidence,
        })
        .collect();
    let listed: Vec<String> = answers
        .iter()
        .filter(|a| a.confidence.is_some_and(|c| c > 0))
        .map(|a| format!("{} ({}%)", a.plugin, a.confidence.unwrap_or(0)))
        .collect();
    let message = if host.plugins.is_empty() {
        format!(
            "no importer plugin is installed, so {} cannot be read; put plugins in the `plugins` folder beside Tenure or in $TENURE_PLUGIN_PATH (`tenure plugins` shows where Tenure looks)",
            path.display()
        )
    } else if listed.is_empty() {
        format!(
            "no plugin recognises {} (loaded: {}); choose one with --plugin ID, or install a plugin for this kind of file",
            path.display(),
            host.ids()
        )
    } else {
        format!(
            "Tenure cannot tell which plugin should read {}: candidates {}; run the import again with --plugin ID",
            path.display(),
            listed.join(", ")
        )
    };
    report.fatal(
        "ambiguous",
        file_problem(path, "plugin_not_chosen", message),
    )
}
