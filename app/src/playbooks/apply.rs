//! Evaluating the rules against the store: what is new is written as tasks
//! through the one write path, in one change set, with the triggers it
//! fired, so that evaluating again opens nothing (playbooks.md).

use super::PlaybookError;
use super::book::Book;
use super::evaluate::{Proposal, evaluate};
use super::rules::{Config, RULES, load_config};
use crate::domain::{Date, Record, Task, TaskStatus};
use crate::metrics::Dataset;
use crate::store::{ChangeSetMeta, Store};

/// What an evaluation opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunReport {
    /// The tasks written, as proposed.
    pub opened: Vec<Proposal>,
    /// The change set that wrote them (undoable like an import).
    pub import_id: Option<i64>,
}

/// Every proposal, and whether no rule has fired it before.
fn proposals(
    store: &Store,
    data: &Dataset,
    today: Date,
    config: &Config,
) -> Result<Vec<(Proposal, bool)>, PlaybookError> {
    let book = Book::build(store, data, today, config.days("nps_detractor", "days"))?;
    let fired = store.fired_triggers()?;
    Ok(evaluate(&book, config)
        .into_iter()
        .map(|p| {
            let new = !fired.contains(&(p.rule.to_string(), p.account_id, p.trigger.clone()));
            (p, new)
        })
        .collect())
}

/// Proposals no rule has fired before.
fn pending(
    store: &Store,
    data: &Dataset,
    today: Date,
    config: &Config,
) -> Result<Vec<Proposal>, PlaybookError> {
    Ok(proposals(store, data, today, config)?
        .into_iter()
        .filter_map(|(p, new)| new.then_some(p))
        .collect())
}

/// Evaluates the database's rules at `today` and opens the new tasks.
pub fn run(store: &mut Store, data: &Dataset, today: Date) -> Result<RunReport, PlaybookError> {
    let config = load_config(&store.settings())?;
    run_with(store, data, today, &config)
}

/// [`run`] with given choices.
pub fn run_with(
    store: &mut Store,
    data: &Dataset,
    today: Date,
    config: &Config,
) -> Result<RunReport, PlaybookError> {
    let new = pending(store, data, today, config)?;
    if new.is_empty() {
        return Ok(RunReport::default());
    }
    let mut meta = ChangeSetMeta::new("playbooks", "playbooks");
    meta.file_name = Some("Playbooks".into());
    meta.as_of = today;
    let mut cs = store.change_set(meta)?;
    for p in &new {
        let task = Task {
            account: p.account.clone(),
            title: p.title.clone(),
            due_on: p.due_on,
            csm: p.csm.clone(),
            status: Some(TaskStatus::Open),
            rule: Some(p.rule.to_string()),
            trigger: Some(p.trigger.clone()),
            created_on: Some(today),
            done_on: None,
            notes: None,
        };
        if let Err(errors) = cs.write_for_account(&Record::Task(task), p.account_id) {
            let why: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            let _ = cs.rollback();
            return Err(PlaybookError::Invalid(format!(
                "the {} task for {} could not be written: {}",
                p.rule,
                p.account_name,
                why.join("; ")
            )));
        }
        cs.mark_fired(p.rule, p.account_id, &p.trigger, today)?;
    }
    let summary = cs.commit()?;
    Ok(RunReport {
        opened: new,
        import_id: summary.import_id,
    })
}

/// Per rule (in [`RULES`] order), with `config`'s parameters and whether
/// it is switched on or not: how many accounts it matches today, and how
/// many tasks it would open (those it has not opened before).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Preview {
    pub matching: [usize; 9],
    pub new: [usize; 9],
}

pub fn preview_counts(
    store: &Store,
    data: &Dataset,
    today: Date,
    config: &Config,
) -> Result<Preview, PlaybookError> {
    let mut all_on = config.clone();
    for r in RULES {
        all_on.set(&format!("{}.enabled=true", r.id))?;
    }
    let mut out = Preview::default();
    for (p, new) in proposals(store, data, today, &all_on)? {
        if let Some(i) = RULES.iter().position(|r| r.id == p.rule) {
            out.matching[i] += 1;
            out.new[i] += usize::from(new);
        }
    }
    Ok(out)
}
