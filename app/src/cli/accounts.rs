//! `tenure accounts [--where F=V]… [--json]`.

use super::{Cli, CliError, output, parse_where};
use crate::domain::Money;
use crate::format::{self, Locale};
use crate::icp::Tier;
use crate::metrics::{Band, HealthScore, Scoring};
use crate::store::queries::StoredAccount;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AccountsArgs {
    /// Only accounts whose FIELD equals VALUE (any account or custom field; repeatable).
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// Print JSON (cli.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

fn opt<T: serde::Serialize>(v: &Option<T>) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn account_json(
    s: &StoredAccount,
    mrr: Option<Money>,
    health: Option<&HealthScore>,
    fit: Option<(u8, Tier)>,
) -> Value {
    let a = &s.account;
    json!({
        "external_id": a.external_id,
        "name": a.name,
        "domain": a.domain,
        "industry": a.industry,
        "country": a.country,
        "region": a.region,
        "city": a.city,
        "employees": a.employees,
        "plan": a.plan,
        "tier": a.tier,
        "csm": a.csm,
        "status": a.effective_status().name(),
        "customer_since": opt(&a.customer_since),
        "churned_on": opt(&a.churned_on),
        "churn_reason": a.churn_reason,
        "renewal_on": opt(&a.renewal_on),
        "onboarding_completed_on": opt(&a.onboarding_completed_on),
        "first_value_on": opt(&a.first_value_on),
        "licenses": a.licenses,
        "acquisition_cost": a.acquisition_cost.map(Money::as_units_f64),
        "custom": a.custom,
        "source": s.source,
        "mrr": mrr.map(Money::as_units_f64),
        // The account's `mrr` field (the fee its sheet gave), beside the
        // month's MRR above, which its subscriptions make.
        "monthly_fee": a.mrr.map(Money::as_units_f64),
        "health": health.and_then(|h| h.score),
        "band": health.and_then(|h| h.band).map(Band::name),
        // Why there is no score: `not_enough_data` (with the components it
        // lacks) or `not_a_customer`.
        "health_status": health.map(|h| h.scoring.name()),
        "health_missing": health
            .filter(|h| h.scoring == Scoring::NotEnoughData)
            .map(|h| h.missing.clone())
            .unwrap_or_default(),
        "fit": fit.map(|f| f.0),
        "icp_tier": fit.map(|f| f.1.name()),
    })
}

pub fn run(cli: &Cli, args: &AccountsArgs) -> Result<ExitCode, CliError> {
    let filters = parse_where(&args.filters)?;
    let store = cli.open_store()?;
    // Accounts, MRR and health all from the engine, at its default month
    // (metrics.md), so the three always describe the same month.
    let (data, _, scores) = crate::icp::load_scored(&store)?;
    let month = data.default_month();
    let segments = crate::icp::segments(scores.as_ref());
    data.check_filters(&filters, &segments)?;
    // The primary profile's fit and tier, by account id.
    let fit_of: HashMap<i64, (u8, Tier)> = scores
        .as_ref()
        .map(|s| {
            data.accounts()
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id, (s.fit[i], s.tiers[i])))
                .collect()
        })
        .unwrap_or_default();
    let mut accounts: Vec<&StoredAccount> = data
        .accounts()
        .iter()
        .enumerate()
        .filter(|(i, _)| data.matches(*i, &filters, &segments))
        .map(|(_, a)| a)
        .collect();
    // Prospects (in no customer figure) come after the customers, with
    // their fit under the primary profile.
    let mut fit_of = fit_of;
    if let Some(s) = &scores {
        for p in crate::icp::rank_prospects(&s.profile, &s.thresholds, &data) {
            fit_of.insert(p.id, (p.fit, p.tier));
        }
    }
    let prospects = data.prospects();
    let tier_of = |p: usize| {
        prospects
            .accounts()
            .get(p)
            .and_then(|a| fit_of.get(&a.id))
            .map(|f| f.1.name().to_string())
    };
    accounts.extend(
        prospects
            .accounts()
            .iter()
            .enumerate()
            .filter(|(p, _)| prospects.matches(*p, &filters, &tier_of))
            .map(|(_, a)| a),
    );
    let health: HashMap<i64, HealthScore> = accounts
        .iter()
        .filter_map(|a| data.health(a.id, month).map(|h| (a.id, h)))
        .collect();
    // Without any revenue data there is no MRR to show.
    let mrr_of = |id: i64| {
        data.has_revenue()
            .then(|| data.account_mrr(id, month))
            .flatten()
    };
    if args.json {
        // Churn risk (issue 18): the model cached for this content, or trained now.
        let risk = crate::risk::cache::run_for_store(&store, &crate::risk::RiskOptions::default())
            .map_err(CliError::new)?;
        let p_of: HashMap<i64, f64> = risk
            .accounts
            .iter()
            .map(|r| (r.account_id, r.churn_probability))
            .collect();
        let list: Vec<Value> = accounts
            .iter()
            .map(|a| {
                let mut v = account_json(
                    a,
                    mrr_of(a.id),
                    health.get(&a.id),
                    fit_of.get(&a.id).copied(),
                );
                if let Value::Object(o) = &mut v {
                    o.insert("churn_probability".into(), json!(p_of.get(&a.id)));
                }
                v
            })
            .collect();
        println!("{}", Value::Array(list));
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    let currency = store.settings().currency()?;
    let rows: Vec<Vec<String>> = accounts
        .iter()
        .map(|s| {
            let a = &s.account;
            vec![
                a.external_id.clone(),
                a.name.clone(),
                a.plan.clone().unwrap_or_default(),
                a.tier.clone().unwrap_or_default(),
                a.csm.clone().unwrap_or_default(),
                a.effective_status().name().to_string(),
                mrr_of(s.id).map_or(format::UNDEFINED.into(), |m| {
                    format::money(m, &currency, locale)
                }),
                a.customer_since
                    .map_or(String::new(), |d| format::date(d, locale)),
                health
                    .get(&s.id)
                    .and_then(|h| h.score)
                    .map_or(format::UNDEFINED.into(), |v| v.to_string()),
                health.get(&s.id).map_or(String::new(), |h| match h.band {
                    Some(b) => b.name().replace('_', " "),
                    None if h.scoring == Scoring::NotEnoughData => "not enough data".into(),
                    None => String::new(),
                }),
                fit_of
                    .get(&s.id)
                    .map_or(format::UNDEFINED.into(), |f| f.0.to_string()),
                fit_of
                    .get(&s.id)
                    .map_or(String::new(), |f| f.1.name().to_string()),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &[
                "ID", "Name", "Plan", "Tier", "CSM", "Status", "MRR", "Since", "Health", "Band",
                "Fit", "ICP"
            ],
            &rows,
            &[
                false, false, false, false, false, false, true, false, true, false, true, false
            ],
        )
    );
    println!("{} accounts", accounts.len());
    Ok(ExitCode::SUCCESS)
}
