//! ICP profiles in the `icp_profile` table (criteria as the cli.md JSON)
//! and the tier thresholds setting.

use super::IcpError;
use super::fit::TierThresholds;
use super::profile::{Criterion, Profile};
use rusqlite::{Connection, OptionalExtension, params};

/// Setting key of the tier thresholds, `A,B,C` (default `75,50,25`).
pub const THRESHOLDS_SETTING: &str = "icp_tier_thresholds";

/// Every profile, by name.
pub fn list(conn: &Connection) -> Result<Vec<Profile>, IcpError> {
    let mut stmt = conn.prepare(
        "SELECT id, name, is_primary, criteria FROM icp_profile ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name, primary, criteria) = row?;
        let criteria: Vec<Criterion> =
            serde_json::from_str(&criteria).map_err(|e| IcpError::Corrupt {
                profile: name.clone(),
                why: e.to_string(),
            })?;
        out.push(Profile {
            id: Some(id),
            name,
            primary: primary != 0,
            criteria,
        });
    }
    Ok(out)
}

/// The primary profile, if any.
pub fn primary(conn: &Connection) -> Result<Option<Profile>, IcpError> {
    Ok(list(conn)?.into_iter().find(|p| p.primary))
}

/// A profile by name (ignoring case).
pub fn find(conn: &Connection, name: &str) -> Result<Option<Profile>, IcpError> {
    Ok(list(conn)?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim())))
}

/// Inserts (no id) or updates (id) a profile after validating it. The first
/// profile of a database becomes the primary one. Returns its id.
pub fn save(conn: &Connection, profile: &Profile) -> Result<i64, IcpError> {
    profile.validate()?;
    let clash: Option<i64> = conn
        .query_row(
            "SELECT id FROM icp_profile WHERE name = ?1 COLLATE NOCASE",
            [profile.name.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if clash.is_some() && clash != profile.id {
        return Err(IcpError::Invalid(format!(
            "an ICP profile named \"{}\" exists already; choose another name or edit that one.",
            profile.name.trim()
        )));
    }
    let criteria = serde_json::to_string(&profile.criteria)
        .map_err(|e| IcpError::Invalid(format!("the criteria could not be written: {e}")))?;
    let none_yet: bool =
        conn.query_row("SELECT count(*) = 0 FROM icp_profile", [], |r| r.get(0))?;
    let tx = conn.unchecked_transaction()?;
    let primary = profile.primary || (profile.id.is_none() && none_yet);
    if primary {
        tx.execute("UPDATE icp_profile SET is_primary = 0", [])?;
    }
    let id = match profile.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE icp_profile SET name = ?1, is_primary = ?2, criteria = ?3 WHERE id = ?4",
                params![profile.name.trim(), primary, criteria, id],
            )?;
            if n == 0 {
                return Err(IcpError::NotFound(profile.name.clone()));
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO icp_profile (name, is_primary, criteria) VALUES (?1, ?2, ?3)",
                params![profile.name.trim(), primary, criteria],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.commit()?;
    Ok(id)
}

/// Deletes a profile by name. Deleting the primary leaves no primary.
pub fn delete(conn: &Connection, name: &str) -> Result<(), IcpError> {
    let n = conn.execute(
        "DELETE FROM icp_profile WHERE name = ?1 COLLATE NOCASE",
        [name.trim()],
    )?;
    if n == 0 {
        return Err(IcpError::NotFound(name.to_string()));
    }
    Ok(())
}

/// Makes one profile the primary (the one defining the `icp_tier` segment).
pub fn set_primary(conn: &Connection, name: &str) -> Result<(), IcpError> {
    let tx = conn.unchecked_transaction()?;
    tx.execute("UPDATE icp_profile SET is_primary = 0", [])?;
    let n = tx.execute(
        "UPDATE icp_profile SET is_primary = 1 WHERE name = ?1 COLLATE NOCASE",
        [name.trim()],
    )?;
    if n == 0 {
        return Err(IcpError::NotFound(name.to_string()));
    }
    tx.commit()?;
    Ok(())
}

/// The tier thresholds in force (defaults when unset or unreadable).
pub fn thresholds(conn: &Connection) -> Result<TierThresholds, IcpError> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [THRESHOLDS_SETTING],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| TierThresholds::parse(&v))
        .unwrap_or_default())
}

pub fn save_thresholds(conn: &Connection, t: &TierThresholds) -> Result<(), IcpError> {
    conn.execute(
        "INSERT INTO setting(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [THRESHOLDS_SETTING, &t.to_setting()],
    )?;
    Ok(())
}
