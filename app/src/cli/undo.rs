//! `tenure undo IMPORT_ID`: restores the state before an import.

use super::{Cli, CliError};
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct UndoArgs {
    /// The import to undo (`tenure imports` lists them).
    #[arg(value_name = "IMPORT_ID")]
    pub import_id: i64,
}

pub fn run(cli: &Cli, args: &UndoArgs) -> Result<ExitCode, CliError> {
    let mut store = cli.open_store()?;
    let report = store.undo_import(args.import_id)?;
    println!(
        "Import {} undone: {} rows removed, {} rows restored to their previous values.",
        report.import_id, report.removed, report.restored
    );
    Ok(ExitCode::SUCCESS)
}
