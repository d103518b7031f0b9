//! CSM workload and team sizing (segments-and-workload.md, second half):
//! the effort model, books of business per CSM, team sizing now and
//! projected, named scenarios, and the rebalancing proposal.
//!
//! No egui here. [`Facts`] is read once from the metrics engine's
//! [`crate::metrics::Dataset`] and the CSM table; everything else is
//! arithmetic on it, so an edit of a parameter or an assumption recomputes
//! books and a 36-month projection in a few milliseconds.
//!
//! ```no_run
//! # fn demo(store: &mut tenure::store::Store) -> Result<(), Box<dyn std::error::Error>> {
//! use tenure::workload::{Facts, figures, load_csms, load_scenario, propose};
//! let data = tenure::metrics::Dataset::load(store)?;
//! let facts = Facts::build(&data, load_csms(store)?, tenure::domain::Date::today());
//! let scenario = load_scenario(&store.settings())?;
//! let f = figures(&facts, &scenario);               // books, sizing
//! let proposal = propose(&facts, &scenario.params, &f.hours);
//! # let _ = proposal; Ok(()) }
//! ```

mod effort;
mod facts;
mod ops;
mod params;
mod rebalance;
mod sizing;

#[cfg(test)]
mod tests;

pub use effort::{Book, account_hours, all_hours, books};
pub use facts::{AccountFact, CsmInfo, Facts, GrowthDefaults, load_csms};
pub use ops::{
    accept_moves, add_csm, delete_scenario, edit_csm, load_scenario, load_scenarios, reassign,
    reassign_to, save_scenario, save_scenario_as,
};
pub use params::{
    Assumptions, FACTORS, FactorSpec, MODEL_SETTING, Params, SCENARIOS_SETTING, Scenario, Tier,
    setting_keys,
};
pub use rebalance::{LoadChange, Move, Proposal, loads, propose};
pub use sizing::{Growth, Hire, ProjectionPoint, Sizing, ceil, growth, sizing};

use crate::domain::Money;
use serde::Serializer;

/// Everything the view and `tenure workload` show for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Hours of each account of [`Facts::accounts`], in its order.
    pub hours: Vec<f64>,
    pub books: Vec<Book>,
    pub sizing: Sizing,
}

/// Books and sizing for a scenario (milliseconds for 100,000 accounts).
pub fn figures(facts: &Facts, scenario: &Scenario) -> Figures {
    let hours = all_hours(facts, &scenario.params);
    let books = books(facts, &hours);
    let sizing = sizing(facts, &scenario.params, &scenario.assumptions, &hours);
    Figures {
        hours,
        books,
        sizing,
    }
}

pub(crate) fn money_units<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(m.as_units_f64())
}
