//! Figures for purchases (revenue.md): revenue, purchasing customers,
//! orders, average order value, repeat-customer rate, returning revenue,
//! purchase frequency and lapsed customers, for a period and a segment.
//!
//! A purchase counts once, on its date, net of refunds (fully refunded,
//! failed and void ones not at all), converted to the reporting currency
//! at its month's rate. Money figures are `None` with the missing rate
//! named when a purchase needs a rate nobody gave.

use super::dataset::{Dataset, PerAccount};
use super::fx::{MissingRate, Rates, Sum};
use super::{MetricsError, Period, Query};
use crate::domain::{Date, Money, Month};
use crate::store::{PurchaseFact, Store};
use serde::{Serialize, Serializer};

/// A customer is lapsed when their last purchase is more than this many
/// times their median gap between purchases before the period's end.
pub const LAPSE_FACTOR_SETTING: &str = "lapse_factor";
/// …or, for one-time buyers, more than this many days.
pub const LAPSE_DAYS_SETTING: &str = "lapse_days";
pub const DEFAULT_LAPSE_FACTOR: f64 = 3.0;
pub const DEFAULT_LAPSE_DAYS: i32 = 180;

/// The JSON keys, in the order the dashboard shows them.
pub const KEYS: [&str; 8] = [
    "revenue",
    "purchasing_customers",
    "orders",
    "average_order_value",
    "repeat_customer_rate",
    "returning_revenue",
    "purchase_frequency",
    "lapsed_customers",
];

#[derive(Debug, Clone, Copy)]
pub(crate) struct PurchaseRow {
    pub day: i32,
    pub net: i64,
    /// Index into [`Purchases::currencies`]; 0 is the reporting currency.
    pub cur: u16,
}

/// Every counting purchase, grouped by account index (date order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Purchases {
    pub rows: Option<PerAccount<PurchaseRow>>,
    /// Currency codes by index; `""` (index 0) is the reporting currency.
    pub currencies: Vec<String>,
    pub rates: Rates,
    pub lapse_factor: f64,
    pub lapse_days: i32,
    /// Latest purchase day (`None` without purchases).
    pub latest_day: Option<i32>,
}

impl Purchases {
    pub fn load(store: &Store, data: &Dataset) -> Result<Purchases, MetricsError> {
        let facts = store.purchase_facts()?;
        let settings = store.settings();
        let lapse_factor = settings
            .get(LAPSE_FACTOR_SETTING)?
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(DEFAULT_LAPSE_FACTOR);
        let lapse_days = settings
            .get(LAPSE_DAYS_SETTING)?
            .and_then(|v| v.trim().parse::<i32>().ok())
            .filter(|v| *v > 0)
            .unwrap_or(DEFAULT_LAPSE_DAYS);
        let rates = super::fx::load_rates(store, &data.currency)?;
        Ok(Self::build(data, facts, rates, lapse_factor, lapse_days))
    }

    pub(crate) fn build(
        data: &Dataset,
        facts: Vec<PurchaseFact>,
        rates: Rates,
        lapse_factor: f64,
        lapse_days: i32,
    ) -> Purchases {
        let mut currencies = vec![String::new()];
        let mut latest_day = None;
        let mut keyed = Vec::with_capacity(facts.len());
        for f in facts {
            let code = f
                .currency
                .map(|c| c.to_ascii_uppercase())
                .filter(|c| *c != rates.reporting)
                .unwrap_or_default();
            let cur = match currencies.iter().position(|c| *c == code) {
                Some(i) => i,
                None => {
                    currencies.push(code);
                    currencies.len() - 1
                }
            };
            latest_day = latest_day.max(Some(f.day));
            keyed.push((
                f.account_id,
                PurchaseRow {
                    day: f.day,
                    net: f.net_cents,
                    cur: u16::try_from(cur).unwrap_or(u16::MAX),
                },
            ));
        }
        let rows = (!keyed.is_empty()).then(|| {
            let idx = |id: i64| data.index_of(id).map(|i| i as u32);
            PerAccount::build(data.accounts.len(), keyed, &idx, |r: &PurchaseRow| r.day)
        });
        Purchases {
            rows,
            currencies,
            rates,
            lapse_factor,
            lapse_days,
            latest_day,
        }
    }

    fn rate(&self, row: &PurchaseRow) -> Result<i128, MissingRate> {
        let code = self
            .currencies
            .get(row.cur as usize)
            .map(String::as_str)
            .filter(|c| !c.is_empty());
        self.rates
            .rate(code, Date::from_days(row.day).month().index())
    }

    /// The figures over the accounts `sel` (indices) for `period`.
    pub fn figures(&self, sel: &[u32], period: Period) -> PurchaseFigures {
        let first = period.from.first_day().days();
        let last = period.to.last_day().days();
        let mut out = PurchaseFigures::default();
        let (mut revenue, mut returning) = (Sum::default(), Sum::default());
        let mut repeaters = 0u64;
        let mut gaps: Vec<i32> = Vec::new();
        if let Some(rows) = &self.rows {
            for &a in sel {
                let list = rows.of(a as usize);
                let upto = list.partition_point(|r| r.day <= last);
                let before = list.partition_point(|r| r.day < first);
                let (earlier, within) = (&list[..before], &list[before..upto]);
                if !within.is_empty() {
                    out.purchasing_customers += 1;
                    out.orders += within.len() as u64;
                    let mut s = Sum::default();
                    for r in within {
                        s.add(r.net, self.rate(r));
                    }
                    revenue.merge(&s);
                    if !earlier.is_empty() {
                        repeaters += 1;
                        returning.merge(&s);
                    }
                }
                if upto > 0 && self.is_lapsed(&list[..upto], last, &mut gaps) {
                    out.lapsed_customers += 1;
                }
            }
        }
        out.repeat_customers = repeaters;
        out.revenue = revenue.money();
        out.returning_revenue = returning.money();
        out.average_order_value = revenue.mean(out.orders);
        let n = out.purchasing_customers as f64;
        out.repeat_customer_rate = (n > 0.0).then(|| repeaters as f64 / n);
        out.purchase_frequency = (n > 0.0).then(|| out.orders as f64 / n);
        out
    }

    /// Whether a customer whose purchases up to `end` are `list` has lapsed
    /// by `end` (same-day purchases are one visit).
    fn is_lapsed(&self, list: &[PurchaseRow], end: i32, gaps: &mut Vec<i32>) -> bool {
        let Some(last) = list.last().map(|r| r.day) else {
            return false;
        };
        gaps.clear();
        gaps.extend(
            list.windows(2)
                .map(|w| w[1].day - w[0].day)
                .filter(|&g| g > 0),
        );
        let since = f64::from(end - last);
        if gaps.is_empty() {
            return since > f64::from(self.lapse_days);
        }
        gaps.sort_unstable();
        let mid = gaps.len() / 2;
        let median = if gaps.len() % 2 == 1 {
            f64::from(gaps[mid])
        } else {
            (f64::from(gaps[mid - 1]) + f64::from(gaps[mid])) / 2.0
        };
        since > self.lapse_factor * median
    }

    /// Revenue and returning revenue per month of `from..=to` over `sel`
    /// (the dashboard's chart). A month's returning revenue is that of
    /// customers who had bought before the month.
    pub fn series(&self, sel: &[u32], from: Month, to: Month) -> Vec<RevenuePoint> {
        let (m1, m2) = (from.index(), to.index());
        let n = usize::try_from(m2 - m1 + 1).unwrap_or(0);
        let mut all: Vec<Sum> = vec![Sum::default(); n];
        let mut ret: Vec<Sum> = vec![Sum::default(); n];
        let mut customers = vec![0u64; n];
        if let Some(rows) = &self.rows {
            for &a in sel {
                let list = rows.of(a as usize);
                let Some(first_day) = list.first().map(|r| r.day) else {
                    continue;
                };
                let mut last_month = i32::MIN;
                for r in list {
                    let m = Date::from_days(r.day).month();
                    let i = m.index() - m1;
                    let Some(slot) = usize::try_from(i).ok().filter(|&i| i < n) else {
                        continue;
                    };
                    let rate = self.rate(r);
                    all[slot].add(r.net, rate.clone());
                    if first_day < m.first_day().days() {
                        ret[slot].add(r.net, rate);
                    }
                    if m.index() != last_month {
                        customers[slot] += 1;
                        last_month = m.index();
                    }
                }
            }
        }
        (0..n)
            .map(|i| RevenuePoint {
                month: Month::from_index(m1 + i as i32),
                revenue: all[i].money().ok(),
                returning_revenue: ret[i].money().ok(),
                purchasing_customers: customers[i],
            })
            .collect()
    }
}

/// One currency's purchases of an account (its page's totals line):
/// how many count, their net and what was refunded, in that currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyTotal {
    /// Upper-case ISO code (the reporting one for purchases naming none).
    pub currency: String,
    pub purchases: u64,
    pub net: Money,
    pub refunded: Money,
}

/// Totals of `list` per currency, the reporting currency first, without
/// conversion (each amount stays in the currency it was paid in).
pub fn totals_by_currency(list: &[crate::domain::Purchase], reporting: &str) -> Vec<CurrencyTotal> {
    let mut out: Vec<CurrencyTotal> = Vec::new();
    for p in list {
        let net = p.net();
        let counts = net.cents() > 0;
        let code = p
            .currency
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(reporting)
            .to_ascii_uppercase();
        let slot = match out.iter().position(|t| t.currency == code) {
            Some(i) => i,
            None => {
                out.push(CurrencyTotal {
                    currency: code,
                    purchases: 0,
                    net: Money::ZERO,
                    refunded: Money::ZERO,
                });
                out.len() - 1
            }
        };
        let t = &mut out[slot];
        if p.is_paid() {
            t.refunded = Money(t.refunded.0 + p.refunded.map_or(0, |r| r.0));
        }
        if counts {
            t.purchases += 1;
            t.net = Money(t.net.0 + net.0);
        }
    }
    out.sort_by_key(|t| {
        (
            !t.currency.eq_ignore_ascii_case(reporting),
            t.currency.clone(),
        )
    });
    out
}

/// One month of the revenue chart (`None`: a rate is missing).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RevenuePoint {
    pub month: Month,
    pub revenue: Option<Money>,
    pub returning_revenue: Option<Money>,
    pub purchasing_customers: u64,
}

fn opt_money<S: Serializer>(m: &Result<Money, MissingRate>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Ok(m) => s.serialize_f64(m.as_units_f64()),
        Err(_) => s.serialize_none(),
    }
}

fn opt_money_plain<S: Serializer>(m: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
    match m {
        Some(m) => s.serialize_f64(m.as_units_f64()),
        None => s.serialize_none(),
    }
}

/// The purchase keys of `metrics --json` (revenue.md), in currency units
/// of the reporting currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurchaseFigures {
    #[serde(serialize_with = "opt_money")]
    pub revenue: Result<Money, MissingRate>,
    pub purchasing_customers: u64,
    pub orders: u64,
    #[serde(serialize_with = "opt_money_ok")]
    pub average_order_value: Result<Option<Money>, MissingRate>,
    pub repeat_customer_rate: Option<f64>,
    #[serde(serialize_with = "opt_money")]
    pub returning_revenue: Result<Money, MissingRate>,
    pub purchase_frequency: Option<f64>,
    pub lapsed_customers: u64,
    /// Purchasing customers who had bought before the period.
    #[serde(skip)]
    pub repeat_customers: u64,
}

fn opt_money_ok<S: Serializer>(
    m: &Result<Option<Money>, MissingRate>,
    s: S,
) -> Result<S::Ok, S::Error> {
    opt_money_plain(&m.clone().ok().flatten(), s)
}

impl Default for PurchaseFigures {
    fn default() -> Self {
        PurchaseFigures {
            revenue: Ok(Money::ZERO),
            purchasing_customers: 0,
            orders: 0,
            average_order_value: Ok(None),
            repeat_customer_rate: None,
            returning_revenue: Ok(Money::ZERO),
            purchase_frequency: None,
            lapsed_customers: 0,
            repeat_customers: 0,
        }
    }
}

impl PurchaseFigures {
    /// Why a figure is `null`, by its JSON key (`None` when it has a value).
    pub fn why_undefined(&self, key: &str) -> Option<String> {
        let missing = |r: &Result<Money, MissingRate>| r.as_ref().err().map(MissingRate::sentence);
        match key {
            "revenue" => missing(&self.revenue),
            "returning_revenue" => missing(&self.returning_revenue),
            "average_order_value" => match &self.average_order_value {
                Err(m) => Some(m.sentence()),
                Ok(None) => Some("no purchases in the period".into()),
                Ok(Some(_)) => None,
            },
            "repeat_customer_rate" | "purchase_frequency" if self.purchasing_customers == 0 => {
                Some("no purchases in the period".into())
            }
            _ => None,
        }
    }
}

/// Loads the purchases into `data`; without subscriptions or MRR, the
/// default month becomes the latest month with a purchase when that is
/// later (never after today).
pub(crate) fn attach(store: &Store, data: &mut Dataset) -> Result<(), MetricsError> {
    data.purchases = Purchases::load(store, data)?;
    if !data.has_revenue
        && let Some(day) = data.purchases.latest_day
    {
        let today = Date::today().month();
        let latest = Date::from_days(day).month().min(today);
        let other = data.span.map(|(_, b)| b.min(today));
        data.default_month = match other {
            Some(b) => b.max(latest),
            None => latest,
        };
    }
    Ok(())
}

impl Dataset {
    /// Whether the database has any purchase that brings money in.
    pub fn has_purchases(&self) -> bool {
        self.purchases.latest_day.is_some()
    }

    /// The purchase figures of a query (also inside [`Dataset::report`]).
    pub fn purchase_figures(&self, query: &Query) -> Result<PurchaseFigures, MetricsError> {
        let sel = self.select(query)?;
        Ok(self.purchases.figures(&sel, query.period))
    }

    /// Monthly revenue and returning revenue from purchases, `from..=to`.
    pub fn revenue_series(&self, query: &Query) -> Result<Vec<RevenuePoint>, MetricsError> {
        let sel = self.select(query)?;
        Ok(self
            .purchases
            .series(&sel, query.period.from, query.period.to))
    }
}
