//! The worker's accounts commands: the table snapshot, one account's page,
//! form writes (through the store's change sets, so each is undoable like
//! an import) and undo.

use super::super::accounts_state::{AccountDetail, ManualOp, ManualResult};
use super::{Msg, Worker};
use crate::accounts::AccountTable;
use crate::domain::{FieldError, Record};
use crate::store::{ChangeSetMeta, Store, WriteMode, WriteOutcome, account_records};
use std::sync::Arc;

fn db_error(e: impl std::fmt::Display) -> Vec<FieldError> {
    vec![FieldError::new("database", "", e.to_string())]
}

impl Worker {
    pub(super) fn account_table(&mut self) {
        let Some(engine) = self.engine.as_ref() else {
            return;
        };
        let table = AccountTable::build(engine, self.icp.segments());
        self.send(Msg::AccountTable(Arc::new(table)));
    }

    pub(super) fn account_detail(&mut self, account_id: i64) {
        let (Some(engine), Some(store)) = (self.engine.as_ref(), self.store.as_ref()) else {
            return;
        };
        let detail = (|| -> Result<AccountDetail, String> {
            let i = engine
                .index_of(account_id)
                .ok_or_else(|| format!("account {account_id} no longer exists"))?;
            let account = engine
                .accounts()
                .get(i)
                .cloned()
                .ok_or_else(|| format!("account {account_id} no longer exists"))?;
            let month = engine.default_month();
            let health = engine.health(account_id, month);
            let mrr_history = match engine.span() {
                Some((first, _)) if engine.has_revenue() => (first.index()..=month.index())
                    .map(crate::domain::Month::from_index)
                    .filter_map(|m| engine.account_mrr(account_id, m).map(|v| (m, v)))
                    // From the month before the first revenue: the plot
                    // shows the account's own history, not years of zeros.
                    .skip_while(|(m, _)| {
                        engine
                            .account_mrr(account_id, m.plus(1))
                            .is_some_and(|v| v.cents() == 0)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let records =
                account_records::account_records(store, account_id, &account.account.external_id)
                    .map_err(|e| e.to_string())?;
            let imports = store
                .imports_touching(account_id)
                .map_err(|e| e.to_string())?;
            let paid: Vec<(i64, &crate::domain::Purchase)> = records
                .purchases
                .iter()
                .map(|p| (p.id, &p.record))
                .collect();
            let converted_purchases =
                crate::metrics::fx_records::purchases(store, &paid).map_err(|e| e.to_string())?;
            let priced: Vec<(i64, &crate::domain::Subscription)> = records
                .subscriptions
                .iter()
                .map(|s| (s.id, &s.record))
                .collect();
            let converted_subscriptions =
                crate::metrics::fx_records::subscriptions(store, &priced, month)
                    .map_err(|e| e.to_string())?;
            Ok(AccountDetail {
                account,
                month,
                health,
                mrr_history,
                records,
                imports,
                currency: engine.currency().to_string(),
                converted_purchases,
                converted_subscriptions,
            })
        })();
        self.send(Msg::AccountDetail {
            account_id,
            detail: detail.map(Box::new),
        });
    }

    /// Runs one form's write as one change set; reloads on success.
    pub(super) fn manual(&mut self, tag: u64, label: String, op: ManualOp) {
        let accounts: Vec<(i64, crate::domain::Account)> = match &op {
            ManualOp::BulkAccounts { ids, .. } => self
                .engine
                .as_ref()
                .map(|e| {
                    ids.iter()
                        .filter_map(|id| {
                            let i = e.index_of(*id)?;
                            Some((*id, e.accounts().get(i)?.account.clone()))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let Some(store) = self.store.as_mut() else {
            self.send(Msg::Manual {
                tag,
                result: Err(db_error("the database is not open")),
            });
            return;
        };
        let result = write(store, &label, op, accounts);
        let ok = result.is_ok();
        let path = store.path().to_path_buf();
        self.send(Msg::Manual {
            tag,
            result: result.map(|import_id| ManualResult { import_id, label }),
        });
        if ok {
            self.open(&path);
        }
    }

    pub(super) fn undo(&mut self, import_id: i64) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let result = store
            .undo_import(import_id)
            .map(|_| import_id)
            .map_err(|e| e.to_string());
        let ok = result.is_ok();
        let path = store.path().to_path_buf();
        self.send(Msg::Undone(result));
        if ok {
            self.open(&path);
        }
    }
}

/// One change set for the whole form; nothing is written unless all of it is.
fn write(
    store: &mut Store,
    label: &str,
    op: ManualOp,
    accounts: Vec<(i64, crate::domain::Account)>,
) -> Result<i64, Vec<FieldError>> {
    let mut meta = ChangeSetMeta::new("manual", "manual");
    meta.mode = WriteMode::Replace;
    meta.file_name = Some(label.to_string());
    let mut cs = store.change_set(meta).map_err(db_error)?;
    let outcome: Result<(), Vec<FieldError>> = match op {
        ManualOp::Insert { record, account_id } => {
            let written = match account_id {
                Some(id) => cs.write_for_account(&record, id),
                None => cs.write(&record),
            };
            match (written, &record) {
                // A new account must not silently replace one with its id.
                (Ok(WriteOutcome::Inserted(_)), _) => Ok(()),
                (Ok(_), Record::Account(a)) => Err(vec![FieldError::new(
                    "external_id",
                    &a.external_id,
                    "is already used by another account",
                )]),
                (Ok(_), _) => Ok(()),
                (Err(e), _) => Err(e),
            }
        }
        ManualOp::Update {
            row_id,
            record,
            account_id,
        } => cs.update_row(row_id, &record, account_id).map(|_| ()),
        ManualOp::Delete { kind, ids } => ids
            .iter()
            .try_for_each(|id| cs.delete_row(kind, *id).map(|_| ()))
            .map_err(db_error),
        ManualOp::BulkAccounts { csm, tier, .. } => {
            accounts.into_iter().try_for_each(|(id, mut a)| {
                if let Some(c) = &csm {
                    a.csm = Some(c.clone()).filter(|c| !c.trim().is_empty());
                }
                if let Some(t) = &tier {
                    a.tier = Some(t.clone()).filter(|t| !t.trim().is_empty());
                }
                cs.update_row(id, &Record::Account(a), None).map(|_| ())
            })
        }
    };
    match outcome {
        Ok(()) => Ok(cs.commit().map_err(db_error)?.import_id.unwrap_or(0)),
        Err(e) => {
            let _ = cs.rollback();
            Err(e)
        }
    }
}
