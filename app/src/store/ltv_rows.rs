//! The accounts the customer-value models (app/src/ltv) report on: who
//! each purchasing account is and whether it also has a contract.

use super::{Store, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LtvAccount {
    pub id: i64,
    pub external_id: String,
    pub name: String,
    pub prospect: bool,
    /// Has `subscription` or `mrr` records: its contractual LTV is metrics.md's.
    pub contract: bool,
}

impl Store {
    /// Every account that has a purchase, by row id.
    pub(crate) fn ltv_accounts(&self) -> StoreResult<Vec<LtvAccount>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.external_id, a.name, a.status = 'prospect',
                    EXISTS (SELECT 1 FROM subscription s WHERE s.account_id = a.id)
                    OR EXISTS (SELECT 1 FROM mrr m WHERE m.account_id = a.id)
             FROM account a
             WHERE EXISTS (SELECT 1 FROM purchase p WHERE p.account_id = a.id)
             ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(LtvAccount {
                id: r.get(0)?,
                external_id: r.get(1)?,
                name: r.get(2)?,
                prospect: r.get(3)?,
                contract: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
