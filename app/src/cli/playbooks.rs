//! `tenure playbooks [--json]` lists the rules with their switch,
//! parameters and how many tasks each would open today; `playbooks set
//! RULE.PARAM=VALUE…` changes them.

use super::{Cli, CliError, output};
use crate::domain::Date;
use crate::metrics::Dataset;
use crate::playbooks::{self, RULES};
use serde::Serialize;
use std::collections::BTreeMap;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct PlaybooksArgs {
    #[command(subcommand)]
    pub action: Option<PlaybooksAction>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum PlaybooksAction {
    /// Changes rules: RULE.PARAM=VALUE, RULE.enabled=true|false, or
    /// language=en|pt-BR (the language of rule-made titles).
    Set {
        #[arg(value_name = "RULE.PARAM=VALUE", required = true)]
        edits: Vec<String>,
    },
}

#[derive(Serialize)]
struct RuleJson {
    id: &'static str,
    enabled: bool,
    params: BTreeMap<&'static str, f64>,
    /// Tasks it would open today that it has not opened yet.
    would_open: usize,
    /// Accounts it matches today, opened before or not.
    matching: usize,
}

#[derive(Serialize)]
struct PlaybooksJson {
    today: Date,
    language: &'static str,
    rules: Vec<RuleJson>,
}

pub fn run(cli: &Cli, args: &PlaybooksArgs) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let mut config = playbooks::load_config(&store.settings())?;
    if let Some(PlaybooksAction::Set { edits }) = &args.action {
        for e in edits {
            config.set(e)?;
        }
        playbooks::save_config(&store.settings(), &config)?;
        eprintln!("Playbooks saved; `tenure tasks` opens what they now ask for.");
        return Ok(ExitCode::SUCCESS);
    }
    let today = Date::today();
    let data = Dataset::load(&store)?;
    let counts = playbooks::preview_counts(&store, &data, today, &config)?;
    let rules: Vec<RuleJson> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| RuleJson {
            id: r.id,
            enabled: config.enabled(r.id),
            params: r
                .params
                .iter()
                .map(|(p, _)| (*p, config.param(r.id, p)))
                .collect(),
            would_open: counts.new[i],
            matching: counts.matching[i],
        })
        .collect();
    if args.json {
        let out = PlaybooksJson {
            today,
            language: config.language.code(),
            rules,
        };
        let text = serde_json::to_string_pretty(&out).map_err(|e| CliError::new(e.to_string()))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = rules
        .iter()
        .map(|r| {
            let params: Vec<String> = r.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            vec![
                r.id.to_string(),
                if r.enabled { "on" } else { "off" }.to_string(),
                params.join(" "),
                r.matching.to_string(),
                r.would_open.to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &[
                "rule",
                "switch",
                "parameters",
                "matching today",
                "would open"
            ],
            &rows,
            &[false, false, false, true, true],
        )
    );
    println!("Titles in {}.", config.language.code());
    Ok(ExitCode::SUCCESS)
}
