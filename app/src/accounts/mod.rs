//! The accounts list as the GUI table and `tenure export accounts` show it:
//! one precomputed row per account ([`table::AccountTable`], built once from
//! the metrics engine after a load), and the filtering, searching and
//! sorting of those rows ([`table::TableQuery`]). No egui here.

pub mod table;

pub use table::{
    AccountRow, AccountTable, BandFilter, ChurnFilter, Column, RiskFilter, TableQuery,
};
