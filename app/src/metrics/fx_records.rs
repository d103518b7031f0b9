//! One record's money in the reporting currency, for the places that show
//! the record (revenue.md: "a record's original amount and currency are
//! kept and shown"): the account page shows a purchase paid in US$ with
//! its amount in the reporting currency beside it, converted at its
//! month's rate, or the missing rate named.

use super::MetricsError;
use super::fx::{MissingRate, Rates, load_rates, round_half_even};
use crate::domain::{Money, Month, Purchase, RATE_SCALE, Subscription};
use crate::store::Store;
use std::collections::BTreeMap;

/// An amount in another currency, converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    /// In the reporting currency, rounded half-even once; the missing rate
    /// when the month has none.
    pub amount: Result<Money, MissingRate>,
    /// The rate used, as a plain decimal (`5.1`); `None` when missing.
    pub rate: Option<String>,
}

/// A rate of `RATE_SCALE` decimals as the shortest plain decimal.
pub fn rate_text(rate: i128) -> String {
    let one = 10_i128.pow(RATE_SCALE);
    let (whole, frac) = (rate / one, rate % one);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:0width$}", width = RATE_SCALE as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// `cents` of `currency` in `month`, in the reporting currency of `rates`;
/// `None` when `currency` is the reporting one (or none is named).
pub(crate) fn convert(
    rates: &Rates,
    cents: i64,
    currency: Option<&str>,
    month: Month,
) -> Option<Converted> {
    let c = currency.map(str::trim).filter(|c| !c.is_empty())?;
    if c.eq_ignore_ascii_case(&rates.reporting) {
        return None;
    }
    Some(match rates.rate(Some(c), month.index()) {
        Ok(r) => Converted {
            amount: Ok(Money::from_cents(
                round_half_even(i128::from(cents) * r)
                    .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64,
            )),
            rate: Some(rate_text(r)),
        },
        Err(m) => Converted {
            amount: Err(m),
            rate: None,
        },
    })
}

/// The purchases among `list` (row id, purchase) paid in another currency
/// than the reporting one, by row id: their amount converted at the rate
/// of the month they were paid in.
pub fn purchases(
    store: &Store,
    list: &[(i64, &Purchase)],
) -> Result<BTreeMap<i64, Converted>, MetricsError> {
    let reporting = store.settings().currency()?;
    let rates = load_rates(store, &reporting)?;
    Ok(list
        .iter()
        .filter_map(|(id, p)| {
            convert(
                &rates,
                p.amount.cents(),
                p.currency.as_deref(),
                p.date.month(),
            )
            .map(|c| (*id, c))
        })
        .collect())
}

/// The subscriptions among `list` priced in another currency, by row id:
/// their amount at the rate of `month`, or of the nearest month they run
/// in (the first or the last) when `month` is outside them.
pub fn subscriptions(
    store: &Store,
    list: &[(i64, &Subscription)],
    month: Month,
) -> Result<BTreeMap<i64, Converted>, MetricsError> {
    let reporting = store.settings().currency()?;
    let rates = load_rates(store, &reporting)?;
    Ok(list
        .iter()
        .filter_map(|(id, s)| {
            let first = s.start.month();
            // `end` is exclusive: the last month is the day before's.
            let last = s.end.map(|e| e.add_days(-1).month());
            let m = last.map_or(month, |l| month.min(l)).max(first);
            convert(&rates, s.amount.cents(), s.currency.as_deref(), m).map(|c| (*id, c))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parse_rate;

    /// US$ 120.00 at 5.1 = R$ 612.00; US$ 0.15 at 5.5 = R$ 0.825 → R$ 0.82
    /// (half-even); a month without a rate names it; BRL is not converted.
    #[test]
    fn one_amount_at_its_months_rate() {
        let mut rates = Rates {
            reporting: "BRL".into(),
            ..Rates::default()
        };
        let jan = Month::from_ym(2026, 1);
        let feb = Month::from_ym(2026, 2);
        for (m, r) in [(jan, "5.1"), (feb, "5.5")] {
            rates
                .by_month
                .insert(("USD".into(), m.index()), parse_rate(r).unwrap_or(0));
        }
        let c = convert(&rates, 12_000, Some("usd"), jan);
        assert_eq!(
            c,
            Some(Converted {
                amount: Ok(Money::from_cents(61_200)),
                rate: Some("5.1".into())
            })
        );
        let c = convert(&rates, 15, Some("USD"), feb);
        assert_eq!(c.map(|c| c.amount), Some(Ok(Money::from_cents(82))));
        let c = convert(&rates, 100, Some("USD"), Month::from_ym(2026, 3));
        assert_eq!(
            c.and_then(|c| c.amount.err()).map(|m| m.sentence()),
            Some("no USD rate for 2026-03".to_string())
        );
        assert_eq!(convert(&rates, 100, Some("BRL"), jan), None);
        assert_eq!(convert(&rates, 100, None, jan), None);
        assert_eq!(rate_text(54_321_000_000), "5.4321");
        assert_eq!(rate_text(50_000_000_000), "5");
        assert_eq!(rate_text(1), "0.0000000001");
    }
}
