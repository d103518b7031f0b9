//! The first import sets the reporting currency (revenue.md "Currencies"):
//! when the database holds no money yet and every money record an import
//! brings names one and the same currency, that currency becomes the
//! database's — the CLI says so, the window asks first. A money record that
//! names no currency is in "the database's currency", which is not known
//! yet: it makes the import's money mixed, and the setting stays.

use crate::domain::Record;
use crate::store::{Store, StoreResult};
use serde::Serialize;
use std::collections::BTreeSet;

/// The currencies of the money records one file brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoneySeen {
    /// Upper-case ISO codes named by money records.
    pub named: BTreeSet<String>,
    /// Money records that name no currency.
    pub unnamed: u64,
    /// Exchange rates the file gave: they are into the reporting currency
    /// as it is, so the import keeps it.
    pub rates: u64,
}

impl MoneySeen {
    /// Notes `record` if it carries money.
    pub fn see(&mut self, record: &Record) {
        if let Record::FxRate(_) = record {
            self.rates += 1;
            return;
        }
        let currency = match record {
            Record::Purchase(p) => Some(p.currency.as_deref()),
            Record::Subscription(s) => Some(s.currency.as_deref()),
            Record::Mrr(_) | Record::AcquisitionSpend(_) => Some(None),
            Record::Opportunity(o) if o.amount.is_some() => Some(None),
            Record::Account(a) if a.mrr.is_some() || a.acquisition_cost.is_some() => Some(None),
            _ => None,
        };
        match currency.map(|c| c.map(str::trim).filter(|c| !c.is_empty())) {
            None => {}
            Some(Some(c)) => {
                self.named.insert(c.to_ascii_uppercase());
            }
            Some(None) => self.unnamed += 1,
        }
    }

    pub fn merge(&mut self, other: &MoneySeen) {
        self.named.extend(other.named.iter().cloned());
        self.unnamed += other.unnamed;
        self.rates += other.rates;
    }

    pub fn is_empty(&self) -> bool {
        self.named.is_empty() && self.unnamed == 0 && self.rates == 0
    }
}

/// What the import may do with the reporting currency (the window's
/// answer to its question; the CLI always adopts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CurrencyChoice {
    /// Set the currency the money is in (the CLI; "Yes" in the window).
    #[default]
    Adopt,
    /// Keep the setting ("Keep BRL" in the window).
    Keep,
}

/// What the first import found and did (`reporting_currency` in
/// `import --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct CurrencyDecision {
    /// The reporting currency after the import (or after it would be, in a
    /// dry run).
    pub currency: String,
    /// The setting before the import.
    pub previous: String,
    /// The currencies the import's money is in (`""` for money that names
    /// none).
    pub found: Vec<String>,
    /// `set`: the import's money is all in `currency` and it became the
    /// reporting currency; `would_set`: the same, in a dry run (the window
    /// asks on it); `kept_mixed`: the money is in several currencies (or
    /// some names none) and the setting stays; `kept_by_choice`: the person
    /// chose to keep it.
    pub outcome: String,
}

impl CurrencyDecision {
    /// Whether the import changes (or would change) the setting.
    pub fn changes(&self) -> bool {
        matches!(self.outcome.as_str(), "set" | "would_set")
    }

    /// The one line the CLI prints.
    pub fn sentence(&self) -> String {
        match self.outcome.as_str() {
            "set" => format!(
                "Reporting currency set to {c}: the first import's money is all in {c}.",
                c = self.currency
            ),
            "would_set" => format!(
                "The import would set the reporting currency to {c}: its money is all in {c} (dry run; nothing written).",
                c = self.currency
            ),
            "kept_by_choice" => format!(
                "Reporting currency kept at {}, as chosen; the money in {} is converted at each month's rate.",
                self.currency,
                self.found.join(", ")
            ),
            _ => format!(
                "Reporting currency kept at {}: the first import's money is in more than one currency ({}).",
                self.currency,
                self.found
                    .iter()
                    .map(|c| if c.is_empty() { "unnamed" } else { c.as_str() })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// Whether the database already holds money (any revenue, spend, priced
/// opportunity, acquisition cost or exchange rate): then the reporting
/// currency is settled and no import changes it.
pub fn database_has_money(store: &Store) -> StoreResult<bool> {
    store.has_money_records()
}

/// The decision for an import into a database without money whose files
/// brought `seen`; `None` when they brought no money.
pub fn decide(
    current: &str,
    seen: &MoneySeen,
    dry_run: bool,
    choice: CurrencyChoice,
) -> Option<CurrencyDecision> {
    // Rates given with the money are into the current setting: keep it.
    if seen.is_empty() || seen.rates > 0 {
        return None;
    }
    let current = current.to_ascii_uppercase();
    let mut found: Vec<String> = seen.named.iter().cloned().collect();
    if seen.unnamed > 0 {
        found.push(String::new());
    }
    let only = match (seen.unnamed, found.as_slice()) {
        (0, [one]) => Some(one.clone()),
        _ => None,
    };
    let (currency, outcome) = match only {
        // Already the setting: nothing to say.
        Some(c) if c == current => return None,
        // A dry run proposes, whatever the choice: the window asks on it.
        Some(c) if dry_run => (c, "would_set"),
        Some(c) if choice == CurrencyChoice::Adopt => (c, "set"),
        Some(_) => (current.clone(), "kept_by_choice"),
        None => (current.clone(), "kept_mixed"),
    };
    Some(CurrencyDecision {
        currency,
        previous: current,
        found,
        outcome: outcome.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Date, Money, Purchase};

    fn purchase(currency: Option<&str>) -> Record {
        Record::Purchase(Purchase {
            account: "A".into(),
            date: Date::parse_iso("2026-01-05").unwrap_or_else(|e| panic!("{e}")),
            amount: Money::from_cents(100),
            currency: currency.map(String::from),
            refunded: None,
            external_id: None,
            kind: None,
            product: None,
            status: None,
        })
    }

    #[test]
    fn one_named_currency_is_adopted_and_any_other_mix_keeps_the_setting() {
        let mut seen = MoneySeen::default();
        seen.see(&purchase(Some("usd")));
        seen.see(&purchase(Some("USD ")));
        let d = decide("BRL", &seen, false, CurrencyChoice::Adopt);
        assert_eq!(d.as_ref().map(|d| d.outcome.as_str()), Some("set"));
        assert_eq!(d.as_ref().map(|d| d.currency.as_str()), Some("USD"));
        assert_eq!(
            d.map(|d| d.sentence()).as_deref(),
            Some("Reporting currency set to USD: the first import's money is all in USD.")
        );
        let d = decide("BRL", &seen, true, CurrencyChoice::Keep);
        assert_eq!(d.map(|d| d.outcome), Some("would_set".into()));
        let d = decide("BRL", &seen, false, CurrencyChoice::Keep);
        assert_eq!(
            d.as_ref()
                .map(|d| (d.outcome.as_str(), d.currency.as_str())),
            Some(("kept_by_choice", "BRL"))
        );
        // Already the setting: nothing to decide.
        assert_eq!(decide("usd", &seen, false, CurrencyChoice::Adopt), None);
        // A purchase naming no currency makes it mixed.
        seen.see(&purchase(None));
        let d = decide("BRL", &seen, false, CurrencyChoice::Adopt);
        assert_eq!(
            d.as_ref()
                .map(|d| (d.outcome.as_str(), d.currency.as_str())),
            Some(("kept_mixed", "BRL"))
        );
        assert_eq!(
            d.map(|d| d.sentence()).as_deref(),
            Some(
                "Reporting currency kept at BRL: the first import's money is in more than one currency (USD, unnamed)."
            )
        );
        // Rates in the same run pin the setting they are into.
        let mut with_rates = MoneySeen::default();
        with_rates.see(&purchase(Some("USD")));
        with_rates.see(&Record::FxRate(crate::domain::FxRate {
            month: crate::domain::Month::from_ym(2026, 1),
            currency: "USD".into(),
            rate: "5.1".into(),
        }));
        assert_eq!(
            decide("BRL", &with_rates, false, CurrencyChoice::Adopt),
            None
        );
        // No money at all: nothing to decide.
        assert_eq!(
            decide("BRL", &MoneySeen::default(), false, CurrencyChoice::Adopt),
            None
        );
    }
}
