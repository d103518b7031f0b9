//! Tenure: an offline customer-success desk.
//!
//! The library holds everything but the window: the domain types, the SQLite
//! store, the demo generator, the CLI, and (behind the `gui` feature) the
//! egui front end. The GUI and the CLI are two thin faces on the same code.

// Accounts table and export (accounts area).
pub mod accounts;
pub mod export;

pub mod cli;
pub mod demo;
pub mod domain;
pub mod format;
pub mod icp;
pub mod importing;
// Customer value without a contract (issue #22, revenue.md).
pub mod ltv;
pub mod metrics;
// Churn risk and forecasts (issue 18).
pub mod paths;
// playbooks, tasks, renewals (issue 21)
pub mod playbooks;
pub mod risk;
pub mod store;
pub mod workload;

#[cfg(feature = "gui")]
pub mod ui;
