//! Adoption and onboarding: adoption rate and license utilization in the
//! period's last month; time to onboard, activation and time to value of
//! the accounts starting in the period (metrics.md).

use super::{Pass, Row, note};
use crate::metrics::Metric;
use crate::metrics::classify::days_after;
use crate::metrics::dataset::NONE_I32;
use crate::metrics::report::{MetricsReport, SMALL_SAMPLE};
use crate::metrics::stats::{mean, median, ratio};

#[derive(Default)]
pub(super) struct Adoption {
    adopters: i64,
    adopt_total: i64,
    adopt_rows: u64,
    util_active: i64,
    util_licenses: i64,
    util_rows: u64,
    /// Accounts whose `customer_since` falls in the period, and of them:
    starting: u64,
    onboard_days: Vec<f64>,
    onboarding_not_yet: u64,
    activated: u64,
    value_days: Vec<f64>,
    value_not_yet: u64,
}

impl Adoption {
    pub fn add(&mut self, p: &Pass, r: &Row) {
        for u in r.usage_end {
            if u.adopters != NONE_I32 && u.total_users != NONE_I32 {
                self.adopters += i64::from(u.adopters);
                self.adopt_total += i64::from(u.total_users);
                self.adopt_rows += 1;
            }
            if u.active_users != NONE_I32 && u.licenses != NONE_I32 {
                self.util_active += i64::from(u.active_users);
                self.util_licenses += i64::from(u.licenses);
                self.util_rows += 1;
            }
        }
        let d = p.data;
        let since = d.since_day[r.a];
        if since == NONE_I32 || since < p.first_day || since > p.last_day {
            return;
        }
        self.starting += 1;
        match days_after(since, d.onboarded_day[r.a]) {
            Some(days) => {
                self.onboard_days.push(f64::from(days));
                if days <= d.activation_days {
                    self.activated += 1;
                }
            }
            None => self.onboarding_not_yet += 1,
        }
        match days_after(since, d.first_value_day[r.a]) {
            Some(days) => self.value_days.push(f64::from(days)),
            None => self.value_not_yet += 1,
        }
    }

    pub fn finish(mut self, out: &mut MetricsReport) {
        let d = &mut out.details;
        out.adoption_rate = ratio(self.adopters as f64, self.adopt_total as f64);
        note(
            d,
            Metric::AdoptionRate,
            &out.adoption_rate,
            self.adopt_rows,
            0,
            "no usage records with adopters and total users in the month",
        );
        out.license_utilization = ratio(self.util_active as f64, self.util_licenses as f64);
        note(
            d,
            Metric::LicenseUtilization,
            &out.license_utilization,
            self.util_rows,
            0,
            "no usage records with active users and licenses in the month",
        );
        let n_onb = self.onboard_days.len() as u64;
        out.time_to_onboard_days_mean = mean(&self.onboard_days);
        out.time_to_onboard_days_median = median(&mut self.onboard_days);
        let no_onb = "no account starting in the period has completed onboarding";
        note(
            d,
            Metric::TimeToOnboardDaysMedian,
            &out.time_to_onboard_days_median,
            n_onb,
            SMALL_SAMPLE,
            no_onb,
        );
        note(
            d,
            Metric::TimeToOnboardDaysMean,
            &out.time_to_onboard_days_mean,
            n_onb,
            SMALL_SAMPLE,
            no_onb,
        );
        out.activation_rate = ratio(self.activated as f64, self.starting as f64);
        note(
            d,
            Metric::ActivationRate,
            &out.activation_rate,
            self.starting,
            SMALL_SAMPLE,
            "no account started in the period",
        );
        let n_val = self.value_days.len() as u64;
        out.time_to_value_days_median = median(&mut self.value_days);
        note(
            d,
            Metric::TimeToValueDaysMedian,
            &out.time_to_value_days_median,
            n_val,
            SMALL_SAMPLE,
            "no account starting in the period has reached first value",
        );
        out.extras.starting_accounts = self.starting;
        out.extras.onboarding_not_yet = self.onboarding_not_yet;
        out.extras.value_not_yet = self.value_not_yet;
    }
}
