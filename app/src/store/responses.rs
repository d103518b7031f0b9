//! What customers say: the survey responses of a period, with their
//! account or none (anonymous), detractors first, filtered by kind, score
//! band and words (issue #24). The dashboard's NPS card opens it; the
//! window filters the loaded rows itself, in memory, through [`Filter`].

use super::{Store, StoreResult};
use crate::domain::{Date, SurveyKind};
use crate::export::{Cell, Sheet};

/// One stored response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub id: i64,
    pub date: Date,
    pub kind: SurveyKind,
    pub score: i64,
    pub comment: Option<String>,
    pub respondent: Option<String>,
    /// `None`: anonymous (or not matched yet).
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    /// The task the `nps_detractor` playbook rule opened for this response
    /// (its trigger is `survey:ID`), when the rule fired for it.
    pub task: Option<ResponseTask>,
}

/// The detractor task a response led to.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTask {
    pub id: i64,
    pub title: String,
    pub due_on: Date,
    /// `open`, `done` or `dismissed`.
    pub status: String,
}

/// How a score reads on its kind's scale: decided once, in the domain, for
/// the metrics and this list alike.
pub use crate::domain::SurveyBand as Band;

impl Response {
    pub fn band(&self) -> Band {
        Band::of(self.kind, self.score)
    }
}

/// What the list shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub kind: Option<SurveyKind>,
    pub band: Option<Band>,
    /// Words that the comment, the respondent or the account's name holds
    /// (case-insensitive, every word).
    pub words: String,
}

impl Filter {
    pub fn keeps(&self, r: &Response) -> bool {
        if self.kind.is_some_and(|k| k != r.kind) || self.band.is_some_and(|b| b != r.band()) {
            return false;
        }
        let words = self.words.trim().to_lowercase();
        if words.is_empty() {
            return true;
        }
        let text = format!(
            "{} {} {}",
            r.comment.as_deref().unwrap_or(""),
            r.respondent.as_deref().unwrap_or(""),
            r.account_name.as_deref().unwrap_or("")
        )
        .to_lowercase();
        words.split_whitespace().all(|w| text.contains(w))
    }
}

/// Negative answers first (those to call), then by date, newest first.
fn order(a: &Response, b: &Response) -> std::cmp::Ordering {
    a.band()
        .cmp(&b.band())
        .then(b.date.cmp(&a.date))
        .then(a.score.cmp(&b.score))
        .then(a.id.cmp(&b.id))
}

impl Store {
    /// The responses dated `from..=to`, in the list's order.
    pub fn responses(&self, from: Date, to: Date) -> StoreResult<Vec<Response>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.date, s.kind, s.score, s.comment, s.respondent, s.account_id, a.name,
                    t.id, t.title, t.due_on, t.status
             FROM survey_response s LEFT JOIN account a ON a.id = s.account_id
             LEFT JOIN task t ON t.id = (
                 SELECT x.id FROM task x
                 WHERE x.rule = 'nps_detractor' AND x.\"trigger\" = 'survey:' || s.id
                 ORDER BY x.id DESC LIMIT 1)
             WHERE s.date BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, Option<String>>(7)?,
                task_of(r)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, date, kind, score, comment, respondent, account_id, account_name, task) = row?;
            let (Ok(date), Some(kind)) = (Date::parse_iso(&date), SurveyKind::parse(&kind)) else {
                continue;
            };
            out.push(Response {
                id,
                date,
                kind,
                score,
                comment,
                respondent,
                account_id,
                account_name,
                task,
            });
        }
        out.sort_by(order);
        Ok(out)
    }
}

/// Columns 8–11 of [`Store::responses`]' query: the detractor task.
fn task_of(r: &rusqlite::Row) -> rusqlite::Result<Option<ResponseTask>> {
    let (Some(id), Some(title), Some(due), Some(status)) = (
        r.get::<_, Option<i64>>(8)?,
        r.get::<_, Option<String>>(9)?,
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<String>>(11)?,
    ) else {
        return Ok(None);
    };
    Ok(Date::parse_iso(&due).ok().map(|due_on| ResponseTask {
        id,
        title,
        due_on,
        status,
    }))
}

/// The rows as an exported table (`anonymous` names the empty account).
pub fn sheet<'a>(rows: impl Iterator<Item = &'a Response>, anonymous: &str) -> Sheet {
    Sheet {
        name: "Responses".into(),
        headers: [
            "date",
            "kind",
            "score",
            "band",
            "account",
            "respondent",
            "comment",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .map(|r| {
                vec![
                    Cell::Date(r.date),
                    Cell::text(r.kind.name()),
                    Cell::Int(r.score),
                    Cell::text(r.band().name()),
                    Cell::text(
                        r.account_name
                            .clone()
                            .unwrap_or_else(|| anonymous.to_string()),
                    ),
                    Cell::opt_text(&r.respondent),
                    Cell::opt_text(&r.comment),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Account, Record, SurveyResponse};
    use crate::store::ChangeSetMeta;

    fn response(account: &str, date: &str, kind: SurveyKind, score: i64, comment: &str) -> Record {
        Record::SurveyResponse(SurveyResponse {
            account: account.into(),
            date: Date::parse_iso(date).unwrap_or_else(|e| panic!("{e}")),
            kind,
            score,
            respondent: None,
            comment: Some(comment.into()).filter(|c: &String| !c.is_empty()),
        })
    }

    #[test]
    fn detractors_come_first_anonymous_ones_included_and_filters_narrow() {
        let mut store = Store::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", "test"))
            .unwrap_or_else(|e| panic!("{e}"));
        let acme = Account {
            external_id: "A1".into(),
            name: "Acme".into(),
            ..Account::default()
        };
        for r in [
            Record::Account(acme),
            response("A1", "2025-03-10", SurveyKind::Nps, 10, "Love the reports"),
            response("A1", "2025-03-12", SurveyKind::Nps, 3, "Export is slow"),
            response(
                "",
                "2025-03-20",
                SurveyKind::Nps,
                5,
                "Support never called back",
            ),
            response("", "2025-03-21", SurveyKind::Csat, 4, ""),
            response("", "2025-04-02", SurveyKind::Nps, 0, "outside the period"),
        ] {
            cs.write(&r).unwrap_or_else(|e| panic!("{e:?}"));
        }
        cs.commit().unwrap_or_else(|e| panic!("{e}"));
        let day = |t: &str| Date::parse_iso(t).unwrap_or_else(|e| panic!("{e}"));
        let all = store
            .responses(day("2025-03-01"), day("2025-03-31"))
            .unwrap_or_else(|e| panic!("{e}"));
        let seen: Vec<(i64, Option<&str>)> = all
            .iter()
            .map(|r| (r.score, r.account_name.as_deref()))
            .collect();
        // Detractors (5 on the 20th, 3 on the 12th: newest first), then the
        // CSAT 4 and the NPS 10 (positive, newest first).
        assert_eq!(
            seen,
            vec![(5, None), (3, Some("Acme")), (4, None), (10, Some("Acme"))]
        );
        let f = Filter {
            kind: Some(SurveyKind::Nps),
            band: Some(Band::Negative),
            words: "SLOW export".into(),
        };
        let kept: Vec<i64> = all.iter().filter(|r| f.keeps(r)).map(|r| r.score).collect();
        assert_eq!(kept, vec![3]);
        let s = sheet(all.iter(), "anonymous");
        assert_eq!(s.rows.len(), 4);
        assert_eq!(s.rows[0][4], Cell::text("anonymous"));
        assert_eq!(s.rows[0][3], Cell::text("negative"));
    }

    #[test]
    fn bands_follow_each_scale() {
        assert_eq!(Band::of(SurveyKind::Nps, 6), Band::Negative);
        assert_eq!(Band::of(SurveyKind::Nps, 7), Band::Neutral);
        assert_eq!(Band::of(SurveyKind::Nps, 9), Band::Positive);
        assert_eq!(Band::of(SurveyKind::Csat, 2), Band::Negative);
        assert_eq!(Band::of(SurveyKind::Csat, 3), Band::Neutral);
        assert_eq!(Band::of(SurveyKind::Ces, 7), Band::Negative);
        assert_eq!(Band::of(SurveyKind::Ces, 2), Band::Positive);
    }
}
