//! What the accounts area keeps between frames: the table snapshot and the
//! rows the current search, filters and sort select (computed on a thread
//! of their own, so typing never waits on the worker), the selection, the
//! open account page and form, pending confirmations and the undo list.

use super::forms::{Errors, FormKind, Values};
use super::worker::Cmd;
use crate::accounts::{AccountTable, TableQuery};
use crate::domain::{Money, Month, Record, RecordKind};
use crate::metrics::HealthScore;
use crate::store::ImportRun;
use crate::store::account_records::AccountRecords;
use crate::store::queries::StoredAccount;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// One account's page, prepared by the worker.
#[derive(Debug, Clone)]
pub struct AccountDetail {
    pub account: StoredAccount,
    /// The month of the health score (the engine's default month).
    pub month: Month,
    pub health: Option<HealthScore>,
    pub mrr_history: Vec<(Month, Money)>,
    pub records: AccountRecords,
    pub imports: Vec<ImportRun>,
    pub currency: String,
    /// Purchases paid in another currency, by row id: their amount in the
    /// reporting currency (metrics/fx_records.rs).
    pub converted_purchases: std::collections::BTreeMap<i64, crate::metrics::fx_records::Converted>,
    /// Subscriptions priced in another currency, by row id: their amount
    /// at the rate of the page's month (or the nearest month they run in).
    pub converted_subscriptions:
        std::collections::BTreeMap<i64, crate::metrics::fx_records::Converted>,
}

/// A form's write, run by the worker as one change set.
#[derive(Debug, Clone)]
pub enum ManualOp {
    Insert {
        record: Record,
        account_id: Option<i64>,
    },
    Update {
        row_id: i64,
        record: Record,
        account_id: Option<i64>,
    },
    Delete {
        kind: RecordKind,
        ids: Vec<i64>,
    },
    /// Assign a CSM and/or set a tier on several accounts.
    BulkAccounts {
        ids: Vec<i64>,
        csm: Option<String>,
        tier: Option<String>,
    },
}

/// A committed form change: its change set (to undo) and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualResult {
    pub import_id: i64,
    pub label: String,
}

/// An open record form.
#[derive(Debug, Clone, Default)]
pub struct OpenForm {
    pub kind: FormKind,
    pub values: Values,
    pub errors: Errors,
    /// The row being edited (`None`: a new record).
    pub editing: Option<i64>,
    /// The owning account (row id, external id) of account records.
    pub account: Option<(i64, String)>,
    pub tag: u64,
    pub saving: bool,
}

impl OpenForm {
    pub fn error(&self, key: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str())
    }
}

/// A deletion waiting for the person's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Accounts(Vec<i64>),
    Record {
        kind: RecordKind,
        id: i64,
        label: String,
    },
}

/// What a query thread answers.
struct ViewAnswer {
    generation: u64,
    rows: Arc<Vec<u32>>,
    took: Duration,
}

pub struct AccountsUi {
    pub table: Option<Arc<AccountTable>>,
    table_asked: bool,
    table_generation: u64,
    /// Band, churn, search and sort; the segment comes from the top bar.
    pub query: TableQuery,
    /// What `query.only_ids` stands for ("Import 12: accounts.csv"), shown above the table.
    pub focus_label: Option<String>,
    /// The positions the last answered query selected, in order.
    pub rows: Arc<Vec<u32>>,
    rows_for: Option<(u64, TableQuery)>,
    pending: Option<(u64, TableQuery)>,
    view_generation: u64,
    view_tx: Sender<ViewAnswer>,
    view_rx: Receiver<ViewAnswer>,
    /// How long the last search/sort/filter took on its thread.
    pub last_query_time: Option<Duration>,
    pub selected: BTreeSet<i64>,
    /// The row a Shift-click extends from.
    pub anchor: Option<usize>,
    pub page: Option<i64>,
    pub detail: Option<Box<AccountDetail>>,
    detail_asked: Option<i64>,
    pub form: Option<OpenForm>,
    pub confirm: Option<Confirm>,
    /// Committed form changes, newest last.
    pub undo: Vec<ManualResult>,
    /// A line for the person, and whether it is an error.
    pub message: Option<(String, bool)>,
    pub bulk_csm: String,
    pub bulk_tier: String,
    pub export_path: String,
    export_rx: Option<Receiver<Result<(usize, PathBuf), String>>>,
    /// Tags of deletions and bulk changes waiting for the worker.
    pending_ops: Vec<u64>,
    next_tag: u64,
    /// Open the first account's page when the table arrives (screenshots).
    pub open_first_page: bool,
}

impl Default for AccountsUi {
    fn default() -> Self {
        let (view_tx, view_rx) = channel();
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        AccountsUi {
            table: None,
            table_asked: false,
            table_generation: 0,
            query: TableQuery::default(),
            focus_label: None,
            rows: Arc::new(Vec::new()),
            rows_for: None,
            pending: None,
            view_generation: 0,
            view_tx,
            view_rx,
            last_query_time: None,
            selected: BTreeSet::new(),
            anchor: None,
            page: None,
            detail: None,
            detail_asked: None,
            form: None,
            confirm: None,
            undo: Vec::new(),
            message: None,
            bulk_csm: String::new(),
            bulk_tier: String::new(),
            export_path: home.join("tenure-accounts.xlsx").display().to_string(),
            export_rx: None,
            pending_ops: Vec::new(),
            next_tag: 1,
            open_first_page: false,
        }
    }
}

impl AccountsUi {
    pub fn new_tag(&mut self) -> u64 {
        self.next_tag += 1;
        self.next_tag
    }

    /// The database was (re)loaded: every snapshot is stale.
    pub fn on_reload(&mut self) {
        self.table_asked = false;
        self.detail_asked = None;
    }

    /// A different database file: nothing carries over.
    pub fn on_switch(&mut self) {
        self.table = None;
        self.rows = Arc::new(Vec::new());
        self.rows_for = None;
        self.selected.clear();
        self.page = None;
        self.detail = None;
        self.form = None;
        self.confirm = None;
        self.undo.clear();
        // Filters, search, focus and messages were made on the other file.
        self.query = TableQuery::default();
        self.focus_label = None;
        self.message = None;
        self.anchor = None;
        self.pending = None;
        self.pending_ops.clear();
        self.on_reload();
    }

    /// True while the rows shown do not answer the current query yet.
    pub fn busy(&self) -> bool {
        self.table.is_none() || self.pending.is_some()
    }

    /// Puts the risk model's probabilities into the table (issue 18) and
    /// has the rows selected again.
    pub fn apply_risk(&mut self, run: &crate::risk::RiskRun) {
        if let Some(table) = self.table.as_mut() {
            Arc::make_mut(table).set_risk(run);
            self.table_generation += 1;
        }
    }

    pub fn set_table(&mut self, table: Arc<AccountTable>) {
        let ids: BTreeSet<i64> = table.rows.iter().map(|r| r.id).collect();
        self.selected.retain(|id| ids.contains(id));
        if std::mem::take(&mut self.open_first_page)
            && let Some(first) = table.rows.first()
        {
            self.page = Some(first.id);
        }
        self.table = Some(table);
        self.table_generation += 1;
    }

    /// Nothing is on its way: the table answers the query, an open page
    /// has its data.
    pub fn settled(&self) -> bool {
        !self.busy() && (self.page.is_none() || self.detail.is_some())
    }

    pub fn set_detail(&mut self, account_id: i64, detail: Result<Box<AccountDetail>, String>) {
        if self.page != Some(account_id) {
            return;
        }
        match detail {
            Ok(d) => self.detail = Some(d),
            // The account is gone (deleted, or an undo removed it).
            Err(_) => {
                self.page = None;
                self.detail = None;
                self.form = None;
            }
        }
    }

    /// Sends what the view needs and takes the answers in; cheap, every frame.
    /// Returns the commands for the worker.
    pub fn tick(&mut self, filters: &[(String, String)], ctx: &egui::Context) -> Vec<Cmd> {
        let mut out = Vec::new();
        if !self.table_asked {
            self.table_asked = true;
            out.push(Cmd::AccountTable);
        }
        if let Some(id) = self.page
            && self.detail_asked != Some(id)
        {
            self.detail_asked = Some(id);
            out.push(Cmd::AccountDetail(id));
        }
        while let Ok(answer) = self.view_rx.try_recv() {
            if answer.generation == self.view_generation
                && let Some(p) = self.pending.take()
            {
                self.rows = answer.rows;
                self.rows_for = Some(p);
                self.last_query_time = Some(answer.took);
            }
        }
        let Some(table) = self.table.clone() else {
            return out;
        };
        let mut want = self.query.clone();
        want.filters = filters.to_vec();
        let key = (self.table_generation, want);
        if self.rows_for.as_ref() == Some(&key) || self.pending.as_ref() == Some(&key) {
            return out;
        }
        self.view_generation += 1;
        let generation = self.view_generation;
        let (tx, query, ctx) = (self.view_tx.clone(), key.1.clone(), ctx.clone());
        self.pending = Some(key);
        let spawned = std::thread::Builder::new()
            .name("tenure-accounts-query".into())
            .spawn(move || {
                let start = Instant::now();
                let rows = Arc::new(table.select(&query));
                let _ = tx.send(ViewAnswer {
                    generation,
                    rows,
                    took: start.elapsed(),
                });
                ctx.request_repaint();
            });
        if spawned.is_err() {
            // No thread to spare: answer here rather than show nothing.
            if let (Some(t), Some(p)) = (self.table.as_ref(), self.pending.take()) {
                self.rows = Arc::new(t.select(&p.1));
                self.rows_for = Some(p);
            }
        }
        out
    }

    /// A form write or deletion answered.
    pub fn on_manual(
        &mut self,
        tag: u64,
        result: Result<ManualResult, Vec<crate::domain::FieldError>>,
        tr: &super::i18n::AccountsTr,
    ) {
        let saved = tr.saved;
        let was_op = self.pending_ops.contains(&tag);
        self.pending_ops.retain(|t| *t != tag);
        let form_tag = self.form.as_ref().map(|f| f.tag);
        match result {
            Ok(done) => {
                self.message = Some((format!("{saved} {}", done.label), false));
                self.undo.push(done);
                if form_tag == Some(tag) {
                    self.form = None;
                }
                if was_op {
                    self.selected.clear();
                }
            }
            Err(errors) => {
                if form_tag == Some(tag)
                    && let Some(form) = self.form.as_mut()
                {
                    form.saving = false;
                    form.errors = errors
                        .into_iter()
                        .map(|e| (field_key(&e.field).to_string(), message(&e, tr)))
                        .collect();
                } else {
                    let text: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{}: {}", tr.field(&e.field), message(e, tr)))
                        .collect();
                    self.message = Some((text.join("; "), true));
                }
            }
        }
    }

    /// Sends a deletion or bulk change (not tied to a form).
    pub fn run_op(&mut self, label: String, op: ManualOp) -> Cmd {
        let tag = self.new_tag();
        self.pending_ops.push(tag);
        Cmd::Manual {
            tag,
            label,
            op: Box::new(op),
        }
    }

    pub fn ops_running(&self) -> bool {
        !self.pending_ops.is_empty()
    }

    /// Writes the rows shown to `export_path` on a thread of its own.
    pub fn start_export(&mut self, ctx: &egui::Context) {
        let Some(table) = self.table.clone() else {
            return;
        };
        let rows = self.rows.clone();
        let path = PathBuf::from(self.export_path.trim());
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("tenure-export".into())
            .spawn(move || {
                let sheet = crate::export::sheets::accounts(&table, Some(&rows));
                let result = crate::export::write(&path, &sheet)
                    .map(|()| (sheet.rows.len(), path))
                    .map_err(|e| e.to_string());
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.export_rx = Some(rx),
            Err(e) => self.message = Some((e.to_string(), true)),
        }
    }

    pub fn exporting(&self) -> bool {
        self.export_rx.is_some()
    }

    /// The export's answer, once.
    pub fn poll_export(&mut self) -> Option<Result<(usize, PathBuf), String>> {
        let answer = self.export_rx.as_ref()?.try_recv().ok()?;
        self.export_rx = None;
        Some(answer)
    }
}

/// The form field a store error belongs to.
fn field_key(field: &str) -> &str {
    match field {
        // The domain's names for the kinds' own `kind` fields.
        "survey_kind" | "activity_kind" | "opportunity_kind" => "kind",
        other => other,
    }
}

/// The store's sentence without the field name (it is shown beside it).
/// A store error in the person's language: schema violations from their
/// code, the store's own sentences through the translation table.
fn message(e: &crate::domain::FieldError, tr: &super::i18n::AccountsTr) -> String {
    let text = if e.code == tenure_schema::Code::Invalid {
        tr.store_message(&e.message)
    } else {
        e.message_in(tr.lang)
    };
    if e.value.is_empty() {
        text
    } else {
        format!("`{}` {text}", e.value)
    }
}
