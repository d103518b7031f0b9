//! Support: tickets per customer, first response and resolution times,
//! open tickets, tickets by category (metrics.md).

use super::{Pass, Row, note};
use crate::metrics::Metric;
use crate::metrics::classify::{first_response_hours, open_at, resolution_hours};
use crate::metrics::dataset::{Dataset, TicketRow};
use crate::metrics::report::{MetricsReport, SMALL_SAMPLE};
use crate::metrics::stats::{mean, median, ratio};

pub(super) struct Support {
    opened: u64,
    first_response: Vec<f64>,
    resolution: Vec<f64>,
    open_at_end: u64,
    by_category: Vec<u64>,
}

impl Support {
    pub fn new(data: &Dataset) -> Support {
        Support {
            opened: 0,
            first_response: Vec::new(),
            resolution: Vec::new(),
            open_at_end: 0,
            by_category: vec![0; data.categories.len()],
        }
    }

    /// A ticket opened before the period's end.
    fn ticket(&mut self, p: &Pass, t: &TicketRow) {
        if t.opened >= p.start_secs {
            self.opened += 1;
            if let Some(c) = self.by_category.get_mut(t.category as usize) {
                *c += 1;
            }
            self.first_response.extend(first_response_hours(t));
        }
        if open_at(t, p.end_secs) {
            self.open_at_end += 1;
        } else if t.resolved >= p.start_secs {
            self.resolution.extend(resolution_hours(t));
        }
    }

    fn tickets_in(&mut self, p: &Pass, rows: &[TicketRow]) {
        let before_end = rows.partition_point(|t| t.opened < p.end_secs);
        for t in &rows[..before_end] {
            self.ticket(p, t);
        }
    }

    pub fn add(&mut self, p: &Pass, r: &Row) {
        self.tickets_in(p, p.data.tickets.of(r.a));
    }

    /// The tickets of no account (the company's alone).
    pub fn add_anonymous(&mut self, p: &Pass) {
        self.tickets_in(p, &p.data.anonymous_tickets);
    }

    pub fn finish(mut self, data: &Dataset, out: &mut MetricsReport) {
        let d = &mut out.details;
        out.tickets_per_customer = ratio(self.opened as f64, out.active_accounts as f64);
        note(
            d,
            Metric::TicketsPerCustomer,
            &out.tickets_per_customer,
            self.opened,
            0,
            super::revenue::NO_ACTIVE,
        );
        let n_frt = self.first_response.len() as u64;
        out.first_response_hours_mean = mean(&self.first_response);
        out.first_response_hours_median = median(&mut self.first_response);
        let no_frt = "no ticket opened in the period has a first response";
        note(
            d,
            Metric::FirstResponseHoursMedian,
            &out.first_response_hours_median,
            n_frt,
            SMALL_SAMPLE,
            no_frt,
        );
        note(
            d,
            Metric::FirstResponseHoursMean,
            &out.first_response_hours_mean,
            n_frt,
            SMALL_SAMPLE,
            no_frt,
        );
        let n_res = self.resolution.len() as u64;
        out.resolution_hours_mean = mean(&self.resolution);
        out.resolution_hours_median = median(&mut self.resolution);
        let no_res = "no ticket was resolved in the period";
        note(
            d,
            Metric::ResolutionHoursMedian,
            &out.resolution_hours_median,
            n_res,
            SMALL_SAMPLE,
            no_res,
        );
        note(
            d,
            Metric::ResolutionHoursMean,
            &out.resolution_hours_mean,
            n_res,
            SMALL_SAMPLE,
            no_res,
        );
        out.open_tickets = self.open_at_end;
        out.extras.tickets_by_category = super::counted(&data.categories, self.by_category);
    }
}
