//! `tenure imports [--json]`: the import history.

use super::{Cli, CliError, output};
use std::process::ExitCode;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ImportsArgs {
    /// Prints JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &Cli, args: &ImportsArgs) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let runs = store.imports()?;
    if args.json {
        let text = serde_json::to_string_pretty(&runs)
            .map_err(|e| CliError::new(format!("cannot print the history: {e}")))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    if runs.is_empty() {
        println!("No imports yet; `tenure import FILE` imports one.");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.started_at.clone(),
                r.plugin.clone(),
                r.file_name.clone().unwrap_or_default(),
                r.kinds.join(","),
                match &r.undone_at {
                    Some(when) => format!("undone {when}"),
                    None => r.status.clone(),
                },
                r.inserted.to_string(),
                r.updated.to_string(),
                r.unchanged.to_string(),
                r.rejected.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &[
                "id",
                "when",
                "plugin",
                "file",
                "kinds",
                "status",
                "inserted",
                "updated",
                "unchanged",
                "rejected"
            ],
            &rows,
            &[
                true, false, false, false, false, false, true, true, true, true
            ],
        )
    );
    Ok(ExitCode::SUCCESS)
}
