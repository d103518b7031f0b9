//! Reads of CSMs and of account → CSM links for the workload area (its
//! writes are change sets, `write.rs`).

use super::{Store, StoreResult};
use rusqlite::OptionalExtension;

/// A row of the `csm` table as stored (unset capacity and flag stay `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct CsmRow {
    pub id: i64,
    pub name: String,
    pub capacity_hours: Option<f64>,
    pub active: Option<bool>,
}

impl Store {
    /// Every CSM, by name (ignoring case), then row id.
    pub fn csms(&self) -> StoreResult<Vec<CsmRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, capacity_hours, active FROM csm ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CsmRow {
                id: r.get(0)?,
                name: r.get(1)?,
                capacity_hours: r.get(2)?,
                active: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The CSM whose name or e-mail is `name_or_email` (ignoring case).
    pub fn csm_id(&self, name_or_email: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM csm WHERE name = ?1 COLLATE NOCASE OR email = ?1 COLLATE NOCASE",
                [name_or_email],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The stored name of CSM row `id`.
    pub fn csm_name(&self, id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT name FROM csm WHERE id = ?1", [id], |r| r.get(0))
            .optional()?)
    }

    /// Up to two accounts whose external id or name is `reference` (two
    /// say "ambiguous"; which ones is not specified).
    pub fn accounts_named(&self, reference: &str) -> StoreResult<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM account WHERE external_id = ?1 OR name = ?1 LIMIT 2")?;
        let rows = stmt.query_map([reference], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// An account whose external id is `external_id` (in any source).
    pub fn account_with_external_id(&self, external_id: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM account WHERE external_id = ?1 LIMIT 1",
                [external_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every account's row id with its CSM's name (one query).
    pub fn account_csm_names(&self) -> StoreResult<Vec<(i64, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT a.id, c.name FROM account a LEFT JOIN csm c ON c.id = a.csm_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
