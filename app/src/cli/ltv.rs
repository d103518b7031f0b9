//! `tenure ltv [--calibration-end DATE] [--horizon-weeks N] [--json]`
//! (revenue.md): BG/NBD + Gamma-Gamma customer value from purchases.

use super::{Cli, CliError, output};
use crate::domain::Date;
use crate::format::{self, Locale};
use crate::ltv::{self, LtvOptions, LtvReport};
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct LtvArgs {
    /// The last day of the calibration period, YYYY-MM-DD (default: the latest purchase date); later purchases are not read.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub calibration_end: Option<String>,
    /// Weeks after the calibration end that expected purchases and CLV cover (1–520).
    #[arg(long, value_name = "N", default_value_t = ltv::DEFAULT_HORIZON_WEEKS)]
    pub horizon_weeks: u32,
    /// Print JSON (revenue.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// revenue.md's JSON; `reason` (and `model: null`) when there is no model.
pub fn ltv_json(r: &LtvReport) -> Value {
    let customers: Vec<Value> = r
        .customers
        .iter()
        .map(|c| {
            json!({
                "external_id": c.external_id,
                "frequency": c.frequency,
                "recency": c.recency,
                "age": c.age,
                "monetary": c.monetary,
                "p_alive": c.p_alive,
                "expected_purchases": c.expected_purchases,
                "expected_value": c.expected_value,
                "clv": c.clv,
            })
        })
        .collect();
    let mut out = json!({ "model": r.model, "customers": customers });
    if let (Some(why), Some(obj)) = (&r.reason, out.as_object_mut()) {
        obj.insert("reason".into(), json!(why));
    }
    out
}

pub fn run(cli: &Cli, args: &LtvArgs) -> Result<ExitCode, CliError> {
    if !(1..=520).contains(&args.horizon_weeks) {
        return Err(CliError::new(format!(
            "`--horizon-weeks {}` is out of range; give 1 to 520 weeks.",
            args.horizon_weeks
        )));
    }
    let calibration_end = args
        .calibration_end
        .as_deref()
        .map(|t| {
            Date::parse_iso(t).map_err(|_| {
                CliError::new(format!(
                    "`--calibration-end {t}` is not a date; write it as YYYY-MM-DD, for example --calibration-end 2025-06-30."
                ))
            })
        })
        .transpose()?;
    let store = cli.open_store()?;
    let report = ltv::compute(
        &store,
        &LtvOptions {
            calibration_end,
            horizon_weeks: args.horizon_weeks,
        },
    )
    .map_err(|e| CliError::new(format!("The LTV model could not be computed: {e}.")))?;
    if args.json {
        println!("{}", ltv_json(&report));
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", table(&report, Locale::from_env()));
    Ok(ExitCode::SUCCESS)
}

fn table(r: &LtvReport, locale: Locale) -> String {
    let mut out = String::new();
    let num =
        |v: Option<f64>, d: usize| v.map_or("—".to_string(), |v| format::number(v, d, locale));
    let money = |v: Option<f64>| {
        v.map_or("—".to_string(), |v| {
            format::money(
                crate::domain::Money::from_cents((v * 100.0).round() as i64),
                &r.currency,
                locale,
            )
        })
    };
    if let Some(end) = r.calibration_end {
        out.push_str(&format!(
            "Calibration period ends {}; horizon {} weeks.\n",
            format::date(end, locale),
            r.horizon_weeks
        ));
    }
    match (&r.model, &r.reason) {
        (Some(m), _) => {
            out.push_str(&format!(
                "BG/NBD: r = {}, α = {}, a = {}, b = {} (log-likelihood {}; {} customers, {} repeat).\n",
                num(Some(m.r), 4),
                num(Some(m.alpha), 4),
                num(Some(m.a), 4),
                num(Some(m.b), 4),
                num(Some(m.log_likelihood), 2),
                m.customers,
                m.repeaters
            ));
            match (m.p, m.q, m.gamma) {
                (Some(p), Some(q), Some(g)) => out.push_str(&format!(
                    "Gamma-Gamma: p = {}, q = {}, γ = {}.\n",
                    num(Some(p), 4),
                    num(Some(q), 4),
                    num(Some(g), 4)
                )),
                _ => out.push_str(&format!(
                    "{}\n",
                    r.spend_note.as_deref().unwrap_or("No spend model.")
                )),
            }
        }
        (None, Some(why)) => out.push_str(&format!("{why}\n")),
        (None, None) => out.push_str("No purchases to model.\n"),
    }
    if let Some(why) = &r.left_out_reason {
        out.push_str(&format!("{} customers left out: {why}.\n", r.left_out));
    }
    let rows: Vec<Vec<String>> = r
        .customers
        .iter()
        .map(|c| {
            vec![
                c.external_id.clone(),
                c.name.clone(),
                c.frequency.to_string(),
                num(Some(c.recency), 1),
                num(Some(c.age), 1),
                money(Some(c.monetary)),
                c.p_alive
                    .map_or("—".into(), |p| format::percent(p, 1, locale)),
                num(c.expected_purchases, 2),
                money(c.expected_value),
                money(c.clv),
            ]
        })
        .collect();
    out.push_str(&output::table(
        &[
            "id",
            "name",
            "repeat purchases",
            "recency (weeks)",
            "age (weeks)",
            "mean repeat value",
            "p(alive)",
            "expected purchases",
            "expected value",
            "CLV",
        ],
        &rows,
        &[false, false, true, true, true, true, true, true, true, true],
    ));
    out
}
