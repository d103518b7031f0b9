//! Bulk mode for imports and the demo generator (`ChangeSetMeta::bulk`).
//!
//! A large import's cost is mostly SQLite's upkeep per row; bulk mode pays
//! it once without changing what ends up stored:
//! - foreign-key checks: a bulk change set only writes references it
//!   resolved itself from the same transaction, so SQLite's lookup per row
//!   proves nothing new. [`ForeignKeysOff`] turns the checks off for the
//!   transaction and back on when it ends, however it ends. (Deletes, whose
//!   cascades need the checks, never run in bulk mode.)
//! - indexes: once a change set has inserted more rows into a table than
//!   the table held before (and at least [`MIN_ROWS`]; at once into an
//!   empty table), the table's non-unique indexes are dropped and built
//!   again at commit, which sorts once instead of inserting at random
//!   places row by row. (Even the month index `mrr` had until schema 13,
//!   fed rows in month order so that each entry landed at the index's
//!   end, cost more kept than built again: 0.2–0.8 s of CPU over a million
//!   rows.) The unique key index goes too — (account, month,
//!   source) of `mrr` and `usage`, (source, nkey) of the tables keyed so
//!   (`<table>_key`, schema migration 12): from then on the change set
//!   checks those keys against an in-memory map of the table's keys in its
//!   source, and the index is built again, unique, at commit. Other unique
//!   keys (an account's external id) stay: their upserts need them. The
//!   drops are part of the transaction, so a rollback brings every index
//!   back.

use super::FastHash;
use crate::domain::RecordKind;
use rusqlite::{Connection, Transaction};
use std::collections::{HashMap, HashSet};

/// Below this many inserted rows, rebuilding an index saves nothing worth
/// the DDL.
pub(crate) const MIN_ROWS: i64 = 50_000;

/// Foreign-key enforcement off while it lives (set before the transaction
/// begins: SQLite ignores the pragma inside one).
pub(crate) struct ForeignKeysOff<'c>(&'c Connection);

impl<'c> ForeignKeysOff<'c> {
    pub(crate) fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        Ok(ForeignKeysOff(conn))
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        // After the transaction has committed or rolled back (field order in
        // `ChangeSet`), so the pragma takes effect.
        if let Err(e) = self.0.pragma_update(None, "foreign_keys", "ON") {
            eprintln!("tenure: could not turn foreign-key checks back on: {e}");
        }
    }
}

/// What the in-memory keys say about a row key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KnownKey {
    New,
    /// A row stored before this change set, with this id.
    Stored(i64),
    /// This change set wrote the key: a second record with it is a duplicate.
    InsertedHere,
}

/// The keys of `mrr` or `usage` within one source, as (account_id, month).
/// Only rows stored before the change set need their id (for updates), and
/// they are at most as many as it inserts; the keys the change set inserts
/// are kept as one bit per month of each account ([`AccountMonths`]).
#[derive(Default)]
struct MonthKeys {
    stored: HashMap<(i64, i64), i64, FastHash>,
    /// Indexed by account id: ids are SQLite row ids, dense from 1, and a
    /// table's rows come grouped by account or by month, so this is read in
    /// order where a hash map of accounts missed the CPU cache on every row.
    inserted: Vec<AccountMonths>,
    /// Accounts whose id is [`DENSE_ACCOUNT_IDS`] or more.
    inserted_far: HashMap<i64, AccountMonths, FastHash>,
}

/// Account ids below this are slots of `MonthKeys::inserted` (at most 32 MB).
const DENSE_ACCOUNT_IDS: i64 = 1 << 20;

impl MonthKeys {
    fn months(&mut self, account: i64) -> &mut AccountMonths {
        if (0..DENSE_ACCOUNT_IDS).contains(&account) {
            let slot = account as usize;
            if self.inserted.len() <= slot {
                self.inserted.resize_with(slot + 1, AccountMonths::default);
            }
            &mut self.inserted[slot]
        } else {
            self.inserted_far.entry(account).or_default()
        }
    }

    /// `false` when the key was already there.
    fn insert(&mut self, (account, month): (i64, i64)) -> bool {
        self.months(account).insert(month)
    }

    fn remove(&mut self, (account, month): (i64, i64)) {
        self.months(account).remove(month);
    }
}

/// Months (`yyyymm` numbers) of one account: a bitmap over the span they
/// cover, or a set once that span grows past [`AccountMonths::MAX_WORDS`]
/// words (about 100 bytes an account over 8 years: `yyyymm` numbers leave
/// 88 of every 100 unused, which costs less than converting them).
enum AccountMonths {
    /// Bit `i` of `words[i / 64]` is month `first + i`.
    Bits {
        first: i64,
        words: Vec<u64>,
    },
    Sparse(HashSet<i64, FastHash>),
}

impl Default for AccountMonths {
    fn default() -> Self {
        AccountMonths::Bits {
            first: 0,
            words: Vec::new(),
        }
    }
}

impl AccountMonths {
    /// 64 words of 64 bits: 4,096 `yyyymm` numbers, about 40 years.
    const MAX_WORDS: i64 = 64;

    /// `false` when the month was already there.
    fn insert(&mut self, month: i64) -> bool {
        let (first, words) = match self {
            AccountMonths::Sparse(set) => return set.insert(month),
            AccountMonths::Bits { first, words } => (first, words),
        };
        if words.is_empty() {
            *first = month.div_euclid(64) * 64;
        }
        let lowest = month.min(*first).div_euclid(64) * 64;
        let end = (*first + 64 * words.len() as i64).max((month.div_euclid(64) + 1) * 64);
        if (end - lowest) / 64 > Self::MAX_WORDS {
            let mut set: HashSet<i64, FastHash> = bitmap_months(*first, words).collect();
            let added = set.insert(month);
            *self = AccountMonths::Sparse(set);
            return added;
        }
        if lowest < *first {
            let shift = ((*first - lowest) / 64) as usize;
            words.splice(0..0, std::iter::repeat_n(0, shift));
            *first = lowest;
        }
        let needed = ((end - *first) / 64) as usize;
        if words.len() < needed {
            words.resize(needed, 0);
        }
        let offset = (month - *first) as usize;
        let (word, bit) = (offset / 64, 1u64 << (offset % 64));
        let added = words[word] & bit == 0;
        words[word] |= bit;
        added
    }

    fn remove(&mut self, month: i64) {
        match self {
            AccountMonths::Bits { first, words } => {
                let offset = month - *first;
                if offset >= 0
                    && let Some(word) = words.get_mut((offset / 64) as usize)
                {
                    *word &= !(1u64 << (offset % 64));
                }
            }
            AccountMonths::Sparse(set) => {
                set.remove(&month);
            }
        }
    }
}

fn bitmap_months(first: i64, words: &[u64]) -> impl Iterator<Item = i64> + '_ {
    words.iter().enumerate().flat_map(move |(w, &bits)| {
        (0..64)
            .filter(move |b| bits & (1u64 << b) != 0)
            .map(move |b| first + 64 * w as i64 + b)
    })
}

/// The (source, nkey) keys of one source in a table of
/// [`NKEY_TABLES`](crate::store::schema::NKEY_TABLES), by a 128-bit hash of
/// the key ([`super::identity_hash`]).
#[derive(Default)]
struct TextKeys {
    /// Rows stored before this change set, with their ids (at most as many
    /// as the change set inserts).
    stored: HashMap<[u64; 2], i64, FastHash>,
    /// Keys from external ids this change set wrote. The other keys need no
    /// memory: each carries its occurrence number, so one change set never
    /// writes it twice (`ChangeSet::assign_key`).
    inserted_external_ids: HashSet<[u64; 2], FastHash>,
}

/// A table's keys while its unique key index is dropped.
enum Keys {
    Month(MonthKeys),
    Text(TextKeys),
}

/// A row key as the in-memory keys know it ([`memory_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemoryKey {
    /// (account_id, month) of `mrr` and `usage`.
    Month(i64, i64),
    /// The hash of an `nkey`, and whether it is an external id.
    Text { hash: [u64; 2], external_id: bool },
}

#[derive(Default)]
struct TableInserts {
    rows_at_start: i64,
    inserted: i64,
    /// `CREATE [UNIQUE] INDEX` statements of the dropped indexes.
    dropped: Vec<String>,
    deferred: bool,
    /// Set when the table's unique key index is dropped.
    keys: Option<Keys>,
}

/// Counts inserts per table and defers index upkeep when it pays.
#[derive(Default)]
pub(crate) struct DeferredIndexes {
    tables: HashMap<RecordKind, TableInserts, FastHash>,
}

/// Tables whose unique key index bulk mode may take over in memory: the
/// (account, month, source) of `mrr` and `usage`, and the named
/// `<table>_key` (source, nkey) of the others (schema migration 12).
fn month_keyed(kind: RecordKind) -> bool {
    matches!(kind, RecordKind::Mrr | RecordKind::Usage)
}

fn nkey_keyed(table: &str) -> bool {
    crate::store::schema::NKEY_TABLES.contains(&table)
}

/// The in-memory key of a row key written in `source`: (account_id, month,
/// source) of `mrr` and `usage`, (source, nkey) of the nkey tables. Every
/// row of a change set has its source, so it is left out; a key in another
/// source (a fee subscription kept where it was opened) has none.
pub(crate) fn memory_key(
    kind: RecordKind,
    key: &[rusqlite::types::Value],
    source: &str,
) -> Option<MemoryKey> {
    use rusqlite::types::Value::{Integer, Text};
    match key {
        [Integer(account), Integer(month), Text(s)] if month_keyed(kind) && s == source => {
            Some(MemoryKey::Month(*account, *month))
        }
        [Text(s), Text(nkey)]
            if s == source && nkey_keyed(crate::store::rows::spec(kind).table) =>
        {
            Some(MemoryKey::Text {
                hash: super::identity_hash(kind, nkey),
                external_id: crate::store::rows::is_external_id_key(nkey),
            })
        }
        _ => None,
    }
}

impl DeferredIndexes {
    /// What is stored under `key`, when this table's keys are checked in
    /// memory (`None` otherwise). A new key is taken for this change set at
    /// once: [`DeferredIndexes::release`] gives it back if the row is not
    /// written.
    pub(crate) fn claim(&mut self, kind: RecordKind, key: MemoryKey) -> Option<KnownKey> {
        let keys = self.tables.get_mut(&kind)?.keys.as_mut()?;
        Some(match (keys, key) {
            (Keys::Month(keys), MemoryKey::Month(account, month)) => {
                if let Some(id) = keys.stored.get(&(account, month)) {
                    return Some(KnownKey::Stored(*id));
                }
                if keys.insert((account, month)) {
                    KnownKey::New
                } else {
                    KnownKey::InsertedHere
                }
            }
            (Keys::Text(keys), MemoryKey::Text { hash, external_id }) => {
                if let Some(id) = keys.stored.get(&hash) {
                    return Some(KnownKey::Stored(*id));
                }
                if !external_id || keys.inserted_external_ids.insert(hash) {
                    KnownKey::New
                } else {
                    KnownKey::InsertedHere
                }
            }
            _ => return None,
        })
    }

    pub(crate) fn release(&mut self, kind: RecordKind, key: MemoryKey) {
        match (
            self.tables.get_mut(&kind).and_then(|t| t.keys.as_mut()),
            key,
        ) {
            (Some(Keys::Month(keys)), MemoryKey::Month(account, month)) => {
                keys.remove((account, month))
            }
            (Some(Keys::Text(keys)), MemoryKey::Text { hash, .. }) => {
                keys.inserted_external_ids.remove(&hash);
            }
            _ => {}
        }
    }

    /// Notes one inserted row of `table` (id `id`); defers the table's
    /// indexes when this insert crosses the threshold. (Rows inserted once
    /// the keys are in memory were claimed there.)
    pub(crate) fn inserted(
        &mut self,
        tx: &Transaction<'_>,
        kind: RecordKind,
        table: &str,
        id: i64,
        source: &str,
        import_id: i64,
    ) -> rusqlite::Result<()> {
        let state = self.tables.entry(kind).or_insert_with(|| TableInserts {
            // SQLite gives a new row the largest id plus one: the ids below
            // it approximate the rows the table held.
            rows_at_start: id - 1,
            ..TableInserts::default()
        });
        state.inserted += 1;
        if state.deferred {
            return Ok(());
        }
        // Into an empty table at once: building its indexes at commit never
        // costs more than keeping them, whatever the change set's size.
        if state.rows_at_start > 0 && state.inserted < MIN_ROWS.max(state.rows_at_start) {
            return Ok(());
        }
        state.deferred = true;
        let indexes: Vec<(String, String, bool)> = {
            let mut stmt = tx.prepare(
                "SELECT name, sql, upper(sql) LIKE 'CREATE UNIQUE%' FROM sqlite_master
                 WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL",
            )?;
            stmt.query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (name, sql, unique) in indexes {
            if unique {
                if state.keys.is_some() {
                    continue;
                }
                state.keys = Some(if month_keyed(kind) {
                    Keys::Month(load_month_keys(tx, table, source, import_id)?)
                } else if nkey_keyed(table) && name == format!("{table}_key") {
                    Keys::Text(load_text_keys(tx, kind, table, source, import_id)?)
                } else {
                    continue;
                });
            }
            tx.execute(&format!("DROP INDEX \"{name}\""), [])?;
            state.dropped.push(sql);
        }
        Ok(())
    }

    /// Builds every dropped index again (before the commit). A unique index
    /// that no longer holds fails here, and the commit with it.
    pub(crate) fn rebuild(&mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        for state in self.tables.values_mut() {
            state.keys = None;
            for sql in state.dropped.drain(..) {
                tx.execute(&sql, [])?;
            }
        }
        Ok(())
    }
}

/// Calls `each` with every row of `table` in `source`: its id, whether this
/// change set inserted it, and the row, whose columns from 2 on are
/// `key_columns`.
fn each_key_row(
    tx: &Transaction<'_>,
    table: &str,
    key_columns: &str,
    source: &str,
    import_id: i64,
    mut each: impl FnMut(i64, bool, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare(&format!(
        "SELECT id, import_id IS ?2, {key_columns} FROM {table} WHERE source = ?1"
    ))?;
    let mut rows = stmt.query(rusqlite::params![source, import_id])?;
    while let Some(r) = rows.next()? {
        each(r.get(0)?, r.get(1)?, r)?;
    }
    Ok(())
}

/// Every key of `table` in `source`, with whether this change set inserted
/// the row.
fn load_month_keys(
    tx: &Transaction<'_>,
    table: &str,
    source: &str,
    import_id: i64,
) -> rusqlite::Result<MonthKeys> {
    let mut keys = MonthKeys::default();
    each_key_row(
        tx,
        table,
        "account_id, month",
        source,
        import_id,
        |id, here, r| {
            let key = (r.get(2)?, r.get(3)?);
            if here {
                keys.insert(key);
            } else {
                keys.stored.insert(key, id);
            }
            Ok(())
        },
    )?;
    Ok(keys)
}

/// Every (source, nkey) key of `table` in `source`: stored rows with their
/// ids, and the external ids this change set already wrote.
fn load_text_keys(
    tx: &Transaction<'_>,
    kind: RecordKind,
    table: &str,
    source: &str,
    import_id: i64,
) -> rusqlite::Result<TextKeys> {
    let mut keys = TextKeys::default();
    each_key_row(tx, table, "nkey", source, import_id, |id, here, r| {
        let nkey = r.get_ref(2)?.as_str()?;
        let hash = super::identity_hash(kind, nkey);
        if !here {
            keys.stored.insert(hash, id);
        } else if crate::store::rows::is_external_id_key(nkey) {
            keys.inserted_external_ids.insert(hash);
        }
        Ok(())
    })?;
    Ok(keys)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test
    use super::MIN_ROWS;
    use crate::domain::{Account, Money, Month, MrrRecord, Record};
    use crate::store::{ChangeSetMeta, Store, WriteOutcome};

    fn index_sql(conn: &rusqlite::Connection, name: &str) -> Option<String> {
        conn.query_row(
            "SELECT sql FROM sqlite_master WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .ok()
    }

    fn foreign_keys(conn: &rusqlite::Connection) -> i64 {
        conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap()
    }

    fn mrr(account: i32, month_offset: i32, cents: i64) -> Record {
        Record::Mrr(MrrRecord {
            account: format!("A{account}"),
            month: Month::from_ym(1980, 1).plus(month_offset),
            mrr: Money::from_cents(cents),
        })
    }

    /// `MIN_ROWS` rows over 100 accounts, account by account (so months go
    /// up and down), 500 months from 1980 + `shift` on; row i is worth i
    /// cents.
    fn mrr_rows(shift: i32) -> Vec<Record> {
        (0..MIN_ROWS as i32)
            .map(|i| mrr(i / 500, i % 500 + shift, i64::from(i)))
            .collect()
    }

    /// 100 accounts, and a non-unique index on `mrr` (the schema has none
    /// since migration 13), as any table may have.
    fn store_with_accounts() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        store
            .conn
            .execute_batch("CREATE INDEX mrr_month ON mrr(month)")
            .unwrap();
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "test"))
            .unwrap();
        for i in 0..100 {
            let account = Account {
                external_id: format!("A{i}"),
                name: format!("Company {i}"),
                ..Account::default()
            };
            cs.write(&Record::Account(account)).unwrap();
        }
        cs.commit().unwrap();
        store
    }

    fn bulk() -> ChangeSetMeta {
        let mut meta = ChangeSetMeta::new("test", "test");
        meta.bulk = true;
        meta
    }

    /// Two integers a query answers (a count and a sum, read through an
    /// index so that a missing entry shows).
    fn two_numbers(store: &Store, sql: &str) -> (i64, i64) {
        store
            .conn
            .query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
    }

    /// Inserted, updated, unchanged and rejected records of a summary.
    fn counts(summary: &crate::store::WriteSummary) -> (u64, u64, u64, u64) {
        (
            summary.inserted,
            summary.updated,
            summary.unchanged,
            summary.rejected,
        )
    }

    fn count_and_sum(store: &Store) -> (i64, i64) {
        two_numbers(
            store,
            "SELECT count(*), sum(mrr_cents) FROM mrr INDEXED BY mrr_month WHERE month > 0",
        )
    }

    #[test]
    fn large_inserts_rebuild_the_indexes_at_commit_and_keys_stay_unique() {
        let mut store = store_with_accounts();
        let month_index = index_sql(&store.conn, "mrr_month").expect("the test made mrr_month");
        let key_index = index_sql(&store.conn, "mrr_key").expect("schema has mrr_key");
        assert!(key_index.starts_with("CREATE UNIQUE INDEX"), "{key_index}");

        let mut cs = store.change_set(bulk()).unwrap();
        assert_eq!(foreign_keys(&cs.tx), 0, "bulk mode skips FK checks");
        let rows = mrr_rows(0);
        cs.write(&rows[0]).unwrap();
        assert_eq!(
            index_sql(&cs.tx, "mrr_month"),
            None,
            "dropped at the first row into an empty table"
        );
        assert_eq!(index_sql(&cs.tx, "mrr_key"), None);
        for record in &rows[1..] {
            cs.write(record).unwrap();
        }
        // Keys are now checked in memory: rows written before and after the
        // drop are both duplicates.
        assert!(cs.write(&rows[0]).is_err());
        assert!(cs.write(&rows[rows.len() - 1]).is_err());
        let summary = cs.commit().unwrap();
        assert_eq!((summary.inserted, summary.rejected), (MIN_ROWS as u64, 2));
        assert_eq!(index_sql(&store.conn, "mrr_month"), Some(month_index));
        assert_eq!(index_sql(&store.conn, "mrr_key"), Some(key_index));
        assert_eq!(foreign_keys(&store.conn), 1, "checks back on after commit");
        let violations: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
        let n = MIN_ROWS;
        assert_eq!(
            count_and_sum(&store),
            (n, n * (n - 1) / 2),
            "the rebuilt index covers every row"
        );
    }

    #[test]
    fn stored_keys_update_in_memory_and_undo_restores_them() {
        let mut store = store_with_accounts();
        let mut cs = store.change_set(bulk()).unwrap();
        for record in mrr_rows(0) {
            cs.write(&record).unwrap();
        }
        cs.commit().unwrap();
        let n = MIN_ROWS;
        let before = count_and_sum(&store);

        // The table holds MIN_ROWS rows, so MIN_ROWS more cross the
        // threshold; then a stored row is updated through the memory map.
        let mut cs = store.change_set(bulk()).unwrap();
        let rows = mrr_rows(1000);
        for record in &rows[..rows.len() - 1] {
            cs.write(record).unwrap();
        }
        assert!(
            index_sql(&cs.tx, "mrr_key").is_some(),
            "kept below the threshold"
        );
        assert!(index_sql(&cs.tx, "mrr_month").is_some());
        cs.write(&rows[rows.len() - 1]).unwrap();
        assert_eq!(index_sql(&cs.tx, "mrr_key"), None, "dropped at it");
        assert_eq!(index_sql(&cs.tx, "mrr_month"), None);
        // Row 205 of the first import: account 0, month offset 205, 205 cents.
        let changed = mrr(0, 205, 99_999);
        assert!(matches!(cs.write(&changed), Ok(WriteOutcome::Updated(_))));
        assert!(cs.write(&changed).is_err(), "a second record with the key");
        assert!(matches!(
            cs.write(&mrr(0, 206, 206)),
            Ok(WriteOutcome::Unchanged(_))
        ));
        let summary = cs.commit().unwrap();
        assert_eq!(counts(&summary), (n as u64, 1, 1, 1));
        let total = n * (n - 1) / 2;
        assert_eq!(count_and_sum(&store), (2 * n, 2 * total - 205 + 99_999));
        let stored: i64 = store
            .conn
            .query_row(
                "SELECT mrr_cents FROM mrr WHERE account_id = (SELECT id FROM account WHERE external_id = 'A0') AND month = 199702",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 99_999);
        let import = summary.import_id.unwrap();
        store.undo_import(import).unwrap();
        assert_eq!(count_and_sum(&store), before);
    }

    /// An activity of account `A{account}` on day `day` (from 1980 on),
    /// with external id `E{id}` when given.
    fn activity(account: i32, day: i32, id: Option<i32>, minutes: i64) -> Record {
        Record::Activity(crate::domain::Activity {
            account: format!("A{account}"),
            external_id: id.map(|i| format!("E{i}")),
            date: crate::domain::Date::from_days(3_652 + day),
            kind: "call".into(),
            csm: None,
            minutes: Some(minutes),
            notes: None,
        })
    }

    fn activity_count_and_minutes(store: &Store) -> (i64, i64) {
        two_numbers(
            store,
            "SELECT count(*), sum(minutes) FROM activity INDEXED BY activity_key
             WHERE source > ''",
        )
    }

    /// The (source, nkey) key of an nkey table is checked in memory once
    /// dropped: a second record with an external id is a duplicate, a
    /// second identical record without one is its second occurrence, and a
    /// later bulk import finds the stored keys and updates their rows.
    #[test]
    fn text_keys_are_checked_in_memory_and_rebuilt_unique() {
        let mut store = store_with_accounts();
        let key_index = index_sql(&store.conn, "activity_key").expect("migration 12 names it");
        assert!(key_index.starts_with("CREATE UNIQUE INDEX"), "{key_index}");
        let n = MIN_ROWS as i32;
        // Half with external ids, half without; minutes = row number.
        let rows: Vec<Record> = (0..n)
            .map(|i| activity(i % 100, i / 100, (i % 2 == 0).then_some(i), i64::from(i)))
            .collect();
        let mut cs = store.change_set(bulk()).unwrap();
        cs.write(&rows[0]).unwrap();
        assert_eq!(index_sql(&cs.tx, "activity_key"), None, "dropped at once");
        for record in &rows[1..] {
            cs.write(record).unwrap();
        }
        assert!(cs.write(&rows[0]).is_err(), "E0 again, before the drop");
        assert!(cs.write(&rows[n as usize - 2]).is_err(), "an id after it");
        // The same activity without an id: a second occurrence, inserted.
        assert!(matches!(cs.write(&rows[1]), Ok(WriteOutcome::Inserted(_))));
        let summary = cs.commit().unwrap();
        assert_eq!((summary.inserted, summary.rejected), (n as u64 + 1, 2));
        assert_eq!(index_sql(&store.conn, "activity_key"), Some(key_index));
        let total = i64::from(n) * i64::from(n - 1) / 2;
        assert_eq!(
            activity_count_and_minutes(&store),
            (i64::from(n) + 1, total + 1),
            "the rebuilt index covers every row"
        );

        // A second import crosses the threshold at its (n + 1)-th new row,
        // as many as the table held; then E0 and the first id-less activity
        // are found through memory.
        let mut cs = store.change_set(bulk()).unwrap();
        for i in 0..=n {
            cs.write(&activity(i % 100, 1_000 + i / 100, Some(n + i), 1))
                .unwrap();
        }
        assert_eq!(index_sql(&cs.tx, "activity_key"), None);
        assert!(matches!(
            cs.write(&activity(0, 0, Some(0), 7)),
            Ok(WriteOutcome::Updated(_))
        ));
        assert!(cs.write(&activity(0, 0, Some(0), 7)).is_err());
        assert!(matches!(
            cs.write(&activity(1, 0, None, 1)),
            Ok(WriteOutcome::Unchanged(_))
        ));
        let summary = cs.commit().unwrap();
        assert_eq!(counts(&summary), (n as u64 + 1, 1, 1, 1));
        assert_eq!(
            activity_count_and_minutes(&store),
            (2 * i64::from(n) + 2, total + 1 + i64::from(n) + 1 + 7)
        );
        store.undo_import(summary.import_id.unwrap()).unwrap();
        assert_eq!(
            activity_count_and_minutes(&store),
            (i64::from(n) + 1, total + 1)
        );
    }

    /// The bitmap of an account's months grows both ways, turns into a set
    /// past its span, and answers as a set of the same months would.
    #[test]
    fn account_months_behave_as_a_set() {
        use super::AccountMonths;
        use std::collections::HashSet;
        let mut months = AccountMonths::default();
        let mut expected = HashSet::new();
        // Up, down, repeats, a month far before, then one that breaks the span.
        let inserts = [
            202_501, 202_512, 202_501, 201_001, 202_412, 199_001, 202_501, 190_001, 202_612,
        ];
        for (i, month) in inserts.into_iter().enumerate() {
            assert_eq!(
                months.insert(month),
                expected.insert(month),
                "insert {i}: {month}"
            );
            if i == 6 {
                assert!(
                    matches!(months, AccountMonths::Bits { .. }),
                    "1990–2025 fits"
                );
            }
        }
        assert!(matches!(months, AccountMonths::Sparse(_)), "1900 does not");
        for month in [202_501, 190_001, 202_413] {
            months.remove(month);
            expected.remove(&month);
        }
        for month in inserts.into_iter().chain([202_413, 202_502]) {
            assert_eq!(
                months.insert(month),
                expected.insert(month),
                "again: {month}"
            );
        }

        let mut bits = AccountMonths::default();
        assert!(bits.insert(202_406));
        bits.remove(202_406);
        bits.remove(150_001);
        assert!(bits.insert(202_406), "removed months can come back");
        assert!(!bits.insert(202_406));
    }

    #[test]
    fn rollback_and_early_drop_restore_indexes_and_checks() {
        let mut store = store_with_accounts();
        let mut cs = store.change_set(bulk()).unwrap();
        for record in mrr_rows(0) {
            cs.write(&record).unwrap();
        }
        assert_eq!(index_sql(&cs.tx, "mrr_month"), None);
        cs.rollback();
        assert!(index_sql(&store.conn, "mrr_month").is_some());
        assert!(index_sql(&store.conn, "mrr_key").is_some());
        assert_eq!(
            foreign_keys(&store.conn),
            1,
            "checks back on after rollback"
        );
        {
            let mut cs = store.change_set(bulk()).unwrap();
            for record in mrr_rows(0) {
                cs.write(&record).unwrap();
            }
            assert_eq!(index_sql(&cs.tx, "mrr_key"), None);
            // Dropped without commit or rollback, as on an early return.
        }
        assert!(index_sql(&store.conn, "mrr_month").is_some());
        assert!(index_sql(&store.conn, "mrr_key").is_some());
        assert_eq!(foreign_keys(&store.conn), 1);
        let count: i64 = store
            .conn
            .query_row("SELECT count(*) FROM mrr", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 0);
    }
}
