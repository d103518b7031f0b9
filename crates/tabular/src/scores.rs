//! Survey files as people have them (issue #24): a column named as a
//! score (`nps`, `NPS_Score`, "How likely are you to recommend…",
//! `satisfaction`, `CSAT`, `effort`, `Nota`…) whose values fit a scale
//! makes the file a survey file, and each such column is read as its own
//! survey kind, several per row. `NA` and empty scores are skipped and
//! counted, never rejected.

use crate::table::{Cell, Row};

/// What a score column's header says about its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    Nps,
    Csat,
    Ces,
    /// `Nota`, `Score`, `Rating`: the values decide.
    Any,
}

fn hint(norm: &str) -> Option<Hint> {
    let n = norm.trim();
    let starts = |p: &str| n.starts_with(p);
    Some(match n {
        "nps"
        | "nps score"
        | "score nps"
        | "nota nps"
        | "nps nota"
        | "net promoter score"
        | "likelihood to recommend"
        | "recommend"
        | "recomendacao" => Hint::Nps,
        "csat"
        | "csat score"
        | "nota csat"
        | "satisfaction"
        | "satisfaction score"
        | "customer satisfaction"
        | "satisfacao"
        | "satisfacao do cliente"
        | "nota satisfacao" => Hint::Csat,
        "ces"
        | "ces score"
        | "nota ces"
        | "effort"
        | "effort score"
        | "customer effort"
        | "customer effort score"
        | "esforco"
        | "nota esforco" => Hint::Ces,
        "nota" | "score" | "rating" | "avaliacao" | "pontuacao" => Hint::Any,
        _ if (starts("how likely") && n.contains("recommend"))
            || (n.contains("probabilidade") && n.contains("recomendar")) =>
        {
            Hint::Nps
        }
        _ => return None,
    })
}

/// Whether a header names a free-text answer ("Why…", `explication`).
pub(crate) fn is_comment_header(norm: &str) -> bool {
    let n = norm.trim();
    matches!(
        n,
        "comment"
            | "comments"
            | "comentario"
            | "comentarios"
            | "text"
            | "texto"
            | "explication"
            | "explanation"
            | "explicacao"
            | "reason"
            | "razao"
            | "justificativa"
            | "feedback"
            | "verbatim"
            | "open answer"
            | "resposta aberta"
    ) || n.starts_with("why ")
        || n == "why"
        || n.starts_with("por que")
        || n.starts_with("porque")
}

/// A cell that holds no score on purpose: empty, `NA`, `N/A`, `-`.
pub(crate) fn is_no_score(cell: &Cell) -> bool {
    if cell.is_empty() {
        return true;
    }
    let t = cell.display();
    let t = t.trim();
    t.is_empty() || t == "-" || is_na(t)
}

/// `NA`, `N/A`, `null`, `NaN`: what R, pandas and many exports write for
/// a missing value.
pub fn is_na(text: &str) -> bool {
    let t = text.trim();
    ["na", "n/a", "null", "nan"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
}

/// A whole score (`9`, `9.0`, `9,0`), or `None`.
pub(crate) fn score_of(cell: &Cell) -> Option<i64> {
    match cell {
        Cell::Number(v) if v.fract() == 0.0 && v.abs() < 1e6 => Some(*v as i64),
        _ => {
            let t = cell.display();
            let t = t.trim();
            let t = t
                .strip_suffix(".0")
                .or_else(|| t.strip_suffix(",0"))
                .unwrap_or(t);
            t.parse::<i64>().ok()
        }
    }
}

/// One column read as scores of one survey kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreColumn {
    pub col: usize,
    /// `nps`, `csat` or `ces`.
    pub kind: &'static str,
}

/// The inclusive scale of a survey kind.
pub fn scale(kind: &str) -> (i64, i64) {
    match kind {
        "csat" => (1, 5),
        "ces" => (1, 7),
        _ => (0, 10),
    }
}

/// What the score columns of a header and sample are.
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub columns: Vec<ScoreColumn>,
    /// Columns named as scores whose values fit no scale of their name:
    /// (column, the sentence that says why and what to do).
    pub refused: Vec<(usize, String)>,
}

/// Reads the score columns among `headers` (normalized in `norm`) from the
/// values of `sample`. `forced` are the person's own (column, kind)
/// choices (`--map nps=Column`), taken as they are.
pub fn find(
    headers: &[String],
    norm: &[String],
    sample: &[Row],
    forced: &[(usize, &'static str)],
) -> Found {
    let mut found = Found::default();
    for &(col, kind) in forced {
        found.columns.push(ScoreColumn { col, kind });
    }
    for (col, n) in norm.iter().enumerate() {
        if forced.iter().any(|(c, _)| *c == col) {
            continue;
        }
        let Some(h) = hint(n) else { continue };
        let (mut lo, mut hi, mut scores, mut other) = (i64::MAX, i64::MIN, 0usize, 0usize);
        for r in sample {
            let cell = r.cells.get(col).unwrap_or(&Cell::Empty);
            if is_no_score(cell) {
                continue;
            }
            match score_of(cell) {
                Some(v) => {
                    lo = lo.min(v);
                    hi = hi.max(v);
                    scores += 1;
                }
                None => other += 1,
            }
        }
        // Mostly words: not a score column (a "Rating" of "Good"/"Bad").
        if scores == 0 || other > scores / 10 {
            continue;
        }
        let fits = |kind: &str| {
            let (a, b) = scale(kind);
            lo >= a && hi <= b
        };
        let header = headers.get(col).map_or("", String::as_str);
        let kind = match h {
            Hint::Nps if fits("nps") => Some("nps"),
            Hint::Csat if fits("csat") => Some("csat"),
            Hint::Ces if fits("ces") => Some("ces"),
            Hint::Any if fits("csat") => Some("csat"),
            Hint::Any if fits("nps") => Some("nps"),
            _ => None,
        };
        match kind {
            Some(kind) => found.columns.push(ScoreColumn { col, kind }),
            None => {
                let named = match h {
                    Hint::Nps => "NPS (0–10)",
                    Hint::Csat => "CSAT (1–5)",
                    Hint::Ces => "CES (1–7)",
                    Hint::Any => "NPS (0–10), CSAT (1–5) or CES (1–7)",
                };
                found.refused.push((
                    col,
                    format!(
                        "Column `{header}` holds scores from {lo} to {hi}, outside the scale of {named} its name suggests, so it is not read. If it is another kind of score, map it to that kind (--map nps=\"{header}\", csat=… or ces=…)."
                    ),
                ));
            }
        }
    }
    found.columns.sort_by_key(|c| c.col);
    found
}

/// The survey kind a `--map` field name stands for in a survey file
/// (`--map nps=Nota`).
pub fn kind_field(name: &str) -> Option<&'static str> {
    match name.trim() {
        "nps" => Some("nps"),
        "csat" => Some("csat"),
        "ces" => Some("ces"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aliases::normalize;

    fn rows(values: &[&[&str]]) -> Vec<Row> {
        values
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                line: i as u64 + 2,
                cells: r.iter().map(|v| Cell::Text(v.to_string())).collect(),
            })
            .collect()
    }

    fn norm(h: &[&str]) -> (Vec<String>, Vec<String>) {
        (
            h.iter().map(|s| s.to_string()).collect(),
            h.iter().map(|s| normalize(s)).collect(),
        )
    }

    #[test]
    fn score_columns_are_named_and_fit_their_scale() {
        let (h, n) = norm(&["", "id", "nps", "satisfaction", "intention", "explication"]);
        let sample = rows(&[
            &["1", "a", "9", "4", "3", "bien"],
            &["2", "b", "NA", "5", "1", ""],
            &["3", "c", "0", "NA", "2", "mal"],
        ]);
        let f = find(&h, &n, &sample, &[]);
        assert_eq!(
            f.columns,
            vec![
                ScoreColumn {
                    col: 2,
                    kind: "nps"
                },
                ScoreColumn {
                    col: 3,
                    kind: "csat"
                }
            ]
        );
        assert!(f.refused.is_empty());
        assert!(is_comment_header(&n[5]));
    }

    #[test]
    fn a_satisfaction_column_scored_to_ten_is_refused_with_its_range() {
        let (h, n) = norm(&["satisfaction"]);
        let f = find(&h, &n, &rows(&[&["10"], &["0"]]), &[]);
        assert!(f.columns.is_empty());
        assert_eq!(f.refused.len(), 1);
        assert!(
            f.refused[0].1.contains("from 0 to 10"),
            "{}",
            f.refused[0].1
        );
        // A person's choice wins.
        let f = find(&h, &n, &rows(&[&["9"]]), &[(0, "nps")]);
        assert_eq!(
            f.columns,
            vec![ScoreColumn {
                col: 0,
                kind: "nps"
            }]
        );
    }

    #[test]
    fn long_questions_and_portuguese_names_are_scores() {
        let (h, n) = norm(&[
            "How likely are you to recommend us to a friend?",
            "Qual a probabilidade de você recomendar a empresa?",
            "Esforço",
            "Nota",
            "Why did you give this score?",
        ]);
        let f = find(&h, &n, &rows(&[&["10", "7", "6", "4", "x"]]), &[]);
        let kinds: Vec<&str> = f.columns.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec!["nps", "nps", "ces", "csat"]);
        assert!(is_comment_header(&n[4]));
    }

    #[test]
    fn words_in_a_rating_column_are_no_scores() {
        let (h, n) = norm(&["rating"]);
        let f = find(&h, &n, &rows(&[&["good"], &["bad"]]), &[]);
        assert!(f.columns.is_empty() && f.refused.is_empty());
        assert_eq!(score_of(&Cell::Text("9.0".into())), Some(9));
        assert_eq!(score_of(&Cell::Number(7.0)), Some(7));
        assert!(is_no_score(&Cell::Text(" NA ".into())));
    }
}
