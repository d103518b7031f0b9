//! `tenure icp [--json] [--suggest]` (discovery and fit, cli.md) and
//! `tenure icp profile …` / `tenure icp thresholds A,B,C` (manage profiles).

use super::{Cli, CliError, output};
use crate::format::{self, Locale};
use crate::icp::{self, Criterion, Discovery, IcpError, Profile, Scores, TierThresholds};
use crate::metrics::{AccountFacts, Dataset};
use crate::store::Store;
use serde_json::{Value, json};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct IcpArgs {
    #[command(subcommand)]
    pub command: Option<IcpCommand>,
    /// Print JSON (cli.md) instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Print only the values discovery suggests as criteria.
    #[arg(long)]
    pub suggest: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum IcpCommand {
    /// Creates, edits, deletes or chooses ICP profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Sets the lowest fit of tiers A, B and C, e.g. `75,50,25` (the defaults).
    Thresholds {
        #[arg(value_name = "A,B,C")]
        values: String,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ProfileCommand {
    /// Creates a profile: `--criterion 'industry in Software,Fintech:8'`,
    /// `'employees between 50..999:5'`, `'name contains Tech:2'` (weight 1–10, default 5).
    Add {
        name: String,
        #[arg(long = "criterion", short = 'c', value_name = "CRITERION")]
        criteria: Vec<String>,
        /// Make it the primary profile (the first profile always is).
        #[arg(long)]
        primary: bool,
    },
    /// Changes a profile: rename, add criteria, remove criteria by number (1 = first).
    Edit {
        name: String,
        #[arg(long, value_name = "NEW_NAME")]
        rename: Option<String>,
        #[arg(long = "criterion", short = 'c', value_name = "CRITERION")]
        add: Vec<String>,
        #[arg(long = "remove", value_name = "N")]
        remove: Vec<usize>,
        /// Replace every criterion by the `--criterion` ones.
        #[arg(long)]
        replace: bool,
    },
    /// Deletes a profile.
    Delete { name: String },
    /// Makes a profile the primary one (the `icp_tier` segment).
    Primary { name: String },
    /// Creates a profile from the values discovery suggests.
    FromSuggestions {
        name: String,
        #[arg(long)]
        primary: bool,
    },
    /// Lists the profiles and their criteria.
    List,
}

impl From<IcpError> for CliError {
    fn from(e: IcpError) -> Self {
        CliError::new(e.to_string())
    }
}

fn criteria(texts: &[String]) -> Result<Vec<Criterion>, CliError> {
    texts
        .iter()
        .map(|t| Criterion::parse(t).map_err(CliError::from))
        .collect()
}

/// Loads the engine, the facts at the default month and the primary scores.
fn analyse(store: &Store) -> Result<(Dataset, Vec<AccountFacts>, Option<Scores>), CliError> {
    Ok(icp::load_scored(store)?)
}

pub fn run(cli: &Cli, args: &IcpArgs) -> Result<ExitCode, CliError> {
    let store = cli.open_store()?;
    match &args.command {
        Some(IcpCommand::Profile(cmd)) => return profile(&store, cmd),
        Some(IcpCommand::Thresholds { values }) => {
            let t = TierThresholds::parse(values).ok_or_else(|| {
                CliError::new(format!(
                    "`{values}` are not tier thresholds; give three numbers from 100 down to 0, A,B,C, for example 75,50,25."
                ))
            })?;
            icp::store::save_thresholds(&store, &t)?;
            println!("Tiers: A ≥ {}, B ≥ {}, C ≥ {}, D below.", t.a, t.b, t.c);
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let (data, facts, scores) = analyse(&store)?;
    let found = icp::discover(&data, &facts);
    let profiles = icp::store::list(&store)?;
    if args.json {
        let value = if args.suggest {
            Value::Array(
                found
                    .suggestions()
                    .map(|r| serde_json::to_value(r).unwrap_or(Value::Null))
                    .collect(),
            )
        } else {
            json_report(&data, &profiles, &found, scores.as_ref())
        };
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::new(format!("could not write the JSON output: {e}")))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    if args.suggest {
        print_suggestions(&found);
        return Ok(ExitCode::SUCCESS);
    }
    print_profiles(&profiles);
    println!();
    print!("{}", discovery_table(&found, data.currency(), locale));
    println!();
    print_suggestions(&found);
    if let Some(s) = &scores {
        let c = s.tier_counts();
        println!();
        println!(
            "Primary profile \"{}\": A {} · B {} · C {} · D {} accounts (`tenure accounts` lists each fit).",
            s.profile.name, c[0], c[1], c[2], c[3]
        );
        print_prospects(&icp::rank_prospects(&s.profile, &s.thresholds, &data));
    } else if !data.prospects().is_empty() {
        println!();
        println!(
            "{} prospects, not ranked: an ICP profile ranks them (`tenure icp profile from-suggestions NAME`).",
            data.prospects().len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn json_report(
    data: &Dataset,
    profiles: &[Profile],
    found: &Discovery,
    scores: Option<&Scores>,
) -> Value {
    let mut out = json!({
        "profiles": profiles,
        "base": found.base,
        "discovery": found.rows,
    });
    // Prospects, best fit first; without a primary profile there is no fit.
    out["prospects"] = match scores {
        Some(s) => serde_json::to_value(icp::rank_prospects(&s.profile, &s.thresholds, data))
            .unwrap_or(Value::Null),
        None => Value::Array(
            data.prospects()
                .accounts()
                .iter()
                .map(|a| {
                    json!({
                        "external_id": a.account.external_id,
                        "name": a.account.name,
                        "fit": Value::Null,
                        "tier": Value::Null,
                        "met": [],
                        "missed": [],
                    })
                })
                .collect(),
        ),
    };
    if let Some(s) = scores {
        out["thresholds"] = json!(s.thresholds);
        out["accounts"] = Value::Array(
            data.accounts()
                .iter()
                .zip(s.fit.iter().zip(&s.tiers))
                .map(|(a, (fit, tier))| {
                    json!({
                        "external_id": a.account.external_id,
                        "name": a.account.name,
                        "fit": fit,
                        "tier": tier.name(),
                    })
                })
                .collect(),
        );
    }
    out
}

/// The ten best prospects (`--json` lists them all).
fn print_prospects(list: &[icp::RankedProspect]) {
    if list.is_empty() {
        return;
    }
    println!();
    println!(
        "{} prospects, best fit first (`tenure accounts --where status=prospect` lists them all):",
        list.len()
    );
    let rows: Vec<Vec<String>> = list
        .iter()
        .take(10)
        .map(|p| {
            vec![
                p.external_id.clone(),
                p.name.clone(),
                p.fit.to_string(),
                p.tier.name().to_string(),
                p.missed.join("; "),
            ]
        })
        .collect();
    print!(
        "{}",
        output::table(
            &["ID", "Name", "Fit", "Tier", "Missed"],
            &rows,
            &[false, false, true, false, false]
        )
    );
}

fn print_profiles(profiles: &[Profile]) {
    if profiles.is_empty() {
        println!(
            "No ICP profile yet: `tenure icp profile from-suggestions NAME` makes one from the values below."
        );
        return;
    }
    for p in profiles {
        let mark = if p.primary { " (primary)" } else { "" };
        println!("Profile \"{}\"{mark}:", p.name);
        for (i, c) in p.criteria.iter().enumerate() {
            println!("  {}. {c}", i + 1);
        }
    }
}

fn print_suggestions(found: &Discovery) {
    let list: Vec<&icp::Row> = found.suggestions().collect();
    if list.is_empty() {
        println!("No value retains clearly better than the whole base yet.");
        return;
    }
    println!("Suggested criteria (retention interval wholly above the base's):");
    for r in list {
        println!("  --criterion '{}'", r.criterion);
    }
}

fn discovery_table(found: &Discovery, currency: &str, locale: Locale) -> String {
    let pct =
        |v: Option<f64>| v.map_or(format::UNDEFINED.into(), |v| format::percent(v, 1, locale));
    let num = |v: Option<f64>, d: usize| {
        v.map_or(format::UNDEFINED.into(), |v| format::number(v, d, locale))
    };
    let row = |attr: &str, value: &str, f: &icp::Figures, lift: Option<f64>, mark: &str| {
        vec![
            attr.to_string(),
            value.to_string(),
            format::integer(f.accounts as i64, locale),
            pct(f.retention),
            match (f.retention_low, f.retention_high) {
                (Some(a), Some(b)) => format!("{}–{}", pct(Some(a)), pct(Some(b))),
                _ => format::UNDEFINED.into(),
            },
            lift.map_or(String::new(), |l| {
                format!("{}×", format::number(l, 2, locale))
            }),
            pct(f.nrr_12m),
            f.lifetime_revenue_mean
                .map_or(format::UNDEFINED.into(), |m| {
                    format::money(m, currency, locale)
                }),
            num(f.health_mean, 0),
            num(f.nps, 0),
            num(f.onboard_days_median, 0),
            mark.to_string(),
        ]
    };
    let mut rows = vec![row("(all)", "", &found.base, None, "")];
    for r in &found.rows {
        let mark = if r.too_few {
            "too few to judge"
        } else if r.suggested {
            "suggested"
        } else {
            ""
        };
        rows.push(row(
            &r.attribute,
            &r.value,
            &r.figures,
            r.retention_lift,
            mark,
        ));
    }
    output::table(
        &[
            "Attribute",
            "Value",
            "Accounts",
            "Retention",
            "95% interval",
            "Lift",
            "NRR 12m",
            "Lifetime rev.",
            "Health",
            "NPS",
            "Onboard d",
            "",
        ],
        &rows,
        &[
            false, false, true, true, true, true, true, true, true, true, true, false,
        ],
    )
}

fn profile(store: &Store, cmd: &ProfileCommand) -> Result<ExitCode, CliError> {
    let find = |name: &str| -> Result<Profile, CliError> {
        icp::store::find(store, name)?.ok_or_else(|| IcpError::NotFound(name.to_string()).into())
    };
    match cmd {
        ProfileCommand::List => print_profiles(&icp::store::list(store)?),
        ProfileCommand::Add {
            name,
            criteria: texts,
            primary,
        } => {
            let mut p = Profile::new(name);
            p.criteria = criteria(texts)?;
            p.primary = *primary;
            icp::store::save(store, &p)?;
            println!(
                "Saved the ICP profile \"{}\" ({} criteria).",
                p.name,
                p.criteria.len()
            );
        }
        ProfileCommand::Edit {
            name,
            rename,
            add,
            remove,
            replace,
        } => {
            let mut p = find(name)?;
            if *replace {
                p.criteria.clear();
            }
            let mut gone: Vec<usize> = remove.clone();
            gone.sort_unstable();
            gone.dedup();
            for n in gone.iter().rev() {
                if *n == 0 || *n > p.criteria.len() {
                    return Err(CliError::new(format!(
                        "the profile \"{}\" has no criterion {n}; `tenure icp profile list` numbers them from 1.",
                        p.name
                    )));
                }
                p.criteria.remove(n - 1);
            }
            p.criteria.extend(criteria(add)?);
            if let Some(new) = rename {
                p.name = new.trim().to_string();
            }
            icp::store::save(store, &p)?;
            println!(
                "Saved the ICP profile \"{}\" ({} criteria).",
                p.name,
                p.criteria.len()
            );
        }
        ProfileCommand::Delete { name } => {
            icp::store::delete(store, name)?;
            println!("Deleted the ICP profile \"{name}\".");
        }
        ProfileCommand::Primary { name } => {
            icp::store::set_primary(store, name)?;
            println!("\"{name}\" is now the primary ICP profile.");
        }
        ProfileCommand::FromSuggestions { name, primary } => {
            let (data, facts, _) = analyse(store)?;
            let found = icp::discover(&data, &facts);
            let mut p = icp::profile_from_suggestions(name, &found);
            if p.criteria.is_empty() {
                return Err(CliError::new(
                    "discovery suggests no value yet (none retains clearly better than the whole base), so there is nothing to build a profile from; add criteria by hand with `tenure icp profile add`.",
                ));
            }
            p.primary = *primary;
            icp::store::save(store, &p)?;
            println!("Saved the ICP profile \"{}\":", p.name);
            for (i, c) in p.criteria.iter().enumerate() {
                println!("  {}. {c}", i + 1);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
