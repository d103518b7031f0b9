//! `tenure tasks` (playbooks.md): evaluates the playbook rules, then lists
//! tasks; `add`, `done` and `dismiss` work them.

use super::{Cli, CliError, output};
use crate::domain::{Date, TaskStatus};
use crate::format::{self, Locale};
use crate::metrics::Dataset;
use crate::playbooks::{self, PlaybookError, TaskFilter};
use crate::store::Store;
use serde::Serialize;
use std::process::ExitCode;

impl From<PlaybookError> for CliError {
    fn from(e: PlaybookError) -> Self {
        CliError::new(e.to_string())
    }
}

#[derive(Debug, clap::Args)]
pub struct TasksArgs {
    #[command(subcommand)]
    pub action: Option<TasksAction>,
    /// Only this CSM's tasks.
    #[arg(long, value_name = "NAME")]
    pub csm: Option<String>,
    /// open (default), done, dismissed or all.
    #[arg(long, default_value = "open", value_name = "open|done|dismissed|all")]
    pub status: String,
    /// Print JSON (playbooks.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum TasksAction {
    /// Adds a task by hand to an account (external id or name).
    Add {
        account: String,
        title: String,
        /// The due date, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: String,
        /// Its owner (default: unassigned).
        #[arg(long, value_name = "NAME")]
        csm: Option<String>,
    },
    /// Marks a task done; `--log call` also records the touch as an activity.
    Done {
        id: i64,
        /// A note kept on the task (and on the logged activity).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Logs an activity of this kind (call, meeting, email, note…) today.
        #[arg(long, value_name = "KIND")]
        log: Option<String>,
    },
    /// Dismisses a task: its rule will not open it again.
    Dismiss { id: i64 },
}

/// Loads the figures and evaluates the rules at `today` (the write path
/// every date-dependent command goes through first).
pub(super) fn evaluated(store: &mut Store, today: Date) -> Result<Dataset, CliError> {
    let data = Dataset::load(store)?;
    // A read-only database is read as it is: the rules' new tasks would be
    // a write.
    if !store.read_only() {
        playbooks::run(store, &data, today)?;
    }
    Ok(data)
}

#[derive(Serialize)]
struct TasksJson<'a> {
    today: Date,
    tasks: &'a [playbooks::StoredTask],
}

pub fn run(cli: &Cli, args: &TasksArgs) -> Result<ExitCode, CliError> {
    let today = Date::today();
    let mut store = cli.open_store()?;
    match &args.action {
        Some(TasksAction::Add {
            account,
            title,
            due,
            csm,
        }) => {
            let due = Date::parse_iso(due).map_err(|_| {
                CliError::new(format!(
                    "--due `{due}` is not a date; write it as YYYY-MM-DD"
                ))
            })?;
            let id = playbooks::add_task(&mut store, account, title, due, csm.as_deref(), today)?;
            eprintln!("Task {id} added.");
            return Ok(ExitCode::SUCCESS);
        }
        Some(TasksAction::Done { id, note, log }) => {
            let logged = playbooks::close_task(
                &mut store,
                *id,
                TaskStatus::Done,
                today,
                note.as_deref(),
                log.as_deref(),
            )?;
            match logged {
                Some(_) => eprintln!("Task {id} done; the touch was logged for {today}."),
                None => eprintln!("Task {id} done."),
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(TasksAction::Dismiss { id }) => {
            playbooks::close_task(&mut store, *id, TaskStatus::Dismissed, today, None, None)?;
            eprintln!("Task {id} dismissed.");
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let status = match args.status.trim() {
        "all" => None,
        s => Some(TaskStatus::parse(s).ok_or_else(|| {
            CliError::new(format!(
                "--status `{s}` is not a task status; use open, done, dismissed or all"
            ))
        })?),
    };
    evaluated(&mut store, today)?;
    let filter = TaskFilter {
        status,
        csm: args.csm.clone(),
        account_id: None,
    };
    let list = playbooks::tasks(&store, &filter, today)?;
    if args.json {
        let text = serde_json::to_string_pretty(&TasksJson {
            today,
            tasks: &list,
        })
        .map_err(|e| CliError::new(e.to_string()))?;
        println!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let locale = Locale::from_env();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|t| {
            vec![
                t.id.to_string(),
                format::date(t.due_on, locale) + if t.overdue { " !" } else { "" },
                t.account_name.clone(),
                t.title.clone(),
                t.csm.clone(),
                t.rule.clone(),
                t.status.to_string(),
            ]
        })
        .collect();
    println!("Today: {}", format::date(today, locale));
    print!(
        "{}",
        output::table(
            &["id", "due", "account", "title", "csm", "rule", "status"],
            &rows,
            &[true, false, false, false, false, false, false],
        )
    );
    let overdue = list.iter().filter(|t| t.overdue).count();
    println!("{} tasks, {overdue} overdue (marked !).", list.len());
    Ok(ExitCode::SUCCESS)
}
