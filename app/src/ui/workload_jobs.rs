//! The workload view's work on the worker thread (issue 8): building the
//! model from the loaded engine, the rebalancing proposal, and every write
//! (moves, reassignment, CSM edits, undo, saved settings).

use super::engine::Engine;
use crate::domain::Date;
use crate::store::Store;
use crate::workload::{self, Facts, Move, Params, Proposal, Scenario};
use std::sync::Arc;

pub enum WorkloadCmd {
    Load,
    /// The model and assumptions in force changed (saved at once).
    SaveModel(Box<Scenario>),
    SaveScenarioAs(String, Box<Scenario>),
    DeleteScenario(String),
    /// The proposal from the view's model (no reload).
    Propose(Box<Params>, Arc<Facts>),
    Accept(Vec<Move>),
    Undo(i64),
    AddCsm {
        name: String,
        capacity: f64,
    },
    EditCsm {
        name: String,
        capacity: Option<f64>,
        active: Option<bool>,
    },
    Reassign {
        account_id: i64,
        csm: String,
    },
}

pub enum WorkloadMsg {
    Model {
        facts: Arc<Facts>,
        scenario: Box<Scenario>,
        scenarios: Vec<Scenario>,
    },
    Scenarios(Vec<Scenario>),
    Proposal(Proposal),
    /// A write went through: its change id (for undo), or it failed.
    Written(Result<i64, String>),
    Undone(Result<i64, String>),
}

fn facts(store: &Store, engine: &Engine) -> Result<Facts, String> {
    let csms = workload::load_csms(store).map_err(|e| e.to_string())?;
    Ok(Facts::build(engine, csms, Date::today()))
}

fn model(store: &Store, engine: &Engine) -> Result<WorkloadMsg, String> {
    let settings = store.settings();
    Ok(WorkloadMsg::Model {
        facts: Arc::new(facts(store, engine)?),
        scenario: Box::new(workload::load_scenario(&settings).map_err(|e| e.to_string())?),
        scenarios: workload::load_scenarios(&settings).map_err(|e| e.to_string())?,
    })
}

/// After a write: the engine's accounts get their CSM names from the
/// database again (one query), so every view agrees without a full reload.
fn refresh_assignments(store: &Store, engine: &mut Engine) -> Result<(), String> {
    let rows = store.account_csm_names().map_err(|e| e.to_string())?;
    for (id, csm) in rows {
        if let Some(i) = engine.index_of(id)
            && let Some(a) = engine.accounts.get_mut(i)
        {
            a.account.csm = csm;
        }
    }
    Ok(())
}

/// Runs one command; returns the messages for the view.
pub fn handle(
    store: Option<&mut Store>,
    engine: Option<&mut Engine>,
    cmd: WorkloadCmd,
) -> Vec<WorkloadMsg> {
    let (Some(store), Some(engine)) = (store, engine) else {
        return vec![WorkloadMsg::Written(Err("the database is not open".into()))];
    };
    let mut out = Vec::new();
    let written = |store: &mut Store,
                   engine: &mut Engine,
                   result: Result<i64, String>,
                   out: &mut Vec<WorkloadMsg>,
                   undo: bool| {
        let ok = result.is_ok();
        out.push(if undo {
            WorkloadMsg::Undone(result)
        } else {
            WorkloadMsg::Written(result)
        });
        if ok {
            if let Err(e) = refresh_assignments(store, engine) {
                out.push(WorkloadMsg::Written(Err(e)));
            }
            match model(store, engine) {
                Ok(m) => out.push(m),
                Err(e) => out.push(WorkloadMsg::Written(Err(e))),
            }
        }
    };
    match cmd {
        WorkloadCmd::Load => match model(store, engine) {
            Ok(m) => out.push(m),
            Err(e) => out.push(WorkloadMsg::Written(Err(e))),
        },
        WorkloadCmd::SaveModel(s) => {
            if let Err(e) = workload::save_scenario(&store.settings(), &s) {
                out.push(WorkloadMsg::Written(Err(e.to_string())));
            }
        }
        WorkloadCmd::SaveScenarioAs(name, s) => {
            let settings = store.settings();
            match workload::save_scenario_as(&settings, &name, &s)
                .and_then(|()| workload::load_scenarios(&settings).map_err(|e| e.to_string()))
            {
                Ok(list) => out.push(WorkloadMsg::Scenarios(list)),
                Err(e) => out.push(WorkloadMsg::Written(Err(e))),
            }
        }
        WorkloadCmd::DeleteScenario(name) => {
            let settings = store.settings();
            match workload::delete_scenario(&settings, &name)
                .and_then(|_| workload::load_scenarios(&settings))
            {
                Ok(list) => out.push(WorkloadMsg::Scenarios(list)),
                Err(e) => out.push(WorkloadMsg::Written(Err(e.to_string()))),
            }
        }
        WorkloadCmd::Propose(params, f) => {
            let hours = workload::all_hours(&f, &params);
            out.push(WorkloadMsg::Proposal(workload::propose(
                &f, &params, &hours,
            )));
        }
        WorkloadCmd::Accept(moves) => {
            let ids: Result<Vec<i64>, String> = workload::load_csms(store)
                .map(|c| c.iter().map(|c| c.id).collect())
                .map_err(|e| e.to_string());
            let result = ids.and_then(|ids| {
                workload::accept_moves(store, &moves, &ids).map_err(|e| e.to_string())
            });
            written(store, engine, result, &mut out, false);
        }
        WorkloadCmd::Undo(id) => {
            let result = store.undo_import(id).map(|_| id).map_err(|e| e.to_string());
            written(store, engine, result, &mut out, true);
        }
        WorkloadCmd::AddCsm { name, capacity } => {
            let result =
                workload::add_csm(store, &name, None, Some(capacity)).map_err(|e| e.to_string());
            written(store, engine, result, &mut out, false);
        }
        WorkloadCmd::EditCsm {
            name,
            capacity,
            active,
        } => {
            let result =
                workload::edit_csm(store, &name, capacity, active).map_err(|e| e.to_string());
            written(store, engine, result, &mut out, false);
        }
        WorkloadCmd::Reassign { account_id, csm } => {
            let result = workload::reassign_to(store, account_id, &csm).map_err(|e| e.to_string());
            written(store, engine, result, &mut out, false);
        }
    }
    out
}
