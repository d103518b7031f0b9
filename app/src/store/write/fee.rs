//! An account's monthly fee (its `mrr` field, "MRR" / "Mensalidade" in a
//! sheet) kept as the account's subscription, in the same change set as
//! the account, so that undo takes both back (docs/accounts.md).
//!
//! - The first fee opens a monthly subscription from `customer_since`, or
//!   from the first day of the import's month when there is none, ended
//!   (exclusively) by `churned_on`.
//! - A different fee later closes the open one at the first day of the
//!   import's month and opens a new one from there: the month shows an
//!   expansion or a contraction. A fee subscription that starts in the
//!   import's month itself is corrected in place instead.
//! - The same fee again changes nothing; a new `churned_on` ends it.
//!
//! These subscriptions are told from others by their external id,
//! `fee:ACCOUNT_ROW_ID:START`, so a subscription file of the same account
//! is never touched.

use super::ChangeSet;
use crate::domain::{Account, BillingPeriod, Date, Money, Record, RecordKind, Subscription};
use crate::store::rows::row_values;
use rusqlite::OptionalExtension;

/// The external-id prefix of fee subscriptions.
const FEE_PREFIX: &str = "fee:";

/// The latest fee subscription of an account.
struct Open {
    external_id: String,
    start: Date,
    end: Option<Date>,
    amount: i64,
}

fn day(text: Option<String>) -> Option<Date> {
    text.and_then(|t| Date::parse_iso(&t).ok())
}

impl ChangeSet<'_> {
    /// Makes the fee subscriptions of account `account_id` say `record`'s
    /// fee (nothing when the record has none). Reads the account's stored
    /// dates, so that a file without a `churned_on` column keeps the one
    /// another source gave.
    pub(super) fn sync_fee(&mut self, account_id: i64, record: &Account) -> rusqlite::Result<()> {
        let Some(fee) = record.mrr else {
            return Ok(());
        };
        let (since, churned): (Option<String>, Option<String>) = self.tx.query_row(
            "SELECT customer_since, churned_on FROM account WHERE id = ?1",
            [account_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (since, churned) = (day(since), day(churned));
        let month_start = self.meta.as_of.month().first_day();
        if self.fee_accounts.is_none() {
            let mut stmt = self.tx.prepare(
                "SELECT DISTINCT account_id FROM subscription WHERE external_id LIKE 'fee:%'",
            )?;
            let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
            let mut set = std::collections::HashSet::default();
            for id in ids {
                set.insert(id?);
            }
            drop(stmt);
            self.fee_accounts = Some(set);
        }
        let known = self
            .fee_accounts
            .as_ref()
            .is_some_and(|s| s.contains(&account_id));
        // Accounts without one (new ones) skip the lookup: a bulk import
        // may have put the subscription table's index off until commit.
        let latest = if known {
            self.latest_fee(account_id)?
        } else {
            None
        };
        // A subscription must end after it starts: a churn on or before
        // the start leaves nothing to count.
        let ends_after = |start: Date| churned.is_none_or(|c| c > start);
        let Some(open) = latest else {
            let start = since.unwrap_or(month_start);
            if ends_after(start) {
                self.put_fee(account_id, record, None, start, churned, fee)?;
            }
            return Ok(());
        };
        if open.amount == fee.cents() {
            // Only the churn date may have moved.
            if open.end != churned && ends_after(open.start) {
                let id = Some(open.external_id);
                self.put_fee(account_id, record, id, open.start, churned, fee)?;
            }
            return Ok(());
        }
        if churned.is_some_and(|c| c <= month_start) {
            // A new fee after the account left: there is no month to bill.
            return Ok(());
        }
        if open.start >= month_start {
            // Opened this month: correct it rather than add a one-day change.
            let id = Some(open.external_id);
            return self.put_fee(account_id, record, id, open.start, churned, fee);
        }
        if open.end.is_none_or(|e| e > month_start) {
            let old = Money::from_cents(open.amount);
            let id = Some(open.external_id);
            self.put_fee(account_id, record, id, open.start, Some(month_start), old)?;
        }
        self.put_fee(account_id, record, None, month_start, churned, fee)
    }

    /// The latest fee subscription of an account, when it has one.
    fn latest_fee(&self, account_id: i64) -> rusqlite::Result<Option<Open>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT external_id, start, \"end\", amount_cents FROM subscription
                 WHERE account_id = ?1 AND external_id LIKE 'fee:%'
                 ORDER BY start DESC, id DESC LIMIT 1",
            )?
            .query_row([account_id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .optional()?
            .and_then(|(external_id, start, end, amount)| {
                Some(Open {
                    external_id,
                    start: day(start)?,
                    end: day(end),
                    amount,
                })
            }))
    }

    /// Inserts (no `external_id`) or updates a fee subscription.
    fn put_fee(
        &mut self,
        account_id: i64,
        account: &Account,
        external_id: Option<String>,
        start: Date,
        end: Option<Date>,
        amount: Money,
    ) -> rusqlite::Result<()> {
        let external_id =
            external_id.unwrap_or_else(|| format!("{FEE_PREFIX}{account_id}:{start}"));
        let record = Record::Subscription(Subscription {
            account: account.external_id.clone(),
            external_id: Some(external_id),
            start,
            end,
            amount,
            billing_period: Some(BillingPeriod::Monthly),
            product: None,
            trial_end: None,
            discount: None,
            discount_percent: None,
            cancel_at: None,
            currency: None,
        });
        let mut row = row_values(&record, &self.meta.source, Some(account_id), None);
        if self.assign_key(&record, &mut row).is_err() {
            return Ok(());
        }
        // The subscription keeps the source it was opened in.
        if let Some(source) = self.fee_source(&row)? {
            row.key[0] = rusqlite::types::Value::Text(source);
        }
        self.upsert(RecordKind::Subscription, &row)?;
        self.kinds.insert(RecordKind::Subscription);
        Ok(())
    }

    /// The source of a stored subscription with `row`'s external id, when
    /// another source than this change set's holds it (a form edit of an
    /// imported account).
    fn fee_source(&self, row: &crate::store::rows::RowValues) -> rusqlite::Result<Option<String>> {
        let Some(rusqlite::types::Value::Text(nkey)) = row.key.get(1) else {
            return Ok(None);
        };
        self.tx
            .prepare_cached("SELECT source FROM subscription WHERE nkey = ?1 AND source <> ?2")?
            .query_row(rusqlite::params![nkey, self.meta.source], |r| r.get(0))
            .optional()
    }
}
