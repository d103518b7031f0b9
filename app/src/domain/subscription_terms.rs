//! What one subscription brings to each month's MRR (data-model.md and
//! revenue.md), in one place: the metrics' month rows, the trial
//! conversion and committed MRR all read it from here.
//!
//! A month counts when its last day is on or after `start`, on or after
//! `trial_end` (the first paid day) and before both `end` (exclusive) and
//! `cancel_at` (the scheduled last day's next day: nothing from it on).
//! Its MRR is `(amount − discount) / months_in_period`, or
//! `amount × (100 − discount_percent) / 100 / months_in_period`, rounded
//! half up to the cent once.

use super::{Date, Money, Month, div_round_half_up};

/// A percent is kept to the millionth of a point: exact for any percent a
/// person or a billing export writes (two or three decimals at most).
const PERCENT_SCALE: i128 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubscriptionTerms {
    pub start: Date,
    pub end: Option<Date>,
    /// Price per billing period.
    pub amount: Money,
    /// Months in the billing period (1, 3, 6, 12).
    pub period_months: i32,
    pub trial_end: Option<Date>,
    pub discount: Option<Money>,
    pub discount_percent: Option<f64>,
    pub cancel_at: Option<Date>,
}

impl SubscriptionTerms {
    /// MRR in a month it covers: net of the discount, per month.
    pub fn monthly(&self) -> Money {
        let months = i128::from(self.period_months.max(1));
        let amount = i128::from(self.amount.cents());
        let cents = match (self.discount, self.discount_percent) {
            (Some(d), _) => div_round_half_up((amount - i128::from(d.cents())).max(0), months),
            (None, Some(p)) if p.is_finite() => {
                let off = ((p.clamp(0.0, 100.0) * PERCENT_SCALE as f64).round() as i128)
                    .clamp(0, 100 * PERCENT_SCALE);
                div_round_half_up(
                    amount * (100 * PERCENT_SCALE - off),
                    100 * PERCENT_SCALE * months,
                )
            }
            _ => div_round_half_up(amount, months),
        };
        Money::from_cents(i64::try_from(cents).unwrap_or(i64::MAX))
    }

    /// The first day that no longer counts: the earlier of `end` and
    /// `cancel_at`.
    pub fn stop(&self) -> Option<Date> {
        match (self.end, self.cancel_at) {
            (Some(e), Some(c)) => Some(e.min(c)),
            (e, c) => e.or(c),
        }
    }

    /// A trial: it ends after the subscription starts.
    pub fn has_trial(&self) -> bool {
        self.trial_end.is_some_and(|t| t > self.start)
    }

    /// The first day that may bring MRR (the later of start and trial end).
    fn paid_from(&self) -> Date {
        self.trial_end.map_or(self.start, |t| t.max(self.start))
    }

    /// The first month that may count (its last day is on or after the
    /// first paid day).
    pub fn first_month(&self) -> Month {
        self.paid_from().month()
    }

    /// Whether month `m` brings this subscription's MRR.
    pub fn covers(&self, m: Month) -> bool {
        let last = m.last_day();
        last >= self.paid_from() && self.stop().is_none_or(|s| last < s)
    }

    /// Its MRR in month `m` (zero where it does not cover it).
    pub fn mrr_in(&self, m: Month) -> Money {
        if self.covers(m) {
            self.monthly()
        } else {
            Money::ZERO
        }
    }

    /// A trial that reached a paid month: some month after the trial is
    /// covered with MRR above zero.
    pub fn converted(&self) -> bool {
        self.monthly().cents() > 0 && self.covers(self.first_month())
    }

    /// The months it covers, `first_month ..`, stopping after `horizon`
    /// when it never stops.
    pub fn months(&self, horizon: Month) -> impl Iterator<Item = Month> + '_ {
        let mut m = self.first_month();
        std::iter::from_fn(move || {
            let last = m.last_day();
            let stopped = self.stop().is_some_and(|s| last >= s);
            if stopped || (self.stop().is_none() && m > horizon) {
                return None;
            }
            let out = m;
            m = m.plus(1);
            Some(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        Date::parse_iso(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn monthly(amount: i64) -> SubscriptionTerms {
        SubscriptionTerms {
            start: day("2025-01-10"),
            end: None,
            amount: Money::from_cents(amount),
            period_months: 1,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
        }
    }

    /// Month by month, Jan..Jun 2025, in cents.
    fn by_month(t: &SubscriptionTerms) -> Vec<i64> {
        (0..6)
            .map(|i| t.mrr_in(month("2025-01").plus(i)).cents())
            .collect()
    }

    #[test]
    fn a_trial_brings_no_mrr_until_the_month_it_ends_in() {
        // 100.00 a month from 10 Jan with a trial to 15 Mar: January's and
        // February's last days (31 Jan, 28 Feb) fall in the trial; 31 Mar
        // is after it, so March is the first paid month.
        let t = SubscriptionTerms {
            trial_end: Some(day("2025-03-15")),
            ..monthly(10_000)
        };
        assert_eq!(by_month(&t), [0, 0, 10_000, 10_000, 10_000, 10_000]);
        assert!(t.has_trial() && t.converted());
        assert_eq!(t.first_month(), month("2025-03"));
        // Ended on 20 Mar, before March's last day: never paid a month.
        let lost = SubscriptionTerms {
            end: Some(day("2025-03-20")),
            ..t
        };
        assert_eq!(by_month(&lost), [0; 6]);
        assert!(lost.has_trial() && !lost.converted());
    }

    #[test]
    fn a_discount_is_taken_off_each_period_before_the_monthly_split() {
        // 300.00 a quarter less 30.00 a quarter: 270.00 / 3 = 90.00 a month.
        let amount = SubscriptionTerms {
            period_months: 3,
            discount: Some(Money::from_cents(3_000)),
            ..monthly(30_000)
        };
        assert_eq!(by_month(&amount), [9_000; 6]);
        // 99.99 a month at 15 % off: 99.99 × 0.85 = 84.9915 → 84.99.
        let percent = SubscriptionTerms {
            discount_percent: Some(15.0),
            ..monthly(9_999)
        };
        assert_eq!(by_month(&percent), [8_499; 6]);
        // 1,000.00 a year at 12.5 % off: 875.00 / 12 = 72.9166… → 72.92.
        let annual = SubscriptionTerms {
            period_months: 12,
            discount_percent: Some(12.5),
            ..monthly(100_000)
        };
        assert_eq!(annual.monthly().cents(), 7_292);
        // 100 % off brings nothing, however long it runs.
        let free = SubscriptionTerms {
            discount_percent: Some(100.0),
            ..monthly(10_000)
        };
        assert_eq!(by_month(&free), [0; 6]);
    }

    #[test]
    fn a_scheduled_cancellation_stops_mrr_from_its_month_on() {
        // Cancels on 15 Apr: 31 Mar is the last month-end before it.
        let t = SubscriptionTerms {
            cancel_at: Some(day("2025-04-15")),
            ..monthly(5_000)
        };
        assert_eq!(by_month(&t), [5_000, 5_000, 5_000, 0, 0, 0]);
        // On 1 May: April's last day (30 Apr) still counts.
        let t = SubscriptionTerms {
            cancel_at: Some(day("2025-05-01")),
            ..t
        };
        assert_eq!(by_month(&t), [5_000, 5_000, 5_000, 5_000, 0, 0]);
        // An earlier `end` wins over a later cancellation.
        let t = SubscriptionTerms {
            end: Some(day("2025-02-10")),
            ..t
        };
        assert_eq!(by_month(&t), [5_000, 0, 0, 0, 0, 0]);
        let months: Vec<Month> = t.months(month("2030-01")).collect();
        assert_eq!(months, [month("2025-01")]);
    }

    #[test]
    fn open_ended_months_stop_at_the_horizon() {
        let t = SubscriptionTerms {
            trial_end: Some(day("2025-02-01")),
            ..monthly(1)
        };
        let months: Vec<Month> = t.months(month("2025-04")).collect();
        assert_eq!(
            months,
            [month("2025-02"), month("2025-03"), month("2025-04")]
        );
    }
}
