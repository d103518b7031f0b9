//! Engagement and expansion: touch coverage (90 days), upsell rate, offer
//! acceptance, touches by kind, and the health bands of the accounts
//! active at the period's end (metrics.md).

use super::{Pass, Row, note};
use crate::metrics::Metric;
use crate::metrics::dataset::{Dataset, NONE_I32};
use crate::metrics::report::{HealthCounts, MetricsReport, SMALL_SAMPLE};
use crate::metrics::stats::ratio;

pub(super) struct Engagement {
    by_kind: Vec<u64>,
    /// Accounts active at the end with an activity in the last 90 days.
    covered: u64,
    /// Accounts of the base S that won an upsell or cross-sell in the period.
    upsold: u64,
    offers_won: u64,
    offers_lost: u64,
    health: HealthCounts,
}

impl Engagement {
    pub fn new(data: &Dataset) -> Engagement {
        Engagement {
            by_kind: vec![0; data.activity_kinds.len()],
            covered: 0,
            upsold: 0,
            offers_won: 0,
            offers_lost: 0,
            health: HealthCounts::default(),
        }
    }

    pub fn add(&mut self, p: &Pass, r: &Row) {
        let d = p.data;
        let cov_from = p.last_day - 89;
        let acts = d.activities.of(r.a);
        let lo = acts.partition_point(|x| x.day < p.first_day.min(cov_from));
        let hi = acts.partition_point(|x| x.day <= p.last_day);
        let mut touched = false;
        for x in &acts[lo..hi] {
            if x.day >= p.first_day
                && let Some(c) = self.by_kind.get_mut(x.kind as usize)
            {
                *c += 1;
            }
            if x.day >= cov_from {
                touched = true;
            }
        }
        if r.active_end && touched {
            self.covered += 1;
        }
        let mut won_in_p = false;
        for o in d.opps.of(r.a) {
            if o.expansion
                && o.closed != NONE_I32
                && o.closed >= p.first_day
                && o.closed <= p.last_day
            {
                if o.won {
                    self.offers_won += 1;
                    won_in_p = true;
                } else if o.lost {
                    self.offers_lost += 1;
                }
            }
        }
        if r.start.is_some() && won_in_p {
            self.upsold += 1;
        }
        if r.active_end {
            self.health.add(d.cached_score(r.a, p.m2));
        }
    }

    pub fn finish(self, data: &Dataset, out: &mut MetricsReport) {
        let d = &mut out.details;
        let active = out.active_accounts;
        out.touch_coverage = ratio(self.covered as f64, active as f64);
        note(
            d,
            Metric::TouchCoverage,
            &out.touch_coverage,
            active,
            SMALL_SAMPLE,
            super::revenue::NO_ACTIVE,
        );
        let base = out.extras.accounts_at_start;
        out.upsell_rate = ratio(self.upsold as f64, base as f64);
        note(
            d,
            Metric::UpsellRate,
            &out.upsell_rate,
            base,
            SMALL_SAMPLE,
            super::retention::NO_START,
        );
        let closed = self.offers_won + self.offers_lost;
        out.offer_acceptance = ratio(self.offers_won as f64, closed as f64);
        note(
            d,
            Metric::OfferAcceptance,
            &out.offer_acceptance,
            closed,
            SMALL_SAMPLE,
            "no upsell or cross-sell opportunity was won or lost in the period",
        );
        out.health = self.health;
        out.extras.touches_by_kind = super::counted(&data.activity_kinds, self.by_kind);
    }
}
