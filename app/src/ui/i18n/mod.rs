//! Every string the window shows, one file per language. [`Tr`] is a plain
//! struct so that a string missing from a language fails to compile.

mod en;
mod pt_br;
pub mod revenue;
// The first import's currency question (issue #22)
pub mod currency;
// LTV view (issue #22)
pub mod ltv;
pub mod surveys;
pub mod ux;
// Today, Renewals, Playbooks, the timeline (issue 21)
pub mod playbooks;
// churn risk and forecasts (issue 18)
pub mod risk;

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
    pub field_tier: &'static str,
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
    pub form_date_hint: &'static str,
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
    pub kpis: [MetricText; 23],
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
    // Import, Plugins and Settings views (importui).
    pub data: &'static DataTr,
    // accounts table, account page, record forms, export (accounts area)
    pub acc: AccountsTr,
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

/// The strings of the accounts area (table, account page, forms, export).
#[derive(Debug)]
pub struct AccountsTr {
    pub search_hint: &'static str,
    pub band: &'static str,
    pub band_all: &'static str,
    pub churn_all: &'static str,
    pub churn_active: &'static str,
    pub churn_churned: &'static str,
    pub churned_mark: &'static str,
    /// Column headers, in [`crate::accounts::Column::ALL`] order.
    pub columns: [&'static str; 10],
    /// `{shown}`, `{total}`.
    pub shown_of: &'static str,
    /// `{n}`.
    pub selected: &'static str,
    pub select_all: &'static str,
    pub clear_selection: &'static str,
    pub assign_csm: &'static str,
    pub set_tier: &'static str,
    pub delete: &'static str,
    /// `{n}`.
    pub confirm_delete_accounts: &'static str,
    pub confirm_delete_record: &'static str,
    pub undo: &'static str,
    pub undone: &'static str,
    pub undo_failed: &'static str,
    pub export: &'static str,
    pub export_hint: &'static str,
    /// `{n}`, `{path}`.
    pub exported: &'static str,
    pub new_account: &'static str,
    pub new_csm: &'static str,
    pub new_spend: &'static str,
    pub open_hint: &'static str,
    pub loading_table: &'static str,
    pub no_match: &'static str,
    /// Clears the list of accounts an import touched.
    pub focus_clear: &'static str,
    pub back: &'static str,
    pub edit: &'static str,
    pub add: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    /// `{month}`.
    pub health_at: &'static str,
    pub component: &'static str,
    pub value: &'static str,
    pub weight: &'static str,
    pub no_score: &'static str,
    pub no_data: &'static str,
    /// Health components by engine name.
    pub components: &'static [(&'static str, &'static str)],
    pub mrr_history: &'static str,
    pub sec_mrr: &'static str,
    pub sec_subscriptions: &'static str,
    pub sec_surveys: &'static str,
    pub sec_tickets: &'static str,
    pub sec_activities: &'static str,
    pub sec_opportunities: &'static str,
    pub sec_contacts: &'static str,
    /// Hover text of a contact's e-mail or phone button.
    pub copy_hint: &'static str,
    pub primary_contact: &'static str,
    pub sec_custom: &'static str,
    pub sec_imports: &'static str,
    pub none_yet: &'static str,
    pub source: &'static str,
    /// Form titles, by [`crate::ui::forms::FormKind::ALL`] order.
    pub form_titles: [&'static str; 11],
    /// Choice values by canonical value.
    pub choices: &'static [(&'static str, &'static str)],
    pub custom_hint: &'static str,
    pub instant_hint: &'static str,
    pub month_hint: &'static str,
    pub required: &'static str,
    pub bad_date: &'static str,
    pub bad_month: &'static str,
    pub bad_instant: &'static str,
    pub bad_money: &'static str,
    pub bad_integer: &'static str,
    pub bad_number: &'static str,
    pub bad_custom: &'static str,
    /// History labels: `{what}` is a form title, `{n}` a count, `{name}` an account.
    pub log_new: &'static str,
    pub log_edit: &'static str,
    pub log_delete: &'static str,
    pub log_delete_accounts: &'static str,
    pub log_assign_csm: &'static str,
    pub log_set_tier: &'static str,
    /// The store's validation sentences (English) → this language, as
    /// fragments replaced in order; empty for English.
    pub store_messages: &'static [(&'static str, &'static str)],
    /// `en` or `pt-BR`: the language schema violations are written in.
    pub lang: &'static str,
}

impl AccountsTr {
    fn find(list: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
        list.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// A field's label, from the schema (the canonical name when no kind
    /// declares it).
    pub fn field<'a>(&self, key: &'a str) -> &'a str {
        tenure_schema::KINDS
            .iter()
            .find_map(|k| k.field(key))
            .map_or(key, |f| f.label.get(self.lang))
    }

    /// A stored value's words: this language's list first, then any value
    /// the schema declares (tiers, activity kinds…), else the value itself.
    pub fn choice<'a>(&self, value: &'a str) -> &'a str {
        Self::find(self.choices, value)
            .or_else(|| schema_choice(value, self.lang))
            .unwrap_or(value)
    }

    /// A record kind's name (`survey_response` → "survey response").
    pub fn kind<'a>(&self, name: &'a str) -> &'a str {
        kind_label(name, self.lang, false).unwrap_or(name)
    }

    /// A record kind's plural ("survey responses").
    pub fn kinds<'a>(&self, name: &'a str) -> &'a str {
        kind_label(name, self.lang, true).unwrap_or(name)
    }

    /// A store validation message in this language (fragments the table
    /// does not know stay as they are).
    pub fn store_message(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (en, here) in self.store_messages {
            out = out.replace(en, here);
        }
        out
    }

    pub fn component<'a>(&self, name: &'a str) -> &'a str {
        Self::find(self.components, name).unwrap_or(name)
    }
}

/// The label of a value some schema field allows, in `lang`.
pub fn schema_choice(value: &str, lang: &str) -> Option<&'static str> {
    tenure_schema::KINDS
        .iter()
        .flat_map(|k| k.fields.iter())
        .find_map(|f| f.choice(value))
        .map(|c| c.label.get(lang))
}

/// A kind's label (or plural) from the schema, in `lang`.
pub fn kind_label(name: &str, lang: &str, plural: bool) -> Option<&'static str> {
    tenure_schema::kind(name).map(|k| {
        if plural {
            k.plural.get(lang)
        } else {
            k.label.get(lang)
        }
    })
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

// Import, Plugins and Settings views (importui).

/// The strings of the Import, Plugins and Settings views.
#[derive(Debug)]
pub struct DataTr {
    pub rows_checked: &'static str,
    pub tab_new: &'static str,
    pub tab_history: &'static str,
    pub files_title: &'static str,
    pub path_hint: &'static str,
    pub add_file: &'static str,
    pub browse: &'static str,
    pub drop_hint: &'static str,
    pub remove_file: &'static str,
    pub inspecting: &'static str,
    pub plugin: &'static str,
    pub choose_plugin: &'static str,
    pub no_answer: &'static str,
    pub confidence: &'static str,
    pub record_kind: &'static str,
    pub detected: &'static str,
    pub sheets: &'static str,
    pub mapping_reused: &'static str,
    pub preview: &'static str,
    pub no_preview: &'static str,
    pub mapping_title: &'static str,
    pub mapping_hint: &'static str,
    pub mapping_sheets_note: &'static str,
    pub choose_kind_first: &'static str,
    pub column: &'static str,
    pub field: &'static str,
    pub custom_field: &'static str,
    pub status_values: &'static str,
    pub status_values_hint: &'static str,
    pub source_value: &'static str,
    pub add_value: &'static str,
    pub dry_running: &'static str,
    pub importing: &'static str,
    pub progress: &'static str,
    pub cancel_import: &'static str,
    pub cancelling: &'static str,
    pub dry_run: &'static str,
    pub dry_run_hint: &'static str,
    pub import_now: &'static str,
    pub dry_run_first: &'static str,
    pub skip_invalid: &'static str,
    pub choices_changed: &'static str,
    pub dry_run_report: &'static str,
    pub import_report: &'static str,
    pub read_in: &'static str,
    pub and_more: &'static str,
    pub touched: &'static str,
    pub show_accounts: &'static str,
    pub focus_label: &'static str,
    pub st_committed: &'static str,
    pub st_committed_skipping: &'static str,
    pub st_dry_run: &'static str,
    pub st_rejected: &'static str,
    pub st_cancelled: &'static str,
    pub st_ambiguous: &'static str,
    pub st_unreadable: &'static str,
    pub st_failed: &'static str,
    pub inserted: &'static str,
    pub updated: &'static str,
    pub unchanged: &'static str,
    pub rejected: &'static str,
    pub import_number: &'static str,
    pub rejected_hint: &'static str,
    pub more_problems: &'static str,
    pub problems: &'static str,
    pub filter_problems: &'static str,
    pub row: &'static str,
    pub value: &'static str,
    pub reason: &'static str,
    pub loading_history: &'static str,
    pub no_imports: &'static str,
    pub started: &'static str,
    pub file: &'static str,
    pub plugin_kinds: &'static str,
    pub status: &'static str,
    pub counts: &'static str,
    pub counts_hint: &'static str,
    pub undone_at: &'static str,
    pub report: &'static str,
    pub undo: &'static str,
    pub report_of: &'static str,
    pub report_earlier: &'static str,
    pub undone: &'static str,
    pub undo_title: &'static str,
    pub undo_checking: &'static str,
    pub undo_nothing: &'static str,
    pub undo_removes: &'static str,
    pub undo_restores: &'static str,
    pub undo_blocked: &'static str,
    pub undo_confirm: &'static str,
    pub keep: &'static str,
    pub loading_plugins: &'static str,
    pub loaded_plugins: &'static str,
    pub no_plugins: &'static str,
    pub id: &'static str,
    pub name: &'static str,
    pub version: &'static str,
    pub abi: &'static str,
    pub file_types: &'static str,
    pub kinds: &'static str,
    pub library: &'static str,
    pub failed_libraries: &'static str,
    pub no_failures: &'static str,
    pub untrusted_title: &'static str,
    pub untrusted_hint: &'static str,
    pub untrusted_new: &'static str,
    pub untrusted_changed: &'static str,
    pub untrusted_unreadable: &'static str,
    pub sha256: &'static str,
    pub trust: &'static str,
    pub trusted_loaded: &'static str,
    pub trusted_not_loaded: &'static str,
    pub searched: &'static str,
    pub open_plugin_folder: &'static str,
    pub opened_folder: &'static str,
    pub cannot_open_folder: &'static str,
    pub no_data_folder: &'static str,
    pub restart_note: &'static str,
    pub check_title: &'static str,
    pub check_hint: &'static str,
    pub library_path: &'static str,
    pub check: &'static str,
    pub all_passed: &'static str,
    pub some_failed: &'static str,
    pub window_section: &'static str,
    pub database_section: &'static str,
    pub currency: &'static str,
    pub currency_hint: &'static str,
    pub gross_margin: &'static str,
    pub gross_margin_hint: &'static str,
    pub ces_scale: &'static str,
    pub ces_low_is_easy: &'static str,
    pub ces_high_is_easy: &'static str,
    pub activation_window: &'static str,
    pub days_unit: &'static str,
    pub activation_hint: &'static str,
    pub health_weights: &'static str,
    pub health_weights_hint: &'static str,
    pub w_usage: &'static str,
    pub w_adoption: &'static str,
    pub w_satisfaction: &'static str,
    pub w_support: &'static str,
    pub w_engagement: &'static str,
    pub w_revenue_trend: &'static str,
    pub preview_same: &'static str,
    pub preview_changes: &'static str,
    pub preview_bands: &'static str,
    pub preview_computing: &'static str,
    pub save_settings: &'static str,
    pub revert: &'static str,
    pub settings_saved: &'static str,
    pub data_section: &'static str,
    pub open_folder: &'static str,
    pub backup_path_hint: &'static str,
    pub backup: &'static str,
    pub backup_hint: &'static str,
    pub restore: &'static str,
    pub restore_hint: &'static str,
    pub backed_up: &'static str,
    pub restored: &'static str,
    pub restore_title: &'static str,
    pub restore_body: &'static str,
    pub restore_confirm: &'static str,
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
    /// The factor multipliers' editor (collapsed by default).
    pub multipliers: &'static str,
    pub critical_below: &'static str,
    pub onboarding_days: &'static str,
    pub renewal_freeze: &'static str,
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

/// Texts of an account's monthly fee and of scores without enough data
/// (issue 16): the account page, the accounts table and the import
/// preview.
#[derive(Debug)]
pub struct ScoreTr {
    /// Beside "—" when fewer than three components have data.
    pub not_enough_data: &'static str,
    /// `{missing}`: the components without data, by name.
    pub missing_components: &'static str,
    /// Beside "—" for an account that is not an active customer.
    pub not_a_customer: &'static str,
    /// The overdue-renewal deduction's row in the components grid.
    pub renewal_overdue: &'static str,
    /// Its value cell: `{points}` taken off, `{days}` overdue.
    pub renewal_overdue_value: &'static str,
    /// Its weight cell.
    pub deduction: &'static str,
    /// The accounts table's health cell without a score, by reason.
    pub cell_not_enough: &'static str,
    /// The import preview when the chosen kind lacks required columns:
    /// `{kind}` and `{fields}`.
    pub preview_missing: &'static str,
    /// The health-cell tooltip of a "not enough data" account.
    pub cell_missing_hint: &'static str,
    /// Below the Settings view's health weights: the rules besides them.
    pub settings_rules: &'static str,
}

impl ScoreTr {
    pub fn get(locale: Locale) -> &'static ScoreTr {
        match locale {
            Locale::En => &en::SCORE,
            Locale::PtBr => &pt_br::SCORE,
        }
    }
}

// Prospects (issue 23)
/// The ICP view's Prospects tab and the import view's status values.
#[derive(Debug)]
pub struct ProspectsTr {
    pub tab: &'static str,
    pub count_line: &'static str,
    pub none: &'static str,
    pub no_profile: &'static str,
    pub search_hint: &'static str,
    pub all_tiers: &'static str,
    pub tier_n: &'static str,
    pub all_industries: &'static str,
    pub min_fit: &'static str,
    pub col_id: &'static str,
    pub col_name: &'static str,
    pub col_industry: &'static str,
    pub col_fit: &'static str,
    pub col_tier: &'static str,
    pub col_met: &'static str,
    pub col_missed: &'static str,
    pub shown: &'static str,
    pub selected: &'static str,
    pub select_shown: &'static str,
    pub clear_selection: &'static str,
    pub export: &'static str,
    pub export_selected: &'static str,
    pub export_hint: &'static str,
    pub exported: &'static str,
    pub unknown_status: &'static str,
    pub status_active: &'static str,
    pub status_churned: &'static str,
    pub status_prospect: &'static str,
    pub status_skip: &'static str,
    pub status_choose: &'static str,
    pub reason_unknown_status: &'static str,
}

impl ProspectsTr {
    pub fn get(locale: Locale) -> &'static ProspectsTr {
        match locale {
            Locale::En => &en::PROSPECTS,
            Locale::PtBr => &pt_br::PROSPECTS,
        }
    }

    /// The sentence of an `unknown_status` row problem in this language
    /// (the plugin writes it in English); `None` for any other problem.
    pub fn unknown_status_reason(&self, p: &crate::importing::RowProblem) -> Option<String> {
        if p.code != crate::importing::status_values::UNKNOWN_STATUS {
            return None;
        }
        let value = p
            .args
            .get("value")
            .map(String::as_str)
            .or_else(|| p.message.split('`').nth(1))?;
        Some(fill(self.reason_unknown_status, &[("value", value)]))
    }

    /// A status value's label (`active`, `churned`, `prospect`, `skip`).
    pub fn status(&self, value: &str) -> &'static str {
        match value {
            "active" => self.status_active,
            "churned" => self.status_churned,
            "prospect" => self.status_prospect,
            "skip" => self.status_skip,
            _ => self.status_choose,
        }
    }
}

/// The Help button's words (packaging, issue 19).
pub fn help(locale: Locale) -> &'static crate::ui::help::HelpTr {
    match locale {
        Locale::En => &en::HELP,
        Locale::PtBr => &pt_br::HELP,
    }
}
