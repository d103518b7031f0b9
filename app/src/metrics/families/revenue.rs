//! Revenue and movements: MRR, ARR, ARPA, ARPU, the five MRR movements and
//! the quick ratio (metrics.md).

use super::{Pass, Row, note};
use crate::domain::Money;
use crate::metrics::Metric;
use crate::metrics::classify::Movements;
use crate::metrics::dataset::NONE_I32;
use crate::metrics::report::{MetricsReport, money_of};
use crate::metrics::stats::ratio;

pub(super) const NO_ACTIVE: &str = "no account is active in the period's last month";

#[derive(Default)]
pub(super) struct Revenue {
    mrr: i64,
    active: u64,
    moves: Movements,
    new_count: u64,
    /// Σ active users and the usage records they come from (ARPU).
    users: i64,
    user_rows: u64,
    churned_without_date: u64,
}

impl Revenue {
    pub fn add(&mut self, p: &Pass, r: &Row) {
        self.mrr += r.now;
        if r.active_end {
            self.active += 1;
        }
        self.moves.merge(r.moves);
        if r.new_mrr.is_some() {
            self.new_count += 1;
        }
        for u in r.usage_end {
            if u.active_users != NONE_I32 {
                self.users += i64::from(u.active_users);
                self.user_rows += 1;
            }
        }
        let acc = &p.data.accounts[r.a].account;
        if acc.churned_on.is_none() && acc.status == Some(crate::domain::AccountStatus::Churned) {
            self.churned_without_date += 1;
        }
    }

    /// Writes the family's figures; returns ARPA unrounded (cents), which
    /// LTV is computed from.
    pub fn finish(self, out: &mut MetricsReport) -> Option<f64> {
        let d = &mut out.details;
        out.mrr = Money::from_cents(self.mrr);
        out.arr = Money::from_cents(self.mrr * 12);
        out.active_accounts = self.active;
        let arpa_exact = ratio(self.mrr as f64, self.active as f64);
        out.arpa = money_of(arpa_exact);
        note(d, Metric::Arpa, &out.arpa, self.active, 0, NO_ACTIVE);
        out.arpu = (self.users > 0).then(|| {
            Money::from_cents(
                crate::domain::div_round_half_up(self.mrr.into(), self.users.into()) as i64,
            )
        });
        note(
            d,
            Metric::Arpu,
            &out.arpu,
            self.user_rows,
            0,
            "no usage records with active users in the month",
        );
        let m = self.moves;
        out.new_mrr = Money::from_cents(m.new);
        out.expansion_mrr = Money::from_cents(m.expansion);
        out.contraction_mrr = Money::from_cents(m.contraction);
        out.churned_mrr = Money::from_cents(m.churn);
        out.reactivation_mrr = Money::from_cents(m.reactivation);
        out.net_new_mrr = Money::from_cents(m.net());
        let (gained, lost) = m.gained_lost();
        out.quick_ratio = ratio(gained as f64, lost as f64);
        note(
            d,
            Metric::QuickRatio,
            &out.quick_ratio,
            0,
            0,
            "no contraction or churn in the period",
        );
        out.extras.new_accounts = self.new_count;
        out.extras.churned_without_date = self.churned_without_date;
        arpa_exact
    }
}
