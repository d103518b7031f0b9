//! Retention: logo churn and retention, NRR and GRR over the period and
//! over the trailing twelve months (metrics.md).

use super::{Pass, Row, note};
use crate::metrics::Metric;
use crate::metrics::report::{MetricsReport, SMALL_SAMPLE};
use crate::metrics::stats::ratio;

pub(super) const NO_START: &str = "no account was active at the start of the period";

#[derive(Default)]
pub(super) struct Retention {
    /// The base S (active in m0): size, lost by m2, Σ MRR at m0, at m2, Σ min.
    s_n: u64,
    s_lost: u64,
    s_m0: i64,
    s_m2: i64,
    s_min: i64,
    /// The same for the base twelve months before m2.
    t_n: u64,
    t_m0: i64,
    t_m2: i64,
    t_min: i64,
}

impl Retention {
    pub fn add(&mut self, p: &Pass, r: &Row) {
        if let Some(start) = r.start {
            self.s_n += 1;
            if !r.active_end {
                self.s_lost += 1;
            }
            self.s_m0 += start;
            self.s_m2 += r.now;
            self.s_min += r.now.min(start);
        }
        let base_ttm = p.m2 - 12;
        if p.data.active(r.a, base_ttm) {
            let start = p.data.mrr(r.a, base_ttm);
            self.t_n += 1;
            self.t_m0 += start;
            self.t_m2 += r.now;
            self.t_min += r.now.min(start);
        }
    }

    pub fn finish(self, out: &mut MetricsReport) {
        let d = &mut out.details;
        let n = self.s_n;
        out.logo_churn_rate = ratio(self.s_lost as f64, n as f64);
        note(
            d,
            Metric::LogoChurnRate,
            &out.logo_churn_rate,
            n,
            SMALL_SAMPLE,
            NO_START,
        );
        out.logo_retention_rate = out.logo_churn_rate.map(|c| 1.0 - c);
        note(
            d,
            Metric::LogoRetentionRate,
            &out.logo_retention_rate,
            n,
            SMALL_SAMPLE,
            NO_START,
        );
        out.revenue_churn_rate = ratio((self.s_m0 - self.s_min) as f64, self.s_m0 as f64);
        let no_start_mrr = "no MRR at the start of the period";
        note(
            d,
            Metric::RevenueChurn,
            &out.revenue_churn_rate,
            n,
            SMALL_SAMPLE,
            no_start_mrr,
        );
        out.nrr = ratio(self.s_m2 as f64, self.s_m0 as f64);
        note(d, Metric::Nrr, &out.nrr, n, SMALL_SAMPLE, no_start_mrr);
        out.grr = ratio(self.s_min as f64, self.s_m0 as f64);
        note(d, Metric::Grr, &out.grr, n, SMALL_SAMPLE, no_start_mrr);
        let no_ttm = "no MRR twelve months before the period's last month";
        out.nrr_ttm = ratio(self.t_m2 as f64, self.t_m0 as f64);
        note(
            d,
            Metric::NrrTtm,
            &out.nrr_ttm,
            self.t_n,
            SMALL_SAMPLE,
            no_ttm,
        );
        out.grr_ttm = ratio(self.t_min as f64, self.t_m0 as f64);
        note(
            d,
            Metric::GrrTtm,
            &out.grr_ttm,
            self.t_n,
            SMALL_SAMPLE,
            no_ttm,
        );
        out.extras.accounts_at_start = n;
        out.extras.accounts_lost = self.s_lost;
    }
}
