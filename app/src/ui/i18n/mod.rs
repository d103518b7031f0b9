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
    // ICP view (issue 7)
    pub icp: IcpTr,
}

// ICP view (issue 7)
/// The ICP view's strings.
#[derive(Debug)]
pub struct IcpTr {
    pub tab_discovery: &'static str,
    pub tab_fit: &'static str,
    pub tab_profiles: &'static str,
    pub segment_name: &'static str,
    pub base: &'static str,
    pub base_line: &'static str,
    pub attribute: &'static str,
    pub value: &'static str,
    pub accounts: &'static str,
    pub retention: &'static str,
    pub interval: &'static str,
    pub lift: &'static str,
    pub nrr: &'static str,
    pub lifetime_revenue: &'static str,
    pub health: &'static str,
    pub nps: &'static str,
    pub onboard: &'static str,
    pub too_few: &'static str,
    pub suggested: &'static str,
    pub from_suggestions: &'static str,
    pub from_suggestions_name: &'static str,
    pub no_suggestions: &'static str,
    pub suggestions_count: &'static str,
    pub chart_attribute: &'static str,
    pub retention_chart: &'static str,
    pub nrr_chart: &'static str,
    pub scatter_title: &'static str,
    pub fit: &'static str,
    pub health_score: &'static str,
    pub no_health: &'static str,
    pub more_accounts: &'static str,
    pub curves_title: &'static str,
    pub months_since_start: &'static str,
    pub tier: &'static str,
    pub name: &'static str,
    pub accounts_title: &'static str,
    pub explain_title: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub unknown: &'static str,
    pub weight: &'static str,
    pub close: &'static str,
    pub no_primary: &'static str,
    pub primary_line: &'static str,
    pub new_profile: &'static str,
    pub profile_name: &'static str,
    pub primary: &'static str,
    pub make_primary: &'static str,
    pub delete: &'static str,
    pub save: &'static str,
    pub revert: &'static str,
    pub add_criterion: &'static str,
    pub field: &'static str,
    pub condition: &'static str,
    pub cond_one_of: &'static str,
    pub cond_range: &'static str,
    pub cond_contains: &'static str,
    pub values_hint: &'static str,
    pub min: &'static str,
    pub max: &'static str,
    pub remove: &'static str,
    pub thresholds: &'static str,
    pub no_profiles: &'static str,
    pub bad_number: &'static str,
    pub criteria_title: &'static str,
    pub pick_profile: &'static str,
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
