//! `tenure plugins [--json]` and `tenure plugins check LIB`.

use super::{Cli, CliError, output};
use crate::plugins::{self, PluginHost, search_dirs};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct PluginsArgs {
    #[command(subcommand)]
    pub action: Option<PluginsAction>,
    /// Prints JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum PluginsAction {
    /// Loads one plugin library and runs its self-test.
    Check {
        /// The library file (`.so`, `.dylib` or `.dll`).
        #[arg(value_name = "LIB")]
        lib: PathBuf,
    },
}

pub fn run(_cli: &Cli, args: &PluginsArgs) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match &args.action {
        Some(PluginsAction::Check { lib }) => check(lib, args.json, &mut out)?,
        None => list(&PluginHost::discover(), args.json, &mut out)?,
    };
    Ok(ExitCode::from(code))
}

fn io(e: std::io::Error) -> CliError {
    CliError::new(format!("cannot print: {e}"))
}

/// `tenure plugins`: loaded plugins, then the libraries that failed and why.
pub fn list(host: &PluginHost, json: bool, out: &mut dyn Write) -> Result<u8, CliError> {
    if json {
        let value = serde_json::json!({
            "plugins": host.plugins.iter().map(|p| serde_json::json!({
                "id": p.info.id,
                "name": p.info.name,
                "version": p.info.version,
                "description": p.info.description,
                "abi_version": p.abi_major,
                "payload_version": p.payload_version,
                "extensions": p.info.extensions,
                "kinds": p.info.kinds,
                "path": p.path,
            })).collect::<Vec<_>>(),
            "failed": host.failures,
        });
        writeln!(out, "{value}").map_err(io)?;
        return Ok(0);
    }
    if host.plugins.is_empty() {
        writeln!(out, "No importer plugins are loaded.").map_err(io)?;
    } else {
        let rows: Vec<Vec<String>> = host
            .plugins
            .iter()
            .map(|p| {
                vec![
                    p.info.id.clone(),
                    p.info.version.clone(),
                    p.abi_major.to_string(),
                    p.info.extensions.join(","),
                    p.info.kinds.join(","),
                    p.path.display().to_string(),
                ]
            })
            .collect();
        write!(
            out,
            "{}",
            output::table(
                &["id", "version", "abi", "files", "kinds", "library"],
                &rows,
                &[false, false, true, false, false, false]
            )
        )
        .map_err(io)?;
    }
    if !host.failures.is_empty() {
        writeln!(out, "\nFailed to load:").map_err(io)?;
        for f in &host.failures {
            writeln!(out, "  {}: {}", f.path.display(), f.reason).map_err(io)?;
        }
    }
    let dirs: Vec<String> = search_dirs()
        .iter()
        .map(|d| d.path.display().to_string())
        .collect();
    writeln!(out, "\nSearched: {}", dirs.join(", ")).map_err(io)?;
    Ok(0)
}

/// `tenure plugins check LIB`: 0 when every check passes, 1 when one fails,
/// 2 when the library does not load.
pub fn check(lib: &std::path::Path, json: bool, out: &mut dyn Write) -> Result<u8, CliError> {
    let report = plugins::check_library(lib).map_err(CliError::new)?;
    let passed = report.passed;
    if json {
        let value = serde_json::json!({
            "library": report.library,
            "id": report.id,
            "version": report.version,
            "abi_version": report.abi_version,
            "passed": passed,
            "checks": report.checks,
        });
        writeln!(out, "{value}").map_err(io)?;
    } else {
        writeln!(
            out,
            "{}: plugin `{}` {} (ABI {}, payload {})",
            lib.display(),
            report.id,
            report.version,
            report.abi_version,
            report.payload_version
        )
        .map_err(io)?;
        for c in &report.checks {
            let mark = if c.passed { "ok  " } else { "FAIL" };
            writeln!(out, "  {mark} {}: {}", c.name, c.detail).map_err(io)?;
        }
        writeln!(
            out,
            "{}",
            if passed {
                "All checks passed."
            } else {
                "Some checks failed; see above."
            }
        )
        .map_err(io)?;
    }
    Ok(if passed { 0 } else { 1 })
}
