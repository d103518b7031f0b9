//! Fit scores, tiers and their explanation (segments-and-workload.md):
//! fit = 100 × Σ weights met / Σ all weights, rounded half up; an empty
//! field is not met and is reported as "unknown".

use super::profile::{Condition, Criterion, Derived, FieldRef, Profile};
use crate::domain::Account;
use crate::metrics::AccountFacts;
use crate::store::queries;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Whether an account meets a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    /// The field is empty for this account (counts as not met).
    Unknown,
}

/// ICP tier of a fit score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    A,
    B,
    C,
    D,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::A, Tier::B, Tier::C, Tier::D];

    pub fn letter(self) -> char {
        match self {
            Tier::A => 'A',
            Tier::B => 'B',
            Tier::C => 'C',
            Tier::D => 'D',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
            Tier::D => "D",
        }
    }
}

/// Lowest fit of tiers A, B and C (a setting; D is below C).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierThresholds {
    pub a: u8,
    pub b: u8,
    pub c: u8,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds {
            a: 75,
            b: 50,
            c: 25,
        }
    }
}

impl TierThresholds {
    pub fn tier(&self, fit: u8) -> Tier {
        if fit >= self.a {
            Tier::A
        } else if fit >= self.b {
            Tier::B
        } else if fit >= self.c {
            Tier::C
        } else {
            Tier::D
        }
    }

    /// Parses `A,B,C` (e.g. `75,50,25`): descending, each 0–100.
    pub fn parse(text: &str) -> Option<TierThresholds> {
        let v: Vec<u8> = text
            .split(',')
            .map(|p| p.trim().parse::<u8>().ok())
            .collect::<Option<_>>()?;
        match v.as_slice() {
            [a, b, c] if *a <= 100 && a >= b && b >= c => Some(TierThresholds {
                a: *a,
                b: *b,
                c: *c,
            }),
            _ => None,
        }
    }

    pub fn to_setting(&self) -> String {
        format!("{},{},{}", self.a, self.b, self.c)
    }
}

/// One criterion's result for one account, with the value it looked at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionResult {
    pub criterion: Criterion,
    pub outcome: Outcome,
    /// The account's value as text (money in currency units), `None` when empty.
    pub value: Option<String>,
}

/// An account's fit with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub fit: u8,
    pub tier: Tier,
    pub results: Vec<CriterionResult>,
}

/// A field's value for one account (text borrowed where it can be:
/// scoring 100,000 accounts should not copy their strings).
enum Value<'a> {
    Missing,
    Text(Cow<'a, str>),
    Number(f64),
    /// Cents.
    Money(i64),
}

impl Value<'_> {
    fn text(&self) -> Option<String> {
        match self {
            Value::Missing => None,
            Value::Text(t) => Some(t.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Money(c) => Some(crate::domain::Money::from_cents(*c).to_string()),
        }
    }
}

/// A criterion prepared for evaluating many accounts.
struct Compiled {
    field: FieldRef,
    weight: u32,
    cond: Cond,
}

enum Cond {
    OneOf(Vec<String>),
    /// Bounds as numbers and as cents (for money fields).
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Contains(String),
}

fn compile(c: &Criterion) -> Compiled {
    Compiled {
        field: FieldRef::parse(&c.field),
        weight: u32::from(c.weight),
        cond: match &c.condition {
            Condition::OneOf { values } => Cond::OneOf(
                values
                    .iter()
                    .map(|v| v.trim().to_lowercase())
                    .filter(|v| !v.is_empty())
                    .collect(),
            ),
            Condition::Range { min, max } => Cond::Range {
                min: *min,
                max: *max,
            },
            Condition::Contains { text } => Cond::Contains(text.trim().to_lowercase()),
        },
    }
}

fn value_of<'a>(field: &FieldRef, a: &'a Account, f: &AccountFacts) -> Value<'a> {
    let text = |t: Option<&'a str>| match t.map(str::trim) {
        Some(t) if !t.is_empty() => Value::Text(Cow::Borrowed(t)),
        _ => Value::Missing,
    };
    let owned = |t: Option<String>| match t {
        Some(t) if !t.trim().is_empty() => Value::Text(Cow::Owned(t.trim().to_string())),
        _ => Value::Missing,
    };
    let money = |c: Option<i64>| c.map_or(Value::Missing, Value::Money);
    match field {
        FieldRef::Account("employees") => a
            .employees
            .map_or(Value::Missing, |e| Value::Number(e as f64)),
        FieldRef::Account("licenses") => a
            .licenses
            .map_or(Value::Missing, |e| Value::Number(e as f64)),
        FieldRef::Account("acquisition_cost") => money(a.acquisition_cost.map(|m| m.cents())),
        FieldRef::Account("mrr") => money(a.mrr.map(|m| m.cents())),
        FieldRef::Account(name) => match crate::store::queries::account_text(a, name) {
            Some(t) => text(t),
            None => owned(queries::account_field(a, name)),
        },
        FieldRef::Custom(key) => text(a.custom.get(key).map(String::as_str)),
        FieldRef::Derived(d) => match d {
            Derived::Mrr => money(f.mrr_now),
            Derived::Arr => money(f.mrr_now.map(|c| c * 12)),
            Derived::LifetimeRevenue => money(f.lifetime_revenue),
            Derived::StartingMrr => money(f.starting_mrr),
            Derived::Health => f
                .health
                .map_or(Value::Missing, |h| Value::Number(f64::from(h))),
        },
    }
}

/// A number typed by a person: `1234.5` or `1234,5`.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    t.parse::<f64>()
        .ok()
        .or_else(|| t.replace(',', ".").parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

fn evaluate(c: &Compiled, v: &Value) -> Outcome {
    let ok = |b: bool| if b { Outcome::Met } else { Outcome::NotMet };
    if matches!(v, Value::Missing) {
        return Outcome::Unknown;
    }
    match &c.cond {
        Cond::OneOf(values) => match v {
            Value::Text(t) => {
                // `values` are lower case already; ASCII text needs no copy.
                if t.is_ascii() {
                    ok(values.iter().any(|x| x.eq_ignore_ascii_case(t)))
                } else {
                    ok(values.contains(&t.to_lowercase()))
                }
            }
            Value::Number(n) => ok(values.iter().any(|x| number(x) == Some(*n))),
            Value::Money(cents) => ok(values
                .iter()
                .any(|x| number(x).is_some_and(|u| (u * 100.0).round() as i64 == *cents))),
            Value::Missing => Outcome::Unknown,
        },
        Cond::Range { min, max } => {
            let inside = |x: f64, scale: f64| {
                // Money bounds compare in whole cents, exactly.
                let b = |v: f64| (v * scale).round();
                min.is_none_or(|m| x >= b(m)) && max.is_none_or(|m| x <= b(m))
            };
            match v {
                Value::Number(n) => ok(inside(*n, 1.0)),
                Value::Money(cents) => ok(inside(*cents as f64, 100.0)),
                Value::Text(t) => ok(number(t).is_some_and(|n| inside(n, 1.0))),
                Value::Missing => Outcome::Unknown,
            }
        }
        Cond::Contains(needle) => ok(v
            .text()
            .is_some_and(|t| t.to_lowercase().contains(needle.as_str()))),
    }
}

/// 100 × met / total rounded half up, in integers; 0 for a profile without criteria.
fn score(met: u32, total: u32) -> u8 {
    if total == 0 {
        return 0;
    }
    ((200 * met + total) / (2 * total)).min(100) as u8
}

/// Fit scores of every account (`accounts[i]` with `facts[i]`), on two
/// threads.
pub fn fit_scores(profile: &Profile, accounts: &[&Account], facts: &[AccountFacts]) -> Vec<u8> {
    let compiled: Vec<Compiled> = profile.criteria.iter().map(compile).collect();
    let total: u32 = compiled.iter().map(|c| c.weight).sum();
    let n = accounts.len().min(facts.len());
    let part = |range: std::ops::Range<usize>| -> Vec<u8> {
        range
            .map(|i| {
                let (a, f) = (accounts[i], &facts[i]);
                let met: u32 = compiled
                    .iter()
                    .filter(|c| evaluate(c, &value_of(&c.field, a, f)) == Outcome::Met)
                    .map(|c| c.weight)
                    .sum();
                score(met, total)
            })
            .collect()
    };
    let half = n / 2;
    std::thread::scope(|scope| {
        let right = scope.spawn(|| part(half..n));
        let mut out = part(0..half);
        match right.join() {
            Ok(r) => out.extend(r),
            Err(_) => out.extend(part(half..n)),
        }
        out
    })
}

/// One account's fit, tier and the outcome of every criterion.
pub fn explain(
    profile: &Profile,
    thresholds: &TierThresholds,
    account: &Account,
    facts: &AccountFacts,
) -> Explanation {
    let mut met = 0u32;
    let results: Vec<CriterionResult> = profile
        .criteria
        .iter()
        .map(|c| {
            let k = compile(c);
            let v = value_of(&k.field, account, facts);
            let outcome = evaluate(&k, &v);
            if outcome == Outcome::Met {
                met += k.weight;
            }
            CriterionResult {
                criterion: c.clone(),
                outcome,
                value: v.text(),
            }
        })
        .collect();
    let fit = score(met, profile.total_weight());
    Explanation {
        fit,
        tier: thresholds.tier(fit),
        results,
    }
}
