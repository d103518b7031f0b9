//! Satisfaction: NPS, CSAT and CES over the responses dated in the period
//! (metrics.md), bucketed by [`survey_band`].

use super::{Pass, Row, note};
use crate::domain::{SurveyBand, SurveyKind};
use crate::metrics::Metric;
use crate::metrics::classify::survey_band;
use crate::metrics::dataset::SurveyRow;
use crate::metrics::report::{MetricsReport, SMALL_SAMPLE};
use crate::metrics::stats::ratio;

/// Responses of one kind: how many, how many positive and negative, Σ scores.
#[derive(Default, Clone, Copy)]
struct Tally {
    n: u64,
    positive: u64,
    negative: u64,
    sum: i64,
}

#[derive(Default)]
pub(super) struct Satisfaction {
    nps: Tally,
    csat: Tally,
    ces: Tally,
}

impl Satisfaction {
    fn response(&mut self, r: &SurveyRow) {
        let t = match r.kind {
            SurveyKind::Nps => &mut self.nps,
            SurveyKind::Csat => &mut self.csat,
            SurveyKind::Ces => &mut self.ces,
        };
        t.n += 1;
        t.sum += i64::from(r.score);
        match survey_band(r) {
            SurveyBand::Positive => t.positive += 1,
            SurveyBand::Negative => t.negative += 1,
            SurveyBand::Neutral => {}
        }
    }

    fn responses_in(&mut self, p: &Pass, rows: &[SurveyRow]) {
        let lo = rows.partition_point(|r| r.day < p.first_day);
        let hi = rows.partition_point(|r| r.day <= p.last_day);
        for r in rows.get(lo..hi).unwrap_or(&[]) {
            self.response(r);
        }
    }

    pub fn add(&mut self, p: &Pass, r: &Row) {
        self.responses_in(p, p.data.surveys.of(r.a));
    }

    /// The responses of no account (the company's alone).
    pub fn add_anonymous(&mut self, p: &Pass) {
        self.responses_in(p, &p.data.anonymous_surveys);
    }

    pub fn finish(self, out: &mut MetricsReport) {
        let d = &mut out.details;
        let (nps, csat, ces) = (self.nps, self.csat, self.ces);
        out.nps = ratio(
            100.0 * (nps.positive as f64 - nps.negative as f64),
            nps.n as f64,
        );
        note(
            d,
            Metric::Nps,
            &out.nps,
            nps.n,
            SMALL_SAMPLE,
            "no NPS response in the period",
        );
        out.nps_responses = nps.n;
        note(d, Metric::NpsResponses, &Some(nps.n), nps.n, 0, "");
        let no_csat = "no CSAT response in the period";
        out.csat = ratio(csat.positive as f64, csat.n as f64);
        note(d, Metric::Csat, &out.csat, csat.n, SMALL_SAMPLE, no_csat);
        out.csat_mean = ratio(csat.sum as f64, csat.n as f64);
        note(
            d,
            Metric::CsatMean,
            &out.csat_mean,
            csat.n,
            SMALL_SAMPLE,
            no_csat,
        );
        let no_ces = "no CES response in the period";
        out.ces = ratio(ces.sum as f64, ces.n as f64);
        note(d, Metric::Ces, &out.ces, ces.n, SMALL_SAMPLE, no_ces);
        out.ces_low_effort = ratio(ces.positive as f64, ces.n as f64);
        note(
            d,
            Metric::CesLowEffort,
            &out.ces_low_effort,
            ces.n,
            SMALL_SAMPLE,
            no_ces,
        );
    }
}
