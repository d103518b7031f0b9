//! The `icp_profile` table: ICP profiles with their criteria as stored text
//! (the cli.md JSON, read and validated by `crate::icp`).

use super::{Store, StoreResult};
use rusqlite::{OptionalExtension, params};

/// One stored profile; `criteria` is the JSON text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredIcpProfile {
    pub id: i64,
    pub name: String,
    pub primary: bool,
    pub criteria: String,
}

impl Store {
    /// Every ICP profile, by name (ignoring case).
    pub fn icp_profiles(&self) -> StoreResult<Vec<StoredIcpProfile>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, is_primary, criteria FROM icp_profile ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredIcpProfile {
                id: r.get(0)?,
                name: r.get(1)?,
                primary: r.get::<_, i64>(2)? != 0,
                criteria: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The id of the profile named `name` (ignoring case), if any.
    pub fn icp_profile_id(&self, name: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM icp_profile WHERE name = ?1 COLLATE NOCASE",
                [name],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Inserts (`id: None`) or updates profile `id`, in one transaction. A
    /// primary profile takes the place of the previous one; the first
    /// profile of a database becomes primary. Returns the profile's id, or
    /// `None` (nothing written) when there is no profile `id`.
    pub fn save_icp_profile(
        &self,
        id: Option<i64>,
        name: &str,
        primary: bool,
        criteria: &str,
    ) -> StoreResult<Option<i64>> {
        let none_yet: bool =
            self.conn
                .query_row("SELECT count(*) = 0 FROM icp_profile", [], |r| r.get(0))?;
        let primary = primary || (id.is_none() && none_yet);
        self.in_transaction(|tx| {
            if primary {
                tx.execute("UPDATE icp_profile SET is_primary = 0", [])?;
            }
            match id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE icp_profile SET name = ?1, is_primary = ?2, criteria = ?3 WHERE id = ?4",
                        params![name, primary, criteria, id],
                    )?;
                    Ok((n > 0).then_some(id))
                }
                None => {
                    tx.execute(
                        "INSERT INTO icp_profile (name, is_primary, criteria) VALUES (?1, ?2, ?3)",
                        params![name, primary, criteria],
                    )?;
                    Ok(Some(tx.last_insert_rowid()))
                }
            }
        })
    }

    /// Deletes the profile named `name` (ignoring case); `false` when there
    /// is none. Deleting the primary leaves no primary.
    pub fn delete_icp_profile(&self, name: &str) -> StoreResult<bool> {
        let n = self.conn.execute(
            "DELETE FROM icp_profile WHERE name = ?1 COLLATE NOCASE",
            [name],
        )?;
        Ok(n > 0)
    }

    /// Makes the profile named `name` (ignoring case) the only primary one;
    /// `false`, and nothing changed, when there is none.
    pub fn set_primary_icp_profile(&self, name: &str) -> StoreResult<bool> {
        let done = self.in_transaction(|tx| {
            tx.execute("UPDATE icp_profile SET is_primary = 0", [])?;
            let n = tx.execute(
                "UPDATE icp_profile SET is_primary = 1 WHERE name = ?1 COLLATE NOCASE",
                [name],
            )?;
            Ok((n > 0).then_some(()))
        })?;
        Ok(done.is_some())
    }
}
