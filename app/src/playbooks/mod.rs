//! Playbooks (playbooks.md): rules that turn the engine's figures into
//! tasks for the account's CSM, the tasks themselves, and the renewal
//! calendar.
//!
//! No egui here: the CLI and the window call the same functions.
//!
//! ```no_run
//! # fn demo(store: &mut tenure::store::Store) -> Result<(), tenure::playbooks::PlaybookError> {
//! use tenure::playbooks;
//! let today = tenure::domain::Date::today();
//! let data = tenure::metrics::Dataset::load(store)?;
//! let opened = playbooks::run(store, &data, today)?;   // after every write and at start
//! let open = playbooks::tasks(store, &playbooks::TaskFilter::open(), today)?;
//! let renewals = playbooks::renewals(store, &data, today, 90)?;
//! # let _ = (opened, open, renewals); Ok(()) }
//! ```

mod apply;
mod book;
mod evaluate;
pub mod ics;
mod renewals;
mod rules;
mod tasks;
mod titles;

#[cfg(test)]
mod tests;

pub use apply::{Preview, RunReport, preview_counts, run, run_with};
pub use book::{Book, BookAccount, Detractor, MrrFact, OpenTicket, UsageFact};
pub use evaluate::{Proposal, evaluate};
pub use renewals::{Renewal, arr_at_stake, renewals};
pub use rules::{
    Config, PARAM_KINDS, ParamKind, RULES, RuleDef, SETTING, load_config, save_config,
};
pub use tasks::{
    StoredTask, TaskCounts, TaskFilter, add_task, add_task_for, close_task, open_task_counts,
    snooze_task, tasks,
};
pub use titles::{Fact, title};

/// Why a playbook operation could not be done: one plain sentence.
#[derive(Debug, thiserror::Error)]
pub enum PlaybookError {
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Metrics(#[from] crate::metrics::MetricsError),
    #[error("{0}")]
    Invalid(String),
}
