//! Every classification a figure rests on, decided here once and read by
//! the report's families, the monthly series, the cohorts, the segmented
//! reports, the account facts, the lists behind a figure and (through
//! them) the UI: how an account's MRR moved from one month to the next,
//! how a survey answer is bucketed, how long a ticket took, how long an
//! account took to onboard.

use super::dataset::{NONE_I32, NONE_I64, SurveyRow, TicketRow};
pub use crate::domain::SurveyBand;

/// One month's movement of one account (metrics.md, MRR movements).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// Its first month with MRR > 0: `cur` is new MRR.
    New(i64),
    /// Back after months without MRR: `cur` is reactivation MRR.
    Reactivated(i64),
    Expansion(i64),
    Contraction(i64),
    /// MRR fell to zero: the previous month's MRR is churned MRR.
    Churned(i64),
}

/// The movement from `prev` to `cur`; `first_month` says whether this is
/// the account's first month with positive MRR. `None`: no movement.
pub fn classify(prev: i64, cur: i64, first_month: bool) -> Option<Movement> {
    if prev <= 0 && cur > 0 {
        Some(if first_month {
            Movement::New(cur)
        } else {
            Movement::Reactivated(cur)
        })
    } else if prev > 0 && cur <= 0 {
        Some(Movement::Churned(prev))
    } else if prev > 0 && cur > prev {
        Some(Movement::Expansion(cur - prev))
    } else if prev > 0 && cur < prev {
        Some(Movement::Contraction(prev - cur))
    } else {
        None
    }
}

/// Σ of each movement over some account-months (all positive amounts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Movements {
    pub new: i64,
    pub reactivation: i64,
    pub expansion: i64,
    /// The amount lost.
    pub contraction: i64,
    /// The amount lost.
    pub churn: i64,
}

impl Movements {
    pub fn add(&mut self, m: Option<Movement>) {
        match m {
            Some(Movement::New(x)) => self.new += x,
            Some(Movement::Reactivated(x)) => self.reactivation += x,
            Some(Movement::Expansion(x)) => self.expansion += x,
            Some(Movement::Contraction(x)) => self.contraction += x,
            Some(Movement::Churned(x)) => self.churn += x,
            None => {}
        }
    }

    pub fn merge(&mut self, o: Movements) {
        self.new += o.new;
        self.reactivation += o.reactivation;
        self.expansion += o.expansion;
        self.contraction += o.contraction;
        self.churn += o.churn;
    }

    /// Net new MRR: new + expansion + reactivation − contraction − churn.
    pub fn net(&self) -> i64 {
        self.new + self.expansion + self.reactivation - self.contraction - self.churn
    }

    /// What the quick ratio divides: (gained, lost).
    pub fn gained_lost(&self) -> (i64, i64) {
        (
            self.new + self.expansion + self.reactivation,
            self.contraction + self.churn,
        )
    }
}

/// A survey answer's bucket on its kind's scale (NPS promoter = positive,
/// detractor = negative; CSAT 4–5 and CES 1–2 positive).
pub(crate) fn survey_band(r: &SurveyRow) -> SurveyBand {
    SurveyBand::of(r.kind, i64::from(r.score))
}

/// Hours from a ticket's opening to its first response, if it has one.
pub(crate) fn first_response_hours(t: &TicketRow) -> Option<f64> {
    (t.first_response != NONE_I64).then(|| (t.first_response - t.opened) as f64 / 3600.0)
}

/// Hours from a ticket's opening to its resolution, if it is resolved.
pub(crate) fn resolution_hours(t: &TicketRow) -> Option<f64> {
    (t.resolved != NONE_I64).then(|| (t.resolved - t.opened) as f64 / 3600.0)
}

/// Whether a ticket opened before `end_secs` is still open at that instant.
pub(crate) fn open_at(t: &TicketRow, end_secs: i64) -> bool {
    t.opened < end_secs && (t.resolved == NONE_I64 || t.resolved >= end_secs)
}

/// Days from `since` (customer since) to a later day (onboarding completed,
/// first value), both day numbers; `None` when either is unknown.
pub(crate) fn days_after(since: i32, day: i32) -> Option<i32> {
    (since != NONE_I32 && day != NONE_I32).then(|| day - since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SurveyKind;

    #[test]
    fn movements_by_hand() {
        assert_eq!(classify(0, 500, true), Some(Movement::New(500)));
        assert_eq!(classify(0, 500, false), Some(Movement::Reactivated(500)));
        assert_eq!(classify(500, 0, false), Some(Movement::Churned(500)));
        assert_eq!(classify(500, 700, false), Some(Movement::Expansion(200)));
        assert_eq!(classify(700, 500, false), Some(Movement::Contraction(200)));
        assert_eq!(classify(500, 500, false), None);
        assert_eq!(classify(0, 0, false), None);
        // 0 → 500 (new), 500 → 700 (+200), 700 → 0 (−700), 0 → 300 (back):
        // net = 500 + 200 + 300 − 700 = 300, the change from 0 to 300.
        let mut sums = Movements::default();
        for (p, c, f) in [
            (0, 500, true),
            (500, 700, false),
            (700, 0, false),
            (0, 300, false),
        ] {
            sums.add(classify(p, c, f));
        }
        assert_eq!(sums.net(), 300);
        assert_eq!(sums.gained_lost(), (1000, 700));
    }

    #[test]
    fn survey_buckets_by_hand() {
        let band = |kind, score: i8| {
            survey_band(&SurveyRow {
                day: 0,
                kind,
                score,
            })
        };
        use SurveyBand::*;
        use SurveyKind::*;
        let nps: Vec<SurveyBand> = (0..=10).map(|s| band(Nps, s)).collect();
        assert_eq!(
            nps,
            [vec![Negative; 7], vec![Neutral; 2], vec![Positive; 2]].concat()
        );
        let csat: Vec<SurveyBand> = (1..=5).map(|s| band(Csat, s)).collect();
        assert_eq!(csat, vec![Negative, Negative, Neutral, Positive, Positive]);
        // CES: 1–2 low effort (positive), 6–7 high effort.
        let ces: Vec<SurveyBand> = (1..=7).map(|s| band(Ces, s)).collect();
        assert_eq!(
            ces,
            vec![
                Positive, Positive, Neutral, Neutral, Neutral, Negative, Negative
            ]
        );
    }

    #[test]
    fn ticket_hours_and_onboarding_days_by_hand() {
        // Opened at 10:00, answered 11:30, resolved the next day at 10:00.
        let t = TicketRow {
            opened: 36_000,
            first_response: 41_400,
            resolved: 36_000 + 86_400,
            category: 0,
        };
        assert_eq!(first_response_hours(&t), Some(1.5));
        assert_eq!(resolution_hours(&t), Some(24.0));
        assert!(open_at(&t, 36_000 + 86_400));
        assert!(!open_at(&t, 36_000 + 86_401));
        let open = TicketRow {
            first_response: NONE_I64,
            resolved: NONE_I64,
            ..t
        };
        assert_eq!(
            (first_response_hours(&open), resolution_hours(&open)),
            (None, None)
        );
        assert!(open_at(&open, i64::MAX));
        assert_eq!(days_after(100, 130), Some(30));
        assert_eq!(days_after(NONE_I32, 130), None);
        assert_eq!(days_after(100, NONE_I32), None);
    }
}
