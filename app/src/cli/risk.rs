//! `tenure risk [--month M] [--horizon N] [--json]` and
//! `tenure forecast [--months N] [--json]` (issue 18, risk.md).

use super::{Cli, CliError, output};
use crate::domain::{Money, Month};
use crate::format::{self, Locale};
use crate::metrics::Dataset;
use crate::risk::{self, RiskOptions, RiskRun, words};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RiskArgs {
    /// Score the accounts at this month, YYYY-MM (default: the latest month with revenue data); nothing after it is read.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Months ahead a churn counts in (1–12, default 3).
    #[arg(long, value_name = "N", default_value_t = risk::DEFAULT_HORIZON)]
    pub horizon: u32,
    /// Print JSON (cli.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ForecastArgs {
    /// Months ahead (1–36, default 12).
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub months: u32,
    /// Print JSON (cli.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn month_arg(text: &str) -> Result<Month, CliError> {
    Month::parse(text).map_err(|_| {
        CliError::new(format!(
            "`--month {text}` is not a month; write it as YYYY-MM, for example --month 2025-03."
        ))
    })
}

/// The risk run for the database's current content (cached in it).
pub fn run_for(
    store: &crate::store::Store,
    data: &Dataset,
    options: &RiskOptions,
) -> (RiskRun, bool) {
    risk::cache::train_cached(store, data, options)
}

/// The JSON of risk.md's CLI section.
pub fn risk_json(run: &RiskRun) -> Value {
    let model = run.model.as_ref().map(|m| {
        json!({
            "mode": m.mode.name(),
            "horizon_months": m.horizon_months,
            "month": m.month.to_string(),
            "rows": m.rows,
            "churned": m.churned,
            "base_rate": m.base_rate,
            "validation_rows": m.validation_rows,
            "validation_churned": m.validation_churned,
            "validated_on": m.validated_on,
            "auc": m.auc,
            "auc_low": m.auc_low,
            "auc_high": m.auc_high,
            "brier": m.brier,
            "lift_top_decile": m.lift_top_decile,
            "health_auc": m.health_auc,
            "health_rows": m.health_rows,
            "verdict": m.verdict,
            "deciles": m.deciles,
            "sampled": m.sampled,
            "alpha": m.alpha,
            "features": m.features.iter().map(|f| json!({"name": f.name, "weight": f.weight})).collect::<Vec<_>>(),
        })
    });
    json!({
        "model": model,
        "no_model": run.no_model,
        "accounts": run.accounts.iter().map(|a| json!({
            "external_id": a.external_id,
            "name": a.name,
            "status": a.status,
            "churn_probability": a.churn_probability,
            "out_of_fold": a.out_of_fold,
            "drivers": a.drivers.iter().map(|d| json!({"feature": d.feature, "effect": d.effect, "high": d.high})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub fn run(cli: &Cli, args: &RiskArgs) -> Result<ExitCode, CliError> {
    if !(1..=12).contains(&args.horizon) {
        return Err(CliError::new(format!(
            "`--horizon {}` is out of range; give 1 to 12 months.",
            args.horizon
        )));
    }
    let month = args.month.as_deref().map(month_arg).transpose()?;
    let store = cli.open_store()?;
    let data = Dataset::load_cached(&store)?;
    let options = RiskOptions {
        month,
        horizon: args.horizon,
    };
    let (run, _cached) = run_for(&store, &data, &options);
    if args.json {
        println!("{}", risk_json(&run));
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    let Some(m) = &run.model else {
        println!("{}", run.no_model.clone().unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    };
    let num = |v: Option<f64>| {
        v.map_or(format::UNDEFINED.to_string(), |v| {
            format::number(v, 3, locale)
        })
    };
    println!(
        "Mode {}, horizon {} months, scored at {}: {} rows, {} churned (base rate {}), validated on {} ({} rows, {} churned).",
        m.mode.name(),
        m.horizon_months,
        m.month,
        m.rows,
        m.churned,
        format::percent(m.base_rate, 1, locale),
        m.validated_on,
        m.validation_rows,
        m.validation_churned
    );
    println!(
        "AUC {} (95 % interval {} to {}), Brier {}, lift in the top decile {}; health score AUC on the same rows {}.",
        num(m.auc),
        num(m.auc_low),
        num(m.auc_high),
        num(m.brier),
        num(m.lift_top_decile),
        num(m.health_auc)
    );
    println!("{}", words::verdict(m, locale));
    let mut accounts: Vec<&risk::AccountRisk> = run.accounts.iter().collect();
    accounts.sort_by(|a, b| b.churn_probability.total_cmp(&a.churn_probability));
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|a| {
            vec![
                a.external_id.clone(),
                a.name.clone(),
                format::percent(a.churn_probability, 1, locale),
                a.drivers
                    .iter()
                    .map(|d| words::driver(d, locale))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &["ID", "Name", "Churn risk", "Drivers"],
            &rows,
            &[false, false, true, false]
        )
    );
    println!("{} accounts scored", accounts.len());
    Ok(ExitCode::SUCCESS)
}

fn units(cents: i64) -> f64 {
    Money::from_cents(cents).as_units_f64()
}

pub fn forecast(cli: &Cli, args: &ForecastArgs) -> Result<ExitCode, CliError> {
    if !(1..=36).contains(&args.months) {
        return Err(CliError::new(format!(
            "`--months {}` is out of range; give 1 to 36.",
            args.months
        )));
    }
    let store = cli.open_store()?;
    let data = Dataset::load_cached(&store)?;
    let (run, _) = run_for(&store, &data, &RiskOptions::default());
    let f = risk::forecast::forecast(&data, None, args.months, Some(&run))?;
    if args.json {
        let out = json!({
            "from": f.from.to_string(),
            "actual_mrr": units(f.actual_mrr),
            "rates": f.rates,
            "mrr": f.mrr.iter().map(|p| json!({"month": p.month.to_string(), "mrr": units(p.mrr), "low": units(p.low), "high": units(p.high)})).collect::<Vec<_>>(),
            "backtest": {"mape_6m": f.backtest.mape_6m, "mape_12m": f.backtest.mape_12m},
            "renewals": f.renewals.iter().map(|r| json!({"month": r.month.to_string(), "accounts": r.accounts, "due_arr": units(r.due_arr), "expected_arr": r.expected_arr.map(units)})).collect::<Vec<_>>(),
        });
        println!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    let currency = store.settings().currency()?;
    let money = |c: i64| format::money(Money::from_cents(c), &currency, locale);
    let pct = |v: Option<f64>| {
        v.map_or(format::UNDEFINED.to_string(), |v| {
            format::percent(v, 1, locale)
        })
    };
    println!(
        "MRR in {}: {}. Back-test error (MAPE): {} at 6 months, {} at 12 months.",
        f.from,
        money(f.actual_mrr),
        pct(f.backtest.mape_6m),
        pct(f.backtest.mape_12m)
    );
    if f.mrr.is_empty() {
        println!(
            "No forecast: fewer than 3 months of movements before {}.",
            f.from
        );
    }
    let rows: Vec<Vec<String>> = f
        .mrr
        .iter()
        .map(|p| {
            vec![
                p.month.to_string(),
                money(p.mrr),
                money(p.low),
                money(p.high),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &["Month", "MRR", "Low", "High"],
            &rows,
            &[false, true, true, true]
        )
    );
    let rows: Vec<Vec<String>> = f
        .renewals
        .iter()
        .map(|r| {
            vec![
                r.month.to_string(),
                r.accounts.to_string(),
                money(r.due_arr),
                r.expected_arr.map_or(format::UNDEFINED.to_string(), money),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &["Renewals", "Accounts", "Due ARR", "Expected ARR"],
            &rows,
            &[false, true, true, true]
        )
    );
    Ok(ExitCode::SUCCESS)
}
