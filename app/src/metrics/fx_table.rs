//! The exchange-rate table as the Settings editor shows it (revenue.md):
//! the stored rates, the months purchases need a rate for and lack one,
//! and writing one typed rate through the one validation.

use crate::domain::{FieldError, FxRate, Month, Record};
use crate::store::{ChangeSetMeta, Store, StoreResult, WriteMode};

/// What the rates editor lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FxOverview {
    /// The database's reporting currency.
    pub reporting: String,
    /// Month, currency, the decimal as stored; by month, then currency.
    pub rates: Vec<(Month, String, String)>,
    /// Month and currency of purchases paid, or subscription months
    /// billed, in another currency whose month has no rate: their money
    /// figures are `null` until one is given.
    pub missing: Vec<(Month, String)>,
}

/// The rates and the months lacking one.
pub fn overview(store: &Store) -> StoreResult<FxOverview> {
    let reporting = store.settings().currency()?.to_ascii_uppercase();
    let rates = store.fx_rates()?;
    let mut missing: Vec<(Month, String)> = store
        .purchase_currency_months()?
        .into_iter()
        .filter(|(m, c)| *c != reporting && !rates.iter().any(|(rm, rc, _)| rm == m && rc == c))
        .collect();
    // Subscriptions in another currency need a rate for every month they
    // bring MRR in (metrics/fx_mrr.rs).
    let (fx, subscriptions) = store.foreign_subscriptions()?;
    let today = crate::domain::Date::today().month();
    for (_, terms, currency) in subscriptions {
        for m in terms.months(today) {
            if fx.rate(&currency, m).is_none() {
                missing.push((m, currency.clone()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    Ok(FxOverview {
        reporting,
        rates,
        missing,
    })
}

/// Writes (or replaces) the rate of `currency` in `month`, as a form
/// would: one change set, validated, undoable. Errors are the field's.
pub fn save_rate(
    store: &mut Store,
    month: Month,
    currency: &str,
    rate: &str,
) -> Result<(), Vec<FieldError>> {
    let db = |e: crate::store::StoreError| vec![FieldError::new("rate", "", e.to_string())];
    let mut meta = ChangeSetMeta::new("manual", "manual");
    meta.mode = WriteMode::Replace;
    meta.file_name = Some(format!(
        "{} rate for {month}",
        currency.trim().to_ascii_uppercase()
    ));
    let mut cs = store.change_set(meta).map_err(db)?;
    cs.write(&Record::FxRate(FxRate {
        month,
        currency: currency.trim().to_ascii_uppercase(),
        rate: rate.trim().to_string(),
    }))?;
    cs.commit().map_err(db)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Account, Date, Money, Purchase};

    /// Purchases in US$ in January and March and in € in March, a US$ rate
    /// for January only: March lacks both; after typing the US$ one, only
    /// the euro is missing. A rate that is not a decimal is refused.
    #[test]
    fn months_lacking_a_rate_and_a_typed_rate() {
        let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "test"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut records = vec![Record::Account(Account {
            external_id: "A".into(),
            name: "A".into(),
            ..Default::default()
        })];
        for (date, cur) in [
            ("2026-01-05", "USD"),
            ("2026-03-05", "USD"),
            ("2026-03-06", "EUR"),
            ("2026-03-07", "BRL"),
        ] {
            records.push(Record::Purchase(Purchase {
                account: "A".into(),
                date: Date::parse_iso(date).unwrap_or_else(|e| panic!("{e}")),
                amount: Money::from_cents(1_000),
                currency: Some(cur.into()),
                refunded: None,
                external_id: None,
                kind: None,
                product: None,
                status: None,
            }));
        }
        records.push(Record::FxRate(FxRate {
            month: Month::from_ym(2026, 1),
            currency: "USD".into(),
            rate: "5.10".into(),
        }));
        for r in &records {
            cs.write(r).unwrap_or_else(|e| panic!("{e:?}"));
        }
        cs.commit().unwrap_or_else(|e| panic!("{e}"));
        let march = Month::from_ym(2026, 3);
        let o = overview(&store).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.reporting, "BRL");
        assert_eq!(
            o.missing,
            vec![(march, "EUR".into()), (march, "USD".into())]
        );
        save_rate(&mut store, march, "usd", "5,25").unwrap_or_else(|e| panic!("{e:?}"));
        let o = overview(&store).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.missing, vec![(march, "EUR".into())]);
        assert_eq!(o.rates.len(), 2);
        // Typed again: the month's rate is replaced, not doubled.
        save_rate(&mut store, march, "USD", "5.3").unwrap_or_else(|e| panic!("{e:?}"));
        let o = overview(&store).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(o.rates.last().map(|r| r.2.as_str()), Some("5.3"));
        let e = save_rate(&mut store, march, "EUR", "six").unwrap_err();
        assert_eq!(e[0].field, "rate");
        assert_eq!(overview(&store).map(|o| o.missing.len()).unwrap_or(0), 1);
    }
}
