//! `tenure package-files DIR` (hidden): writes the man pages and the bash,
//! zsh and fish completions from the clap definitions, so that the package
//! build (packaging/build-deb.sh) ships files that always match the binary.

use super::{Cli, CliError};
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, clap::Args)]
pub struct PackageFilesArgs {
    /// The folder to write into (created if missing): `man/` and `completions/` inside.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(_cli: &Cli, args: &PackageFilesArgs) -> Result<ExitCode, CliError> {
    let written = write_all(&args.dir)?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes every file; returns their paths (man pages first).
pub fn write_all(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let man = dir.join("man");
    let completions = dir.join("completions");
    for d in [&man, &completions] {
        std::fs::create_dir_all(d).map_err(|e| {
            CliError::new(format!(
                "the folder {} cannot be created ({e})",
                d.display()
            ))
        })?;
    }
    let mut written = Vec::new();
    // One page for `tenure` and one per subcommand (`man tenure-import`).
    let cmd = Cli::command();
    clap_mangen::generate_to(cmd, &man).map_err(|e| {
        CliError::new(format!(
            "the man pages cannot be written in {} ({e})",
            man.display()
        ))
    })?;
    written.extend(sorted_files(&man)?);
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let mut cmd = Cli::command();
        let path =
            clap_complete::generate_to(shell, &mut cmd, "tenure", &completions).map_err(|e| {
                CliError::new(format!(
                    "the {shell} completions cannot be written in {} ({e})",
                    completions.display()
                ))
            })?;
        written.push(path);
    }
    Ok(written)
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| CliError::new(format!("{} cannot be read ({e})", dir.display())))?;
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    Ok(files)
}
