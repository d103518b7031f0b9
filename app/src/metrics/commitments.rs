//! Trial conversion and committed MRR (revenue.md), from each
//! subscription's terms (domain/subscription_terms.rs):
//!
//! - `trial_conversion_rate` = trials that reached a paid month ÷ trials
//!   that ended in P (a trial ends in P when its `trial_end` is a day of P);
//! - `committed_mrr` = MRR of P's last month minus that month's MRR of the
//!   subscriptions whose `cancel_at` falls in the three months after it.
//!
//! Like purchases, read from SQLite beside the metrics snapshot.

use super::dataset::{Dataset, PerAccount};
use super::{MetricsError, Period};
use crate::domain::{Money, SubscriptionTerms};
use crate::store::Store;
use serde::{Serialize, Serializer};

/// How far ahead a scheduled cancellation is taken off committed MRR.
pub const COMMITTED_MONTHS: i32 = 3;

/// The JSON keys (cli.md's `metrics --json` gains them).
pub const KEYS: [&str; 2] = ["trial_conversion_rate", "committed_mrr"];

/// Every subscription's terms, grouped by account index (start order).
#[derive(Debug, Clone, Default)]
pub(crate) struct Subscriptions {
    pub rows: Option<PerAccount<SubscriptionTerms>>,
}

impl Subscriptions {
    pub fn load(store: &Store, data: &Dataset) -> Result<Subscriptions, MetricsError> {
        Ok(Self::build(data, store.subscription_terms()?))
    }

    pub(crate) fn build(data: &Dataset, terms: Vec<(i64, SubscriptionTerms)>) -> Subscriptions {
        let rows = (!terms.is_empty()).then(|| {
            let idx = |id: i64| data.index_of(id).map(|i| i as u32);
            PerAccount::build(data.accounts.len(), terms, &idx, |t: &SubscriptionTerms| {
                t.start
            })
        });
        Subscriptions { rows }
    }

    fn of(&self, a: usize) -> &[SubscriptionTerms] {
        self.rows.as_ref().map_or(&[], |r| r.of(a))
    }

    /// Whether account `a` has a trial that ended in `period`.
    pub fn trial_ended(&self, a: usize, period: Period) -> bool {
        self.of(a).iter().any(|t| ended_in(t, period))
    }

    /// Whether account `a` has MRR at the period's end that a scheduled
    /// cancellation of the next three months takes away.
    pub fn cancelling(&self, a: usize, period: Period) -> bool {
        self.of(a)
            .iter()
            .any(|t| cancels_soon(t, period) && t.mrr_in(period.to).cents() > 0)
    }

    /// The figures over the accounts `sel` for `period`; `mrr` is the
    /// selection's MRR in the period's last month (all sources).
    pub fn figures(&self, sel: &[u32], period: Period, mrr: Money) -> CommitmentFigures {
        let mut out = CommitmentFigures {
            committed_mrr: mrr,
            ..CommitmentFigures::default()
        };
        let mut cancelling = 0i64;
        if let Some(rows) = &self.rows {
            for &a in sel {
                for t in rows.of(a as usize) {
                    if ended_in(t, period) {
                        out.trials_ended += 1;
                        if t.converted() {
                            out.trials_converted += 1;
                        }
                    }
                    if cancels_soon(t, period) {
                        cancelling += t.mrr_in(period.to).cents();
                    }
                }
            }
        }
        out.cancelling_mrr = Money::from_cents(cancelling);
        out.committed_mrr = Money::from_cents(mrr.cents() - cancelling);
        out.trial_conversion_rate =
            (out.trials_ended > 0).then(|| out.trials_converted as f64 / out.trials_ended as f64);
        out
    }
}

/// A trial whose last day is in the period.
fn ended_in(t: &SubscriptionTerms, period: Period) -> bool {
    let (first, last) = (period.from.first_day(), period.to.last_day());
    t.has_trial() && t.trial_end.is_some_and(|d| d >= first && d <= last)
}

/// A cancellation in the three months after the period.
pub(crate) fn cancels_soon(t: &SubscriptionTerms, period: Period) -> bool {
    let last = period.to.last_day();
    let horizon_end = period.to.plus(COMMITTED_MONTHS).last_day();
    t.cancel_at.is_some_and(|c| c > last && c <= horizon_end)
}

fn money_units<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(m.as_units_f64())
}

/// The two keys of `metrics --json`, and the counts behind them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CommitmentFigures {
    pub trial_conversion_rate: Option<f64>,
    #[serde(serialize_with = "money_units")]
    pub committed_mrr: Money,
    /// Trials whose `trial_end` is in the period.
    #[serde(skip)]
    pub trials_ended: u64,
    #[serde(skip)]
    pub trials_converted: u64,
    /// MRR of the last month that a scheduled cancellation takes away.
    #[serde(skip)]
    pub cancelling_mrr: Money,
}

impl CommitmentFigures {
    pub fn why_undefined(&self, key: &str) -> Option<String> {
        (key == "trial_conversion_rate" && self.trials_ended == 0)
            .then(|| "no trial ended in the period".to_string())
    }
}

impl Dataset {
    /// Whether any subscription has a trial (its card shows then).
    pub fn has_trials(&self) -> bool {
        self.subscriptions
            .rows
            .as_ref()
            .is_some_and(|r| r.rows.iter().any(SubscriptionTerms::has_trial))
    }

    /// Whether any subscription has a scheduled cancellation.
    pub fn has_scheduled_cancellations(&self) -> bool {
        self.subscriptions
            .rows
            .as_ref()
            .is_some_and(|r| r.rows.iter().any(|t| t.cancel_at.is_some()))
    }
}

/// Loads the subscriptions' terms into `data`.
pub(crate) fn attach(store: &Store, data: &mut Dataset) -> Result<(), MetricsError> {
    data.subscriptions = Subscriptions::load(store, data)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Date, Month};

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn terms(start: &str, cents: i64) -> SubscriptionTerms {
        SubscriptionTerms {
            start: day(start),
            end: None,
            amount: Money::from_cents(cents),
            period_months: 1,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
        }
    }

    fn book(list: Vec<SubscriptionTerms>) -> Subscriptions {
        let n = list.len();
        let mut off = vec![0u32];
        off.extend((1..=n).map(|i| i as u32));
        Subscriptions {
            rows: Some(PerAccount { off, rows: list }),
        }
    }

    fn period(from: &str, to: &str) -> Period {
        Period {
            from: month(from),
            to: month(to),
        }
    }

    #[test]
    fn trial_conversion_counts_trials_ending_in_the_period() {
        // Four accounts, one subscription each:
        // 0: trial to 10 Mar, runs on → converted in March;
        // 1: trial to 20 Mar, ended 25 Mar (before March's last day) → not;
        // 2: trial to 5 Apr → ends in April, outside a March period;
        // 3: no trial.
        let b = book(vec![
            SubscriptionTerms {
                trial_end: Some(day("2025-03-10")),
                ..terms("2025-02-10", 5_000)
            },
            SubscriptionTerms {
                trial_end: Some(day("2025-03-20")),
                end: Some(day("2025-03-25")),
                ..terms("2025-03-06", 5_000)
            },
            SubscriptionTerms {
                trial_end: Some(day("2025-04-05")),
                ..terms("2025-03-06", 5_000)
            },
            terms("2025-01-01", 5_000),
        ]);
        let all = [0, 1, 2, 3];
        let march = b.figures(&all, period("2025-03", "2025-03"), Money::ZERO);
        assert_eq!((march.trials_ended, march.trials_converted), (2, 1));
        assert_eq!(march.trial_conversion_rate, Some(0.5));
        // March–April: the April trial counts too and converted: 2 of 3.
        let q = b.figures(&all, period("2025-03", "2025-04"), Money::ZERO);
        assert_eq!((q.trials_ended, q.trials_converted), (3, 2));
        // February: none ended, so undefined with its reason.
        let feb = b.figures(&all, period("2025-02", "2025-02"), Money::ZERO);
        assert_eq!(feb.trial_conversion_rate, None);
        assert_eq!(
            feb.why_undefined("trial_conversion_rate").as_deref(),
            Some("no trial ended in the period")
        );
        // A segment of account 0 alone: 1 of 1.
        let one = b.figures(&[0], period("2025-03", "2025-03"), Money::ZERO);
        assert_eq!(one.trial_conversion_rate, Some(1.0));
    }

    #[test]
    fn committed_mrr_takes_off_cancellations_of_the_next_three_months() {
        // Period ends March 2025, whose MRR is 300.00: three of these four
        // subscriptions of 100.00 run at its end. Cancellations: 1 Apr (next month,
        // counted), 30 Jun (third month, counted), 1 Jul (fourth, not),
        // 15 Mar (already no MRR in March: nothing to take off).
        let b = book(vec![
            SubscriptionTerms {
                cancel_at: Some(day("2025-04-01")),
                ..terms("2025-01-01", 10_000)
            },
            SubscriptionTerms {
                cancel_at: Some(day("2025-06-30")),
                ..terms("2025-01-01", 10_000)
            },
            SubscriptionTerms {
                cancel_at: Some(day("2025-07-01")),
                ..terms("2025-01-01", 10_000)
            },
            SubscriptionTerms {
                cancel_at: Some(day("2025-03-15")),
                ..terms("2025-01-01", 10_000)
            },
        ]);
        let f = b.figures(
            &[0, 1, 2, 3],
            period("2025-03", "2025-03"),
            Money::from_cents(30_000),
        );
        assert_eq!(f.cancelling_mrr, Money::from_cents(20_000));
        assert_eq!(f.committed_mrr, Money::from_cents(10_000));
    }
}
