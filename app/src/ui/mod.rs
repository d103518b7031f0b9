//! The window. Views draw from snapshots prepared off the UI thread (see
//! [`worker`]); they never run SQL or compute metrics inside a frame.

mod charts;
// Import, Plugins and Settings views (importui).
pub mod data_views;
mod engine;
pub mod file_choice;
#[cfg(test)]
mod formula_check;
// packaging (issue 19): the Help button and where the guide is found.
pub mod help;
pub mod i18n;
pub mod import_jobs;
// ICP view (issue 7)
mod icp_engine;
pub mod icp_model;
pub mod model;
mod settings_jobs;
mod topbar;
mod values;
mod views;
mod worker;
// accounts area: table state, record forms
pub mod accounts_state;
pub mod forms;
// workload view (issue 8)
mod workload_jobs;
// playbooks (issue 21): Today, Renewals, Playbooks, the timeline
mod notify;
pub mod playbooks_jobs;
pub mod playbooks_state;
// churn risk and forecasts (issue 18)
pub mod risk_jobs;
// customer value without a contract (issue #22)
pub mod ltv_jobs;

use crate::demo::{DemoError, DemoParams, DemoProgress};
use crate::domain::Month;
use crate::format::Locale;
use crate::store::Store;
use i18n::Tr;
use model::{Cards, ChartKind, DbInfo, FigureQuery, Filters, PeriodSel, SeriesSet, View};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use worker::{Cmd, Msg, WorkerHandle};

/// The choices that survive a restart (eframe persistence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub view: View,
    pub period: PeriodSel,
    pub filters: Filters,
    pub locale: Locale,
    pub dark: bool,
    pub chart: ChartKind,
    pub cohort_revenue: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            view: View::Dashboard,
            period: PeriodSel::default(),
            filters: Filters::new(),
            locale: Locale::from_env(),
            dark: false,
            chart: ChartKind::Movements,
            cohort_revenue: false,
        }
    }
}

/// Where the open database stands.
pub enum DbState {
    Loading,
    Failed(String),
    Ready(DbInfo),
}

/// A demo generation running on its own thread.
pub struct DemoJob {
    pub done: Arc<AtomicU32>,
    pub total: u32,
    pub cancel: Arc<AtomicBool>,
    rx: Receiver<Result<PathBuf, String>>,
}

pub struct TenureApp {
    pub prefs: Prefs,
    pub real_db: PathBuf,
    pub current_db: PathBuf,
    pub db: DbState,
    pub cards: Option<Cards>,
    pub series: Option<SeriesSet>,
    /// The figures shown belong to this query; a newer one is on its way
    /// when `sent_query` differs.
    shown_query: Option<FigureQuery>,
    sent_query: Option<FigureQuery>,
    generation: u64,
    worker: Option<WorkerHandle>,
    pub demo: Option<DemoJob>,
    pub demo_params: DemoParams,
    pub notice: Option<String>,
    /// The Accounts view opens on a new-account form (the welcome screen's
    /// "Add your first customer").
    pub show_form: bool,
    /// The accounts table, account page, forms and undo list.
    pub accounts: accounts_state::AccountsUi,
    pub charts: charts::ChartState,
    /// Scroll the dashboard down to its chart once (screenshots of a chart).
    pub scroll_to_chart: bool,
    /// Scroll once to a section below the fold (screenshots, `TENURE_SCROLL`).
    pub scroll_to: Option<ScrollTo>,
    /// Close the window after saving a screenshot here (debug flag).
    screenshot: Option<(PathBuf, u32)>,
    // Import, Plugins and Settings views (importui).
    pub data: data_views::DataViews,
    /// Accounts the Accounts view should list (set by "show affected accounts").
    pub account_focus: Option<data_views::AccountFocus>,
    /// ICP view (issue 7).
    pub icp: icp_model::IcpState,
    /// The workload view's state (issue 8).
    pub workload: views::workload::WorkloadState,
    /// The Responses list the NPS card opened (issue #24).
    pub responses: Option<views::responses::ResponsesState>,
    /// Files given on the command line (`tenure FILE…`, the desktop entry's
    /// "open with"): added to the Import view on the first frame.
    pub files_to_open: Vec<PathBuf>,
    /// Today, Renewals, Playbooks and the timeline's tasks (issue 21).
    pub pb: playbooks_state::PlaybooksUi,
    /// The churn-risk model and forecasts (issue 18).
    pub risk: risk_jobs::RiskState,
    /// The LTV view's models (issue #22).
    pub ltv: ltv_jobs::LtvState,
}

impl TenureApp {
    pub fn new(db_path: PathBuf, prefs: Prefs) -> Self {
        TenureApp {
            prefs,
            current_db: db_path.clone(),
            real_db: db_path,
            db: DbState::Loading,
            cards: None,
            series: None,
            shown_query: None,
            sent_query: None,
            generation: 0,
            worker: None,
            demo: None,
            demo_params: DemoParams::default(),
            notice: None,
            show_form: false,
            accounts: accounts_state::AccountsUi::default(),
            charts: charts::ChartState::default(),
            scroll_to_chart: false,
            scroll_to: None,
            screenshot: None,
            data: data_views::DataViews::default(),
            account_focus: None,
            icp: icp_model::IcpState::default(),
            responses: None,
            workload: views::workload::WorkloadState::default(),
            files_to_open: Vec::new(),
            pb: playbooks_state::PlaybooksUi::default(),
            risk: risk_jobs::RiskState {
                busy: true,
                ..Default::default()
            },
            ltv: ltv_jobs::LtvState {
                busy: true,
                ..Default::default()
            },
        }
    }

    /// Sends a request of the ICP view to the worker (issue 7).
    pub fn send_icp(&mut self, cmd: icp_model::IcpCmd) {
        if let Some(w) = &self.worker {
            self.icp.busy = !matches!(cmd, icp_model::IcpCmd::Explain(_));
            w.send(Cmd::Icp(cmd));
        }
    }

    pub fn tr(&self) -> &'static Tr {
        Tr::get(self.prefs.locale)
    }

    /// A demo database, by what it says of itself (any path), or the demo
    /// file opened beside the real one.
    pub fn is_demo(&self) -> bool {
        self.current_db != self.real_db || self.info().is_some_and(|i| i.demo)
    }

    pub fn info(&self) -> Option<&DbInfo> {
        match &self.db {
            DbState::Ready(info) => Some(info),
            _ => None,
        }
    }

    /// The segment of the figures last asked for.
    pub fn sent_query_filters(&self) -> Vec<(String, String)> {
        self.sent_query
            .as_ref()
            .map(|q| q.filters.clone())
            .unwrap_or_default()
    }

    /// True while figures for the current selection are being computed.
    pub fn cards_busy(&self) -> bool {
        self.sent_query.is_some() && self.sent_query != self.shown_query
    }

    pub fn series_busy(&self) -> bool {
        self.cards_busy() || (self.sent_query.is_some() && self.series.is_none())
    }

    /// Switches to another database file (the demo one, or back).
    pub fn open_db(&mut self, path: PathBuf) {
        self.current_db = path.clone();
        self.db = DbState::Loading;
        self.cards = None;
        self.series = None;
        self.shown_query = None;
        self.sent_query = None;
        self.prefs.filters.clear();
        self.prefs.period.anchor = None;
        self.accounts.on_switch();
        self.account_focus = None;
        self.notice = None;
        self.workload = views::workload::WorkloadState::default();
        self.data.on_switch();
        self.icp.reset();
        self.pb.on_reload();
        self.risk.reset();
        self.ltv.reset();
        if let Some(w) = &self.worker {
            w.send(Cmd::Open(path));
        }
    }

    /// Sends a command to the worker (dropped when it has stopped).
    pub(crate) fn send(&self, cmd: Cmd) {
        if let Some(w) = &self.worker {
            w.send(cmd);
        }
    }

    /// The desktop notification of today's tasks, once a run (issue 21);
    /// never from a screenshot run.
    fn notify_due_today(&mut self, n: usize) {
        if self.pb.notified || self.screenshot.is_some() {
            return;
        }
        self.pb.notified = true;
        if n > 0 && std::env::var_os("TENURE_NO_NOTIFY").is_none() {
            notify::due_today(n, self.prefs.locale);
        }
    }

    /// Starts filling the demo database beside the real one.
    pub fn start_demo(&mut self, ctx: &egui::Context) {
        if self.demo.is_some() {
            return;
        }
        let path = crate::paths::demo_db_path_for(&self.real_db);
        let done = Arc::new(AtomicU32::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel();
        let params = self.demo_params.clone();
        let (d, c, ctx) = (done.clone(), cancel.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("tenure-demo".into())
            .spawn(move || {
                let result = fill_demo(&path, &params, &mut |p: DemoProgress| {
                    d.store(p.accounts_done, Ordering::Relaxed);
                    ctx.request_repaint();
                    !c.load(Ordering::Relaxed)
                });
                let _ = tx.send(result.map(|()| path));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.notice = None;
                self.demo = Some(DemoJob {
                    done,
                    total: self.demo_params.accounts,
                    cancel,
                    rx,
                });
            }
            Err(e) => self.notice = Some(format!("{}: {e}", self.tr().demo_failed)),
        }
    }

    /// Handles what the worker and the demo thread sent; sends a new query
    /// when the selection changed. Cheap: runs every frame.
    fn poll(&mut self, ctx: &egui::Context) {
        if self.worker.is_none() {
            let w = WorkerHandle::spawn(ctx.clone());
            w.send(Cmd::Open(self.current_db.clone()));
            self.worker = Some(w);
        }
        let msgs = self.worker.as_ref().map(|w| w.poll()).unwrap_or_default();
        for msg in msgs {
            match msg {
                Msg::Opened { path, info } => {
                    if path == self.current_db {
                        self.db = match info {
                            Ok(info) => {
                                // ICP (issue 7): a tier filter needs a primary profile.
                                if !info.options.contains_key(crate::metrics::ICP_TIER_FIELD) {
                                    self.prefs.filters.remove(crate::metrics::ICP_TIER_FIELD);
                                }
                                DbState::Ready(info)
                            }
                            Err(e) => {
                                // No database, no model on its way (issue 18).
                                self.risk.busy = false;
                                self.ltv.busy = false;
                                DbState::Failed(e)
                            }
                        };
                        self.sent_query = None;
                        self.shown_query = None;
                        self.accounts.on_reload();
                        self.workload = views::workload::WorkloadState::default();
                        self.pb.on_reload();
                    }
                }
                // playbooks (issue 21)
                Msg::Playbooks(m) => self.pb.receive(m),
                Msg::DueToday(n) => self.notify_due_today(n),
                Msg::Cards { generation, cards } => {
                    if generation == self.generation {
                        self.cards = Some(*cards);
                        self.series = None;
                        self.shown_query = self.sent_query.clone();
                    }
                }
                Msg::Series { generation, series } => {
                    if generation == self.generation {
                        self.series = Some(*series);
                    }
                }
                Msg::Failed {
                    generation,
                    message,
                } => {
                    if generation == self.generation {
                        self.shown_query = self.sent_query.clone();
                        self.notice = Some(message);
                    }
                }
                Msg::Workload(msg) => {
                    // A reassignment changed the worker's accounts in place:
                    // the accounts table is built again from them.
                    if matches!(
                        msg,
                        workload_jobs::WorkloadMsg::Written(Ok(_))
                            | workload_jobs::WorkloadMsg::Undone(Ok(_))
                    ) {
                        self.accounts.on_reload();
                    }
                    self.workload.receive(msg);
                }
                Msg::Icp(m) => self.icp.receive(m),
                // Settings view (importui).
                Msg::Settings(msg) => self.data.on_settings(msg),
                // accounts area
                Msg::AccountTable(table) => {
                    self.accounts.set_table(table);
                    if let Some(run) = self.risk.run.clone() {
                        self.accounts.apply_risk(&run);
                    }
                }
                Msg::Ltv(update) => {
                    self.ltv.receive(*update, &self.current_db);
                }
                Msg::Risk(update) => {
                    if self.risk.receive(*update, &self.current_db)
                        && let Some(run) = self.risk.run.clone()
                    {
                        self.accounts.apply_risk(&run);
                    }
                }
                Msg::AccountDetail { account_id, detail } => {
                    self.accounts.set_detail(account_id, detail)
                }
                Msg::Manual { tag, result } => {
                    let tr = self.tr();
                    self.accounts.on_manual(tag, result, &tr.acc);
                }
                Msg::Behind(Ok(found)) => {
                    let label = views::unmatched::door_label(
                        &found.label,
                        found.door,
                        found.unmatched,
                        self.prefs.locale,
                    );
                    self.account_focus = Some(data_views::AccountFocus {
                        label,
                        account_ids: found.ids,
                        external_ids: Vec::new(),
                    });
                    self.accounts.page = None;
                    self.accounts.form = None;
                    self.prefs.view = View::Accounts;
                }
                Msg::Behind(Err(message)) => self.notice = Some(message),
                Msg::Undone(result) => {
                    let tr = self.tr();
                    match result {
                        Ok(id) => {
                            self.accounts.undo.retain(|u| u.import_id != id);
                            self.accounts.message = Some((tr.acc.undone.to_string(), false));
                        }
                        Err(e) => {
                            self.accounts.message =
                                Some((format!("{}: {e}", tr.acc.undo_failed), true));
                        }
                    }
                }
            }
        }
        self.poll_data_views(ctx); // importui
        if let Some(job) = &self.demo {
            match job.rx.try_recv() {
                Ok(Ok(path)) => {
                    self.demo = None;
                    self.prefs.view = View::Dashboard;
                    self.open_db(path);
                }
                Ok(Err(message)) => {
                    self.demo = None;
                    self.notice = Some(message);
                }
                Err(TryRecvError::Disconnected) => {
                    self.demo = None;
                    self.notice = Some(self.tr().demo_failed.to_string());
                }
                Err(TryRecvError::Empty) => {}
            }
        }
        if let Some(query) = self.wanted_query()
            && self.sent_query.as_ref() != Some(&query)
            && let Some(w) = &self.worker
        {
            self.generation += 1;
            w.send(Cmd::Figures {
                generation: self.generation,
                query: query.clone(),
            });
            self.sent_query = Some(query);
        }
    }

    /// The figures the current selection needs, if the database has any.
    pub fn wanted_query(&self) -> Option<FigureQuery> {
        let info = self.info()?;
        if info.is_empty() {
            return None;
        }
        let latest = info
            .latest
            .unwrap_or_else(|| crate::domain::Date::today().month());
        let (from, to) = self.prefs.period.range(latest);
        let (prev_from, prev_to) = self.prefs.period.previous_range(latest);
        let earliest = info.earliest.unwrap_or(latest.plus(-23));
        let chart_to = to.max(latest.min(to));
        let chart_from = earliest.max(chart_to.plus(-35)).min(from);
        Some(FigureQuery {
            from,
            to,
            prev_from,
            prev_to,
            filters: self
                .prefs
                .filters
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            chart_from,
            chart_to,
        })
    }

    /// Every month from the earliest with data to the latest.
    pub fn available_months(&self) -> Vec<Month> {
        let latest = self.latest_month();
        let earliest = self
            .info()
            .and_then(|i| i.earliest)
            .unwrap_or(latest.plus(-23))
            .min(latest);
        (earliest.index()..=latest.index())
            .map(Month::from_index)
            .collect()
    }

    /// The latest month with data, or this month.
    pub fn latest_month(&self) -> Month {
        self.info()
            .and_then(|i| i.latest)
            .unwrap_or_else(|| crate::domain::Date::today().month())
    }

    /// Draws the whole window into `ui`.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.screenshot.is_some() {
            // A screenshot shows the window at rest: the pointer a headless
            // display leaves mid-screen would open a card's tooltip.
            ctx.input_mut(|i| i.pointer = egui::PointerState::default());
        }
        self.poll(&ctx);
        self.take_dropped_files(&ctx); // importui
        self.take_files_to_open(&ctx);
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        topbar::show(self, ui);
        views::side_panel(self, ui);
        egui::CentralPanel::default().show(ui, |ui| views::central(self, ui));
        self.take_screenshot_when_ready(&ctx);
    }

    /// Chooses the command line's files in the Import view (once).
    fn take_files_to_open(&mut self, ctx: &egui::Context) {
        if self.files_to_open.is_empty() {
            return;
        }
        let files = std::mem::take(&mut self.files_to_open);
        self.prefs.view = View::Import;
        let db = self.current_db.clone();
        self.data.add_files(ctx, &db, files);
    }

    fn take_screenshot_when_ready(&mut self, ctx: &egui::Context) {
        let settled = !matches!(self.db, DbState::Loading)
            && self.demo.is_none()
            && !self.cards_busy()
            && (self.sent_query.is_none() || self.series.is_some())
            && !self.data.busy() // importui
            // accounts area: the table (and an open page) are in
            && (self.prefs.view != View::Accounts || self.accounts.settled())
            // workload view (issue 8): its model arrives on its own.
            && (self.prefs.view != View::Workload || self.workload.facts.is_some())
            // playbooks (issue 21): the snapshot of Today, Renewals, Playbooks.
            && (!matches!(self.prefs.view, View::Today | View::Renewals | View::Playbooks)
                || self.pb.settled())
            // churn risk (issue 18): so is the risk model.
            && !self.risk.busy
            // issue #22: and the LTV view's models.
            && (self.prefs.view != View::Ltv || !self.ltv.busy);
        let Some((path, frames)) = self.screenshot.as_mut() else {
            return;
        };
        if settled {
            *frames += 1;
        }
        ctx.request_repaint();
        if *frames == 10 {
            let path = path.clone();
            let c = ctx.clone();
            ctx.request_screenshot(move |image| {
                if let Err(e) = charts::save_png(&image, None, &path) {
                    eprintln!("screenshot: {e}");
                }
                c.send_viewport_cmd(egui::ViewportCommand::Close);
            });
        }
    }
}

/// A section below the fold that a screenshot run scrolls to once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollTo {
    /// The dashboard's purchase section.
    Revenue,
    /// Settings' exchange rates.
    Rates,
}

/// Opens (creating) the demo database and fills it unless it already holds data.
fn fill_demo(
    path: &Path,
    params: &DemoParams,
    progress: &mut dyn FnMut(DemoProgress) -> bool,
) -> Result<(), String> {
    let mut store = Store::open(path).map_err(|e| e.to_string())?;
    match crate::demo::generate(&mut store, params, progress) {
        Ok(_) | Err(DemoError::NotEmpty(_)) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

impl eframe::App for TenureApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TenureApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_some() {
            return; // screenshot runs never change what a person chose
        }
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// Debug options of the window (hidden flags).
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Save a screenshot of the first settled frame here, then close.
    pub screenshot: Option<PathBuf>,
    pub view: Option<View>,
    pub locale: Option<Locale>,
    pub dark: Option<bool>,
    pub chart: Option<ChartKind>,
    pub size: Option<[f32; 2]>,
    /// Start on the demo database beside `db_path` (if it exists).
    pub open_demo: bool,
    /// `TENURE_SCROLL=revenue|rates`: the section to scroll to (screenshots).
    pub scroll_to: Option<ScrollTo>,
    /// Open the first account's page once the table is in (screenshots).
    pub account_page: bool,
    /// Files to choose in the Import view (`tenure FILE…`).
    pub files: Vec<PathBuf>,
}

/// Opens the window on `db_path`; returns a plain sentence on failure.
///
/// Debug switches for screenshots (not for people): `TENURE_SCREENSHOT=FILE`
/// saves the first settled frame and closes; `TENURE_VIEW`, `TENURE_THEME`
/// (`dark`/`light`), `TENURE_CHART` (chart name, e.g. `Cohorts`) and
/// `TENURE_LANG` choose what it shows; `TENURE_ACCOUNT_PAGE=1` opens the
/// first account's page in the Accounts view; `TENURE_SIZE=WxH` sets the
/// window's size; `TENURE_SCROLL=revenue|rates` scrolls to the dashboard's
/// purchase section or Settings' exchange rates. `files` open in the Import
/// view (`tenure FILE…`).
pub fn run(db_path: PathBuf, files: Vec<PathBuf>) -> Result<(), String> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let opts = RunOptions {
        screenshot: env("TENURE_SCREENSHOT").map(PathBuf::from),
        view: env("TENURE_VIEW").and_then(|v| {
            View::ALL
                .into_iter()
                .find(|x| format!("{x:?}").eq_ignore_ascii_case(&v))
        }),
        locale: env("TENURE_LANG").and_then(|l| Locale::parse(&l)),
        dark: env("TENURE_THEME").map(|t| t == "dark"),
        chart: env("TENURE_CHART").and_then(|v| {
            ChartKind::ALL
                .into_iter()
                .find(|x| format!("{x:?}").eq_ignore_ascii_case(&v))
        }),
        // `TENURE_SIZE=1024x700`: the window's inner size for a screenshot.
        size: env("TENURE_SIZE").and_then(|v| {
            let (w, h) = v.split_once('x')?;
            Some([w.trim().parse().ok()?, h.trim().parse().ok()?])
        }),
        open_demo: env("TENURE_OPEN_DEMO").is_some(),
        scroll_to: env("TENURE_SCROLL").and_then(|v| match v.as_str() {
            "revenue" => Some(ScrollTo::Revenue),
            "rates" => Some(ScrollTo::Rates),
            _ => None,
        }),
        account_page: env("TENURE_ACCOUNT_PAGE").is_some(),
        files,
    };
    run_with(db_path, opts)
}

pub fn run_with(db_path: PathBuf, opts: RunOptions) -> Result<(), String> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Tenure")
        .with_inner_size(opts.size.unwrap_or([1400.0, 900.0]))
        .with_min_inner_size([900.0, 600.0])
        // Matches the desktop entry (StartupWMClass), so menus and task
        // bars show our icon for the window.
        .with_app_id("tenure");
    // The icon of packaging/icons, for task bars that read it from the window.
    if let Ok(icon) =
        eframe::icon_data::from_png_bytes(include_bytes!("../../../packaging/icons/tenure-256.png"))
    {
        viewport = viewport.with_icon(icon);
    }
    if opts.screenshot.is_some() {
        viewport = viewport.with_inner_size(opts.size.unwrap_or([1400.0, 900.0]));
    }
    let options = eframe::NativeOptions {
        viewport,
        // Screenshots start from the same state every time.
        persist_window: opts.screenshot.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        "Tenure",
        options,
        Box::new(move |cc| {
            let mut prefs: Prefs = if opts.screenshot.is_some() {
                Prefs::default()
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
                    .unwrap_or_default()
            };
            if let Some(v) = opts.view {
                prefs.view = v;
            }
            if let Some(l) = opts.locale {
                prefs.locale = l;
            }
            if let Some(d) = opts.dark {
                prefs.dark = d;
            }
            if let Some(c) = opts.chart {
                prefs.chart = c;
            }
            let mut app = TenureApp::new(db_path.clone(), prefs);
            app.scroll_to_chart = opts.chart.is_some();
            app.scroll_to = opts.scroll_to;
            let demo = crate::paths::demo_db_path_for(&db_path);
            if opts.open_demo && demo.exists() {
                app.current_db = demo;
            }
            app.screenshot = opts.screenshot.map(|p| (p, 0));
            app.accounts.open_first_page = opts.account_page;
            // playbooks (issue 21): screenshots of the account's timeline.
            app.pb.scroll_to_timeline = std::env::var_os("TENURE_TIMELINE").is_some();
            app.files_to_open = opts.files;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| {
        format!(
            "the window could not be opened ({e}); the commands still work: run `tenure --help`"
        )
    })
}
