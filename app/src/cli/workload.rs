//! `tenure workload [--json]` and its subcommands: set model parameters and
//! growth assumptions, save and compare scenarios, show and accept the
//! rebalancing proposal, reassign one account.

use super::{Cli, CliError, output};
use crate::domain::{Date, Money};
use crate::format::{self, Locale};
use crate::metrics::Dataset;
use crate::store::Store;
use crate::workload::{
    self, Book, Facts, Figures, Move, Proposal, Scenario, Sizing, load_csms, load_scenario,
    load_scenarios,
};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct WorkloadArgs {
    #[command(subcommand)]
    pub action: Option<WorkloadAction>,
    /// Print JSON (cli.md) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum WorkloadAction {
    /// Sets effort-model parameters or growth assumptions (KEY=VALUE…;
    /// VALUE `default` restores the default). Keys: base_hours.TIER,
    /// product_complexity, team_maturity, tooling, customer_expectations,
    /// interaction_complexity, cs_goal (a level), FACTOR.LEVEL (its
    /// multiplier), ticket_hours, critical_multiplier, critical_below,
    /// onboarding_hours, onboarding_days, hours_per_csm, target_utilization,
    /// renewal_freeze_days, new_accounts_per_month, monthly_churn,
    /// tier_mix.TIER, horizon_months.
    Set {
        #[arg(value_name = "KEY=VALUE", required = true)]
        edits: Vec<String>,
    },
    /// Shows the rebalancing proposal; `--accept all` or `--accept ACCOUNT…`
    /// writes moves (undo with `tenure undo ID`).
    Rebalance {
        /// `all`, or external ids / names of accounts in the proposal.
        #[arg(long, value_name = "all|ACCOUNT", num_args = 1..)]
        accept: Vec<String>,
    },
    /// Gives one account (external id or name) to a CSM (name or e-mail).
    Assign { account: String, csm: String },
    /// Saved scenarios: `save NAME`, `remove NAME`, or (no action) compare them.
    Scenarios {
        #[command(subcommand)]
        action: Option<ScenarioAction>,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ScenarioAction {
    /// Saves the model and assumptions in force under NAME.
    Save { name: String },
    /// Removes a saved scenario.
    Remove { name: String },
    /// Makes a saved scenario the one in force.
    Use { name: String },
}

fn load_facts(store: &Store) -> Result<Facts, CliError> {
    let data = Dataset::load_cached(store)?;
    Ok(Facts::build(&data, load_csms(store)?, Date::today()))
}

fn json_out<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::new(format!("could not write the JSON output: {e}")))?;
    println!("{text}");
    Ok(())
}

#[derive(Serialize)]
struct ProjectionJson {
    month: String,
    accounts: f64,
    hours: f64,
    required: f64,
}

#[derive(Serialize)]
struct SizingJson<'a> {
    hours_per_csm: f64,
    required_now: f64,
    required_now_rounded: u64,
    current: u64,
    target_utilization: f64,
    passes_target_in: Option<String>,
    projection: Vec<ProjectionJson>,
    total_hours: f64,
    team_capacity_hours: f64,
    utilization_now: Option<f64>,
    hires: Vec<HireJson>,
    growth: &'a workload::Growth,
}

#[derive(Serialize)]
struct HireJson {
    by: String,
    total: u32,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    account: &'a str,
    external_id: &'a str,
    from: Option<&'a str>,
    to: &'a str,
    load_hours: f64,
    arr: f64,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    as_of: String,
    month: String,
    csms: &'a [Book],
    sizing: SizingJson<'a>,
    rebalance: Vec<MoveJson<'a>>,
    params: &'a workload::Params,
    assumptions: &'a workload::Assumptions,
}

fn sizing_json(s: &Sizing) -> SizingJson<'_> {
    SizingJson {
        hours_per_csm: s.hours_per_csm,
        required_now: s.required_now,
        required_now_rounded: s.required_now_rounded,
        current: s.current,
        target_utilization: s.target_utilization,
        passes_target_in: s.passes_target_in.map(|m| m.to_string()),
        projection: s
            .projection
            .iter()
            .map(|p| ProjectionJson {
                month: p.month.to_string(),
                accounts: p.accounts,
                hours: p.hours,
                required: p.required,
            })
            .collect(),
        total_hours: s.total_hours,
        team_capacity_hours: s.team_capacity_hours,
        utilization_now: s.utilization_now,
        hires: s
            .hires
            .iter()
            .map(|h| HireJson {
                by: h.by.to_string(),
                total: h.total,
            })
            .collect(),
        growth: &s.growth,
    }
}

fn moves_json(moves: &[Move]) -> Vec<MoveJson<'_>> {
    moves
        .iter()
        .map(|m| MoveJson {
            account: &m.name,
            external_id: &m.external_id,
            from: m.from_name.as_deref(),
            to: &m.to_name,
            load_hours: m.load_hours,
            arr: Money::from_cents(m.arr_cents).as_units_f64(),
        })
        .collect()
}

pub fn run(cli: &Cli, args: &WorkloadArgs) -> Result<ExitCode, CliError> {
    match &args.action {
        None => show(cli, args.json),
        Some(WorkloadAction::Set { edits }) => set(cli, edits),
        Some(WorkloadAction::Rebalance { accept }) => rebalance(cli, accept, args.json),
        Some(WorkloadAction::Assign { account, csm }) => {
            let mut store = cli.open_store()?;
            let id = workload::reassign(&mut store, account, csm)?;
            println!(
                "{account} now belongs to {csm} (change {id}; `tenure undo {id}` reverts it)."
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(WorkloadAction::Scenarios { action }) => scenarios(cli, action.as_ref(), args.json),
    }
}

fn show(cli: &Cli, json: bool) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let facts = load_facts(&store)?;
    let scenario = load_scenario(&store.settings())?;
    let fig = workload::figures(&facts, &scenario);
    let proposal = workload::propose(&facts, &scenario.params, &fig.hours);
    if json {
        json_out(&ReportJson {
            as_of: facts.as_of.to_string(),
            month: facts.month.to_string(),
            csms: &fig.books,
            sizing: sizing_json(&fig.sizing),
            rebalance: moves_json(&proposal.moves),
            params: &scenario.params,
            assumptions: &scenario.assumptions,
        })?;
    } else {
        print_text(&facts, &fig, &proposal, Locale::from_env());
    }
    Ok(ExitCode::SUCCESS)
}

fn opt_pct(v: Option<f64>, l: Locale) -> String {
    v.map_or(format::UNDEFINED.to_string(), |v| format::percent(v, 0, l))
}

fn print_text(facts: &Facts, fig: &Figures, proposal: &Proposal, l: Locale) {
    let rows: Vec<Vec<String>> = fig
        .books
        .iter()
        .map(|b| {
            vec![
                b.name.clone().unwrap_or_else(|| "(unassigned)".into()),
                format::integer(b.accounts as i64, l),
                format::money(b.arr, &facts.currency, l),
                format::number(b.load_hours, 1, l),
                b.capacity_hours
                    .map_or("—".into(), |c| format::number(c, 0, l)),
                opt_pct(b.utilization, l),
                format::integer(b.at_risk as i64, l),
                format::integer(b.critical as i64, l),
                format::integer(b.open_tickets as i64, l),
                format::integer(b.renewals_90d as i64, l),
                b.median_days_since_touch
                    .map_or("—".into(), |d| format::number(d, 0, l)),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &[
                "CSM",
                "accounts",
                "ARR",
                "load h",
                "capacity h",
                "utilization",
                "at risk",
                "critical",
                "open tickets",
                "renewals 90d",
                "days since touch"
            ],
            &rows,
            &[
                false, true, true, true, true, true, true, true, true, true, true
            ]
        )
    );
    let s = &fig.sizing;
    println!();
    println!(
        "Required CSMs now: {} ({} rounded up) for {} h a month at {} h each; current team: {} ({} h capacity, utilization {}).",
        format::number(s.required_now, 2, l),
        s.required_now_rounded,
        format::number(s.total_hours, 1, l),
        format::number(s.hours_per_csm, 0, l),
        s.current,
        format::number(s.team_capacity_hours, 0, l),
        opt_pct(s.utilization_now, l),
    );
    println!(
        "Growth: {} new accounts a month, {} monthly churn, over {} months.",
        format::number(s.growth.new_accounts_per_month, 1, l),
        format::percent(s.growth.monthly_churn, 2, l),
        s.growth.horizon_months
    );
    match s.passes_target_in {
        Some(m) => println!(
            "The current team passes {} utilization in {}.",
            format::percent(s.target_utilization, 0, l),
            format::month(m, l)
        ),
        None => println!(
            "The current team stays within {} utilization over the projection.",
            format::percent(s.target_utilization, 0, l)
        ),
    }
    for h in &s.hires {
        println!(
            "  {} hire(s) in all needed by {}",
            h.total,
            format::month(h.by, l)
        );
    }
    let rows: Vec<Vec<String>> = s
        .projection
        .iter()
        .map(|p| {
            vec![
                format::month(p.month, l),
                format::number(p.accounts, 0, l),
                format::number(p.hours, 0, l),
                format::number(p.required, 2, l),
            ]
        })
        .collect();
    println!();
    print!(
        "{}",
        output::table(
            &["month", "accounts", "hours", "required CSMs"],
            &rows,
            &[false, true, true, true]
        )
    );
    println!();
    print_proposal(facts, proposal, l);
}

fn print_proposal(facts: &Facts, p: &Proposal, l: Locale) {
    if p.moves.is_empty() {
        println!(
            "Rebalancing: no move proposed (every CSM is within the target, or nothing can move)."
        );
        return;
    }
    println!("Rebalancing proposal ({} moves):", p.moves.len());
    let rows: Vec<Vec<String>> = p
        .moves
        .iter()
        .map(|m| {
            vec![
                m.external_id.clone(),
                m.name.clone(),
                m.from_name.clone().unwrap_or_default(),
                m.to_name.clone(),
                format::number(m.load_hours, 1, l),
                format::money(Money::from_cents(m.arr_cents), &facts.currency, l),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &["id", "account", "from", "to", "hours", "ARR"],
            &rows,
            &[false, false, false, false, true, true]
        )
    );
    let rows: Vec<Vec<String>> = p
        .loads
        .iter()
        .filter(|c| (c.before_hours - c.after_hours).abs() > 1e-9)
        .map(|c| vec![c.name.clone(), opt_pct(c.before, l), opt_pct(c.after, l)])
        .collect();
    print!(
        "{}",
        output::table(&["CSM", "before", "after"], &rows, &[false, true, true])
    );
}

fn set(cli: &Cli, edits: &[String]) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let settings = store.settings();
    let mut scenario = load_scenario(&settings)?;
    // The data's tier mix is the starting point of a tier_mix edit.
    let needs_mix = edits
        .iter()
        .any(|e| e.trim_start().starts_with("tier_mix."));
    let mix = if needs_mix {
        load_facts(&store)?.growth.tier_mix
    } else {
        [0.0, 1.0, 0.0]
    };
    for edit in edits {
        let (k, v) = edit.split_once('=').ok_or_else(|| {
            CliError::new(format!(
                "`{edit}` is not of the form KEY=VALUE (for example product_complexity=high)"
            ))
        })?;
        scenario.set(k, v, mix).map_err(CliError::new)?;
    }
    workload::save_scenario(&settings, &scenario)?;
    println!("Saved {} workload setting(s).", edits.len());
    Ok(ExitCode::SUCCESS)
}

fn rebalance(cli: &Cli, accept: &[String], json: bool) -> Result<ExitCode, CliError> {
    let mut store = cli.open_store()?;
    let facts = load_facts(&store)?;
    let scenario = load_scenario(&store.settings())?;
    let fig = workload::figures(&facts, &scenario);
    let proposal = workload::propose(&facts, &scenario.params, &fig.hours);
    if accept.is_empty() {
        if json {
            json_out(&moves_json(&proposal.moves))?;
        } else {
            print_proposal(&facts, &proposal, Locale::from_env());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let all = accept.iter().any(|a| a.eq_ignore_ascii_case("all"));
    let mut chosen: Vec<Move> = Vec::new();
    if all {
        chosen = proposal.moves.clone();
    } else {
        for name in accept {
            let m = proposal
                .moves
                .iter()
                .find(|m| m.external_id == *name || m.name == *name)
                .ok_or_else(|| {
                    CliError::new(format!(
                        "`{name}` is not in the rebalancing proposal; `tenure workload rebalance` lists it"
                    ))
                })?;
            chosen.push(m.clone());
        }
    }
    if chosen.is_empty() {
        println!("Nothing to accept: the proposal has no moves.");
        return Ok(ExitCode::SUCCESS);
    }
    let ids: Vec<i64> = facts.csms.iter().map(|c| c.id).collect();
    let id = workload::accept_moves(&mut store, &chosen, &ids)?;
    println!(
        "Moved {} account(s) (change {id}; `tenure undo {id}` puts them back).",
        chosen.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ScenarioJson<'a> {
    name: &'a str,
    in_force: bool,
    sizing: SizingJson<'a>,
}

fn scenarios(cli: &Cli, action: Option<&ScenarioAction>, json: bool) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    let settings = store.settings();
    match action {
        Some(ScenarioAction::Save { name }) => {
            let current = load_scenario(&settings)?;
            workload::save_scenario_as(&settings, name, &current).map_err(CliError::new)?;
            println!("Saved scenario `{}`.", name.trim());
        }
        Some(ScenarioAction::Remove { name }) => {
            if !workload::delete_scenario(&settings, name)? {
                return Err(CliError::new(format!(
                    "there is no scenario named `{name}`"
                )));
            }
            println!("Removed scenario `{name}`.");
        }
        Some(ScenarioAction::Use { name }) => {
            let s = load_scenarios(&settings)?
                .into_iter()
                .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
                .ok_or_else(|| CliError::new(format!("there is no scenario named `{name}`")))?;
            workload::save_scenario(&settings, &s)?;
            println!("Scenario `{}` is now in force.", s.name);
        }
        None => {
            let facts = load_facts(&store)?;
            let mut list: Vec<Scenario> = vec![load_scenario(&settings)?];
            list.extend(load_scenarios(&settings)?);
            let sizings: Vec<Sizing> = list
                .iter()
                .map(|s| workload::figures(&facts, s).sizing)
                .collect();
            if json {
                let out: Vec<ScenarioJson<'_>> = list
                    .iter()
                    .zip(&sizings)
                    .enumerate()
                    .map(|(i, (s, z))| ScenarioJson {
                        name: if i == 0 { "(in force)" } else { &s.name },
                        in_force: i == 0,
                        sizing: sizing_json(z),
                    })
                    .collect();
                json_out(&out)?;
            } else {
                let l = Locale::from_env();
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .zip(&sizings)
                    .enumerate()
                    .map(|(i, (s, z))| {
                        vec![
                            if i == 0 {
                                "(in force)".into()
                            } else {
                                s.name.clone()
                            },
                            format::number(z.required_now, 2, l),
                            z.projection
                                .last()
                                .map_or("—".into(), |p| format::number(p.required, 2, l)),
                            z.passes_target_in
                                .map_or("—".into(), |m| format::month(m, l)),
                            z.hires.last().map_or(0, |h| h.total).to_string(),
                        ]
                    })
                    .collect();
                print!(
                    "{}",
                    output::table(
                        &[
                            "scenario",
                            "required now",
                            "required at horizon",
                            "passes target",
                            "hires"
                        ],
                        &rows,
                        &[false, true, true, false, true]
                    )
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
