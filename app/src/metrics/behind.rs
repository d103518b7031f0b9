//! The accounts behind a figure: which accounts a dashboard card counts, so
//! that a person can open them. Each door uses the same rules as the report
//! (movement classification, NPS buckets, health bands), so the list has as
//! many accounts as the card says.

use super::classify::{Movement, SurveyBand, classify, open_at, survey_band};
use super::dataset::Dataset;
use super::{Band, MetricsError, Query};
use crate::domain::SurveyKind;
use serde::Serialize;

/// A set of accounts a card or a chart leads to, for the query's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Door {
    /// Active in the period's last month.
    Active,
    /// Active twelve months before the period's end (the NRR/GRR base).
    YearBase,
    /// Health band "at risk" in the period's last month.
    AtRisk,
    Critical,
    /// Active scored accounts without enough data for a score.
    NoScore,
    /// First month with MRR in the period.
    New,
    Reactivated,
    Expanded,
    Contracted,
    /// Active when the period began and not at its end (logo churn).
    Churned,
    /// Lost MRR in the period, by contraction or churn (revenue churn).
    Shrank,
    /// Any MRR movement in the period (the quick ratio's parts).
    Moved,
    /// Gave an NPS answer of 0–6 in the period.
    Detractors,
    /// Answered any survey in the period.
    Respondents,
    /// Opened a ticket in the period.
    Ticketed,
    /// Had a ticket still open at the period's end.
    OpenTickets,
    /// Has a subscription whose trial ended in the period (revenue.md).
    Trials,
    /// Has a subscription with MRR at the period's end whose cancellation
    /// is scheduled in the next 3 months (what committed MRR leaves out).
    Cancelling,
}

impl Door {
    pub const ALL: [Door; 18] = [
        Door::Active,
        Door::YearBase,
        Door::AtRisk,
        Door::Critical,
        Door::NoScore,
        Door::New,
        Door::Reactivated,
        Door::Expanded,
        Door::Contracted,
        Door::Churned,
        Door::Shrank,
        Door::Moved,
        Door::Detractors,
        Door::Respondents,
        Door::Ticketed,
        Door::OpenTickets,
        Door::Trials,
        Door::Cancelling,
    ];
}

impl Dataset {
    /// The ids of the query's accounts behind `door`, in the table's order
    /// (by account id).
    pub fn accounts_behind(&self, query: &Query, door: Door) -> Result<Vec<i64>, MetricsError> {
        let sel = self.select(query)?;
        let (m1, m2) = (query.period.from.index(), query.period.to.index());
        let p_first_day = query.period.from.first_day().days();
        let p_last_day = query.period.to.last_day().days();
        let p_start_secs = i64::from(p_first_day) * 86_400;
        let p_end_secs = i64::from(p_last_day + 1) * 86_400;
        let moved = |a: usize, keep: fn(Movement) -> bool| {
            let mut prev = self.mrr(a, m1 - 1);
            (m1..=m2).any(|m| {
                let cur = self.mrr(a, m);
                let hit = classify(prev, cur, self.first_positive[a] == m).is_some_and(keep);
                prev = cur;
                hit
            })
        };
        let band = |a: usize| {
            self.active(a, m2)
                .then(|| self.cached_score(a, m2).map(Band::of))
        };
        let surveys_in = |a: usize| {
            let rows = self.surveys.of(a);
            let lo = rows.partition_point(|r| r.day < p_first_day);
            let hi = rows.partition_point(|r| r.day <= p_last_day);
            &rows[lo..hi]
        };
        let behind = |a: usize| -> bool {
            match door {
                Door::Active => self.active(a, m2),
                Door::YearBase => self.active(a, m2 - 12),
                Door::AtRisk => band(a) == Some(Some(Band::AtRisk)),
                Door::Critical => band(a) == Some(Some(Band::Critical)),
                Door::NoScore => band(a) == Some(None),
                Door::New => moved(a, |m| matches!(m, Movement::New(_))),
                Door::Reactivated => moved(a, |m| matches!(m, Movement::Reactivated(_))),
                Door::Expanded => moved(a, |m| matches!(m, Movement::Expansion(_))),
                Door::Contracted => moved(a, |m| matches!(m, Movement::Contraction(_))),
                Door::Churned => self.active(a, m1 - 1) && !self.active(a, m2),
                Door::Shrank => moved(a, |m| {
                    matches!(m, Movement::Contraction(_) | Movement::Churned(_))
                }),
                Door::Moved => moved(a, |_| true),
                Door::Detractors => surveys_in(a)
                    .iter()
                    .any(|r| r.kind == SurveyKind::Nps && survey_band(r) == SurveyBand::Negative),
                Door::Respondents => !surveys_in(a).is_empty(),
                Door::Ticketed => self
                    .tickets
                    .of(a)
                    .iter()
                    .any(|t| t.opened >= p_start_secs && t.opened < p_end_secs),
                Door::OpenTickets => self.tickets.of(a).iter().any(|t| open_at(t, p_end_secs)),
                Door::Trials => self.subscriptions.trial_ended(a, query.period),
                Door::Cancelling => self.subscriptions.cancelling(a, query.period),
            }
        };
        let mut ids: Vec<i64> = sel
            .into_iter()
            .map(|a| a as usize)
            .filter(|&a| behind(a))
            .map(|a| self.accounts[a].id)
            .collect();
        ids.sort_unstable();
        Ok(ids)
    }
}

impl Dataset {
    /// How many survey responses or tickets of no account the figure
    /// behind `door` counts beside its accounts (data-model.md: they are
    /// the company's alone, so none under a segment filter). A door's list
    /// names accounts; this says what it cannot list.
    pub fn unmatched_behind(&self, query: &Query, door: Door) -> Result<u64, MetricsError> {
        self.select(query)?;
        if !query.filters.is_empty() {
            return Ok(0);
        }
        let p_first_day = query.period.from.first_day().days();
        let p_last_day = query.period.to.last_day().days();
        let p_start_secs = i64::from(p_first_day) * 86_400;
        let p_end_secs = i64::from(p_last_day + 1) * 86_400;
        let surveys = || {
            self.anonymous_surveys
                .iter()
                .filter(move |r| r.day >= p_first_day && r.day <= p_last_day)
        };
        let tickets = self.anonymous_tickets.iter();
        let n = match door {
            Door::Ticketed => tickets
                .filter(|t| t.opened >= p_start_secs && t.opened < p_end_secs)
                .count(),
            Door::OpenTickets => tickets.filter(|t| open_at(t, p_end_secs)).count(),
            Door::Detractors => surveys()
                .filter(|r| r.kind == SurveyKind::Nps && survey_band(r) == SurveyBand::Negative)
                .count(),
            Door::Respondents => surveys().count(),
            _ => 0,
        };
        Ok(n as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoParams, generate};
    use crate::domain::Month;
    use crate::store::Store;

    /// On the demo book, every door lists as many accounts as the report
    /// counts for the same figure, for a month and for a quarter.
    #[test]
    fn doors_count_what_the_report_counts() {
        let mut store = Store::open_in_memory().unwrap();
        let params = DemoParams {
            accounts: 240,
            months: 24,
            seed: 7,
            end: Month::from_ym(2025, 12),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
        let data = Dataset::load(&store).unwrap();
        for query in [
            Query::month(params.end),
            Query::range(params.end.plus(-2), params.end),
        ] {
            let r = data.report(&query).unwrap();
            let n = |door| data.accounts_behind(&query, door).unwrap().len() as u64;
            assert_eq!(n(Door::Active), r.active_accounts);
            assert_eq!(n(Door::AtRisk), r.health.at_risk);
            assert_eq!(n(Door::Critical), r.health.critical);
            assert_eq!(n(Door::NoScore), r.health.no_score);
            assert_eq!(n(Door::New), r.extras.new_accounts);
            assert_eq!(n(Door::Churned), r.extras.accounts_lost);
            assert_eq!(n(Door::OpenTickets) > 0, r.open_tickets > 0);
            assert!(n(Door::AtRisk) > 0, "the demo has accounts at risk");
            // Expanded ∪ contracted ∪ new ∪ churned ⊆ moved.
            let moved = data.accounts_behind(&query, Door::Moved).unwrap();
            for door in [Door::New, Door::Expanded, Door::Contracted, Door::Shrank] {
                for id in data.accounts_behind(&query, door).unwrap() {
                    assert!(moved.binary_search(&id).is_ok(), "{door:?} {id}");
                }
            }
        }
    }

    #[test]
    fn a_segment_filter_narrows_every_door() {
        let mut store = Store::open_in_memory().unwrap();
        let params = DemoParams {
            accounts: 120,
            months: 12,
            seed: 3,
            end: Month::from_ym(2025, 6),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
        let data = Dataset::load(&store).unwrap();
        let all = Query::month(params.end);
        let pro = Query::month(params.end).with_filter("plan", "Pro");
        let r = data.report(&pro).unwrap();
        let active = data.accounts_behind(&pro, Door::Active).unwrap();
        assert_eq!(active.len() as u64, r.active_accounts);
        let every = data.accounts_behind(&all, Door::Active).unwrap();
        assert!(active.len() < every.len());
        for id in &active {
            let a = data.accounts().iter().find(|a| a.id == *id).unwrap();
            assert_eq!(a.account.plan.as_deref(), Some("Pro"));
        }
    }
}
