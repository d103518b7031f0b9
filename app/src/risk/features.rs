//! The features of the churn-risk model (risk.md, "Features"): which
//! columns exist for a database, and their values for one account at the
//! end of one month (history mode) or for one account as it stands
//! (snapshot mode).
//!
//! Leakage guard: the columns come from a fixed list of built-in features
//! plus typed custom fields; no built-in reads `churned_on`,
//! `churn_reason` or `status`, and custom fields whose name speaks of the
//! outcome or whose values are dates are left out ([`leaky_custom_field`]).

use crate::domain::{Date, Month, SurveyKind};
use crate::metrics::Dataset;
use crate::store::dataset_rows::{NONE_I32, NONE_I64};
use std::collections::{BTreeMap, HashMap};

/// Distinct values above which a custom text field is no category.
pub const MAX_CATEGORIES: usize = 30;

/// The built-in features of history mode, known at the end of month `m`.
pub const HISTORY_BUILTINS: [&str; 19] = [
    "usage",
    "adoption",
    "satisfaction",
    "support",
    "engagement",
    "revenue_trend",
    "usage_trend",
    "health_score",
    "tenure_months",
    "mrr",
    "mrr_change_3m",
    "open_tickets",
    "recent_tickets",
    "last_nps",
    "last_csat",
    "days_since_touch",
    "onboarded",
    "licenses",
    "employees",
];

/// The built-in features of snapshot mode: attributes only (an account's
/// activity after it left would tell the outcome).
pub const SNAPSHOT_BUILTINS: [&str; 4] = ["licenses", "employees", "monthly_fee", "onboarded"];

/// Account attributes used as categories.
pub const CATEGORY_FIELDS: [&str; 4] = ["plan", "tier", "industry", "country"];

/// Fields that tell the outcome itself: never a feature (risk.md).
pub const LEAKING_FIELDS: [&str; 3] = ["churned_on", "churn_reason", "status"];

/// Name fragments that mark a custom field as telling the outcome.
const LEAKY_WORDS: [&str; 9] = [
    "churn", "cancel", "status", "closed", "lost", "exit", "ended", "left", "motivo",
];

/// One column of the design matrix.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Column {
    /// A built-in number (one of [`HISTORY_BUILTINS`] / [`SNAPSHOT_BUILTINS`]).
    Builtin(String),
    /// A custom field whose values are numbers.
    Number(String),
    /// `field` (an attribute or `custom.KEY`) equals `value`; `None` is the
    /// pool of rare values.
    Category {
        field: String,
        value: Option<String>,
    },
}

impl Column {
    /// The stable name used in JSON and translated by the window:
    /// `usage`, `custom.seats`, `plan=Pro`, `custom.contract=(other)`.
    pub fn name(&self) -> String {
        match self {
            Column::Builtin(b) => b.clone(),
            Column::Number(f) => f.clone(),
            Column::Category { field, value } => {
                format!("{field}={}", value.as_deref().unwrap_or("(other)"))
            }
        }
    }
}

/// Whether a custom field must stay out of the model: its name speaks of
/// the outcome, or its values are dates (they may lie after the month).
pub fn leaky_custom_field(key: &str, values: &[&str]) -> bool {
    let k = key.to_lowercase();
    if LEAKING_FIELDS.iter().any(|f| k == *f) || LEAKY_WORDS.iter().any(|w| k.contains(w)) {
        return true;
    }
    !values.is_empty() && values.iter().all(|v| looks_like_date(v))
}

fn looks_like_date(v: &str) -> bool {
    let v = v.trim();
    if Date::parse_iso(v.get(..10).unwrap_or(v)).is_ok() {
        return true;
    }
    // dd/mm/yyyy or mm/dd/yyyy
    let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.iter().any(|p| p.len() == 4)
}

/// Reads a number written either way (1.234,56 or 1,234.56, a currency
/// sign or a percent sign around it), `comma` telling which mark is the
/// decimal one for the whole column.
pub fn parse_number(text: &str, comma: bool) -> Option<f64> {
    let t: String = text
        .trim()
        .trim_start_matches("R$")
        .trim_start_matches(['$', '€', '£'])
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return None;
    }
    let (dec, thou) = if comma { (',', '.') } else { ('.', ',') };
    let cleaned: String = t
        .chars()
        .filter(|c| *c != thou)
        .map(|c| if c == dec { '.' } else { c })
        .collect();
    if !cleaned.bytes().all(|b| {
        b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+' || b == b'e' || b == b'E'
    }) {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a column of number texts uses the decimal comma: some value has
/// a comma followed by other than exactly three digits, or a dot before a
/// comma.
fn decimal_comma(values: &[&str]) -> bool {
    values.iter().any(|v| {
        let v = v.trim();
        match v.rfind(',') {
            Some(p) => {
                let after = &v[p + 1..];
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                digits != 3 || v[..p].contains('.')
            }
            None => false,
        }
    })
}

/// How one custom field enters the model.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomKind {
    Number { comma: bool },
    Category { kept: Vec<String> },
}

/// Types every custom field from the values of the given accounts
/// (risk.md): numbers, categories of at most [`MAX_CATEGORIES`] values
/// (values held by fewer than `max(5, 1 %)` accounts pooled), the rest
/// left out, as are leaking fields.
pub fn type_custom_fields(data: &Dataset, rows: &[usize]) -> BTreeMap<String, CustomKind> {
    let mut values: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for &a in rows {
        if let Some(s) = data.accounts().get(a) {
            for (k, v) in &s.account.custom {
                if !v.trim().is_empty() {
                    values.entry(k.as_str()).or_default().push(v.as_str());
                }
            }
        }
    }
    let min_count = (rows.len() / 100).max(5);
    let mut out = BTreeMap::new();
    for (key, vals) in values {
        if leaky_custom_field(key, &vals) {
            continue;
        }
        let comma = decimal_comma(&vals);
        if vals.iter().all(|v| parse_number(v, comma).is_some()) {
            let distinct: std::collections::BTreeSet<&str> =
                vals.iter().map(|v| v.trim()).collect();
            // Few distinct numbers (a 0/1 flag, a 1–5 grade) still read as numbers.
            if distinct.len() > 1 {
                out.insert(key.to_string(), CustomKind::Number { comma });
            }
            continue;
        }
        let Some(kept) = levels(vals.iter().map(|v| v.trim().to_string()), min_count) else {
            continue;
        };
        out.insert(key.to_string(), CustomKind::Category { kept });
    }
    out
}

/// The kept values of an attribute category over the given accounts
/// (rare values pooled as for custom fields; more than
/// [`MAX_CATEGORIES`] distinct values: left out).
fn attribute_levels(data: &Dataset, rows: &[usize], field: &str) -> Option<Vec<String>> {
    let min_count = (rows.len() / 100).max(5);
    levels(
        rows.iter()
            .filter_map(|&a| data.field_value(a, field))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
        min_count,
    )
}

/// The values held by at least `min_count` accounts (compared without
/// case, shown as first written), sorted; `None` with more than
/// [`MAX_CATEGORIES`] distinct values or fewer than two.
fn levels(values: impl Iterator<Item = String>, min_count: usize) -> Option<Vec<String>> {
    let mut counts: HashMap<String, (usize, String)> = HashMap::new();
    for v in values {
        counts.entry(v.to_lowercase()).or_insert((0, v)).0 += 1;
    }
    if counts.len() > MAX_CATEGORIES || counts.len() < 2 {
        return None;
    }
    let mut kept: Vec<String> = counts
        .into_values()
        .filter(|(n, _)| *n >= min_count)
        .map(|(_, v)| v)
        .collect();
    kept.sort_by_key(|v| v.to_lowercase());
    Some(kept)
}

/// The columns for a database: the built-ins of the mode, then the
/// attribute and custom categories and numbers seen on `accounts`.
pub fn columns(data: &Dataset, accounts: &[usize], history: bool) -> Vec<Column> {
    let builtins: &[&str] = if history {
        &HISTORY_BUILTINS
    } else {
        &SNAPSHOT_BUILTINS
    };
    let mut cols: Vec<Column> = builtins
        .iter()
        .map(|b| Column::Builtin((*b).to_string()))
        .collect();
    let categories = |field: String, kept: &[String], cols: &mut Vec<Column>| {
        for v in kept {
            cols.push(Column::Category {
                field: field.clone(),
                value: Some(v.clone()),
            });
        }
        cols.push(Column::Category { field, value: None });
    };
    for field in CATEGORY_FIELDS {
        if let Some(kept) = attribute_levels(data, accounts, field) {
            categories(field.to_string(), &kept, &mut cols);
        }
    }
    for (key, kind) in type_custom_fields(data, accounts) {
        let field = format!("custom.{key}");
        match kind {
            CustomKind::Number { .. } => cols.push(Column::Number(field)),
            CustomKind::Category { kept } => categories(field, &kept, &mut cols),
        }
    }
    cols
}

/// Per-column facts the row builder needs, prepared once.
pub struct Extractor<'a> {
    data: &'a Dataset,
    cols: &'a [Column],
    /// For number columns: the decimal style of the custom field.
    comma: HashMap<String, bool>,
    /// For category columns: the kept values of each field.
    kept: HashMap<String, Vec<String>>,
    /// Columns that do not change with the month (custom fields, categories,
    /// size): read once per account, `fixed[a * k + j]`, since a history
    /// run builds a row for every account-month.
    is_fixed: Vec<bool>,
    fixed: Vec<f64>,
}

/// Whether a column's value is the same in every month.
fn month_free(c: &Column) -> bool {
    match c {
        Column::Number(_) | Column::Category { .. } => true,
        Column::Builtin(b) => matches!(b.as_str(), "licenses" | "employees" | "monthly_fee"),
    }
}

impl<'a> Extractor<'a> {
    pub fn new(data: &'a Dataset, cols: &'a [Column]) -> Extractor<'a> {
        let mut comma = HashMap::new();
        let mut kept: HashMap<String, Vec<String>> = HashMap::new();
        for c in cols {
            match c {
                Column::Number(f) => {
                    let key = f.strip_prefix("custom.").unwrap_or(f);
                    let vals: Vec<&str> = data
                        .accounts()
                        .iter()
                        .filter_map(|s| s.account.custom.get(key).map(String::as_str))
                        .collect();
                    comma.insert(f.clone(), decimal_comma(&vals));
                }
                Column::Category {
                    field,
                    value: Some(v),
                } => kept
                    .entry(field.clone())
                    .or_default()
                    .push(v.to_lowercase()),
                Column::Category { field, value: None } => {
                    kept.entry(field.clone()).or_default();
                }
                Column::Builtin(_) => {}
            }
        }
        let mut ex = Extractor {
            data,
            cols,
            comma,
            kept,
            is_fixed: cols.iter().map(month_free).collect(),
            fixed: Vec::new(),
        };
        let k = cols.len();
        let mut fixed = Vec::with_capacity(data.account_count() * k);
        for a in 0..data.account_count() {
            for (j, c) in cols.iter().enumerate() {
                fixed.push(if ex.is_fixed[j] {
                    ex.value(c, a, None)
                } else {
                    f64::NAN
                });
            }
        }
        ex.fixed = fixed;
        ex
    }

    /// The values of every column for account `a`, at the end of month `m`
    /// in history mode (`Some(m)`), or as the account stands (`None`).
    /// Missing numbers are NaN (filled with the training mean later).
    pub fn row(&self, a: usize, m: Option<i32>, out: &mut Vec<f64>) {
        out.clear();
        let k = self.cols.len();
        let facts = m
            .filter(|_| self.is_fixed.iter().any(|f| !f))
            .map(|m| MonthFacts::of(self.data, a, m));
        for (j, c) in self.cols.iter().enumerate() {
            out.push(if self.is_fixed[j] {
                self.fixed.get(a * k + j).copied().unwrap_or(f64::NAN)
            } else {
                self.value(c, a, facts.as_ref())
            });
        }
    }

    /// One column's value of account `a` (month facts for monthly columns).
    fn value(&self, c: &Column, a: usize, facts: Option<&MonthFacts>) -> f64 {
        match c {
            Column::Builtin(b) => self.builtin(b, a, facts),
            Column::Number(f) => {
                let comma = self.comma.get(f).copied().unwrap_or(false);
                self.data
                    .field_value(a, f)
                    .and_then(|t| parse_number(&t, comma))
                    .unwrap_or(f64::NAN)
            }
            Column::Category { field, value } => {
                let have = self
                    .data
                    .field_value(a, field)
                    .map(|v| v.trim().to_lowercase())
                    .filter(|v| !v.is_empty());
                match (have, value) {
                    (None, _) => 0.0,
                    (Some(h), Some(v)) => f64::from(u8::from(h.as_str() == v.to_lowercase())),
                    (Some(h), None) => {
                        let kept = self.kept.get(field).map_or(&[][..], Vec::as_slice);
                        f64::from(u8::from(!kept.contains(&h)))
                    }
                }
            }
        }
    }

    fn builtin(&self, name: &str, a: usize, f: Option<&MonthFacts>) -> f64 {
        let account = self.data.accounts().get(a).map(|s| &s.account);
        let nan = f64::NAN;
        let opt = |v: Option<f64>| v.unwrap_or(nan);
        match (name, f) {
            ("licenses", _) => opt(account
                .and_then(|x| x.licenses)
                .map(|l| (l.max(0) as f64).ln_1p())),
            ("employees", _) => opt(account
                .and_then(|x| x.employees)
                .map(|e| (e.max(0) as f64).ln_1p())),
            ("monthly_fee", _) => opt(account
                .and_then(|x| x.mrr)
                .map(|m| m.as_units_f64().max(0.0).ln_1p())),
            ("onboarded", None) => f64::from(u8::from(
                account.is_some_and(|x| x.onboarding_completed_on.is_some()),
            )),
            (_, Some(f)) => f.get(name),
            _ => nan,
        }
    }
}

/// What was known of an account at the end of month `m`.
struct MonthFacts {
    components: [Option<f64>; 6],
    usage_before: Option<f64>,
    score: Option<u8>,
    tenure: Option<f64>,
    mrr: f64,
    mrr_change: Option<f64>,
    open_tickets: f64,
    recent_tickets: f64,
    last_nps: Option<f64>,
    last_csat: Option<f64>,
    days_since_touch: Option<f64>,
    onboarded: bool,
}

impl MonthFacts {
    fn of(data: &Dataset, a: usize, m: i32) -> MonthFacts {
        let month = Month::from_index(m);
        let last_day = month.last_day().days();
        let end_secs = i64::from(month.plus(1).first_day().days()) * 86_400;
        let components = data.components_at(a, m);
        let usage_before = data.components_at(a, m - 3)[0];
        let now = data.mrr(a, m);
        let before = data.mrr(a, m - 3);
        let first = data.first_active(a);
        let tickets = data.tickets.of(a);
        let opened = tickets.partition_point(|t| t.opened < end_secs);
        let recent_from = end_secs - 90 * 86_400;
        let open_tickets = tickets[..opened]
            .iter()
            .filter(|t| t.resolved == NONE_I64 || t.resolved >= end_secs)
            .count() as f64;
        let recent_tickets = tickets[..opened]
            .iter()
            .filter(|t| t.opened >= recent_from)
            .count() as f64;
        let surveys = data.surveys.of(a);
        let upto = surveys.partition_point(|r| r.day <= last_day);
        let last_of = |kind: SurveyKind| {
            surveys[..upto]
                .iter()
                .rev()
                .find(|r| r.kind == kind)
                .map(|r| f64::from(r.score))
        };
        let acts = data.activities.of(a);
        let before_end = acts.partition_point(|r| r.day <= last_day);
        let days_since_touch = before_end
            .checked_sub(1)
            .and_then(|i| acts.get(i))
            .map(|r| f64::from(last_day - r.day).min(365.0));
        let onboarded = data
            .onboarded_day
            .get(a)
            .is_some_and(|&d| d != NONE_I32 && d <= last_day);
        MonthFacts {
            components,
            usage_before,
            score: data.cached_score(a, m),
            tenure: first.filter(|f| *f <= m).map(|f| f64::from(m - f)),
            mrr: (now.max(0) as f64 / 100.0).ln_1p(),
            mrr_change: (before > 0)
                .then(|| ((now - before) as f64 / before as f64).clamp(-1.0, 3.0)),
            open_tickets,
            recent_tickets,
            last_nps: last_of(SurveyKind::Nps),
            last_csat: last_of(SurveyKind::Csat),
            days_since_touch,
            onboarded,
        }
    }

    fn get(&self, name: &str) -> f64 {
        let nan = f64::NAN;
        let opt = |v: Option<f64>| v.unwrap_or(nan);
        let c = &self.components;
        match name {
            "usage" => opt(c[0]),
            "adoption" => opt(c[1]),
            "satisfaction" => opt(c[2]),
            "support" => opt(c[3]),
            "engagement" => opt(c[4]),
            "revenue_trend" => opt(c[5]),
            "usage_trend" => opt(c[0].zip(self.usage_before).map(|(n, b)| n - b)),
            "health_score" => opt(self.score.map(f64::from)),
            "tenure_months" => opt(self.tenure),
            "mrr" => self.mrr,
            "mrr_change_3m" => opt(self.mrr_change),
            "open_tickets" => self.open_tickets,
            "recent_tickets" => self.recent_tickets,
            "last_nps" => opt(self.last_nps),
            "last_csat" => opt(self.last_csat),
            "days_since_touch" => opt(self.days_since_touch),
            "onboarded" => f64::from(u8::from(self.onboarded)),
            _ => nan,
        }
    }
}
