//! Unit economics: LTV, CAC, LTV : CAC and CAC payback (metrics.md).

use super::{Pass, Row, note};
use crate::metrics::Metric;
use crate::metrics::dataset::NONE_I64;
use crate::metrics::report::{MetricsReport, SMALL_SAMPLE_LTV_CHURNED, money_of};
use crate::metrics::stats::{mean, ratio};

#[derive(Default)]
pub(super) struct UnitEconomics {
    /// One-month logo churn of each of the twelve months ending at m2:
    /// accounts active the month before, and those of them lost.
    ltv_base: [u64; 12],
    ltv_lost: [u64; 12],
    /// New accounts of the period and Σ their starting MRR.
    new_count: u64,
    new_start_mrr: i64,
    /// Σ acquisition cost over the new accounts that have one.
    acq_sum: i128,
    acq_n: u64,
}

impl UnitEconomics {
    pub fn add(&mut self, p: &Pass, r: &Row) {
        let d = p.data;
        if let Some(x) = r.new_mrr {
            self.new_count += 1;
            self.new_start_mrr += x;
            let cost = d.acquisition_cost[r.a];
            if cost != NONE_I64 {
                self.acq_sum += i128::from(cost);
                self.acq_n += 1;
            }
        }
        let mut was = d.active(r.a, p.m2 - 12);
        for (k, m) in (p.m2 - 11..=p.m2).enumerate() {
            let is = d.active(r.a, m);
            if was {
                self.ltv_base[k] += 1;
                if !is {
                    self.ltv_lost[k] += 1;
                }
            }
            was = is;
        }
    }

    /// `arpa_exact`: ARPA in cents, unrounded (from the revenue family).
    pub fn finish(self, p: &Pass, arpa_exact: Option<f64>, out: &mut MetricsReport) {
        let data = p.data;
        let d = &mut out.details;
        let rates: Vec<f64> = self
            .ltv_base
            .iter()
            .zip(self.ltv_lost.iter())
            .filter(|(s, _)| **s > 0)
            .map(|(s, l)| *l as f64 / *s as f64)
            .collect();
        let ltv_churned: u64 = self.ltv_lost.iter().sum();
        let avg_churn = mean(&rates);
        let ltv_exact = match (arpa_exact, avg_churn) {
            (Some(arpa), Some(c)) if c > 0.0 => Some(arpa * data.gross_margin / c),
            _ => None,
        };
        out.ltv = money_of(ltv_exact);
        let why_ltv = if arpa_exact.is_none() {
            super::revenue::NO_ACTIVE
        } else if avg_churn.is_none() {
            "no monthly logo churn rate is defined in the twelve months"
        } else {
            "no logo churn in the twelve months"
        };
        note(
            d,
            Metric::Ltv,
            &out.ltv,
            ltv_churned,
            SMALL_SAMPLE_LTV_CHURNED,
            why_ltv,
        );

        let (cac_exact, cac_count, why_cac) = if p.whole_base && data.has_spend {
            let spend: i64 = (p.m1..=p.m2).filter_map(|m| data.spend.get(&m)).sum();
            (
                ratio(spend as f64, self.new_count as f64),
                self.new_count,
                "no new account in the period",
            )
        } else {
            (
                ratio(self.acq_sum as f64, self.acq_n as f64),
                self.acq_n,
                "no new account in the period with an acquisition cost",
            )
        };
        out.cac = money_of(cac_exact);
        note(d, Metric::Cac, &out.cac, cac_count, 0, why_cac);
        // Ratios are taken from the exact values, not from the cents shown:
        // rounding LTV and CAC first moves the ratio by a few parts per million.
        out.ltv_cac = match (ltv_exact, cac_exact) {
            (Some(l), Some(c)) if c != 0.0 => Some(l / c),
            _ => None,
        };
        note(
            d,
            Metric::LtvCac,
            &out.ltv_cac,
            0,
            0,
            "LTV or CAC is undefined (or CAC is 0)",
        );
        let start_mrr_mean = ratio(self.new_start_mrr as f64, self.new_count as f64);
        out.cac_payback_months = match (cac_exact, start_mrr_mean) {
            (Some(c), Some(s)) if s * data.gross_margin != 0.0 => Some(c / (s * data.gross_margin)),
            _ => None,
        };
        note(
            d,
            Metric::CacPaybackMonths,
            &out.cac_payback_months,
            self.new_count,
            0,
            "CAC is undefined or no new account in the period",
        );
    }
}
