//! The playbook rules' memory (issue 21): a fired (rule, account, trigger)
//! is written in the same change set as the task it opened.

use super::ChangeSet;
use crate::domain::Date;

impl ChangeSet<'_> {
    /// Remembers that `rule` fired for `account_id` on `trigger`, so that it
    /// never opens that task again (playbooks.md).
    pub fn mark_fired(
        &mut self,
        rule: &str,
        account_id: i64,
        trigger: &str,
        on: Date,
    ) -> crate::store::StoreResult<()> {
        self.tx.execute(
            r#"INSERT INTO playbook_fired (rule, account_id, "trigger", fired_on)
               VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"#,
            rusqlite::params![rule, account_id, trigger, on.to_string()],
        )?;
        Ok(())
    }
}
