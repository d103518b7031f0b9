//! Choosing files without blocking a frame: the native dialog (rfd) runs on
//! its own thread and the view polls the answer. Behind [`FileChooser`] so
//! that tests and headless runs never open a dialog.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What to ask the person for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Files to import (several allowed).
    ImportFiles,
    /// A plugin library to check.
    PluginLibrary,
    /// Where to write a backup (a suggested file name).
    SaveBackup(String),
    /// A backup to restore.
    OpenBackup,
    /// A database to work on instead (an existing file, or a new name).
    OpenDatabase,
}

/// Answers an [`Ask`]; may block (it runs on its own thread). `None`: the
/// person cancelled, or no dialog is available.
pub trait FileChooser: Send + Sync {
    fn choose(&self, ask: &Ask) -> Option<Vec<PathBuf>>;
}

/// The platform's dialog.
pub struct NativeChooser;

impl FileChooser for NativeChooser {
    fn choose(&self, ask: &Ask) -> Option<Vec<PathBuf>> {
        let dialog = rfd::FileDialog::new();
        match ask {
            Ask::ImportFiles => dialog
                .add_filter(
                    "Spreadsheets, CSV, JSON lines",
                    &[
                        "csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods", "jsonl",
                    ],
                )
                .add_filter("*", &["*"])
                .pick_files(),
            Ask::PluginLibrary => dialog
                .add_filter("Plugin library", &[std::env::consts::DLL_EXTENSION])
                .pick_file()
                .map(|p| vec![p]),
            Ask::SaveBackup(name) => dialog
                .set_file_name(name)
                .add_filter("SQLite", &["db"])
                .save_file()
                .map(|p| vec![p]),
            Ask::OpenBackup => dialog
                .add_filter("SQLite", &["db", "sqlite", "sqlite3"])
                .add_filter("*", &["*"])
                .pick_file()
                .map(|p| vec![p]),
            // A save dialog: it accepts an existing file or a new name.
            Ask::OpenDatabase => dialog
                .set_file_name("tenure.db")
                .add_filter("SQLite", &["db", "sqlite", "sqlite3"])
                .save_file()
                .map(|p| vec![p]),
        }
    }
}

/// A chooser that never shows anything (tests, headless runs): the path
/// fields still work.
pub struct NoDialog;

impl FileChooser for NoDialog {
    fn choose(&self, _ask: &Ask) -> Option<Vec<PathBuf>> {
        None
    }
}

/// A question on its way.
pub struct Pending {
    pub ask: Ask,
    rx: Receiver<Option<Vec<PathBuf>>>,
}

impl Pending {
    /// Asks on a new thread; the frame that calls this returns at once.
    pub fn start(chooser: Arc<dyn FileChooser>, ask: Ask, ctx: &egui::Context) -> Pending {
        let (tx, rx) = channel();
        let (question, ctx) = (ask.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("tenure-file-dialog".into())
            .spawn(move || {
                let _ = tx.send(chooser.choose(&question));
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread, no dialog: the answer is "nothing chosen".
            let (tx, rx2) = channel();
            let _ = tx.send(None);
            return Pending { ask, rx: rx2 };
        }
        Pending { ask, rx }
    }

    /// `Some(answer)` once the person answered (the answer may be `None`).
    pub fn poll(&self) -> Option<Option<Vec<PathBuf>>> {
        match self.rx.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(None),
        }
    }
}
