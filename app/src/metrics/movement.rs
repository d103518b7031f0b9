//! How one account's MRR moved from one month to the next, and how an NPS
//! answer is bucketed: decided here once, read by the report, the monthly
//! series and the list of accounts behind a figure.

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

/// An NPS answer's bucket (metrics.md: 9–10 promoter, 0–6 detractor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NpsBucket {
    Promoter,
    Passive,
    Detractor,
}

pub fn nps_bucket(score: i64) -> NpsBucket {
    if score >= 9 {
        NpsBucket::Promoter
    } else if score <= 6 {
        NpsBucket::Detractor
    } else {
        NpsBucket::Passive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements_by_hand() {
        assert_eq!(classify(0, 500, true), Some(Movement::New(500)));
        assert_eq!(classify(0, 500, false), Some(Movement::Reactivated(500)));
        assert_eq!(classify(500, 0, false), Some(Movement::Churned(500)));
        assert_eq!(classify(500, 700, false), Some(Movement::Expansion(200)));
        assert_eq!(classify(700, 500, false), Some(Movement::Contraction(200)));
        assert_eq!(classify(500, 500, false), None);
        assert_eq!(classify(0, 0, false), None);
    }

    #[test]
    fn nps_buckets_by_hand() {
        assert_eq!(nps_bucket(10), NpsBucket::Promoter);
        assert_eq!(nps_bucket(9), NpsBucket::Promoter);
        assert_eq!(nps_bucket(8), NpsBucket::Passive);
        assert_eq!(nps_bucket(7), NpsBucket::Passive);
        assert_eq!(nps_bucket(6), NpsBucket::Detractor);
        assert_eq!(nps_bucket(0), NpsBucket::Detractor);
    }
}
