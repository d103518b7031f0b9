//! What the ICP view draws (prepared on the worker thread by
//! [`super::icp_engine`]) and the choices a person makes in it.

use crate::icp::{Discovery, Explanation, Profile, Tier, TierCurve, TierThresholds};
use std::collections::HashMap;

/// Requests from the ICP view to the worker.
#[derive(Debug, Clone)]
pub enum IcpCmd {
    /// Recompute everything the view shows.
    Refresh,
    SaveProfile(Profile),
    DeleteProfile(String),
    SetPrimary(String),
    /// Save a profile made of the suggestions under this name, as primary.
    FromSuggestions(String),
    SaveThresholds(TierThresholds),
    /// The fit explanation of one account (store row id).
    Explain(i64),
}

/// Answers from the worker.
#[derive(Debug)]
pub enum IcpMsg {
    Snapshot(Box<IcpSnapshot>),
    Explained(i64, Option<Box<Explanation>>),
    /// A profile change was refused (the engine's sentence).
    Failed(String),
}

/// One account's row of the fit list.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRow {
    pub account_id: i64,
    pub external_id: String,
    pub name: String,
    pub fit: u8,
    pub tier: Tier,
    pub health: Option<u8>,
}

/// Scatter points grouped by position: fit and health are integers, so
/// 100,000 accounts fall on at most 101 × 101 distinct points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scatter {
    /// Distinct `[fit, health]` points per band: healthy, at risk, critical.
    pub points: [Vec<[f64; 2]>; 3],
    /// `(fit, health)` → indices into [`IcpSnapshot::accounts`].
    pub cells: HashMap<(u8, u8), Vec<u32>>,
    pub without_health: u64,
}

/// Everything the view shows, computed off the UI thread.
#[derive(Debug, Clone, Default)]
pub struct IcpSnapshot {
    pub profiles: Vec<Profile>,
    pub thresholds: TierThresholds,
    /// Fields a criterion can use (account, derived, then custom ones).
    pub fields: Vec<String>,
    pub currency: String,
    pub discovery: Discovery,
    /// Under the primary profile, by fit (highest first); empty without one.
    pub accounts: Vec<FitRow>,
    pub tier_counts: [u64; 4],
    pub scatter: Scatter,
    pub curves: Vec<TierCurve>,
    /// Account row id → index into `accounts` (for [`IcpSnapshot::fit_of`]).
    pub index: HashMap<i64, u32>,
    /// Seconds the worker took (shown in the tooltip of the heading).
    pub seconds: f64,
    /// Every prospect, best fit first under the primary profile (in the
    /// store's order, fit 0, without one: see `prospects_ranked`).
    pub prospects: Vec<ProspectRow>,
    pub prospects_ranked: bool,
}

/// One prospect of the Prospects tab.
#[derive(Debug, Clone, PartialEq)]
pub struct ProspectRow {
    pub ranked: crate::icp::RankedProspect,
    pub industry: Option<String>,
    pub country: Option<String>,
    pub plan: Option<String>,
    pub employees: Option<i64>,
    /// Lower-case name and id, for the search box.
    pub haystack: String,
}

impl IcpSnapshot {
    pub fn primary(&self) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.primary)
    }

    /// An account's fit and tier under the primary profile (for the
    /// accounts table's ICP column); `None` without a primary profile.
    pub fn fit_of(&self, account_id: i64) -> Option<(u8, Tier)> {
        let i = *self.index.get(&account_id)?;
        self.accounts.get(i as usize).map(|a| (a.fit, a.tier))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IcpTab {
    #[default]
    Discovery,
    Fit,
    Profiles,
    Prospects,
}

/// Discovery table columns (for sorting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Attribute,
    Value,
    Accounts,
    Retention,
    Lift,
    Nrr,
    Lifetime,
    Health,
    Nps,
    Onboard,
}

/// The view's own state (kept across frames, not persisted).
#[derive(Debug, Default)]
pub struct IcpState {
    pub snapshot: Option<IcpSnapshot>,
    /// A refresh or change is on its way.
    pub busy: bool,
    pub tab: IcpTab,
    pub sort: SortKey,
    pub sort_desc: bool,
    /// The attribute whose values the bar charts show.
    pub chart_attribute: Option<String>,
    /// The profile being edited (a copy), and its index in the list.
    pub draft: Option<Profile>,
    /// Text fields of the draft's criteria (values / min / max / text).
    pub draft_text: Vec<[String; 3]>,
    pub thresholds_draft: Option<TierThresholds>,
    pub selected: Option<i64>,
    pub explanation: Option<(i64, Explanation)>,
    pub message: Option<String>,
    /// The profile just created (its name), confirmed above the tabs.
    pub created: Option<String>,
    /// The Prospects tab's filters, selection and export.
    pub prospects: super::views::icp_prospects::ProspectsState,
}

impl IcpState {
    /// Takes one answer of the worker.
    pub fn receive(&mut self, msg: IcpMsg) {
        match msg {
            IcpMsg::Snapshot(s) => {
                self.busy = false;
                // An explanation under an older profile is stale.
                if let Some(id) = self.selected
                    && !s.accounts.iter().any(|a| a.account_id == id)
                {
                    self.selected = None;
                }
                self.explanation = None;
                // A profile that was not there before was just created.
                if let Some(old) = &self.snapshot {
                    let new = s
                        .profiles
                        .iter()
                        .find(|p| !old.profiles.iter().any(|o| o.name == p.name));
                    if let Some(p) = new {
                        self.created = Some(p.name.clone());
                    }
                }
                self.snapshot = Some(*s);
            }
            IcpMsg::Explained(id, e) => {
                if self.selected == Some(id) {
                    self.explanation = e.map(|e| (id, *e));
                }
            }
            IcpMsg::Failed(m) => {
                self.busy = false;
                self.message = Some(m);
            }
        }
    }

    /// Forgets everything (another database was opened).
    pub fn reset(&mut self) {
        *self = IcpState {
            tab: self.tab,
            ..IcpState::default()
        };
    }
}
