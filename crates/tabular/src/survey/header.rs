//! A survey export's header (SurveyMonkey's two header rows folded into
//! one) and how each tool recognises its own exports from it.

use super::Tool;
use crate::aliases::normalize;
use crate::csv::{CsvReader, RawRecord};
use crate::delimited::sniff_layout;
use crate::encoding::{self, TextEncoding};
use crate::table::column_letter;
use std::path::Path;

/// A survey export's header: one name per column (SurveyMonkey's two
/// header rows folded into one), and the line of its last header row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub names: Vec<String>,
    pub norm: Vec<String>,
    /// The line of the last header row (data starts after it).
    pub line: u64,
    /// How many records the header took (1, or 2 for SurveyMonkey).
    pub rows: usize,
}

/// SurveyMonkey's second header row: "Response" / "Open-Ended Response"
/// under a single-answer question say nothing new.
fn plain_sub_label(sub: &str) -> bool {
    let n = normalize(sub);
    n.is_empty() || n == "response" || n == "open ended response" || n == "resposta"
}

fn unique(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, name) in names.into_iter().enumerate() {
        let mut name = if name.trim().is_empty() {
            column_letter(i)
        } else {
            name.trim().to_string()
        };
        if out.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while out.contains(&name) {
                name = format!("{base} ({n})");
                n += 1;
            }
        }
        out.push(name);
    }
    out
}

/// Builds the header from the first non-blank records (line, cells).
pub fn read_header(tool: Tool, records: &[(u64, Vec<String>)]) -> Option<Header> {
    let (line, first) = records.first()?;
    let mut names: Vec<String> = first.iter().map(|c| c.trim().to_string()).collect();
    let mut rows = 1;
    let mut last_line = *line;
    if tool == Tool::SurveyMonkey
        && let Some((line2, second)) = records.get(1)
        && second.first().is_none_or(|c| c.trim().is_empty())
    {
        // Row 2 labels the answers of row 1's questions; questions with
        // several answers leave row 1 empty after their first column.
        let width = names.len().max(second.len());
        let mut question = String::new();
        let mut folded = Vec::with_capacity(width);
        for i in 0..width {
            let top = names.get(i).cloned().unwrap_or_default();
            let sub = second.get(i).map(|s| s.trim()).unwrap_or_default();
            if !top.is_empty() {
                question = top.clone();
            }
            folded.push(match (top.is_empty(), plain_sub_label(sub)) {
                (false, true) => top,
                (false, false) => format!("{top} — {sub}"),
                (true, _) if sub.is_empty() || question.is_empty() => String::new(),
                (true, _) => format!("{question} — {sub}"),
            });
        }
        names = folded;
        rows = 2;
        last_line = *line2;
    }
    let width = names
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |p| p + 1);
    names.truncate(width);
    let names = unique(names);
    let norm = names.iter().map(|n| normalize(n)).collect();
    Some(Header {
        names,
        norm,
        line: last_line,
        rows,
    })
}

/// Reads up to `n` non-blank records of a text (the head of a file).
fn head_records(head: &[u8], n: usize) -> Vec<(u64, Vec<String>)> {
    let layout = sniff_layout(head);
    let text = encoding::decode_all(head, layout.encoding);
    let mut reader = CsvReader::new(text.as_bytes(), layout.delimiter);
    let mut rec = RawRecord::default();
    let mut out = Vec::new();
    while out.len() < n {
        match reader.read_record(&mut rec) {
            Ok(true) if !rec.is_blank() => out.push((rec.line, rec.to_vec())),
            Ok(true) => {}
            _ => break,
        }
    }
    out
}

pub(super) fn has(norm: &[String], name: &str) -> bool {
    norm.iter().any(|n| n == name)
}

pub(super) fn position(norm: &[String], names: &[&str]) -> Option<usize> {
    names
        .iter()
        .find_map(|name| norm.iter().position(|n| n == name))
}

/// The survey kind a question's text names or asks about.
pub fn scale_of_question(text: &str) -> Option<&'static str> {
    let n = normalize(text);
    let words: Vec<&str> = n.split(' ').collect();
    let word = |w: &str| words.contains(&w);
    if word("nps")
        || n.contains("recommend")
        || n.contains("recomend")
        || n.contains("indicaria")
        || n.contains("net promoter")
    {
        Some("nps")
    } else if word("csat") || n.contains("satisf") {
        Some("csat")
    } else if word("ces")
        || n.contains("effort")
        || n.contains("esforco")
        || n.contains("easy")
        || n.contains("facil")
    {
        Some("ces")
    } else {
        None
    }
}

pub(super) const TIMESTAMP: [&str; 3] = ["timestamp", "carimbo de data hora", "marca temporal"];
pub(super) const EMAIL: [&str; 6] = [
    "email address",
    "email",
    "e mail",
    "endereco de e mail",
    "endereco de email",
    "person email",
];

/// How sure (0–100) `tool` is that these first records are its export.
fn recognise(tool: Tool, records: &[(u64, Vec<String>)]) -> u8 {
    let Some(header) = read_header(tool, records) else {
        return 0;
    };
    let norm = &header.norm;
    match tool {
        Tool::GoogleForms => {
            if !norm
                .first()
                .is_some_and(|n| TIMESTAMP.contains(&n.as_str()))
            {
                return 0;
            }
            let survey_question = header.names.iter().any(|h| scale_of_question(h).is_some());
            let email = norm.get(1).is_some_and(|n| EMAIL.contains(&n.as_str()));
            // "Timestamp" alone is too common a first column to claim the file.
            if survey_question || email { 90 } else { 40 }
        }
        Tool::SurveyMonkey => {
            if has(norm, "respondent id")
                && has(norm, "collector id")
                && (has(norm, "start date") || has(norm, "end date"))
            {
                95
            } else {
                0
            }
        }
        Tool::Delighted => {
            let permalink = records
                .iter()
                .skip(1)
                .any(|(_, cells)| cells.iter().any(|c| c.contains("delighted.com/r/")));
            let score = has(norm, "score");
            if permalink && score {
                95
            } else if score
                && (has(norm, "permalink")
                    || has(norm, "survey type")
                    || has(norm, "response timestamp"))
            {
                70
            } else {
                0
            }
        }
    }
}

/// `detect` for a survey tool.
pub fn detect(tool: Tool, path: &Path, head: &[u8]) -> u8 {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "csv" | "tsv" | "txt" | "") || head.is_empty() {
        return 0;
    }
    let layout = sniff_layout(head);
    if matches!(
        layout.encoding.encoding,
        TextEncoding::Utf8 | TextEncoding::Windows1252
    ) && head.iter().take(4096).any(|b| *b == 0)
    {
        return 0;
    }
    recognise(tool, &head_records(head, 6))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
    use super::*;
    fn recs(rows: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 1, r.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn surveymonkey_header_rows_are_folded() {
        let h = read_header(
            Tool::SurveyMonkey,
            &recs(&[
                &[
                    "Respondent ID",
                    "Collector ID",
                    "Contact",
                    "",
                    "How likely…recommend?",
                ],
                &["", "", "Name", "Company", "Response"],
            ]),
        )
        .unwrap();
        assert_eq!(
            h.names,
            [
                "Respondent ID",
                "Collector ID",
                "Contact — Name",
                "Contact — Company",
                "How likely…recommend?"
            ]
        );
        assert_eq!((h.line, h.rows), (2, 2));
    }

    #[test]
    fn a_timestamp_column_alone_does_not_claim_a_file() {
        let plain = b"Timestamp,Month,MRR\n2025-01-01,2025-01,10\n";
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.csv"), plain), 40);
        let form = b"Timestamp,Email Address,Nota\n1/2/2025 10:00:00,a@b.c,9\n";
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.csv"), form), 90);
        assert_eq!(detect(Tool::GoogleForms, Path::new("x.xlsx"), form), 0);
        assert_eq!(detect(Tool::SurveyMonkey, Path::new("x.csv"), form), 0);
        assert_eq!(detect(Tool::Delighted, Path::new("x.csv"), form), 0);
    }

    #[test]
    fn scales_from_questions() {
        assert_eq!(
            scale_of_question("How likely are you to recommend Acme to a friend?"),
            Some("nps")
        );
        assert_eq!(
            scale_of_question("Qual a probabilidade de você recomendar a Acme?"),
            Some("nps")
        );
        assert_eq!(
            scale_of_question("Quão satisfeito você está?"),
            Some("csat")
        );
        assert_eq!(
            scale_of_question("A empresa facilitou resolver meu problema"),
            Some("ces")
        );
        assert_eq!(scale_of_question("Your company"), None);
    }
}
