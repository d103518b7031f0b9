//! ICP profiles and their criteria: the data model, its validation, and the
//! one-line criterion syntax of the command line.

use super::IcpError;
use crate::store::queries::ACCOUNT_FIELDS;
use serde::{Deserialize, Serialize};

/// An ideal customer profile: a name and weighted criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Row id in `icp_profile` (`None` before the first save).
    #[serde(skip)]
    pub id: Option<i64>,
    pub name: String,
    pub primary: bool,
    pub criteria: Vec<Criterion>,
}

impl Profile {
    pub fn new(name: &str) -> Profile {
        Profile {
            id: None,
            name: name.trim().to_string(),
            primary: false,
            criteria: Vec::new(),
        }
    }

    /// Σ of the weights (the fit score's denominator).
    pub fn total_weight(&self) -> u32 {
        self.criteria.iter().map(|c| u32::from(c.weight)).sum()
    }

    /// Checks the name and every criterion; the message names what to fix.
    pub fn validate(&self) -> Result<(), IcpError> {
        if self.name.trim().is_empty() {
            return Err(IcpError::Invalid(
                "an ICP profile needs a name; give one, for example \"Core market\".".into(),
            ));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            c.validate()
                .map_err(|why| IcpError::Invalid(format!("criterion {} ({}): {why}", i + 1, c)))?;
        }
        Ok(())
    }
}

/// One criterion: a field, a condition on it and a weight (1–10 points).
/// JSON: `{field, condition, values|min|max|text, weight}` (cli.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub field: String,
    #[serde(flatten)]
    pub condition: Condition,
    pub weight: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "condition", rename_all = "snake_case")]
pub enum Condition {
    /// The value equals one of these (trimmed, ignoring case).
    OneOf { values: Vec<String> },
    /// The value is a number within `[min, max]` (either end may be open).
    /// Money fields are in currency units.
    Range { min: Option<f64>, max: Option<f64> },
    /// The value contains this text (ignoring case).
    Contains { text: String },
}

impl Criterion {
    fn validate(&self) -> Result<(), String> {
        if self.field.trim().is_empty() {
            return Err("the field is empty; name an account field such as industry".into());
        }
        if !(1..=10).contains(&self.weight) {
            return Err(format!(
                "the weight is {}; use a whole number from 1 to 10",
                self.weight
            ));
        }
        match &self.condition {
            Condition::OneOf { values } => {
                if values.iter().all(|v| v.trim().is_empty()) {
                    return Err("\"one of\" needs at least one value".into());
                }
            }
            Condition::Range { min, max } => {
                if min.is_none() && max.is_none() {
                    return Err("a range needs a minimum, a maximum or both".into());
                }
                if [min, max].iter().any(|v| v.is_some_and(|v| !v.is_finite())) {
                    return Err("a range bound is not a number".into());
                }
                if let (Some(a), Some(b)) = (min, max)
                    && a > b
                {
                    return Err(format!(
                        "the minimum {a} is above the maximum {b}; swap them"
                    ));
                }
            }
            Condition::Contains { text } => {
                if text.trim().is_empty() {
                    return Err("\"contains\" needs some text".into());
                }
            }
        }
        Ok(())
    }

    /// Parses the command line's form `FIELD in A,B[:W]`,
    /// `FIELD between MIN..MAX[:W]` (either end may be left out) or
    /// `FIELD contains TEXT[:W]`; the weight defaults to 5.
    pub fn parse(text: &str) -> Result<Criterion, IcpError> {
        let bad = |why: &str| {
            IcpError::Invalid(format!(
                "`{text}` is not a criterion: {why}. Write it as `industry in Software,Fintech:8`, `employees between 50..999:5` or `name contains Tech:2`."
            ))
        };
        let (body, weight) = match text.rsplit_once(':') {
            Some((b, w))
                if !w.trim().is_empty() && w.trim().chars().all(|c| c.is_ascii_digit()) =>
            {
                let w: u8 = w
                    .trim()
                    .parse()
                    .map_err(|_| bad("the weight is too large"))?;
                (b, w)
            }
            _ => (text, 5),
        };
        let body = body.trim();
        let (field, rest) = body
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad("it has no condition"))?;
        let rest = rest.trim_start();
        let (op, arg) = rest
            .split_once(char::is_whitespace)
            .map(|(o, a)| (o, a.trim()))
            .unwrap_or((rest, ""));
        let condition = match op.to_ascii_lowercase().as_str() {
            "in" => Condition::OneOf {
                values: arg
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect(),
            },
            "between" => {
                let (lo, hi) = arg
                    .split_once("..")
                    .ok_or_else(|| bad("a range is written MIN..MAX"))?;
                let num = |s: &str| -> Result<Option<f64>, IcpError> {
                    let s = s.trim();
                    if s.is_empty() {
                        return Ok(None);
                    }
                    s.parse::<f64>()
                        .map(Some)
                        .map_err(|_| bad(&format!("`{s}` is not a number")))
                };
                Condition::Range {
                    min: num(lo)?,
                    max: num(hi)?,
                }
            }
            "contains" => Condition::Contains {
                text: arg.to_string(),
            },
            other => {
                return Err(bad(&format!(
                    "`{other}` is not one of in, between, contains"
                )));
            }
        };
        let c = Criterion {
            field: canonical_field(field),
            condition,
            weight,
        };
        c.validate().map_err(|why| bad(&why))?;
        Ok(c)
    }
}

impl std::fmt::Display for Criterion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let num = |v: &Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        match &self.condition {
            Condition::OneOf { values } => write!(f, "{} in {}", self.field, values.join(",")),
            Condition::Range { min, max } => {
                write!(f, "{} between {}..{}", self.field, num(min), num(max))
            }
            Condition::Contains { text } => write!(f, "{} contains {text}", self.field),
        }?;
        write!(f, ":{}", self.weight)
    }
}

/// Fields computed from the records rather than stored on the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// MRR of the latest month with revenue data.
    Mrr,
    Arr,
    LifetimeRevenue,
    /// MRR in the account's first active month (discovery buckets it).
    StartingMrr,
    Health,
}

impl Derived {
    pub const ALL: [Derived; 5] = [
        Derived::Mrr,
        Derived::Arr,
        Derived::LifetimeRevenue,
        Derived::StartingMrr,
        Derived::Health,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Derived::Mrr => "mrr",
            Derived::Arr => "arr",
            Derived::LifetimeRevenue => "lifetime_revenue",
            Derived::StartingMrr => "starting_mrr",
            Derived::Health => "health",
        }
    }

    pub fn is_money(self) -> bool {
        !matches!(self, Derived::Health)
    }
}

/// What a criterion's field names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldRef {
    /// A canonical account field (`industry`, `employees`, …).
    Account(&'static str),
    /// A custom field, by its key.
    Custom(String),
    Derived(Derived),
}

impl FieldRef {
    pub fn parse(field: &str) -> FieldRef {
        let f = field.trim();
        if let Some(d) = Derived::ALL.into_iter().find(|d| d.name() == f) {
            return FieldRef::Derived(d);
        }
        if let Some(a) = ACCOUNT_FIELDS.iter().find(|a| **a == f) {
            return FieldRef::Account(a);
        }
        FieldRef::Custom(f.strip_prefix("custom.").unwrap_or(f).to_string())
    }
}

/// The stored spelling of a field: canonical and derived names as they
/// are, anything else as `custom.KEY`.
pub fn canonical_field(field: &str) -> String {
    match FieldRef::parse(field) {
        FieldRef::Account(a) => a.to_string(),
        FieldRef::Derived(d) => d.name().to_string(),
        FieldRef::Custom(k) => format!("custom.{k}"),
    }
}

/// The fields a criterion may use, for pickers: account fields, then
/// derived ones (custom fields are added by the caller from the data).
pub fn known_fields() -> Vec<String> {
    ACCOUNT_FIELDS
        .iter()
        .filter(|f| !matches!(**f, "external_id" | "name" | "domain"))
        .map(|f| f.to_string())
        .chain(Derived::ALL.iter().map(|d| d.name().to_string()))
        .collect()
}
