//! `tenure csm add|edit|deactivate`: the team the workload is shared by.
//! Every change goes through the store's write path (undo with `tenure undo`).

use super::{Cli, CliError};
use crate::workload;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CsmArgs {
    #[command(subcommand)]
    pub action: CsmAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum CsmAction {
    /// Adds a CSM.
    Add {
        name: String,
        /// Productive hours a month (default 120).
        #[arg(long, value_name = "HOURS")]
        capacity: Option<f64>,
        #[arg(long)]
        email: Option<String>,
    },
    /// Changes a CSM's capacity or reactivates one.
    Edit {
        name: String,
        #[arg(long, value_name = "HOURS")]
        capacity: Option<f64>,
        /// `true` or `false`.
        #[arg(long)]
        active: Option<bool>,
    },
    /// Marks a CSM as no longer on the team (kept for history; their
    /// accounts show in rebalancing as accounts to move).
    Deactivate { name: String },
}

fn hours(h: Option<f64>) -> Result<Option<f64>, CliError> {
    match h {
        Some(v) if !(v.is_finite() && v >= 0.0) => Err(CliError::new(format!(
            "--capacity {v} is not a number of hours; give 0 or more, for example --capacity 120"
        ))),
        other => Ok(other),
    }
}

pub fn run(cli: &Cli, args: &CsmArgs) -> Result<ExitCode, CliError> {
    let mut store = cli.open_store()?;
    let (id, what) = match &args.action {
        CsmAction::Add {
            name,
            capacity,
            email,
        } => (
            workload::add_csm(&mut store, name, email.as_deref(), hours(*capacity)?)?,
            format!("Added {}", name.trim()),
        ),
        CsmAction::Edit {
            name,
            capacity,
            active,
        } => {
            if capacity.is_none() && active.is_none() {
                return Err(CliError::new(
                    "nothing to change; give --capacity HOURS and/or --active true|false",
                ));
            }
            (
                workload::edit_csm(&mut store, name, hours(*capacity)?, *active)?,
                format!("Updated {}", name.trim()),
            )
        }
        CsmAction::Deactivate { name } => (
            workload::edit_csm(&mut store, name, None, Some(false))?,
            format!("Deactivated {}", name.trim()),
        ),
    };
    println!("{what} (change {id}; `tenure undo {id}` reverts it).");
    Ok(ExitCode::SUCCESS)
}
