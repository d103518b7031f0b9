//! ICP discovery (segments-and-workload.md): for each attribute and value,
//! the accounts, retention with its 95 % Wilson interval, twelve-month NRR,
//! mean lifetime revenue, mean health, NPS and median days to onboard,
//! beside the whole base; values whose interval lies wholly above the base
//! retention are suggested as criteria.

use super::profile::{Condition, Criterion, Profile};
use crate::domain::{Account, Money};
use crate::metrics::{AccountFacts, Dataset};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A value with fewer accounts is "too few to judge".
pub const TOO_FEW: u64 = 10;
/// Custom fields with more distinct values are not attributes.
pub const MAX_CUSTOM_VALUES: usize = 50;
const Z95: f64 = 1.959_963_984_540_054;

/// The 95 % Wilson score interval of `k` successes in `n` trials.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

fn opt_money<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_f64(m.as_units_f64()),
        None => s.serialize_none(),
    }
}

/// The figures of one group of accounts (a value, or the whole base).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub accounts: u64,
    pub retained: u64,
    pub retention: Option<f64>,
    pub retention_low: Option<f64>,
    pub retention_high: Option<f64>,
    pub nrr_12m: Option<f64>,
    #[serde(serialize_with = "opt_money")]
    pub lifetime_revenue_mean: Option<Money>,
    pub health_mean: Option<f64>,
    pub nps: Option<f64>,
    pub nps_responses: u64,
    pub onboard_days_median: Option<f64>,
}

/// One attribute value's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `industry`, `plan`, `employees`, `starting_mrr`, `custom.KEY`, …
    pub attribute: String,
    /// The value as shown (`Software`, `50–249`, `Q3 450.00–1290.00`).
    pub value: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// Ratios to the base (value / base); NPS as the difference in points.
    pub retention_lift: Option<f64>,
    pub nrr_lift: Option<f64>,
    pub lifetime_revenue_lift: Option<f64>,
    pub health_lift: Option<f64>,
    pub nps_lift: Option<f64>,
    pub onboard_days_lift: Option<f64>,
    pub too_few: bool,
    pub suggested: bool,
    /// The criterion this value becomes (weight from the lift, 1–10).
    #[serde(skip)]
    pub criterion: Criterion,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Discovery {
    pub base: Figures,
    pub rows: Vec<Row>,
}

impl Discovery {
    pub fn suggestions(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.suggested)
    }
}

#[derive(Default)]
struct Agg {
    n: u64,
    retained: u64,
    nrr_num: i128,
    nrr_den: i128,
    life_sum: i128,
    life_n: u64,
    health_sum: u64,
    health_n: u64,
    pro: u64,
    det: u64,
    resp: u64,
    onboard: Vec<f64>,
}

impl Agg {
    fn add(&mut self, f: &AccountFacts) {
        self.n += 1;
        self.retained += u64::from(f.retained);
        if let Some(base) = f.mrr_year_ago {
            self.nrr_den += i128::from(base);
            self.nrr_num += i128::from(f.mrr_now.unwrap_or(0));
        }
        if let Some(l) = f.lifetime_revenue {
            self.life_sum += i128::from(l);
            self.life_n += 1;
        }
        if let Some(h) = f.health {
            self.health_sum += u64::from(h);
            self.health_n += 1;
        }
        self.pro += u64::from(f.nps_promoters);
        self.det += u64::from(f.nps_detractors);
        self.resp += u64::from(f.nps_responses);
        if let Some(d) = f.onboard_days {
            self.onboard.push(f64::from(d));
        }
    }

    fn figures(mut self) -> Figures {
        let ratio = |a: f64, b: f64| (b != 0.0).then(|| a / b);
        let interval = wilson(self.retained, self.n);
        Figures {
            accounts: self.n,
            retained: self.retained,
            retention: ratio(self.retained as f64, self.n as f64),
            retention_low: interval.map(|i| i.0),
            retention_high: interval.map(|i| i.1),
            nrr_12m: ratio(self.nrr_num as f64, self.nrr_den as f64),
            lifetime_revenue_mean: (self.life_n > 0).then(|| {
                let n = i128::from(self.life_n);
                // Half up, in integer cents.
                Money::from_cents(((2 * self.life_sum + n) / (2 * n)) as i64)
            }),
            health_mean: ratio(self.health_sum as f64, self.health_n as f64),
            nps: ratio(
                100.0 * (self.pro as f64 - self.det as f64),
                self.resp as f64,
            ),
            nps_responses: self.resp,
            onboard_days_median: median(&mut self.onboard),
        }
    }
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    })
}

/// Employees buckets of the spec, with their criterion ranges.
const EMPLOYEE_BUCKETS: [(&str, i64, Option<i64>); 5] = [
    ("1–9", 1, Some(9)),
    ("10–49", 10, Some(49)),
    ("50–249", 50, Some(249)),
    ("250–999", 250, Some(999)),
    ("1000+", 1000, None),
];

fn employee_bucket(e: i64) -> Option<usize> {
    EMPLOYEE_BUCKETS
        .iter()
        .position(|(_, lo, hi)| e >= *lo && hi.is_none_or(|h| e <= h))
}

/// One attribute's groups: display value, criterion, member accounts.
struct Groups {
    attribute: String,
    groups: Vec<(String, Criterion, Agg)>,
}

fn categorical(
    attribute: &str,
    field: &str,
    accounts: &[&Account],
    facts: &[AccountFacts],
    value: impl Fn(&Account) -> Option<&str>,
) -> Groups {
    // Grouped ignoring case; the first spelling met names the group.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<(String, Criterion, Agg)> = Vec::new();
    for (a, f) in accounts.iter().zip(facts) {
        let Some(v) = value(a).map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        let key = v.to_lowercase();
        let i = *index.entry(key).or_insert_with(|| {
            groups.push((
                v.to_string(),
                Criterion {
                    field: field.to_string(),
                    condition: Condition::OneOf {
                        values: vec![v.to_string()],
                    },
                    weight: 1,
                },
                Agg::default(),
            ));
            groups.len() - 1
        });
        groups[i].2.add(f);
    }
    groups.sort_by_key(|g| g.0.to_lowercase());
    Groups {
        attribute: attribute.to_string(),
        groups,
    }
}

fn employees(accounts: &[&Account], facts: &[AccountFacts]) -> Groups {
    let mut aggs: Vec<Agg> = (0..EMPLOYEE_BUCKETS.len())
        .map(|_| Agg::default())
        .collect();
    for (a, f) in accounts.iter().zip(facts) {
        if let Some(b) = a.employees.and_then(employee_bucket) {
            aggs[b].add(f);
        }
    }
    Groups {
        attribute: "employees".into(),
        groups: EMPLOYEE_BUCKETS
            .iter()
            .zip(aggs)
            .filter(|(_, g)| g.n > 0)
            .map(|((label, lo, hi), g)| {
                let c = Criterion {
                    field: "employees".into(),
                    condition: Condition::Range {
                        min: Some(*lo as f64),
                        max: hi.map(|h| h as f64),
                    },
                    weight: 1,
                };
                (label.to_string(), c, g)
            })
            .collect(),
    }
}

/// Starting MRR by quartile (nearest-rank boundaries over the accounts
/// that have one); each quartile's range runs from one cent above the
/// previous boundary to its own.
fn starting_mrr(facts: &[AccountFacts]) -> Option<Groups> {
    let mut values: Vec<i64> = facts.iter().filter_map(|f| f.starting_mrr).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = |q: usize| values[((q * values.len()).div_ceil(4)).max(1) - 1];
    let bounds = [rank(1), rank(2), rank(3), values[values.len() - 1]];
    let mut aggs: Vec<Agg> = (0..4).map(|_| Agg::default()).collect();
    for f in facts {
        if let Some(v) = f.starting_mrr {
            let q = bounds.iter().position(|b| v <= *b).unwrap_or(3);
            aggs[q].add(f);
        }
    }
    let units = |c: i64| Money::from_cents(c).as_units_f64();
    let mut groups = Vec::new();
    let mut lo = values[0];
    for (q, agg) in aggs.into_iter().enumerate() {
        let hi = bounds[q];
        if agg.n > 0 {
            let label = format!(
                "Q{} {}–{}",
                q + 1,
                Money::from_cents(lo),
                Money::from_cents(hi)
            );
            let c = Criterion {
                field: "starting_mrr".into(),
                condition: Condition::Range {
                    min: Some(units(lo)),
                    max: (q < 3).then(|| units(hi)),
                },
                weight: 1,
            };
            groups.push((label, c, agg));
        }
        lo = hi + 1;
    }
    Some(Groups {
        attribute: "starting_mrr".into(),
        groups,
    })
}

/// Weight of a suggested criterion from its retention lift: 20 points per
/// unit of lift above 1, within 1–10 (a lift of 1.25 gives 5).
fn weight_of(lift: Option<f64>) -> u8 {
    lift.map_or(1, |l| ((l - 1.0) * 20.0).round().clamp(1.0, 10.0) as u8)
}

/// Runs discovery over every attribute. `facts` are
/// [`Dataset::account_facts`] at the default month, in account order.
pub fn discover(data: &Dataset, facts: &[AccountFacts]) -> Discovery {
    let accounts: Vec<&Account> = data.accounts().iter().map(|s| &s.account).collect();
    let mut base = Agg::default();
    for f in facts {
        base.add(f);
    }
    let base = base.figures();
    let mut attributes = vec![
        categorical("industry", "industry", &accounts, facts, |a| {
            a.industry.as_deref()
        }),
        categorical("country", "country", &accounts, facts, |a| {
            a.country.as_deref()
        }),
        categorical("region", "region", &accounts, facts, |a| {
            a.region.as_deref()
        }),
        categorical("plan", "plan", &accounts, facts, |a| a.plan.as_deref()),
        categorical("tier", "tier", &accounts, facts, |a| a.tier.as_deref()),
    ];
    // Custom fields with at most 50 distinct values (ignoring case).
    let mut distinct: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for a in &accounts {
        for (k, v) in &a.custom {
            let set = distinct.entry(k.as_str()).or_default();
            if set.len() <= MAX_CUSTOM_VALUES && !v.trim().is_empty() {
                set.insert(v.trim().to_lowercase());
            }
        }
    }
    for (key, values) in &distinct {
        if !values.is_empty() && values.len() <= MAX_CUSTOM_VALUES {
            let field = format!("custom.{key}");
            attributes.push(categorical(key, &field, &accounts, facts, |a| {
                a.custom.get(*key).map(String::as_str)
            }));
        }
    }
    attributes.push(employees(&accounts, facts));
    if let Some(g) = starting_mrr(facts) {
        attributes.push(g);
    }

    let lift = |v: Option<f64>, b: Option<f64>| match (v, b) {
        (Some(v), Some(b)) if b != 0.0 => Some(v / b),
        _ => None,
    };
    let money_f = |m: Option<Money>| m.map(|m| m.cents() as f64);
    let mut rows = Vec::new();
    for attr in attributes {
        for (value, mut criterion, agg) in attr.groups {
            let fig = agg.figures();
            let too_few = fig.accounts < TOO_FEW;
            let retention_lift = lift(fig.retention, base.retention);
            let suggested = !too_few
                && matches!((fig.retention_low, base.retention), (Some(lo), Some(b)) if lo > b);
            criterion.weight = weight_of(retention_lift);
            rows.push(Row {
                attribute: attr.attribute.clone(),
                value,
                retention_lift,
                nrr_lift: lift(fig.nrr_12m, base.nrr_12m),
                lifetime_revenue_lift: lift(
                    money_f(fig.lifetime_revenue_mean),
                    money_f(base.lifetime_revenue_mean),
                ),
                health_lift: lift(fig.health_mean, base.health_mean),
                nps_lift: fig.nps.zip(base.nps).map(|(v, b)| v - b),
                onboard_days_lift: lift(fig.onboard_days_median, base.onboard_days_median),
                too_few,
                suggested,
                figures: fig,
                criterion,
            });
        }
    }
    Discovery { base, rows }
}

/// A profile made of the suggested values: one criterion per field (the
/// values of a categorical field together as "one of", numeric buckets
/// merged into one range), each weighted by its best lift.
pub fn profile_from_suggestions(name: &str, discovery: &Discovery) -> Profile {
    let mut profile = Profile::new(name);
    for row in discovery.suggestions() {
        let c = &row.criterion;
        let same = profile.criteria.iter_mut().find(|x| x.field == c.field);
        match same {
            None => profile.criteria.push(c.clone()),
            Some(existing) => {
                existing.weight = existing.weight.max(c.weight);
                match (&mut existing.condition, &c.condition) {
                    (Condition::OneOf { values }, Condition::OneOf { values: more }) => {
                        values.extend(more.iter().cloned());
                    }
                    (
                        Condition::Range { min, max },
                        Condition::Range {
                            min: min2,
                            max: max2,
                        },
                    ) => {
                        *min = match (*min, *min2) {
                            (Some(a), Some(b)) => Some(a.min(b)),
                            _ => None,
                        };
                        *max = match (*max, *max2) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            _ => None,
                        };
                    }
                    _ => profile.criteria.push(c.clone()),
                }
            }
        }
    }
    profile
}
