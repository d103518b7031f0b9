//! Which columns a survey import reads: the tool's layout, then the
//! person's `--map`, then the survey kind.

use super::header::{EMAIL, Header, TIMESTAMP, position, scale_of_question};
use super::{ANY_VALUE, KIND_COLUMN, Tool};
use crate::aliases::{self, normalize};
use crate::table::column_letter;
use tenure_plugin_api::{ImportOptions, RowProblem};

/// The columns a survey import reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub account: Option<usize>,
    pub date: Option<usize>,
    pub score: Option<usize>,
    pub respondent: Option<usize>,
    pub comment: Option<usize>,
    /// A column saying nps / csat / ces per row.
    pub kind: Option<usize>,
    /// The survey kind of every row, when no column gives it.
    pub kind_constant: Option<&'static str>,
}

fn account_like(norm: &str) -> bool {
    let account_aliases = aliases::kind_def("survey_response")
        .and_then(|k| k.fields.iter().find(|f| f.name == "account"))
        .map_or(&[][..], |f| f.aliases);
    if account_aliases.contains(&norm) {
        return true;
    }
    let words: Vec<&str> = norm.split(' ').collect();
    [
        "company",
        "empresa",
        "organization",
        "organizacao",
        "account",
        "conta",
        "cliente",
    ]
    .iter()
    .any(|w| words.contains(w))
}

fn comment_like(norm: &str) -> bool {
    let words: Vec<&str> = norm.split(' ').collect();
    [
        "why",
        "comment",
        "comments",
        "comentario",
        "comentarios",
        "motivo",
        "reason",
        "feedback",
    ]
    .iter()
    .any(|w| words.contains(w))
        || norm.contains("por que")
        || norm.contains("porque")
}

/// What each tool's layout says, before the person's `--map`.
fn auto_columns(tool: Tool, header: &Header) -> Columns {
    let norm = &header.norm;
    let mut c = Columns::default();
    match tool {
        Tool::GoogleForms => {
            c.date = position(norm, &TIMESTAMP);
            c.respondent = position(norm, &EMAIL);
        }
        Tool::SurveyMonkey => {
            // The answer is complete at the end date.
            c.date = position(norm, &["end date", "start date"]);
            c.respondent = position(norm, &["email address", "respondent id"]);
        }
        Tool::Delighted => {
            c.date = position(
                norm,
                &["response timestamp", "created at", "date", "timestamp"],
            );
            c.respondent = position(
                norm,
                &["email", "person email", "name", "person id", "person"],
            );
            c.score = position(norm, &["score"]);
            c.comment = position(norm, &["comment"]);
            c.kind = position(norm, &["survey type", "survey kind"]);
        }
    }
    let taken = |c: &Columns, i: usize| {
        [c.date, c.respondent, c.score, c.comment, c.kind].contains(&Some(i))
    };
    if c.score.is_none() {
        let candidates: Vec<usize> = (0..header.names.len())
            .filter(|&i| !taken(&c, i) && scale_of_question(&header.names[i]).is_some())
            .filter(|&i| !comment_like(&norm[i]))
            .collect();
        if candidates.len() == 1 {
            c.score = candidates.first().copied();
        }
    }
    c.account = (0..norm.len()).find(|&i| !taken(&c, i) && account_like(&norm[i]));
    if c.comment.is_none() {
        let after = c.score.unwrap_or(0);
        c.comment = (after..norm.len())
            .chain(0..after)
            .find(|&i| !taken(&c, i) && Some(i) != c.account && comment_like(&norm[i]));
    }
    c
}

fn find_column(header: &Header, wanted: &str) -> Option<usize> {
    let w = wanted.trim();
    header
        .names
        .iter()
        .position(|h| h == w)
        .or_else(|| {
            let nw = normalize(w);
            header.norm.iter().position(|n| *n == nw)
        })
        .or_else(|| (0..header.names.len()).find(|i| column_letter(*i) == w))
}

fn list(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(25)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 25 {
        s.push_str(&format!(" and {} more", names.len() - 25));
    }
    s
}

/// The columns to read: the tool's layout, then the person's `--map`
/// (`account`, `date`, `score`, `respondent`, `comment`, `kind`), then the
/// survey kind. `Err` is a fatal problem that says what to map.
pub fn choose_columns(
    tool: Tool,
    header: &Header,
    options: &ImportOptions,
    file: &str,
) -> Result<Columns, RowProblem> {
    let mut c = auto_columns(tool, header);
    let fatal = |code: &str, message: String| {
        let mut p = RowProblem::fatal(code, message);
        p.file = Some(file.to_string());
        p.row = Some(header.line);
        p
    };
    for (field, column) in &options.map {
        let col = find_column(header, column).ok_or_else(|| {
            fatal(
                "unknown_column",
                format!(
                    "`{file}` has no column `{column}` to map to `{field}`; its columns are: {}.",
                    list(&header.names)
                ),
            )
        })?;
        let slot = match field.trim() {
            "account" => &mut c.account,
            "date" => &mut c.date,
            "score" => &mut c.score,
            "respondent" => &mut c.respondent,
            "comment" => &mut c.comment,
            "kind" | "survey_kind" => &mut c.kind,
            other => {
                return Err(fatal(
                    "unknown_field",
                    format!(
                        "`{other}` is not a field of survey responses; map account, date, score, respondent, comment or kind."
                    ),
                ));
            }
        };
        *slot = Some(col);
    }
    let any_kind = ["kind", "survey_kind"]
        .iter()
        .filter_map(|f| options.value_map.get(*f))
        .find_map(|m| m.get(ANY_VALUE))
        .map(String::as_str);
    if c.kind.is_none() {
        c.kind_constant = match any_kind {
            Some(k) => Some(match scale_of_question(k) {
                Some(k) => k,
                None => {
                    return Err(fatal(
                        "unknown_survey_kind",
                        format!("`{k}` is not a survey kind; use nps, csat or ces."),
                    ));
                }
            }),
            None => c
                .score
                .and_then(|s| scale_of_question(&header.names[s]))
                .or_else(|| {
                    let n = normalize(file);
                    n.split(' ').find_map(|w| match w {
                        "nps" => Some("nps"),
                        "csat" => Some("csat"),
                        "ces" => Some("ces"),
                        _ => None,
                    })
                }),
        };
    }
    let questions: Vec<String> = (0..header.names.len())
        .filter(|i| ![c.date, c.respondent].contains(&Some(*i)))
        .map(|i| header.names[i].clone())
        .collect();
    let Some(score) = c.score else {
        return Err(fatal(
            "choose_score_column",
            format!(
                "Tenure cannot tell which column of `{file}` holds the score; choose it once with --map score=\"COLUMN\" (it is remembered for files with these headers). Columns: {}.",
                list(&questions)
            ),
        ));
    };
    if c.account.is_none() {
        return Err(fatal(
            "choose_account_column",
            format!(
                "Tenure cannot tell which column of `{file}` names the customer account; choose it once with --map account=\"COLUMN\" (an account id or the account's exact name; it is remembered for files with these headers). Columns: {}.",
                list(&questions)
            ),
        ));
    }
    if c.date.is_none() {
        return Err(fatal(
            "choose_date_column",
            format!(
                "`{file}` has no date column Tenure knows; choose it with --map date=\"COLUMN\". Columns: {}.",
                list(&header.names)
            ),
        ));
    }
    if c.kind.is_none() && c.kind_constant.is_none() {
        return Err(fatal(
            "unknown_survey_kind",
            format!(
                "Tenure cannot tell whether `{}` holds NPS (0–10), CSAT (1–5) or CES (1–7) answers; say which with --map-value kind:*=nps (or csat, ces).",
                header.names[score]
            ),
        ));
    }
    Ok(c)
}

impl Columns {
    /// Field → column header, as the import reads them.
    pub(super) fn mapping(&self, header: &Header) -> Vec<(String, String)> {
        let name = |i: Option<usize>| i.and_then(|i| header.names.get(i).cloned());
        let mut out = Vec::new();
        for (field, col) in [
            ("account", self.account),
            ("date", self.date),
            ("score", self.score),
            ("respondent", self.respondent),
            ("comment", self.comment),
            ("kind", self.kind),
        ] {
            if let Some(n) = name(col) {
                out.push((field.to_string(), n));
            }
        }
        if self.kind.is_none() && self.kind_constant.is_some() {
            out.push(("kind".to_string(), KIND_COLUMN.to_string()));
        }
        out
    }
}
