//! What the workload area writes: its settings (the model in force and the
//! saved scenarios) and, through the store's single write path, accepted
//! moves, reassignments and CSM edits (each one undoable change set).

use super::params::{MODEL_SETTING, SCENARIOS_SETTING, Scenario};
use super::rebalance::Move;
use crate::domain::{Csm, Record};
use crate::store::{ChangeSet, ChangeSetMeta, Settings, Store, StoreError, StoreResult, WriteMode};

/// The model and assumptions in force (the spec's defaults where unset or
/// unreadable).
pub fn load_scenario(settings: &Settings<'_>) -> StoreResult<Scenario> {
    Ok(settings
        .get(MODEL_SETTING)?
        .and_then(|t| serde_json::from_str::<Scenario>(&t).ok())
        .unwrap_or_default()
        .sanitized())
}

pub fn save_scenario(settings: &Settings<'_>, scenario: &Scenario) -> StoreResult<()> {
    let text = serde_json::to_string(scenario).unwrap_or_else(|_| "{}".into());
    settings.set(MODEL_SETTING, &text)
}

/// The saved scenarios, by name.
pub fn load_scenarios(settings: &Settings<'_>) -> StoreResult<Vec<Scenario>> {
    let mut list: Vec<Scenario> = settings
        .get(SCENARIOS_SETTING)?
        .and_then(|t| serde_json::from_str::<Vec<Scenario>>(&t).ok())
        .unwrap_or_default()
        .into_iter()
        .map(Scenario::sanitized)
        .filter(|s| !s.name.trim().is_empty())
        .collect();
    list.sort_by_key(|s| s.name.to_lowercase());
    Ok(list)
}

fn store_scenarios(settings: &Settings<'_>, list: &[Scenario]) -> StoreResult<()> {
    let text = serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
    settings.set(SCENARIOS_SETTING, &text)
}

/// Saves `scenario` under `name`, replacing one of the same name.
pub fn save_scenario_as(
    settings: &Settings<'_>,
    name: &str,
    scenario: &Scenario,
) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the scenario a name".into());
    }
    let mut list = load_scenarios(settings).map_err(|e| e.to_string())?;
    list.retain(|s| !s.name.eq_ignore_ascii_case(name));
    let mut saved = scenario.clone();
    saved.name = name.to_string();
    list.push(saved);
    store_scenarios(settings, &list).map_err(|e| e.to_string())
}

/// Removes a saved scenario; `Ok(false)` when there is none of that name.
pub fn delete_scenario(settings: &Settings<'_>, name: &str) -> StoreResult<bool> {
    let mut list = load_scenarios(settings)?;
    let before = list.len();
    list.retain(|s| !s.name.eq_ignore_ascii_case(name.trim()));
    store_scenarios(settings, &list)?;
    Ok(list.len() != before)
}

fn meta() -> ChangeSetMeta {
    ChangeSetMeta::new("workload", "manual")
}

fn csm_id(store: &Store, name: &str) -> StoreResult<i64> {
    store.csm_id(name.trim())?.ok_or_else(|| {
        StoreError::Invalid(format!(
            "there is no CSM named `{}`; `tenure workload` lists them, `tenure csm add` adds one",
            name.trim()
        ))
    })
}

/// Writes accepted moves as one change set; returns its id (for undo).
pub fn accept_moves(store: &mut Store, moves: &[Move], csm_ids: &[i64]) -> StoreResult<i64> {
    let mut changes = store.change_set(meta())?;
    for m in moves {
        let Some(&to) = csm_ids.get(m.to as usize) else {
            return Err(StoreError::Invalid(format!(
                "the proposal names a CSM that no longer exists for {}",
                m.name
            )));
        };
        changes.reassign_account(m.account_id, to)?;
    }
    commit_id(changes, "the moves were")
}

/// Commits; the change set's id, which undoes it.
fn commit_id(changes: ChangeSet<'_>, what: &str) -> StoreResult<i64> {
    changes
        .commit()?
        .import_id
        .ok_or_else(|| StoreError::Invalid(format!("{what} not recorded")))
}

/// Writes one record in a change set of its own; a rejected record writes
/// nothing and its problems become the error.
fn write_one(store: &mut Store, meta: ChangeSetMeta, record: &Record) -> StoreResult<i64> {
    let mut changes = store.change_set(meta)?;
    if let Err(errors) = changes.write(record) {
        changes.rollback();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        return Err(StoreError::Invalid(text.join("; ")));
    }
    commit_id(changes, "the change was")
}

/// Gives one account (by external id or exact name) to a CSM (by name or
/// e-mail); returns the change set's id.
pub fn reassign(store: &mut Store, account: &str, csm: &str) -> StoreResult<i64> {
    let to = csm_id(store, csm)?;
    let found = store.accounts_named(account.trim())?;
    let id = match found.as_slice() {
        [id] => *id,
        [] => {
            return Err(StoreError::Invalid(format!(
                "there is no account with external id or name `{}`",
                account.trim()
            )));
        }
        _ => {
            // Several: an exact external id wins.
            store
                .account_with_external_id(account.trim())?
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "several accounts are named `{}`; give the external id",
                        account.trim()
                    ))
                })?
        }
    };
    reassign_id(store, id, to)
}

/// Gives account row `account_id` to the CSM named `csm`.
pub fn reassign_to(store: &mut Store, account_id: i64, csm: &str) -> StoreResult<i64> {
    let to = csm_id(store, csm)?;
    reassign_id(store, account_id, to)
}

fn reassign_id(store: &mut Store, account_id: i64, csm_id: i64) -> StoreResult<i64> {
    let mut changes = store.change_set(meta())?;
    if !changes.reassign_account(account_id, csm_id)? {
        changes.rollback();
        return Err(StoreError::Invalid(
            "the account already has that CSM (or no longer exists); nothing changed".into(),
        ));
    }
    commit_id(changes, "the change was")
}

/// Adds a CSM (refused when the name exists).
pub fn add_csm(
    store: &mut Store,
    name: &str,
    email: Option<&str>,
    capacity_hours: Option<f64>,
) -> StoreResult<i64> {
    if csm_id(store, name).is_ok() {
        return Err(StoreError::Invalid(format!(
            "a CSM named `{}` exists already; use `tenure csm edit`",
            name.trim()
        )));
    }
    let csm = Csm {
        name: name.trim().to_string(),
        email: email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
        capacity_hours,
        active: Some(true),
    };
    write_one(store, meta(), &Record::Csm(csm))
}

/// Changes a CSM's capacity and/or active flag (other fields kept).
pub fn edit_csm(
    store: &mut Store,
    name: &str,
    capacity_hours: Option<f64>,
    active: Option<bool>,
) -> StoreResult<i64> {
    let id = csm_id(store, name)?;
    let stored = store.csm_name(id)?.ok_or_else(|| {
        StoreError::Invalid(format!("the CSM `{}` no longer exists", name.trim()))
    })?;
    let mut meta = meta();
    meta.mode = WriteMode::Merge;
    let record = Record::Csm(Csm {
        name: stored,
        email: None,
        capacity_hours,
        active,
    });
    write_one(store, meta, &record)
}
