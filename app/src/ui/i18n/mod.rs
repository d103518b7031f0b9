//! Every string the window shows, one file per language. [`Tr`] is a plain
//! struct so that a string missing from a language fails to compile.

mod en;
mod pt_br;

use crate::format::Locale;

/// A metric's name, what the tooltip says about how it is computed, and
/// what "—" means for it.
#[derive(Debug, Clone, Copy)]
pub struct MetricText {
    pub name: &'static str,
    pub formula: &'static str,
}

#[derive(Debug)]
pub struct Tr {
    pub app_title: &'static str,
    // workload view (issue 8)
    pub wl: WorkloadTr,
    // views
    pub view_dashboard: &'static str,
    pub view_accounts: &'static str,
    pub view_icp: &'static str,
    pub view_workload: &'static str,
    pub view_import: &'static str,
    pub view_plugins: &'static str,
    pub view_settings: &'static str,
    pub coming_title: &'static str,
    pub coming_body: &'static str,
    // top bar
    pub period: &'static str,
    pub period_month: &'static str,
    pub period_quarter: &'static str,
    pub period_year: &'static str,
    pub period_ttm: &'static str,
    pub period_custom: &'static str,
    pub period_from: &'static str,
    pub period_to: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub latest: &'static str,
    pub segment: &'static str,
    pub all: &'static str,
    pub clear_filters: &'static str,
    pub field_plan: &'static str,
    pub field_tier: &'static str,
    pub field_industry: &'static str,
    pub field_country: &'static str,
    pub field_csm: &'static str,
    pub database: &'static str,
    pub demo_label: &'static str,
    pub demo_tooltip: &'static str,
    pub back_to_real: &'static str,
    // welcome
    pub welcome_title: &'static str,
    pub welcome_body: &'static str,
    pub welcome_import: &'static str,
    pub welcome_import_hint: &'static str,
    pub welcome_demo: &'static str,
    pub welcome_demo_hint: &'static str,
    pub welcome_add: &'static str,
    pub welcome_add_hint: &'static str,
    pub demo_generating: &'static str,
    pub cancel: &'static str,
    pub demo_cancelled: &'static str,
    pub demo_failed: &'static str,
    pub loading: &'static str,
    pub computing: &'static str,
    pub open_failed: &'static str,
    // account form
    pub form_title: &'static str,
    pub form_external_id: &'static str,
    pub form_name: &'static str,
    pub form_customer_since: &'static str,
    pub form_mrr: &'static str,
    pub form_date_hint: &'static str,
    pub form_save: &'static str,
    pub form_saved: &'static str,
    pub form_required: &'static str,
    pub form_bad_date: &'static str,
    pub form_bad_money: &'static str,
    // settings
    pub language: &'static str,
    pub theme: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    // dashboard
    pub vs_previous: &'static str,
    pub no_previous: &'static str,
    pub small_sample: &'static str,
    pub undefined_because: &'static str,
    pub undefined_no_base: &'static str,
    pub undefined_no_data: &'static str,
    pub counts_behind: &'static str,
    pub click_for_chart: &'static str,
    pub export_png: &'static str,
    pub export_csv: &'static str,
    pub exported_to: &'static str,
    pub export_failed: &'static str,
    pub chart_hint: &'static str,
    pub no_data_period: &'static str,
    pub cohort_logo: &'static str,
    pub cohort_revenue: &'static str,
    pub cohort_axis: &'static str,
    pub age_axis: &'static str,
    pub month_col: &'static str,
    // metric names and formulas, in [`crate::ui::model::Kpi::ALL`] order
    pub kpis: [MetricText; 21],
    // charts, in [`crate::ui::model::ChartKind::ALL`] order
    pub charts: [&'static str; 10],
    // series names (legend and CSV headers)
    pub s_new: &'static str,
    pub s_expansion: &'static str,
    pub s_reactivation: &'static str,
    pub s_contraction: &'static str,
    pub s_churn: &'static str,
    pub s_net: &'static str,
    pub s_mrr: &'static str,
    pub s_arr: &'static str,
    pub s_nrr: &'static str,
    pub s_grr: &'static str,
    pub s_logo_churn: &'static str,
    pub s_logo_retention: &'static str,
    pub s_nps: &'static str,
    pub s_promoters: &'static str,
    pub s_passives: &'static str,
    pub s_detractors: &'static str,
    pub s_csat: &'static str,
    pub s_ces: &'static str,
    pub s_healthy: &'static str,
    pub s_at_risk: &'static str,
    pub s_critical: &'static str,
    pub s_no_score: &'static str,
    pub s_first_response: &'static str,
    pub s_resolution: &'static str,
    pub s_adoption: &'static str,
    pub s_utilization: &'static str,
    pub s_active: &'static str,
    // counts in tooltips
    pub c_accounts: &'static str,
    pub c_start_accounts: &'static str,
    pub c_responses: &'static str,
    pub c_tickets: &'static str,
    pub c_new_accounts: &'static str,
    pub c_churned: &'static str,
    pub hours: &'static str,
    pub days: &'static str,
    pub months: &'static str,
}

impl Tr {
    pub fn get(locale: Locale) -> &'static Tr {
        match locale {
            Locale::En => &en::EN,
            Locale::PtBr => &pt_br::PT_BR,
        }
    }
}

/// The language's own name, for the selector.
pub fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "English",
        Locale::PtBr => "Português (Brasil)",
    }
}

/// The engine explains undefined figures in English; this gives the
/// sentence in `locale` (`None` when there is no translation).
pub fn engine_sentence(locale: Locale, text: &str) -> Option<&'static str> {
    match locale {
        Locale::En => en::ENGINE.iter(),
        Locale::PtBr => pt_br::ENGINE.iter(),
    }
    .find(|(k, _)| *k == text)
    .map(|(_, v)| *v)
}

/// Replaces `{name}` in a translated template.
pub fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

// workload view (issue 8)
/// The workload view's strings.
#[derive(Debug)]
pub struct WorkloadTr {
    pub as_of_month: &'static str,
    pub as_of_day: &'static str,
    pub saved_change: &'static str,
    pub undone: &'static str,
    pub proposal_stale: &'static str,
    pub books: &'static str,
    pub required_now: &'static str,
    pub current_team: &'static str,
    pub utilization_now: &'static str,
    pub never: &'static str,
    pub passes_target: &'static str,
    pub no_hires: &'static str,
    pub hires: &'static str,
    pub effort_model: &'static str,
    pub defaults: &'static str,
    pub base_hours: &'static str,
    pub ticket_hours: &'static str,
    pub critical_multiplier: &'static str,
    pub onboarding_hours: &'static str,
    pub hours_per_csm: &'static str,
    pub target: &'static str,
    pub growth: &'static str,
    pub from_data: &'static str,
    pub data_says: &'static str,
    pub per_month: &'static str,
    pub churn_short: &'static str,
    pub new_accounts: &'static str,
    pub monthly_churn: &'static str,
    pub mix: &'static str,
    pub horizon: &'static str,
    pub months: &'static str,
    pub scenarios: &'static str,
    pub scenario_name: &'static str,
    pub save_scenario: &'static str,
    pub no_scenarios: &'static str,
    pub compare_hint: &'static str,
    pub use_scenario: &'static str,
    pub delete: &'static str,
    pub col_csm: &'static str,
    pub col_accounts: &'static str,
    pub col_arr: &'static str,
    pub col_load: &'static str,
    pub col_capacity: &'static str,
    pub col_utilization: &'static str,
    pub col_at_risk: &'static str,
    pub col_critical: &'static str,
    pub col_tickets: &'static str,
    pub col_renewals: &'static str,
    pub col_touch: &'static str,
    pub unassigned: &'static str,
    pub inactive: &'static str,
    pub rebalancing: &'static str,
    pub rebalancing_hint: &'static str,
    pub propose: &'static str,
    pub undo: &'static str,
    pub no_moves: &'static str,
    pub accept_selected: &'static str,
    pub select_all: &'static str,
    pub select_none: &'static str,
    pub col_account: &'static str,
    pub col_from: &'static str,
    pub col_to: &'static str,
    pub before: &'static str,
    pub after: &'static str,
    pub team: &'static str,
    pub save: &'static str,
    pub deactivate: &'static str,
    pub reactivate: &'static str,
    pub new_csm: &'static str,
    pub add_csm: &'static str,
    pub reassign: &'static str,
    pub find_account: &'static str,
    pub pick_csm: &'static str,
    pub assign: &'static str,
    pub plot_utilization: &'static str,
    pub capacity_line: &'static str,
    pub target_line: &'static str,
    pub plot_headcount: &'static str,
    pub in_force: &'static str,
    pub current_line: &'static str,
    pub plot_arr: &'static str,
    pub plot_accounts: &'static str,
    /// The six factors, in the spec's order.
    pub factors: [&'static str; 6],
    /// Each factor's levels (CS goal has two).
    pub levels: [[&'static str; 3]; 6],
    /// high_touch, mid_touch, tech_touch.
    pub tiers: [&'static str; 3],
}
