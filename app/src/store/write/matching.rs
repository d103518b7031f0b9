//! Which account a survey response or ticket that names none belongs to
//! (data-model.md): the respondent's or requester's e-mail as a contact's
//! e-mail, else its domain as an account's domain; else none (anonymous).
//! Re-matching runs after every import of accounts or contacts, so that a
//! response kept unmatched finds its account later.

use rusqlite::Transaction;
use serde::Serialize;
use std::collections::HashMap;

/// How the import's survey responses and tickets found their account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Matching {
    /// The file named the account (its id or exact name).
    pub by_account: u64,
    /// The e-mail is a contact's.
    pub by_email: u64,
    /// The e-mail's domain is one account's domain.
    pub by_domain: u64,
    /// Matched by none: counted in company figures only.
    pub anonymous: u64,
    /// Of the anonymous, those that named an account the database lacks.
    pub unknown_account: u64,
    /// Responses and tickets of earlier imports this import's accounts or
    /// contacts matched.
    pub rematched: u64,
}

impl Matching {
    pub fn is_empty(&self) -> bool {
        *self == Matching::default()
    }
}

/// The way a record was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    Email,
    Domain,
}

/// `https://www.Acme.com.br/x` → `acme.com.br`; `None` for no domain.
pub fn normalize_domain(text: &str) -> Option<String> {
    let t = text.trim().to_lowercase();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(&t);
    let t = t.rsplit('@').next().unwrap_or(t);
    let t = t.split(['/', '?', '#', ':']).next().unwrap_or(t);
    let t = t.strip_prefix("www.").unwrap_or(t).trim_end_matches('.');
    (t.contains('.') && !t.contains(char::is_whitespace)).then(|| t.to_string())
}

/// The e-mail in a respondent's text (`Ana <ana@acme.com>` → `ana@acme.com`).
pub fn email_of(text: &str) -> Option<String> {
    let t = text.trim();
    let t = match (t.find('<'), t.rfind('>')) {
        (Some(a), Some(b)) if a < b => &t[a + 1..b],
        _ => t,
    };
    let t = t.trim().to_lowercase();
    let (local, domain) = t.split_once('@')?;
    (!local.is_empty() && domain.contains('.') && !t.contains(char::is_whitespace)).then_some(t)
}

/// Contacts' e-mails and accounts' domains, each to its account (`None`
/// when several accounts share it: no guess).
#[derive(Debug, Default)]
pub struct Matcher {
    by_email: HashMap<String, Option<i64>>,
    by_domain: HashMap<String, Option<i64>>,
}

fn put(map: &mut HashMap<String, Option<i64>>, key: String, id: i64) {
    map.entry(key)
        .and_modify(|v| {
            if *v != Some(id) {
                *v = None
            }
        })
        .or_insert(Some(id));
}

impl Matcher {
    pub fn load(tx: &Transaction<'_>) -> rusqlite::Result<Matcher> {
        let mut m = Matcher::default();
        let mut stmt =
            tx.prepare("SELECT account_id, email FROM contact WHERE email IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(e) = email_of(&r.get::<_, String>(1)?) {
                put(&mut m.by_email, e, r.get(0)?);
            }
        }
        drop(rows);
        drop(stmt);
        let mut stmt = tx.prepare("SELECT id, domain FROM account WHERE domain IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(d) = normalize_domain(&r.get::<_, String>(1)?) {
                put(&mut m.by_domain, d, r.get(0)?);
            }
        }
        Ok(m)
    }

    /// The account of whoever `who` names, and how it was found.
    pub fn find(&self, who: &str) -> Option<(i64, Way)> {
        let email = email_of(who)?;
        if let Some(Some(id)) = self.by_email.get(&email) {
            return Some((*id, Way::Email));
        }
        let domain = normalize_domain(&email)?;
        match self.by_domain.get(&domain) {
            Some(Some(id)) => Some((*id, Way::Domain)),
            _ => None,
        }
    }
}

/// Gives the unmatched survey responses and tickets the account their
/// e-mail now finds; keeps each previous (empty) account for undo under
/// `import_id` when `keep_undo`. Returns how many were matched.
pub fn rematch(tx: &Transaction<'_>, import_id: i64, keep_undo: bool) -> rusqlite::Result<u64> {
    let matcher = Matcher::load(tx)?;
    let mut n = 0;
    for (table, who) in [("survey_response", "respondent"), ("ticket", "requester")] {
        let found: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare(&format!(
                "SELECT id, {who} FROM {table} WHERE account_id IS NULL AND {who} LIKE '%@%'"
            ))?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            let mut found = Vec::new();
            for row in rows {
                let (id, text) = row?;
                if let Some((account, _)) = matcher.find(&text) {
                    found.push((id, account));
                }
            }
            found
        };
        for (id, account) in found {
            if keep_undo {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO import_change (import_id, tbl, row_id, previous)
                     VALUES (?1, ?2, ?3, '{\"account_id\":null}')",
                )?
                .execute(rusqlite::params![import_id, table, id])?;
            }
            n += tx
                .prepare_cached(&format!("UPDATE {table} SET account_id = ?1 WHERE id = ?2"))?
                .execute([account, id])? as u64;
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_and_emails_are_read_as_people_write_them() {
        assert_eq!(
            normalize_domain("https://www.Acme.com.br/contato").as_deref(),
            Some("acme.com.br")
        );
        assert_eq!(normalize_domain("acme.com").as_deref(), Some("acme.com"));
        assert_eq!(normalize_domain("ana@Beta.io").as_deref(), Some("beta.io"));
        assert_eq!(normalize_domain("Acme"), None);
        assert_eq!(
            email_of("Ana Souza <Ana@Acme.com>").as_deref(),
            Some("ana@acme.com")
        );
        assert_eq!(email_of("12345"), None);
        assert_eq!(email_of("ana@localhost"), None);
    }
}
