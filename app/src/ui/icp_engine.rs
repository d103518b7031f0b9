//! The worker's side of the ICP view: runs the ICP engine
//! ([`crate::icp`]) and prepares what the view draws. Worker thread only.

use super::engine::Engine;
use super::icp_model::{FitRow, IcpCmd, IcpMsg, IcpSnapshot, ProspectRow, Scatter};
use crate::icp::{self, IcpError};
use crate::metrics::{AccountFacts, Band, Segments};
use crate::store::Store;
use std::collections::BTreeSet;

/// Facts at the default month, computed once per loaded engine, and the
/// segments the primary profile provides (`icp_tier`), which every figure
/// query of the window carries.
#[derive(Default)]
pub struct IcpCache {
    facts: Option<Vec<AccountFacts>>,
    segments: Segments,
}

impl IcpCache {
    /// The `icp_tier` segment when a primary profile exists, else none.
    pub fn segments(&self) -> &Segments {
        &self.segments
    }

    fn facts(&mut self, engine: &Engine) -> &[AccountFacts] {
        self.facts
            .get_or_insert_with(|| engine.account_facts(engine.default_month()))
    }
}

/// Right after loading: makes the primary profile's tier a segment (only
/// computes the facts when a primary profile exists).
pub fn on_open(engine: &Engine, store: &Store, cache: &mut IcpCache) -> Result<(), String> {
    *cache = IcpCache::default();
    if icp::store::primary(store)
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Ok(());
    }
    let facts = cache.facts(engine).to_vec();
    let scores = icp::primary_scores(store, engine, &facts).map_err(|e| e.to_string())?;
    cache.segments = icp::segments(scores.as_ref());
    Ok(())
}

/// Runs one command. The flag says whether the `icp_tier` segment changed
/// (the top bar's options must then be read again).
pub fn handle(
    engine: &Engine,
    store: &Store,
    cache: &mut IcpCache,
    cmd: IcpCmd,
) -> (Vec<IcpMsg>, bool) {
    let change = |r: Result<(), IcpError>| r.map_err(|e| e.to_string());
    let result = match cmd {
        IcpCmd::Refresh => Ok(false),
        IcpCmd::SaveProfile(p) => change(icp::store::save(store, &p).map(|_| ())).map(|_| true),
        IcpCmd::DeleteProfile(name) => change(icp::store::delete(store, &name)).map(|_| true),
        IcpCmd::SetPrimary(name) => change(icp::store::set_primary(store, &name)).map(|_| true),
        IcpCmd::SaveThresholds(t) => change(icp::store::save_thresholds(store, &t)).map(|_| true),
        IcpCmd::FromSuggestions(name) => {
            from_suggestions(engine, store, cache, &name).map(|_| true)
        }
        IcpCmd::Explain(id) => return (vec![explain(engine, store, cache, id)], false),
    };
    match result {
        Ok(changed) => match snapshot(engine, store, cache) {
            Ok(s) => (vec![IcpMsg::Snapshot(Box::new(s))], changed),
            Err(m) => (vec![IcpMsg::Failed(m)], changed),
        },
        Err(m) => (vec![IcpMsg::Failed(m)], false),
    }
}

fn from_suggestions(
    engine: &Engine,
    store: &Store,
    cache: &mut IcpCache,
    name: &str,
) -> Result<(), String> {
    let found = icp::discover(engine, cache.facts(engine));
    let mut profile = icp::profile_from_suggestions(&unique_name(store, name)?, &found);
    if profile.criteria.is_empty() {
        return Err(
            "discovery suggests no value yet, so there is nothing to build a profile from.".into(),
        );
    }
    profile.primary = true;
    icp::store::save(store, &profile).map_err(|e| e.to_string())?;
    Ok(())
}

/// `name`, or `name 2`, `name 3`… when taken.
fn unique_name(store: &Store, name: &str) -> Result<String, String> {
    let taken: BTreeSet<String> = icp::store::list(store)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|p| p.name.to_lowercase())
        .collect();
    let mut candidate = name.to_string();
    let mut n = 2;
    while taken.contains(&candidate.to_lowercase()) {
        candidate = format!("{name} {n}");
        n += 1;
    }
    Ok(candidate)
}

fn explain(engine: &Engine, store: &Store, cache: &mut IcpCache, id: i64) -> IcpMsg {
    let found = (|| -> Result<Option<icp::Explanation>, IcpError> {
        let Some(profile) = icp::store::primary(store)? else {
            return Ok(None);
        };
        let thresholds = icp::store::thresholds(store)?;
        let Some(a) = engine.index_of(id) else {
            return Ok(None);
        };
        let facts = cache.facts(engine);
        Ok(facts
            .get(a)
            .map(|f| icp::explain(&profile, &thresholds, &engine.accounts()[a].account, f)))
    })();
    match found {
        Ok(e) => IcpMsg::Explained(id, e.map(Box::new)),
        Err(e) => IcpMsg::Failed(e.to_string()),
    }
}

fn snapshot(engine: &Engine, store: &Store, cache: &mut IcpCache) -> Result<IcpSnapshot, String> {
    let clock = std::time::Instant::now();
    let facts = cache.facts(engine).to_vec();
    let scores = icp::primary_scores(store, engine, &facts).map_err(|e| e.to_string())?;
    cache.segments = icp::segments(scores.as_ref());
    let discovery = icp::discover(engine, &facts);
    let profiles = icp::store::list(store).map_err(|e| e.to_string())?;
    let thresholds = icp::store::thresholds(store).map_err(|e| e.to_string())?;
    let custom: BTreeSet<String> = engine
        .accounts()
        .iter()
        .flat_map(|a| a.account.custom.keys().map(|k| format!("custom.{k}")))
        .collect();
    let mut fields = icp::known_fields();
    fields.extend(custom);

    let mut accounts: Vec<FitRow> = Vec::new();
    let mut tier_counts = [0u64; 4];
    let mut curves = Vec::new();
    if let Some(s) = &scores {
        tier_counts = s.tier_counts();
        accounts = engine
            .accounts()
            .iter()
            .enumerate()
            .map(|(i, a)| FitRow {
                account_id: a.id,
                external_id: a.account.external_id.clone(),
                name: a.account.name.clone(),
                fit: s.fit[i],
                tier: s.tiers[i],
                health: facts[i].health,
            })
            .collect();
        // Highest fit first; the store's order (by name) breaks ties.
        accounts.sort_by_key(|r| std::cmp::Reverse(r.fit));
        curves = icp::tier_curves(engine, s).map_err(|e| e.to_string())?;
    }
    let (prospects, prospects_ranked) = prospect_rows(engine, scores.as_ref(), &thresholds);
    let scatter = scatter(&accounts);
    let index = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.account_id, i as u32))
        .collect();
    Ok(IcpSnapshot {
        profiles,
        thresholds,
        fields,
        currency: engine.currency().to_string(),
        discovery,
        accounts,
        tier_counts,
        scatter,
        curves,
        index,
        seconds: clock.elapsed().as_secs_f64(),
        prospects,
        prospects_ranked,
    })
}

/// The prospects ranked under the primary profile (`scores`), or unranked
/// (fit 0 under an empty profile) without one.
fn prospect_rows(
    engine: &Engine,
    scores: Option<&icp::Scores>,
    thresholds: &icp::TierThresholds,
) -> (Vec<ProspectRow>, bool) {
    let empty = icp::Profile::new("");
    let (profile, ranked) = match scores {
        Some(s) => (&s.profile, true),
        None => (&empty, false),
    };
    let prospects = engine.prospects().accounts();
    let rows = icp::rank_prospects(profile, thresholds, engine)
        .into_iter()
        .filter_map(|r| {
            let a = &prospects.get(r.index)?.account;
            Some(ProspectRow {
                industry: a.industry.clone(),
                country: a.country.clone(),
                plan: a.plan.clone(),
                employees: a.employees,
                haystack: format!("{}\u{1}{}", a.name, a.external_id).to_lowercase(),
                ranked: r,
            })
        })
        .collect();
    (rows, ranked)
}

/// Groups the accounts by `(fit, health)`; one plotted point per group.
pub fn scatter(accounts: &[FitRow]) -> Scatter {
    let mut out = Scatter::default();
    for (i, a) in accounts.iter().enumerate() {
        let Some(h) = a.health else {
            out.without_health += 1;
            continue;
        };
        let cell = out.cells.entry((a.fit, h)).or_default();
        if cell.is_empty() {
            let band = match Band::of(h) {
                Band::Healthy => 0,
                Band::AtRisk => 1,
                Band::Critical => 2,
            };
            out.points[band].push([f64::from(a.fit), f64::from(h)]);
        }
        cell.push(i as u32);
    }
    out
}
