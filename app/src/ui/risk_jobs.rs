//! The churn-risk model and the forecasts for the window (issue 18): trained
//! on a thread of their own (never on the UI thread, nor blocking the
//! worker's figures), from the cache beside the database when it is current.

use crate::risk::forecast::Forecast;
use crate::risk::{RiskOptions, RiskRun};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

/// What the risk thread sends back.
pub struct RiskUpdate {
    pub path: PathBuf,
    pub result: Result<(Arc<RiskRun>, Option<Arc<Forecast>>), String>,
}

/// Trains (or reads the cached model) for the database at `path` on a new
/// thread, then sends `wrap(update)` and asks for a repaint.
pub fn spawn<M: Send + 'static>(
    path: &Path,
    tx: Sender<M>,
    ctx: egui::Context,
    wrap: fn(RiskUpdate) -> M,
) {
    let path = path.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("tenure-risk".into())
        .spawn(move || {
            let result = compute(&path);
            let _ = tx.send(wrap(RiskUpdate { path, result }));
            ctx.request_repaint();
        });
}

fn compute(path: &Path) -> Result<(Arc<RiskRun>, Option<Arc<Forecast>>), String> {
    let store = crate::store::Store::open(path).map_err(|e| e.to_string())?;
    let data = crate::metrics::Dataset::load_cached(&store).map_err(|e| e.to_string())?;
    let (run, _) = crate::risk::cache::train_cached(&store, &data, &RiskOptions::default());
    let forecast = crate::risk::forecast::forecast(&data, None, 12, Some(&run)).ok();
    Ok((Arc::new(run), forecast.map(Arc::new)))
}

/// The window's view of the model.
#[derive(Default)]
pub struct RiskState {
    pub run: Option<Arc<RiskRun>>,
    pub forecast: Option<Arc<Forecast>>,
    pub busy: bool,
    pub failed: Option<String>,
}

impl RiskState {
    pub fn reset(&mut self) {
        *self = RiskState {
            busy: true,
            ..RiskState::default()
        };
    }

    /// Takes an update for the database `current` (others are stale).
    pub fn receive(&mut self, update: RiskUpdate, current: &Path) -> bool {
        if update.path != current {
            return false;
        }
        self.busy = false;
        match update.result {
            Ok((run, forecast)) => {
                self.run = Some(run);
                self.forecast = forecast;
                self.failed = None;
            }
            Err(e) => self.failed = Some(e),
        }
        true
    }

    /// An account's risk by its store row id.
    pub fn account(&self, account_id: i64) -> Option<&crate::risk::AccountRisk> {
        self.run
            .as_ref()?
            .accounts
            .iter()
            .find(|a| a.account_id == account_id)
    }
}
