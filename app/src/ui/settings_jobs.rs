//! The Settings view's work, done on the main worker thread (which owns the
//! database and the loaded engine): reading and saving settings, the live
//! preview of health weights, backup and restore.

use super::engine::Engine;
use crate::metrics::{HealthWeights, Query, load_weights, save_weights};
use crate::store::{CES_HIGH_IS_EASY, CES_SCALE, Store, StoreError};
use std::path::{Path, PathBuf};

/// The settings the view edits, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsValues {
    pub currency: String,
    /// Fraction (1 = 100 %).
    pub gross_margin: f64,
    pub activation_days: i32,
    pub ces_high_is_easy: bool,
    pub weights: HealthWeights,
}

impl Default for SettingsValues {
    fn default() -> Self {
        SettingsValues {
            currency: "BRL".into(),
            gross_margin: 1.0,
            activation_days: 30,
            ces_high_is_easy: false,
            weights: HealthWeights::default(),
        }
    }
}

/// How many accounts change health band under other weights.
#[derive(Debug, Clone, PartialEq)]
pub struct BandPreview {
    pub weights: HealthWeights,
    /// Accounts with a score under either weighting.
    pub scored: u64,
    pub changed: u64,
    /// Healthy, at risk, critical: now and with the new weights.
    pub before: [u64; 3],
    pub after: [u64; 3],
}

pub enum SettingsCmd {
    Load,
    Save(SettingsValues),
    Preview(HealthWeights),
    Backup(PathBuf),
    Restore(PathBuf),
    /// The exchange rates and the months lacking one (revenue.md).
    Rates,
    /// Writes one typed rate: month, currency, the decimal as typed.
    SaveRate(crate::domain::Month, String, String),
}

pub enum SettingsMsg {
    Values(Result<SettingsValues, String>),
    Saved(Result<(), String>),
    Preview(Result<BandPreview, String>),
    BackedUp(Result<PathBuf, String>),
    /// The copy kept of the database the restore replaced.
    Restored(Result<PathBuf, String>),
    /// The rates editor's table (after loading or saving a rate).
    Rates(Result<crate::metrics::fx_table::FxOverview, String>),
}

/// What the worker must do after a command.
pub enum After {
    Nothing,
    /// Reload the engine (settings changed, or another file took its place).
    Reopen(PathBuf),
}

/// Runs one command. `store` and `engine` are the worker's.
pub fn handle(
    store: &mut Option<Store>,
    engine: &mut Option<std::sync::Arc<Engine>>,
    cmd: SettingsCmd,
) -> (SettingsMsg, After) {
    let closed = || "the database is not open".to_string();
    match cmd {
        SettingsCmd::Load => (
            SettingsMsg::Values(store.as_ref().ok_or_else(closed).and_then(read)),
            After::Nothing,
        ),
        SettingsCmd::Save(values) => match store.as_ref() {
            Some(s) => match write(s, &values) {
                Ok(()) => (
                    SettingsMsg::Saved(Ok(())),
                    After::Reopen(s.path().to_path_buf()),
                ),
                Err(e) => (SettingsMsg::Saved(Err(e)), After::Nothing),
            },
            None => (SettingsMsg::Saved(Err(closed())), After::Nothing),
        },
        SettingsCmd::Preview(weights) => (
            SettingsMsg::Preview(
                engine
                    .as_mut()
                    .map(std::sync::Arc::make_mut)
                    .ok_or_else(closed)
                    .and_then(|e| preview(e, weights)),
            ),
            After::Nothing,
        ),
        SettingsCmd::Backup(to) => (
            SettingsMsg::BackedUp(
                store
                    .as_ref()
                    .ok_or_else(closed)
                    .and_then(|s| backup(s, &to).map(|()| to.clone())),
            ),
            After::Nothing,
        ),
        SettingsCmd::Rates => {
            (
                SettingsMsg::Rates(store.as_ref().ok_or_else(closed).and_then(|s| {
                    crate::metrics::fx_table::overview(s).map_err(|e| e.to_string())
                })),
                After::Nothing,
            )
        }
        SettingsCmd::SaveRate(month, currency, rate) => {
            let Some(s) = store.as_mut() else {
                return (SettingsMsg::Rates(Err(closed())), After::Nothing);
            };
            match crate::metrics::fx_table::save_rate(s, month, &currency, &rate) {
                Ok(()) => (
                    SettingsMsg::Rates(
                        crate::metrics::fx_table::overview(s).map_err(|e| e.to_string()),
                    ),
                    After::Reopen(s.path().to_path_buf()),
                ),
                Err(errors) => {
                    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
                    (SettingsMsg::Rates(Err(text.join("; "))), After::Nothing)
                }
            }
        }
        SettingsCmd::Restore(from) => {
            let Some(path) = store.as_ref().map(|s| s.path().to_path_buf()) else {
                return (SettingsMsg::Restored(Err(closed())), After::Nothing);
            };
            if let Err(e) = check_backup(&from) {
                return (SettingsMsg::Restored(Err(e)), After::Nothing);
            }
            // Close our connection so the file can be replaced.
            *engine = None;
            *store = None;
            let result = restore(&path, &from);
            (SettingsMsg::Restored(result), After::Reopen(path))
        }
    }
}

fn read(store: &Store) -> Result<SettingsValues, String> {
    let s = store.settings();
    let e = |e: StoreError| e.to_string();
    let d = SettingsValues::default();
    Ok(SettingsValues {
        currency: s.currency().map_err(e)?,
        gross_margin: s
            .get("gross_margin")
            .map_err(e)?
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v > 0.0)
            .unwrap_or(d.gross_margin),
        activation_days: s
            .get("activation_days")
            .map_err(e)?
            .and_then(|v| v.trim().parse::<i32>().ok())
            .filter(|v| *v >= 0)
            .unwrap_or(d.activation_days),
        ces_high_is_easy: s.ces_high_is_easy().map_err(e)?,
        weights: load_weights(&s).map_err(e)?,
    })
}

/// Checks what the view checks too (a person may call this some other way).
pub fn validate(values: &SettingsValues) -> Result<(), String> {
    let c = values.currency.trim();
    if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
        return Err(format!(
            "`{c}` is not an ISO 4217 currency code (three letters, such as BRL or USD)"
        ));
    }
    if !(values.gross_margin > 0.0 && values.gross_margin <= 1.0) {
        return Err("the gross margin must be more than 0 % and at most 100 %".into());
    }
    if values.activation_days < 0 {
        return Err("the activation window cannot be negative".into());
    }
    Ok(())
}

fn write(store: &Store, values: &SettingsValues) -> Result<(), String> {
    validate(values)?;
    store
        .change_settings(|s| {
            s.set("currency", &values.currency.trim().to_ascii_uppercase())?;
            s.set("gross_margin", &values.gross_margin.to_string())?;
            s.set("activation_days", &values.activation_days.to_string())?;
            if values.ces_high_is_easy {
                s.set(CES_SCALE, CES_HIGH_IS_EASY)?;
            } else {
                s.remove(CES_SCALE)?;
            }
            save_weights(s, &values.weights)
        })
        .map_err(|e| e.to_string())
}

/// Bands at the default month under the stored weights and under `weights`.
/// The engine's weights are put back afterwards.
pub fn preview(engine: &mut Engine, weights: HealthWeights) -> Result<BandPreview, String> {
    let query = Query::month(engine.default_month());
    // The counts are the dashboard's own (`band_counts`); the bands per
    // account only tell how many change.
    let bands = |engine: &Engine| -> Result<(Vec<Option<crate::metrics::Band>>, [u64; 3]), String> {
        let per_account = engine
            .account_health(&query)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|h| h.health.band)
            .collect();
        let c = engine.band_counts(&query).map_err(|e| e.to_string())?;
        Ok((per_account, [c.healthy, c.at_risk, c.critical]))
    };
    let current = *engine.weights();
    let before = bands(engine)?;
    engine.set_weights(weights);
    let after = bands(engine);
    engine.set_weights(current);
    let after = after?;
    let mut out = BandPreview {
        weights,
        scored: 0,
        changed: 0,
        before: before.1,
        after: after.1,
    };
    for (b, a) in before.0.iter().zip(&after.0) {
        if b.is_some() || a.is_some() {
            out.scored += 1;
        }
        if b != a {
            out.changed += 1;
        }
    }
    Ok(out)
}

/// A consistent copy of the open database (`VACUUM INTO`, safe while others
/// read). An existing file at `to` is replaced (the dialog asked).
pub fn backup(store: &Store, to: &Path) -> Result<(), String> {
    replaceable(to)?;
    store.backup_to(to).map_err(|e| backup_failed(to, e))
}

/// Makes room for a copy at `to` (the dialog asked before replacing).
fn replaceable(to: &Path) -> Result<(), String> {
    if to.exists() {
        std::fs::remove_file(to)
            .map_err(|e| format!("{} cannot be replaced ({e})", to.display()))?;
    }
    Ok(())
}

fn backup_failed(to: &Path, e: StoreError) -> String {
    format!("the backup to {} failed ({e})", to.display())
}

/// Refuses a file that is not a Tenure database this version can open.
pub fn check_backup(from: &Path) -> Result<(), String> {
    let reader = Store::open_reader(from).map_err(|e| e.to_string())?;
    let app_id = reader
        .application_id()
        .map_err(|e| format!("{} cannot be read ({e})", from.display()))?;
    if app_id != crate::store::schema::APPLICATION_ID {
        return Err(format!(
            "{} is not a Tenure database; choose a file made by \"Back up\"",
            from.display()
        ));
    }
    Ok(())
}

/// Replaces the database at `db` by a copy of `from`; the replaced database
/// is kept beside it first (its path is returned). Nothing is lost if a
/// step fails: the copy is made before the file is touched.
pub fn restore(db: &Path, from: &Path) -> Result<PathBuf, String> {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "tenure".into());
    let stamp = crate::store::now_utc_text()
        .replace([':', '-'], "")
        .replace('T', "-");
    let stamp: String = stamp
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let kept = db.with_file_name(format!("{stem}-before-restore-{stamp}.db"));
    if db.exists() {
        replaceable(&kept)?;
        crate::store::backup_file(db, &kept).map_err(|e| backup_failed(&kept, e))?;
    }
    let source = Store::open_reader(from).map_err(|e| e.to_string())?;
    let staging = db.with_file_name(format!(".{stem}-restoring.db"));
    backup(&source, &staging)?;
    drop(source);
    // The old file's journal must not be applied to the new one.
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            let _ = std::fs::remove_file(&side);
        }
    }
    std::fs::rename(&staging, db).map_err(|e| {
        format!(
            "{} could not take the restored copy's place ({e}); your data is unchanged and also kept in {}",
            db.display(),
            kept.display()
        )
    })?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn currency(path: &Path) -> String {
        Store::open(path).unwrap().settings().currency().unwrap()
    }

    #[test]
    fn backup_then_restore_brings_it_back_and_keeps_what_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tenure.db");
        let copy = dir.path().join("copy.db");
        {
            let store = Store::open(&db).unwrap();
            store.settings().set("currency", "USD").unwrap();
            backup(&store, &copy).unwrap();
            store.settings().set("currency", "EUR").unwrap();
        }
        check_backup(&copy).unwrap();
        let kept = restore(&db, &copy).unwrap();
        assert_eq!(currency(&db), "USD");
        assert_eq!(currency(&kept), "EUR");
        assert!(kept.starts_with(dir.path()));
    }

    #[test]
    fn restore_refuses_files_that_are_not_tenure_databases() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "not a database at all, just some text").unwrap();
        assert!(check_backup(&text).is_err());
        let other = dir.path().join("other.db");
        crate::store::write_foreign_sqlite_file(&other).unwrap();
        let e = check_backup(&other).unwrap_err();
        assert!(e.contains("not a Tenure database"), "{e}");
    }

    #[test]
    fn settings_round_trip_and_validation() {
        let store = Store::open_in_memory().unwrap();
        let values = SettingsValues {
            currency: "usd".into(),
            gross_margin: 0.8,
            activation_days: 45,
            ces_high_is_easy: true,
            weights: HealthWeights {
                usage: 50.0,
                ..HealthWeights::default()
            },
        };
        write(&store, &values).unwrap();
        let read_back = read(&store).unwrap();
        assert_eq!(
            read_back,
            SettingsValues {
                currency: "USD".into(),
                ..values.clone()
            }
        );
        let bad = SettingsValues {
            gross_margin: 0.0,
            ..values
        };
        assert!(write(&store, &bad).is_err());
        assert_eq!(read(&store).unwrap().gross_margin, 0.8);
    }

    /// The preview against two engines loaded on their own, one with the
    /// new weights stored in settings.
    #[test]
    fn band_preview_matches_an_engine_loaded_with_those_weights() {
        let mut store = Store::open_in_memory().unwrap();
        let params = crate::demo::DemoParams {
            accounts: 120,
            months: 12,
            seed: 3,
            end: crate::domain::Month::from_ym(2025, 6),
        };
        crate::demo::generate(&mut store, &params, &mut |_| true).unwrap();
        let weights = HealthWeights {
            usage: 0.0,
            adoption: 0.0,
            satisfaction: 100.0,
            support: 0.0,
            engagement: 0.0,
            revenue_trend: 100.0,
        };
        let mut engine = Engine::load(&store).unwrap();
        let p = preview(&mut engine, weights).unwrap();
        let bands = |e: &Engine| -> Vec<Option<crate::metrics::Band>> {
            e.account_health(&Query::month(e.default_month()))
                .unwrap()
                .into_iter()
                .map(|h| h.health.band)
                .collect()
        };
        // The engine's own weights are back.
        assert_eq!(*engine.weights(), HealthWeights::default());
        // "Now" is the dashboard's band counts at the same month.
        let r = engine
            .report(&Query::month(engine.default_month()))
            .unwrap()
            .health;
        assert_eq!(p.before, [r.healthy, r.at_risk, r.critical]);
        let before = bands(&engine);
        save_weights(&store.settings(), &weights).unwrap();
        let after = bands(&Engine::load(&store).unwrap());
        let changed = before.iter().zip(&after).filter(|(b, a)| b != a).count() as u64;
        assert_eq!(p.changed, changed);
        assert!(p.changed > 0, "the weights chosen must move some account");
        let healthy = after
            .iter()
            .filter(|b| **b == Some(crate::metrics::Band::Healthy))
            .count() as u64;
        assert_eq!(p.after[0], healthy);
    }
}
