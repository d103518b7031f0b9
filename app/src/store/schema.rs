//! The database schema, as an ordered list of migrations applied by a
//! `PRAGMA user_version` loop (see `migrate`).
//!
//! Conventions: dates are TEXT `YYYY-MM-DD`, instants TEXT
//! `YYYY-MM-DDTHH:MM:SS[±HH:MM]`, months INTEGER `YYYYMM` (compact, sortable
//! and still readable), money INTEGER cents in columns named `*_cents`.
//! Every record row carries `source` and the key it is upserted by, and
//! `import_id`, the import (change set) that inserted it, so undo can remove
//! exactly those rows.

use rusqlite::Transaction;

/// Written into the file header so that another application's SQLite file
/// is recognised and left alone ('TENU').
pub const APPLICATION_ID: i64 = 0x5445_4E55;

pub const MIGRATIONS: &[&str] = &[
    // 1: every record kind of data-model.md, import history, undo data,
    // settings, ICP profiles and saved column mappings.
    r#"
CREATE TABLE import_run (
    id INTEGER PRIMARY KEY,
    plugin TEXT NOT NULL,
    source TEXT NOT NULL,
    file_name TEXT,
    file_hash TEXT,
    kinds TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    skip_invalid INTEGER NOT NULL DEFAULT 0,
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT
);

-- Previous values of rows an import updated (JSON object column -> value).
CREATE TABLE import_change (
    import_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
    tbl TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    previous TEXT NOT NULL,
    PRIMARY KEY (import_id, tbl, row_id)
) WITHOUT ROWID;
CREATE INDEX import_change_row ON import_change(tbl, row_id);

CREATE TABLE csm (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT,
    capacity_hours REAL NOT NULL DEFAULT 120,
    active INTEGER NOT NULL DEFAULT 1,
    import_id INTEGER REFERENCES import_run(id)
);

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    country TEXT,
    region TEXT,
    city TEXT,
    employees INTEGER,
    plan TEXT,
    tier TEXT,
    csm_id INTEGER REFERENCES csm(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'churned')),
    customer_since TEXT,
    churned_on TEXT,
    churn_reason TEXT,
    renewal_on TEXT,
    onboarding_completed_on TEXT,
    first_value_on TEXT,
    licenses INTEGER,
    acquisition_cost_cents INTEGER,
    custom TEXT NOT NULL DEFAULT '{}',
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, external_id)
);
CREATE INDEX account_name ON account(name);
CREATE INDEX account_csm ON account(csm_id);

CREATE TABLE mrr (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    month INTEGER NOT NULL,
    source TEXT NOT NULL,
    mrr_cents INTEGER NOT NULL CHECK (mrr_cents >= 0),
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (account_id, month, source)
);
CREATE INDEX mrr_month ON mrr(month);

CREATE TABLE subscription (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT,
    start TEXT NOT NULL,
    "end" TEXT,
    amount_cents INTEGER NOT NULL,
    billing_period TEXT NOT NULL DEFAULT 'monthly',
    product TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX subscription_account ON subscription(account_id);

CREATE TABLE survey_response (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    score INTEGER NOT NULL,
    respondent TEXT,
    comment TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX survey_account ON survey_response(account_id, date);

CREATE TABLE ticket (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT,
    opened_at TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at TEXT,
    category TEXT,
    priority TEXT,
    channel TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX ticket_account ON ticket(account_id, opened_at);

CREATE TABLE usage (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    month INTEGER NOT NULL,
    source TEXT NOT NULL,
    active_users INTEGER,
    total_users INTEGER,
    adopters INTEGER,
    licenses INTEGER,
    events INTEGER,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (account_id, month, source)
);
CREATE INDEX usage_month ON usage(month);

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    csm TEXT,
    minutes INTEGER,
    notes TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX activity_account ON activity(account_id, date);

CREATE TABLE opportunity (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    external_id TEXT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    amount_cents INTEGER,
    created_on TEXT,
    closed_on TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX opportunity_account ON opportunity(account_id);

CREATE TABLE acquisition_spend (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    month INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    channel TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE icp_profile (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_primary INTEGER NOT NULL DEFAULT 0,
    criteria TEXT NOT NULL DEFAULT '[]'
);

-- A column mapping a person confirmed, reused for files with the same headers.
CREATE TABLE column_mapping (
    plugin TEXT NOT NULL,
    header_signature TEXT NOT NULL,
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (plugin, header_signature)
) WITHOUT ROWID;
"#,
    // 2: the (account, month, source) keys of mrr and usage become named
    // unique indexes instead of table constraints, so that a bulk import
    // can drop them and build them once at commit (store/write/bulk.rs).
    // Same columns, rows and ids.
    r#"
CREATE TABLE mrr_v2 (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    month INTEGER NOT NULL,
    source TEXT NOT NULL,
    mrr_cents INTEGER NOT NULL CHECK (mrr_cents >= 0),
    import_id INTEGER REFERENCES import_run(id)
);
INSERT INTO mrr_v2 (id, account_id, month, source, mrr_cents, import_id)
    SELECT id, account_id, month, source, mrr_cents, import_id FROM mrr;
DROP TABLE mrr;
ALTER TABLE mrr_v2 RENAME TO mrr;
CREATE UNIQUE INDEX mrr_key ON mrr(account_id, month, source);
CREATE INDEX mrr_month ON mrr(month);

CREATE TABLE usage_v2 (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    month INTEGER NOT NULL,
    source TEXT NOT NULL,
    active_users INTEGER,
    total_users INTEGER,
    adopters INTEGER,
    licenses INTEGER,
    events INTEGER,
    import_id INTEGER REFERENCES import_run(id)
);
INSERT INTO usage_v2 (id, account_id, month, source, active_users, total_users, adopters,
        licenses, events, import_id)
    SELECT id, account_id, month, source, active_users, total_users, adopters,
        licenses, events, import_id FROM usage;
DROP TABLE usage;
ALTER TABLE usage_v2 RENAME TO usage;
CREATE UNIQUE INDEX usage_key ON usage(account_id, month, source);
CREATE INDEX usage_month ON usage(month);
"#,
    // 3: contacts (a person at an account), as the schema declares them.
    r#"
CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    role TEXT,
    is_primary INTEGER NOT NULL DEFAULT 0,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX contact_account ON contact(account_id);
"#,
    // 4: an account's current monthly fee as its source gave it; the
    // subscription it opens is what the metrics read (docs/accounts.md).
    r#"
ALTER TABLE account ADD COLUMN mrr_cents INTEGER CHECK (mrr_cents >= 0);
"#,
    // 5: `prospect`, the third account status (data-model.md). SQLite
    // cannot change a CHECK, so the table is rebuilt with the same columns,
    // rows and ids (`migrate` turns foreign keys off around it, so that the
    // records pointing at accounts stay). `converted_on` is the store's own:
    // the day a stored prospect was first written as a customer (trigger
    // below), the one trace of a conversion a later import leaves.
    r#"
CREATE TABLE account_v5 (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    country TEXT,
    region TEXT,
    city TEXT,
    employees INTEGER,
    plan TEXT,
    tier TEXT,
    csm_id INTEGER REFERENCES csm(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'churned', 'prospect')),
    customer_since TEXT,
    churned_on TEXT,
    churn_reason TEXT,
    renewal_on TEXT,
    onboarding_completed_on TEXT,
    first_value_on TEXT,
    licenses INTEGER,
    acquisition_cost_cents INTEGER,
    custom TEXT NOT NULL DEFAULT '{}',
    import_id INTEGER REFERENCES import_run(id),
    mrr_cents INTEGER CHECK (mrr_cents >= 0),
    converted_on TEXT,
    UNIQUE (source, external_id)
);
INSERT INTO account_v5 (id, source, external_id, name, domain, industry, country, region, city,
        employees, plan, tier, csm_id, status, customer_since, churned_on, churn_reason,
        renewal_on, onboarding_completed_on, first_value_on, licenses, acquisition_cost_cents,
        custom, import_id, mrr_cents)
    SELECT id, source, external_id, name, domain, industry, country, region, city,
        employees, plan, tier, csm_id, status, customer_since, churned_on, churn_reason,
        renewal_on, onboarding_completed_on, first_value_on, licenses, acquisition_cost_cents,
        custom, import_id, mrr_cents FROM account;
DROP TABLE account;
ALTER TABLE account_v5 RENAME TO account;
CREATE INDEX account_name ON account(name);
CREATE INDEX account_csm ON account(csm_id);
CREATE TRIGGER account_converted AFTER UPDATE OF status ON account
    WHEN OLD.status = 'prospect' AND NEW.status <> 'prospect' AND NEW.converted_on IS NULL
BEGIN
    UPDATE account SET converted_on = date('now') WHERE id = NEW.id;
END;
-- Back to prospect (an undo): the conversion did not happen.
CREATE TRIGGER account_unconverted AFTER UPDATE OF status ON account
    WHEN NEW.status = 'prospect' AND NEW.converted_on IS NOT NULL
BEGIN
    UPDATE account SET converted_on = NULL WHERE id = NEW.id;
END;
"#,
    // 6 (playbooks, issue 21): tasks, and the (rule, account, trigger)
    // triples the playbook rules have fired, kept apart from the tasks so
    // that a rule never fires twice for one trigger, even once its task was
    // deleted or its change set undone (playbooks.md).
    r#"
CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    due_on TEXT NOT NULL,
    csm TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
    rule TEXT,
    "trigger" TEXT,
    created_on TEXT,
    done_on TEXT,
    notes TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX task_account ON task(account_id);
CREATE INDEX task_due ON task(status, due_on);

CREATE TABLE playbook_fired (
    rule TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    "trigger" TEXT NOT NULL,
    fired_on TEXT NOT NULL,
    PRIMARY KEY (rule, account_id, "trigger")
) WITHOUT ROWID;

-- What the rules read by date, without a scan of the whole history.
CREATE INDEX survey_date ON survey_response(date);
CREATE INDEX ticket_unresolved ON ticket(opened_at) WHERE resolved_at IS NULL;
"#,
    // 7: `purchase` (revenue.md): payments, invoices and orders, with the
    // currency they were paid in and what was refunded.
    r#"
CREATE TABLE purchase (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    currency TEXT,
    refunded_cents INTEGER CHECK (refunded_cents >= 0),
    external_id TEXT,
    kind TEXT NOT NULL DEFAULT 'one_time',
    product TEXT,
    status TEXT NOT NULL DEFAULT 'paid',
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
CREATE INDEX purchase_account ON purchase(account_id, date);
"#,
    // 8: `fx_rate` (revenue.md): one rate per month and currency, an exact
    // decimal kept as text.
    r#"
CREATE TABLE fx_rate (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    month INTEGER NOT NULL,
    currency TEXT NOT NULL,
    rate TEXT NOT NULL,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (month, currency)
);
"#,
    // 9 (issue #24): a survey response or ticket may belong to no account
    // (anonymous, or not matched yet: `respondent` and the new `requester`
    // are kept so that a later contacts or accounts import matches them).
    // Same columns otherwise, same rows and ids.
    r#"
CREATE TABLE survey_response_v9 (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER REFERENCES account(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
    score INTEGER NOT NULL,
    respondent TEXT,
    comment TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
INSERT INTO survey_response_v9 (id, source, nkey, account_id, date, kind, score, respondent,
        comment, import_id)
    SELECT id, source, nkey, account_id, date, kind, score, respondent, comment, import_id
    FROM survey_response;
DROP TABLE survey_response;
ALTER TABLE survey_response_v9 RENAME TO survey_response;
CREATE INDEX survey_account ON survey_response(account_id, date);
-- Migration 6's, dropped with the old table.
CREATE INDEX survey_date ON survey_response(date);

CREATE TABLE ticket_v9 (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    nkey TEXT NOT NULL,
    account_id INTEGER REFERENCES account(id) ON DELETE CASCADE,
    requester TEXT,
    external_id TEXT,
    opened_at TEXT NOT NULL,
    first_response_at TEXT,
    resolved_at TEXT,
    category TEXT,
    priority TEXT,
    channel TEXT,
    import_id INTEGER REFERENCES import_run(id),
    UNIQUE (source, nkey)
);
INSERT INTO ticket_v9 (id, source, nkey, account_id, external_id, opened_at, first_response_at,
        resolved_at, category, priority, channel, import_id)
    SELECT id, source, nkey, account_id, external_id, opened_at, first_response_at,
        resolved_at, category, priority, channel, import_id FROM ticket;
DROP TABLE ticket;
ALTER TABLE ticket_v9 RENAME TO ticket;
CREATE INDEX ticket_account ON ticket(account_id, opened_at);
CREATE INDEX ticket_unresolved ON ticket(opened_at) WHERE resolved_at IS NULL;
"#,
    // 10 (issue #22, revenue.md): a subscription's trial, discount (an
    // amount or a percent off per billing period) and scheduled cancellation.
    r#"
ALTER TABLE subscription ADD COLUMN trial_end TEXT;
ALTER TABLE subscription ADD COLUMN discount_cents INTEGER CHECK (discount_cents >= 0);
ALTER TABLE subscription ADD COLUMN discount_percent REAL
    CHECK (discount_percent >= 0 AND discount_percent <= 100);
ALTER TABLE subscription ADD COLUMN cancel_at TEXT;
"#,
    // 11 (issue #22, revenue.md): a subscription's own currency (empty: the
    // database's); its MRR is converted at each month's rate.
    r#"
ALTER TABLE subscription ADD COLUMN currency TEXT;
CREATE INDEX subscription_currency ON subscription(currency)
    WHERE currency IS NOT NULL AND currency <> '';
"#,
    // 12: the (source, nkey) keys become named unique indexes (`<table>_key`)
    // instead of table constraints, as mrr's and usage's did in 2, so that a
    // bulk import can drop them and build them once at commit
    // (store/write/bulk.rs). The tables are rebuilt by code
    // ([`named_key_indexes`]): their text after eleven migrations is
    // SQLite's, not ours.
    "-- named_key_indexes",
    // 13: the month indexes of mrr and usage go. They served only the
    // loaders without a metrics snapshot (the default month's `max(month)`
    // and one month's usage, 0.07 s and 0.05 s slower without them at
    // 100,000 accounts x 36 months), and building them cost more than any
    // other index of a bulk import: 0.8 s each at 1.5 M rows, a tenth of
    // the demo (docs/benchmarks.md).
    r#"
DROP INDEX IF EXISTS mrr_month;
DROP INDEX IF EXISTS usage_month;
"#,
];

/// Tables keyed by (source, nkey), the key of records whose identity is an
/// external id or their own fields (store/rows.rs).
pub const NKEY_TABLES: [&str; 9] = [
    "subscription",
    "survey_response",
    "ticket",
    "activity",
    "opportunity",
    "acquisition_spend",
    "contact",
    "task",
    "purchase",
];

/// What a migration does beyond its SQL, run right after it.
pub(super) fn code_step(version: i64) -> Option<fn(&Transaction<'_>) -> rusqlite::Result<()>> {
    match version {
        12 => Some(named_key_indexes),
        _ => None,
    }
}

/// Migration 12: each of [`NKEY_TABLES`] rebuilt without its inline
/// `UNIQUE (source, nkey)`, same columns, rows and ids, with its indexes
/// and triggers as they were, plus the unique index `<table>_key`.
fn named_key_indexes(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    for table in NKEY_TABLES {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        let Some(rebuilt) = without_key_constraint(&sql, &format!("{table}_v12")) else {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_SCHEMA),
                Some(format!(
                    "table {table} has no UNIQUE (source, nkey) to move"
                )),
            ));
        };
        let dependents: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT sql FROM sqlite_master
                 WHERE tbl_name = ?1 AND type IN ('index', 'trigger') AND sql IS NOT NULL
                 ORDER BY type, name",
            )?;
            stmt.query_map([table], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        tx.execute_batch(&format!(
            "{rebuilt};
             INSERT INTO \"{table}_v12\" SELECT * FROM \"{table}\";
             DROP TABLE \"{table}\";
             ALTER TABLE \"{table}_v12\" RENAME TO \"{table}\";
             CREATE UNIQUE INDEX \"{table}_key\" ON \"{table}\"(source, nkey);"
        ))?;
        for sql in dependents {
            tx.execute_batch(&sql)?;
        }
    }
    Ok(())
}

/// `CREATE TABLE <name> (…)` with the columns of `sql` and its constraints
/// but `UNIQUE (source, nkey)` (and the comma before it). Columns added by
/// `ALTER TABLE` may follow the constraint in SQLite's text: they stay.
fn without_key_constraint(sql: &str, name: &str) -> Option<String> {
    const KEY: &str = "UNIQUE (source, nkey)";
    let body = sql.find('(')?;
    let at = sql.find(KEY)?;
    let comma = sql[..at].rfind(',').filter(|&c| c > body)?;
    Some(format!(
        "CREATE TABLE \"{name}\" {}{}",
        &sql[body..comma],
        &sql[at + KEY.len()..]
    ))
}

/// The schema version this build writes and understands.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    use crate::domain::RecordKind;
    use tenure_schema::Type;

    /// The column a declared field is stored in, by the conventions above.
    fn column(kind: &str, f: &tenure_schema::Field) -> (String, &'static str) {
        match (kind, f.name, f.ty) {
            (_, _, Type::Reference) => ("account_id".into(), "INTEGER"),
            ("account", "csm", _) => ("csm_id".into(), "INTEGER"),
            (_, name, Type::Money) => (format!("{name}_cents"), "INTEGER"),
            (_, name, Type::Integer | Type::Bool | Type::Month) => (name.into(), "INTEGER"),
            (_, name, Type::Number) => (name.into(), "REAL"),
            (_, name, _) => (name.into(), "TEXT"),
        }
    }

    /// Migration 12 keeps every row, id, index and constraint of the nkey
    /// tables, and their keys stay unique under the new name.
    #[test]
    fn keys_become_named_indexes_with_rows_and_indexes_kept() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let run = |conn: &rusqlite::Connection, sql: &str| {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        };
        for sql in &super::MIGRATIONS[..11] {
            run(&conn, sql);
        }
        run(
            &conn,
            "PRAGMA user_version = 11;
             INSERT INTO account (id, source, external_id, name) VALUES (7, 's', 'A', 'Acme');
             INSERT INTO activity (id, source, nkey, account_id, date, kind)
                 VALUES (41, 's', 'x:E1', 7, '2025-01-02', 'call');
             INSERT INTO ticket (id, source, nkey, account_id, opened_at)
                 VALUES (52, 's', '7|2025-01-03T10:00:00#1', 7, '2025-01-03T10:00:00');
             INSERT INTO subscription (id, source, nkey, account_id, start, amount_cents, currency)
                 VALUES (63, 's', 'x:S1', 7, '2025-01-01', 1000, 'USD');",
        );
        let indexes = |conn: &rusqlite::Connection| -> Vec<(String, String)> {
            let mut stmt = conn
                .prepare(
                    "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'
                     AND tbl_name IN ('activity', 'ticket', 'subscription', 'survey_response')
                     ORDER BY 1, 2",
                )
                .unwrap_or_else(|e| panic!("{e}"));
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap_or_else(|e| panic!("{e}"))
                .filter_map(Result::ok)
                .collect()
        };
        let before = indexes(&conn);
        assert!(
            before
                .iter()
                .any(|(_, n)| n.starts_with("sqlite_autoindex_activity"))
        );

        super::super::migrate(&mut conn, 11).unwrap_or_else(|e| panic!("{e}"));

        let after = indexes(&conn);
        let renamed: Vec<(String, String)> = before
            .iter()
            .map(|(t, n)| {
                let n = if n.starts_with("sqlite_autoindex_") {
                    format!("{t}_key")
                } else {
                    n.clone()
                };
                (t.clone(), n)
            })
            .collect();
        let mut renamed = renamed;
        renamed.sort();
        assert_eq!(after, renamed);
        for table in super::NKEY_TABLES {
            let autoindexes: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE tbl_name = ?1 AND name LIKE 'sqlite_autoindex%'",
                    [table],
                    |r| r.get(0),
                )
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(autoindexes, 0, "{table}");
        }
        let rows: (i64, i64, i64, String) = conn
            .query_row(
                "SELECT (SELECT id FROM activity WHERE nkey = 'x:E1'),
                        (SELECT id FROM ticket WHERE resolved_at IS NULL),
                        (SELECT id FROM subscription WHERE currency = 'USD'),
                        (SELECT kind FROM activity WHERE id = 41)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, (41, 52, 63, "call".to_string()));
        let again = conn.execute(
            "INSERT INTO activity (source, nkey, account_id, date, kind)
             VALUES ('s', 'x:E1', 7, '2025-02-02', 'call')",
            [],
        );
        assert!(again.is_err(), "the key is still unique");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(version, super::current_version());
        // The CHECKs and defaults came along: a bad kind is still refused.
        let bad = conn.execute(
            "INSERT INTO survey_response (source, nkey, account_id, date, kind, score)
             VALUES ('s', 'k', 7, '2025-01-01', 'bogus', 1)",
            [],
        );
        assert!(bad.is_err());
    }

    /// Every kind's table has exactly the columns its declaration implies
    /// (plus the store's own bookkeeping), with the declared types, and
    /// NOT NULL only where the schema requires a value or gives a default.
    #[test]
    fn every_table_is_its_kinds_declaration() {
        let store = super::super::Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let bookkeeping = ["id", "source", "nkey", "import_id", "converted_on"];
        for kind in RecordKind::ALL {
            let declared = kind.schema();
            let mut stmt = store
                .conn
                .prepare(&format!("PRAGMA table_info({})", kind.name()))
                .unwrap_or_else(|e| panic!("{e}"));
            let mut actual: Vec<(String, String, bool)> = stmt
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, i64>(3)? != 0,
                    ))
                })
                .unwrap_or_else(|e| panic!("{e}"))
                .filter_map(Result::ok)
                .filter(|(name, _, _)| !bookkeeping.contains(&name.as_str()))
                .collect();
            let mut expected: Vec<(String, String, bool)> = declared
                .fields
                .iter()
                .map(|f| {
                    let (name, ty) = column(declared.name, f);
                    let not_null = actual
                        .iter()
                        .find(|(n, _, _)| *n == name)
                        .is_some_and(|(_, _, nn)| *nn);
                    assert!(
                        !not_null || f.required || f.default.is_some() || f.ty == Type::TextMap,
                        "{}.{} is NOT NULL but optional without a default",
                        declared.name,
                        f.name
                    );
                    (name, ty.to_string(), not_null)
                })
                .collect();
            actual.sort();
            expected.sort();
            assert_eq!(actual, expected, "table {}", declared.name);
        }
    }
}
