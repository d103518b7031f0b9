//! The single write path: every import, form and the demo generator writes
//! records through a [`ChangeSet`], one SQLite transaction that validates,
//! resolves references, upserts by (source, key) and keeps what undo needs.

use super::rows::{RowValues, TableSpec, row_values, spec, value_to_json};
use super::{Store, StoreError, StoreResult, now_utc_text};
use crate::domain::{FieldError, Record, RecordKind, validate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params_from_iter};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};
use tenure_schema::{Code, Violation};

// Form edits and deletions (accounts area).
mod edit;
pub use edit::DELETED;
// Imports and the demo: foreign-key checks and index upkeep paid once.
mod bulk;
use bulk::{DeferredIndexes, ForeignKeysOff, KnownKey, memory_key};
// An account's monthly fee as its subscription.
mod fee;
// The playbook rules' fired triggers (issue 21).
mod fired;
// Survey responses and tickets that name no account: matched by e-mail.
mod matching;
pub use matching::Matching;
use matching::{Matcher, Way};

/// How a write treats fields a record leaves empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Imports: an empty field keeps the stored value (a file without a
    /// column must not erase what another source said); custom fields merge.
    Merge,
    /// Forms: the record is the whole truth; empty fields are cleared.
    Replace,
}

#[derive(Debug, Clone)]
pub struct ChangeSetMeta {
    /// Plugin id, `manual` for forms, `demo` for demo data.
    pub plugin: String,
    /// The system the records come from; external ids are unique within it.
    pub source: String,
    pub file_name: Option<String>,
    pub file_hash: Option<String>,
    pub skip_invalid: bool,
    pub mode: WriteMode,
    /// Keep previous values of updated rows (undo). The demo generator, which
    /// only inserts into an empty database, turns it off.
    pub keep_undo: bool,
    /// Imports and the demo generator, which only insert and update: skip
    /// SQLite's foreign-key checks (every reference is resolved by the
    /// change set itself) and rebuild a table's secondary indexes once at
    /// commit when the change set more than doubles the table (see
    /// `write/bulk.rs`). Never for change sets that delete.
    pub bulk: bool,
    /// The day of the write: an account's new monthly fee starts in its
    /// month (`write/fee.rs`). Today unless a test pins it.
    pub as_of: crate::domain::Date,
}

impl ChangeSetMeta {
    pub fn new(plugin: &str, source: &str) -> Self {
        ChangeSetMeta {
            plugin: plugin.to_string(),
            source: source.to_string(),
            file_name: None,
            file_hash: None,
            skip_invalid: false,
            mode: WriteMode::Merge,
            keep_undo: true,
            bulk: false,
            as_of: crate::domain::Date::today(),
        }
    }
}

/// Where a record came from, for messages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RowOrigin {
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub row: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Inserted(i64),
    Updated(i64),
    Unchanged(i64),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WriteSummary {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    pub import_id: Option<i64>,
    /// How survey responses and tickets found their account.
    pub matching: Matching,
}

/// FxHash-style multiply-rotate hasher: the keys are our own, not an
/// attacker's, and SipHash showed up in import profiles.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(5) ^ value).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_i64(&mut self, value: i64) {
        self.write_u64(value as u64);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    /// Folds the product's high bits into the low ones: hashbrown picks the
    /// bucket from the low bits, which alone depend only on a key's first
    /// bytes, so keys with a common prefix ("C00001", "C00002", "412|2026-…")
    /// all probed from the same few buckets (a tenth of a 1M-row import's
    /// time went to that probing and its `memcmp`).
    fn finish(&self) -> u64 {
        let h = (self.0 ^ (self.0 >> 32)).wrapping_mul(0xd6e8_feb8_6659_fd93);
        h ^ (h >> 32)
    }
}

type FastHash = std::hash::BuildHasherDefault<FastHasher>;

/// Two unrelated 64-bit hashes of a record's kind and identity (std's
/// SipHash and [`FastHasher`]), so that two identities share a count only
/// with odds of about 2^-128 per pair: ~10^-26 for the 2 M identities of a
/// large import. (The map lives for one change set: the hashes are never
/// stored.) Two words rather than a `u128` and the kind inside the hash:
/// an entry of 24 bytes instead of 48 (u128 aligns to 16), which at the
/// demo's 100,000 accounts was 200 MB of the peak while the map grew.
pub(crate) fn identity_hash(kind: RecordKind, identity: &str) -> [u64; 2] {
    use std::hash::BuildHasher;
    let sip = std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default();
    let fast = FastHash::default();
    [
        sip.hash_one((kind, identity)),
        fast.hash_one((kind, identity)),
    ]
}

struct KindSql {
    insert: String,
    select: String,
    select_by_id: String,
    update: String,
}

fn build_sql(s: &TableSpec) -> KindSql {
    let mut cols: Vec<String> = s.key_cols.iter().map(|c| format!("\"{c}\"")).collect();
    cols.extend(s.value_cols.iter().map(|c| format!("\"{c}\"")));
    cols.push("import_id".into());
    let placeholders: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
        s.table,
        cols.join(", "),
        placeholders.join(", ")
    );
    let value_list: Vec<String> = s.value_cols.iter().map(|c| format!("\"{c}\"")).collect();
    let key_match: Vec<String> = s
        .key_cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
        .collect();
    let select = format!(
        "SELECT id, import_id, {} FROM {} WHERE {}",
        value_list.join(", "),
        s.table,
        key_match.join(" AND ")
    );
    let select_by_id = format!(
        "SELECT id, import_id, {} FROM {} WHERE id = ?1",
        value_list.join(", "),
        s.table
    );
    let sets: Vec<String> = s
        .value_cols
        .iter()
        .enumerate()
        .map(|(i, c)| format!("\"{c}\" = ?{}", i + 1))
        .collect();
    let update = format!(
        "UPDATE {} SET {} WHERE id = ?{}",
        s.table,
        sets.join(", "),
        s.value_cols.len() + 1
    );
    KindSql {
        insert,
        select,
        select_by_id,
        update,
    }
}

/// How [`ChangeSet::update_existing`] finds the stored row.
enum SelectBy {
    Key,
    Id(i64),
}

/// One transaction of writes. Dropping it without [`ChangeSet::commit`]
/// rolls everything back.
pub struct ChangeSet<'s> {
    tx: Transaction<'s>,
    meta: ChangeSetMeta,
    import_id: i64,
    summary: WriteSummary,
    kinds: BTreeSet<RecordKind>,
    sql: HashMap<RecordKind, KindSql, FastHash>,
    /// The connection `tx` runs on, for statements that live as long.
    conn: &'s rusqlite::Connection,
    inserts: HashMap<RecordKind, rusqlite::Statement<'s>, FastHash>,
    accounts_by_ext: Option<HashMap<String, i64, FastHash>>,
    /// `None` marks a name shared by several accounts.
    accounts_by_name: Option<HashMap<String, Option<i64>, FastHash>>,
    csms: Option<HashMap<String, i64>>,
    /// CSM names written by this change set.
    seen_csms: HashSet<String, FastHash>,
    /// Existing rows this change set already matched (updated or unchanged).
    matched: HashSet<(RecordKind, i64), FastHash>,
    /// Times each identity of a record without an id was written, by a
    /// 128-bit hash of its kind and identity ([`identity_hash`]): the demo's
    /// 100,000 accounts have ~2 M such records, whose texts held ~150 MB here.
    occurrences: HashMap<[u64; 2], u32, FastHash>,
    deferred_indexes: DeferredIndexes,
    /// Accounts that had a fee subscription when the change set began
    /// (loaded at the first fee), so that new accounts cost no lookup.
    fee_accounts: Option<HashSet<i64, FastHash>>,
    /// Contacts' e-mails and accounts' domains (loaded at the first
    /// survey response or ticket that names no account).
    matcher: Option<Matcher>,
    /// How the record being written found its account.
    last_match: Option<MatchedBy>,
    /// The file could not be written (read-only, disk full, I/O error):
    /// nothing more is written and `commit` answers this.
    failure: Option<StoreError>,
    /// Last field: dropped after `tx` has ended, so the pragma applies.
    _foreign_keys_off: Option<ForeignKeysOff<'s>>,
}

impl Store {
    /// Starts a change set: one transaction, recorded in the import history
    /// when committed.
    pub fn change_set(&mut self, meta: ChangeSetMeta) -> StoreResult<ChangeSet<'_>> {
        let conn = &self.conn;
        let named = |e| super::error::named(conn, e);
        let foreign_keys_off = if meta.bulk {
            Some(ForeignKeysOff::new(conn).map_err(named)?)
        } else {
            None
        };
        // `new_unchecked` takes `&Connection`, which the guard shares; the
        // `&mut self` borrow still keeps the store to this change set.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred).map_err(named)?;
        tx.execute(
            "INSERT INTO import_run (plugin, source, file_name, file_hash, started_at, status, skip_invalid)
             VALUES (?1, ?2, ?3, ?4, ?5, 'running', ?6)",
            rusqlite::params![
                meta.plugin,
                meta.source,
                meta.file_name,
                meta.file_hash,
                now_utc_text(),
                meta.skip_invalid
            ],
        )
        .map_err(named)?;
        let import_id = tx.last_insert_rowid();
        Ok(ChangeSet {
            tx,
            meta,
            import_id,
            summary: WriteSummary::default(),
            kinds: BTreeSet::new(),
            sql: HashMap::default(),
            conn,
            inserts: HashMap::default(),
            accounts_by_ext: None,
            accounts_by_name: None,
            csms: None,
            seen_csms: HashSet::default(),
            matched: HashSet::default(),
            occurrences: HashMap::default(),
            deferred_indexes: DeferredIndexes::default(),
            fee_accounts: None,
            matcher: None,
            last_match: None,
            failure: None,
            _foreign_keys_off: foreign_keys_off,
        })
    }

    /// Records an import that wrote nothing (rejected rows, cancelled, or a
    /// file that could not be read), so the history shows every attempt.
    pub fn record_failed_import(
        &mut self,
        meta: &ChangeSetMeta,
        summary: &WriteSummary,
        status: &str,
    ) -> StoreResult<i64> {
        let now = now_utc_text();
        self.conn.execute(
            "INSERT INTO import_run (plugin, source, file_name, file_hash, started_at, finished_at,
                 status, skip_invalid, inserted, updated, unchanged, rejected)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, 0, 0, 0, ?8)",
            rusqlite::params![
                meta.plugin,
                meta.source,
                meta.file_name,
                meta.file_hash,
                now,
                status,
                meta.skip_invalid,
                summary.rejected as i64
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }
}

/// A second record with the same key in one import.
fn duplicate(record: &Record) -> FieldError {
    let (field, value) = match record {
        Record::Account(a) => ("external_id", a.external_id.clone()),
        Record::Csm(c) => ("name", c.name.clone()),
        Record::Mrr(m) => ("month", format!("{} {}", m.account, m.month)),
        Record::Usage(u) => ("month", format!("{} {}", u.account, u.month)),
        Record::Subscription(r) => ("external_id", r.external_id.clone().unwrap_or_default()),
        Record::Ticket(r) => ("external_id", r.external_id.clone().unwrap_or_default()),
        Record::Activity(r) => ("external_id", r.external_id.clone().unwrap_or_default()),
        Record::Opportunity(r) => ("external_id", r.external_id.clone().unwrap_or_default()),
        Record::Contact(c) => ("name", format!("{} {}", c.account, c.name)),
        Record::Task(t) => ("title", format!("{} {}", t.account, t.title)),
        Record::FxRate(x) => ("month", format!("{} {}", x.month, x.currency)),
        Record::Purchase(r) => ("external_id", r.external_id.clone().unwrap_or_default()),
        Record::SurveyResponse(_) | Record::AcquisitionSpend(_) => ("record", String::new()),
    };
    FieldError::violation(Violation::new(Code::Duplicate, field, value))
}

fn unknown_account(reference: &str) -> FieldError {
    FieldError::violation(Violation::new(Code::UnknownAccount, "account", reference))
}

impl<'s> ChangeSet<'s> {
    pub fn import_id(&self) -> i64 {
        self.import_id
    }

    pub fn summary(&self) -> &WriteSummary {
        &self.summary
    }

    pub fn meta(&self) -> &ChangeSetMeta {
        &self.meta
    }

    /// Counts a row the importer could not turn into a record.
    pub fn count_rejected(&mut self) {
        self.summary.rejected += 1;
    }

    /// Validates and writes one record. A rejected record writes nothing and
    /// is counted; the errors name each field and value.
    pub fn write(&mut self, record: &Record) -> Result<WriteOutcome, Vec<FieldError>> {
        self.last_match = None;
        if let Some(failure) = &self.failure {
            self.summary.rejected += 1;
            return Err(vec![FieldError::new(
                record.kind().name(),
                "",
                failure.to_string(),
            )]);
        }
        match self.try_write(record) {
            Ok(Ok(outcome)) => {
                let m = &mut self.summary.matching;
                match self.last_match {
                    Some(MatchedBy::Account) => m.by_account += 1,
                    Some(MatchedBy::Email) => m.by_email += 1,
                    Some(MatchedBy::Domain) => m.by_domain += 1,
                    Some(MatchedBy::None { unknown }) => {
                        m.anonymous += 1;
                        m.unknown_account += u64::from(unknown);
                    }
                    None => {}
                }
                match outcome {
                    WriteOutcome::Inserted(_) => self.summary.inserted += 1,
                    WriteOutcome::Updated(_) => self.summary.updated += 1,
                    WriteOutcome::Unchanged(_) => self.summary.unchanged += 1,
                }
                self.kinds.insert(record.kind());
                Ok(outcome)
            }
            Ok(Err(errors)) => {
                self.summary.rejected += 1;
                Err(errors)
            }
            Err(db) => {
                self.summary.rejected += 1;
                let message = match super::error::named(self.conn, db) {
                    // The file itself: every later record would fail alike.
                    e @ StoreError::File { .. } => {
                        let said = e.to_string();
                        self.failure = Some(e);
                        said
                    }
                    e => format!("could not be written: {e}"),
                };
                Err(vec![FieldError::new(record.kind().name(), "", message)])
            }
        }
    }

    /// Why the database file cannot take this change set (read-only, disk
    /// full, I/O error), once a write found it: the import stops there.
    pub fn failure(&self) -> Option<&StoreError> {
        self.failure.as_ref()
    }

    /// Writes an account only when this source lacks it; a stored one is
    /// left as it is and counted unchanged. For the accounts a file of
    /// another kind names (a payment's customer id, description and
    /// e-mail): that file knows less of the customer than its own export,
    /// so it may create the account but never rewrite it. Other records
    /// are written as by [`write`](Self::write).
    pub fn write_if_missing(&mut self, record: &Record) -> Result<WriteOutcome, Vec<FieldError>> {
        if let Record::Account(a) = record {
            let found = match self.load_accounts() {
                Ok(()) => self
                    .accounts_by_ext
                    .as_ref()
                    .and_then(|m| m.get(a.external_id.trim()).copied()),
                Err(_) => None,
            };
            if let Some(id) = found {
                self.summary.unchanged += 1;
                self.kinds.insert(record.kind());
                return Ok(WriteOutcome::Unchanged(id));
            }
        }
        self.write(record)
    }

    fn try_write(
        &mut self,
        record: &Record,
    ) -> rusqlite::Result<Result<WriteOutcome, Vec<FieldError>>> {
        let errors = validate(record);
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let kind = record.kind();
        let account_id = match (record.account_ref(), who_answered(record)) {
            (reference, Some(who)) => self.match_account(reference, who)?,
            (Some(reference), None) => match self.resolve_account(reference)? {
                Ok(id) => Some(id),
                Err(e) => return Ok(Err(vec![e])),
            },
            (None, None) => None,
        };
        let csm_id = match record {
            Record::Account(a) => match a.csm.as_deref().map(str::trim) {
                Some(name) if !name.is_empty() => Some(self.resolve_or_create_csm(name)?),
                _ => None,
            },
            _ => None,
        };
        let mut row = row_values(record, &self.meta.source, account_id, csm_id);
        if let Err(e) = self.assign_key(record, &mut row) {
            return Ok(Err(vec![e]));
        }
        let Some(outcome) = self.upsert(kind, &row)? else {
            return Ok(Err(vec![duplicate(record)]));
        };
        if let (Record::Account(a), WriteOutcome::Inserted(id)) = (record, outcome) {
            self.remember_account(a.external_id.trim(), a.name.trim(), id);
        }
        if let (
            Record::Account(a),
            WriteOutcome::Inserted(id) | WriteOutcome::Updated(id) | WriteOutcome::Unchanged(id),
        ) = (record, outcome)
        {
            self.sync_fee(id, a)?;
        }
        Ok(Ok(outcome))
    }

    /// Completes `row.key` (the `nkey` of tables without a natural key);
    /// rejects a CSM named twice in this change set.
    // A rejected row is the rare path: its error is not worth a box.
    #[allow(clippy::result_large_err)]
    fn assign_key(&mut self, record: &Record, row: &mut RowValues) -> Result<(), FieldError> {
        if let Record::Csm(c) = record
            && !self.seen_csms.insert(c.name.trim().to_lowercase())
        {
            return Err(duplicate(record));
        }
        if let Some((identity, from_external_id)) = row.identity.take() {
            if from_external_id {
                row.key.push(Value::Text(identity));
            } else {
                // Records without an id: the n-th identical record of an
                // import keeps the same key when the import runs again.
                let n = self
                    .occurrences
                    .entry(identity_hash(record.kind(), &identity))
                    .or_insert(0);
                *n += 1;
                let mut key = identity;
                // Writing into a String cannot fail.
                let _ = std::fmt::Write::write_fmt(&mut key, format_args!("#{n}"));
                row.key.push(Value::Text(key));
            }
        }
        Ok(())
    }

    /// `Ok(None)`: the key was already written by this change set (a duplicate).
    fn upsert(
        &mut self,
        kind: RecordKind,
        row: &RowValues,
    ) -> rusqlite::Result<Option<WriteOutcome>> {
        let spec = spec(kind);
        let sql = self.sql.entry(kind).or_insert_with(|| build_sql(spec));
        // In bulk mode the key may be checked in memory (write/bulk.rs).
        let memory_key = if self.meta.bulk {
            memory_key(kind, &row.key, &self.meta.source)
        } else {
            None
        };
        // A new key is claimed now (one probe of the key set a row).
        let known = memory_key.and_then(|key| self.deferred_indexes.claim(kind, key));
        match known {
            Some(KnownKey::InsertedHere) => return Ok(None),
            Some(KnownKey::Stored(id)) => {
                return self.update_existing(kind, row, SelectBy::Id(id));
            }
            Some(KnownKey::New) | None => {}
        }
        // Insert first: a fresh import costs one statement a row.
        let values = spec
            .value_cols
            .iter()
            .zip(&row.values)
            .map(|(col, value)| match value {
                Value::Null => Cow::Owned(
                    spec.insert_defaults
                        .iter()
                        .find(|(c, _)| c == col)
                        .map_or(Value::Null, |(_, d)| d.value()),
                ),
                v => Cow::Borrowed(v),
            });
        let import_id = Value::Integer(self.import_id);
        let params = row
            .key
            .iter()
            .map(Cow::Borrowed)
            .chain(values)
            .chain(std::iter::once(Cow::Borrowed(&import_id)));
        // Held for the change set's life: the statement cache would hash
        // the SQL text on every row.
        let insert = match self.inserts.entry(kind) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(self.conn.prepare(&sql.insert)?),
        };
        let inserted = insert.execute(params_from_iter(params));
        if let (Some(key), Some(KnownKey::New), Ok(0) | Err(_)) = (memory_key, known, &inserted) {
            // Not written after all: the key is free again.
            self.deferred_indexes.release(kind, key);
        }
        if inserted? == 1 {
            let id = self.tx.last_insert_rowid();
            if self.meta.bulk {
                self.deferred_indexes.inserted(
                    &self.tx,
                    kind,
                    spec.table,
                    id,
                    &self.meta.source,
                    self.import_id,
                )?;
            }
            return Ok(Some(WriteOutcome::Inserted(id)));
        }
        if known.is_some() {
            // No index holds the key any more, so nothing can conflict.
            return Err(rusqlite::Error::QueryReturnedNoRows);
        }
        self.update_existing(kind, row, SelectBy::Key)
    }

    /// The stored row with `row`'s key: unchanged, updated (keeping its
    /// previous values for undo) or, when this change set already wrote
    /// the key, `Ok(None)`.
    fn update_existing(
        &mut self,
        kind: RecordKind,
        row: &RowValues,
        by: SelectBy,
    ) -> rusqlite::Result<Option<WriteOutcome>> {
        let spec = spec(kind);
        let sql = self.sql.entry(kind).or_insert_with(|| build_sql(spec));
        let n = spec.value_cols.len();
        let (select, params): (&str, Vec<Value>) = match by {
            SelectBy::Key => (&sql.select, row.key.clone()),
            SelectBy::Id(id) => (&sql.select_by_id, vec![Value::Integer(id)]),
        };
        let existing = self
            .tx
            .prepare_cached(select)?
            .query_row(params_from_iter(params.iter()), |r| {
                let id: i64 = r.get(0)?;
                let import_id: Option<i64> = r.get(1)?;
                let mut values = Vec::with_capacity(n);
                for i in 0..n {
                    values.push(r.get::<_, Value>(i + 2)?);
                }
                Ok((id, import_id, values))
            })
            .optional()?;
        let Some((id, import_id, old)) = existing else {
            // The conflict was on another unique constraint; report it as such.
            return Err(rusqlite::Error::QueryReturnedNoRows);
        };
        // The database itself tells duplicates within this change set: the row
        // was inserted by it, or already matched by an earlier record of it.
        // (Auto-created CSMs carry this import's id too; CSM records are
        // checked by name in `assign_key` instead.)
        let inserted_here = import_id == Some(self.import_id) && kind != RecordKind::Csm;
        if inserted_here || !self.matched.insert((kind, id)) {
            return Ok(None);
        }
        let new: Vec<Value> = spec
            .value_cols
            .iter()
            .zip(row.values.iter().zip(&old))
            .map(|(col, (new, old))| merge_value(self.meta.mode, col, new, old))
            .collect();
        if new == old {
            return Ok(Some(WriteOutcome::Unchanged(id)));
        }
        if self.meta.keep_undo {
            let previous: serde_json::Map<String, serde_json::Value> = spec
                .value_cols
                .iter()
                .zip(&old)
                .map(|(c, v)| (c.to_string(), value_to_json(v)))
                .collect();
            self.tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO import_change (import_id, tbl, row_id, previous)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(rusqlite::params![
                    self.import_id,
                    spec.table,
                    id,
                    serde_json::Value::Object(previous).to_string()
                ])?;
        }
        let mut params = new;
        params.push(Value::Integer(id));
        self.tx
            .prepare_cached(&sql.update)?
            .execute(params_from_iter(params.iter()))?;
        Ok(Some(WriteOutcome::Updated(id)))
    }

    fn load_accounts(&mut self) -> rusqlite::Result<()> {
        if self.accounts_by_ext.is_some() {
            return Ok(());
        }
        let mut by_ext = HashMap::default();
        let mut by_name: HashMap<String, Option<i64>, FastHash> = HashMap::default();
        let mut stmt = self
            .tx
            .prepare("SELECT id, source, external_id, name FROM account")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let source: String = r.get(1)?;
            if source == self.meta.source {
                by_ext.insert(r.get::<_, String>(2)?, id);
            }
            by_name
                .entry(r.get::<_, String>(3)?)
                .and_modify(|v| *v = None)
                .or_insert(Some(id));
        }
        drop(rows);
        drop(stmt);
        self.accounts_by_ext = Some(by_ext);
        self.accounts_by_name = Some(by_name);
        Ok(())
    }

    fn remember_account(&mut self, external_id: &str, name: &str, id: i64) {
        if self.load_accounts().is_err() {
            return;
        }
        if let Some(map) = self.accounts_by_ext.as_mut() {
            map.insert(external_id.to_string(), id);
        }
        if let Some(map) = self.accounts_by_name.as_mut() {
            map.entry(name.to_string())
                .and_modify(|v| {
                    if *v != Some(id) {
                        *v = None
                    }
                })
                .or_insert(Some(id));
        }
    }

    /// By external id in this source, then by exact name in any source.
    fn resolve_account(&mut self, reference: &str) -> rusqlite::Result<Result<i64, FieldError>> {
        self.load_accounts()?;
        let reference = reference.trim();
        if let Some(id) = self.accounts_by_ext.as_ref().and_then(|m| m.get(reference)) {
            return Ok(Ok(*id));
        }
        Ok(
            match self
                .accounts_by_name
                .as_ref()
                .and_then(|m| m.get(reference))
            {
                Some(Some(id)) => Ok(*id),
                Some(None) => Err(FieldError::violation(Violation::new(
                    Code::AmbiguousAccount,
                    "account",
                    reference,
                ))),
                None => Err(unknown_account(reference)),
            },
        )
    }

    /// The account of a survey response or ticket: the one it names, else
    /// the one its e-mail finds, else none (anonymous). A named account the
    /// database lacks is not a rejection there: the record stays anonymous
    /// and the report counts it.
    fn match_account(
        &mut self,
        reference: Option<&str>,
        who: Option<&str>,
    ) -> rusqlite::Result<Option<i64>> {
        let mut unknown = false;
        if let Some(reference) = reference {
            match self.resolve_account(reference)? {
                Ok(id) => {
                    self.last_match = Some(MatchedBy::Account);
                    return Ok(Some(id));
                }
                Err(_) => unknown = true,
            }
        }
        if let Some(who) = who.filter(|w| w.contains('@')) {
            if self.matcher.is_none() {
                self.matcher = Some(Matcher::load(&self.tx)?);
            }
            if let Some((id, way)) = self.matcher.as_ref().and_then(|m| m.find(who)) {
                self.last_match = Some(match way {
                    Way::Email => MatchedBy::Email,
                    Way::Domain => MatchedBy::Domain,
                });
                return Ok(Some(id));
            }
        }
        self.last_match = Some(MatchedBy::None { unknown });
        Ok(None)
    }

    /// A CSM by name or e-mail (case-insensitive); unknown ones are created.
    fn resolve_or_create_csm(&mut self, name_or_email: &str) -> rusqlite::Result<i64> {
        if self.csms.is_none() {
            let mut map = HashMap::new();
            let mut stmt = self.tx.prepare("SELECT id, name, email FROM csm")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                map.insert(r.get::<_, String>(1)?.to_lowercase(), id);
                if let Some(email) = r.get::<_, Option<String>>(2)? {
                    map.insert(email.to_lowercase(), id);
                }
            }
            drop(rows);
            drop(stmt);
            self.csms = Some(map);
        }
        let key = name_or_email.to_lowercase();
        if let Some(id) = self.csms.as_ref().and_then(|m| m.get(&key)) {
            return Ok(*id);
        }
        let email = name_or_email.contains('@').then_some(name_or_email);
        self.tx.execute(
            "INSERT INTO csm (source, name, email, import_id) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![self.meta.source, name_or_email, email, self.import_id],
        )?;
        let id = self.tx.last_insert_rowid();
        if let Some(m) = self.csms.as_mut() {
            m.insert(key, id);
        }
        Ok(id)
    }

    /// Gives account `account_id` to CSM `csm_id` (workload: rebalancing
    /// and reassignment), keeping the previous CSM for undo. `Ok(false)`
    /// when the account does not exist or already has that CSM.
    pub fn reassign_account(&mut self, account_id: i64, csm_id: i64) -> rusqlite::Result<bool> {
        let old: Option<Option<i64>> = self
            .tx
            .query_row(
                "SELECT csm_id FROM account WHERE id = ?1",
                [account_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(old) = old else {
            return Ok(false);
        };
        if old == Some(csm_id) {
            self.summary.unchanged += 1;
            return Ok(false);
        }
        let previous = serde_json::json!({ "csm_id": old });
        self.tx.execute(
            "INSERT OR IGNORE INTO import_change (import_id, tbl, row_id, previous)
             VALUES (?1, 'account', ?2, ?3)",
            rusqlite::params![self.import_id, account_id, previous.to_string()],
        )?;
        self.tx.execute(
            "UPDATE account SET csm_id = ?1 WHERE id = ?2",
            rusqlite::params![csm_id, account_id],
        )?;
        self.summary.updated += 1;
        self.kinds.insert(RecordKind::Account);
        Ok(true)
    }

    /// Writes the history row and commits. With rejected rows and no
    /// `skip_invalid`, nothing may be written: call [`ChangeSet::rollback`].
    pub fn commit(mut self) -> StoreResult<WriteSummary> {
        if let Some(failure) = self.failure.take() {
            let _ = self.tx.rollback();
            return Err(failure);
        }
        let conn = self.conn;
        let named = |e| super::error::named(conn, e);
        self.deferred_indexes.rebuild(&self.tx).map_err(named)?;
        if self.kinds.contains(&RecordKind::Account) || self.kinds.contains(&RecordKind::Contact) {
            self.summary.matching.rematched =
                matching::rematch(&self.tx, self.import_id, self.meta.keep_undo).map_err(named)?;
        }
        let status = if self.summary.rejected > 0 {
            "committed_skipping_invalid"
        } else {
            "committed"
        };
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.name()).collect();
        self.tx
            .execute(
                "UPDATE import_run SET finished_at = ?2, status = ?3, kinds = ?4,
                 inserted = ?5, updated = ?6, unchanged = ?7, rejected = ?8
             WHERE id = ?1",
                rusqlite::params![
                    self.import_id,
                    now_utc_text(),
                    status,
                    kinds.join(","),
                    self.summary.inserted as i64,
                    self.summary.updated as i64,
                    self.summary.unchanged as i64,
                    self.summary.rejected as i64
                ],
            )
            .map_err(named)?;
        let mut summary = self.summary.clone();
        summary.import_id = Some(self.import_id);
        self.tx.commit().map_err(named)?;
        Ok(summary)
    }

    /// Discards every write (dry runs, rejected imports, cancel).
    pub fn rollback(self) -> WriteSummary {
        let summary = self.summary.clone();
        // A failed rollback leaves the transaction to be rolled back on drop.
        let _ = self.tx.rollback();
        summary
    }
}

/// How one record found its account (see [`Matching`]).
#[derive(Debug, Clone, Copy)]
enum MatchedBy {
    Account,
    Email,
    Domain,
    None { unknown: bool },
}

/// For the kinds whose account is optional: `Some(e-mail or id of who
/// answered or asked)`, possibly `Some(None)`; `None` for every other kind.
fn who_answered(record: &Record) -> Option<Option<&str>> {
    match record {
        Record::SurveyResponse(r) => Some(r.respondent.as_deref()),
        Record::Ticket(t) => Some(t.requester.as_deref()),
        _ => None,
    }
}

fn merge_value(mode: WriteMode, col: &str, new: &Value, old: &Value) -> Value {
    match mode {
        WriteMode::Replace => match new {
            // NOT NULL columns keep their value when a form leaves them empty.
            Value::Null
                if matches!(
                    col,
                    "status" | "custom" | "billing_period" | "capacity_hours" | "active" | "source"
                ) =>
            {
                old.clone()
            }
            v => v.clone(),
        },
        WriteMode::Merge => match (col, new, old) {
            (_, Value::Null, old) => old.clone(),
            ("custom", Value::Text(new), Value::Text(old)) => merge_custom(old, new),
            (_, new, _) => new.clone(),
        },
    }
}

fn merge_custom(old: &str, new: &str) -> Value {
    let mut merged: std::collections::BTreeMap<String, String> =
        serde_json::from_str(old).unwrap_or_default();
    let incoming: std::collections::BTreeMap<String, String> =
        serde_json::from_str(new).unwrap_or_default();
    merged.extend(incoming);
    Value::Text(serde_json::to_string(&merged).unwrap_or_else(|_| new.to_string()))
}

#[cfg(test)]
mod tests {
    use super::FastHash;
    use std::hash::BuildHasher;

    /// Keys that differ only in their last bytes must still spread over a
    /// table's buckets (its low hash bits). 10,000 random hashes fill about
    /// 16,384 × (1 − e^(−10,000/16,384)) ≈ 7,400 of 2^14 buckets; before the
    /// final fold these keys fell into 64 at most.
    #[test]
    fn keys_with_a_common_prefix_spread_over_the_buckets() {
        let build = FastHash::default();
        for key in [
            |i: u32| format!("C{i:05}"),
            // (i % 12, i % 28) repeats every 84: i / 84 keeps the keys distinct.
            |i: u32| {
                format!(
                    "{}|2026-{:02}-{:02}|call",
                    400 + i / 84,
                    i % 12 + 1,
                    i % 28 + 1
                )
            },
            |i: u32| format!("acme-{i}"),
        ] {
            let buckets: std::collections::HashSet<u64> = (0..10_000)
                .map(|i| build.hash_one(key(i).as_str()) & 0x3fff)
                .collect();
            assert!(
                buckets.len() > 6_000,
                "{} buckets for {}",
                buckets.len(),
                key(1)
            );
        }
        let ints: std::collections::HashSet<u64> = (0..10_000i64)
            .map(|i| build.hash_one((i, 24_300 + i % 36)) & 0x3fff)
            .collect();
        assert!(ints.len() > 6_000, "{} buckets for (id, month)", ints.len());
    }
}
