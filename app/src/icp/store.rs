//! ICP profiles as the store keeps them (`icp_profile`, criteria as the
//! cli.md JSON) and the tier thresholds setting: the JSON and the rules of
//! a profile here, the reading and writing in `crate::store`.

use super::IcpError;
use super::fit::TierThresholds;
use super::profile::{Criterion, Profile};
use crate::store::Store;

/// Setting key of the tier thresholds, `A,B,C` (default `75,50,25`).
pub const THRESHOLDS_SETTING: &str = "icp_tier_thresholds";

/// Every profile, by name.
pub fn list(store: &Store) -> Result<Vec<Profile>, IcpError> {
    store
        .icp_profiles()?
        .into_iter()
        .map(|stored| {
            let criteria: Vec<Criterion> =
                serde_json::from_str(&stored.criteria).map_err(|e| IcpError::Corrupt {
                    profile: stored.name.clone(),
                    why: e.to_string(),
                })?;
            Ok(Profile {
                id: Some(stored.id),
                name: stored.name,
                primary: stored.primary,
                criteria,
            })
        })
        .collect()
}

/// The primary profile, if any.
pub fn primary(store: &Store) -> Result<Option<Profile>, IcpError> {
    Ok(list(store)?.into_iter().find(|p| p.primary))
}

/// A profile by name (ignoring case).
pub fn find(store: &Store, name: &str) -> Result<Option<Profile>, IcpError> {
    Ok(list(store)?
        .into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim())))
}

/// Inserts (no id) or updates (id) a profile after validating it. The first
/// profile of a database becomes the primary one. Returns its id.
pub fn save(store: &Store, profile: &Profile) -> Result<i64, IcpError> {
    profile.validate()?;
    let name = profile.name.trim();
    let clash = store.icp_profile_id(name)?;
    if clash.is_some() && clash != profile.id {
        return Err(IcpError::Invalid(format!(
            "an ICP profile named \"{name}\" exists already; choose another name or edit that one."
        )));
    }
    let criteria = serde_json::to_string(&profile.criteria)
        .map_err(|e| IcpError::Invalid(format!("the criteria could not be written: {e}")))?;
    store
        .save_icp_profile(profile.id, name, profile.primary, &criteria)?
        .ok_or_else(|| IcpError::NotFound(profile.name.clone()))
}

/// Deletes a profile by name. Deleting the primary leaves no primary.
pub fn delete(store: &Store, name: &str) -> Result<(), IcpError> {
    if !store.delete_icp_profile(name.trim())? {
        return Err(IcpError::NotFound(name.to_string()));
    }
    Ok(())
}

/// Makes one profile the primary (the one defining the `icp_tier` segment).
pub fn set_primary(store: &Store, name: &str) -> Result<(), IcpError> {
    if !store.set_primary_icp_profile(name.trim())? {
        return Err(IcpError::NotFound(name.to_string()));
    }
    Ok(())
}

/// The tier thresholds in force (defaults when unset or unreadable).
pub fn thresholds(store: &Store) -> Result<TierThresholds, IcpError> {
    let v = store.settings().get(THRESHOLDS_SETTING)?;
    Ok(v.and_then(|v| TierThresholds::parse(&v))
        .unwrap_or_default())
}

pub fn save_thresholds(store: &Store, t: &TierThresholds) -> Result<(), IcpError> {
    store.settings().set(THRESHOLDS_SETTING, &t.to_setting())?;
    Ok(())
}
