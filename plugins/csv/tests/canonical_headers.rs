//! A CSV written exactly as the schema names a kind's fields maps every
//! column to itself, whichever order the columns come in, with no `--map`
//! and no `--kind` — the spec's own `tickets.csv` was once rejected whole.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

use tenure_plugin_api::{ImportOptions, Importer};
use tenure_plugin_csv::CsvImporter;
use tenure_tabular::schema::KINDS;
use tenure_tabular::testing::{
    assert_all_rows_read, assert_maps_to_itself, canonical_table, fixture, run,
};

fn csv(headers: &[&str], rows: &[Vec<String>], order: &[usize]) -> String {
    let mut text = order
        .iter()
        .map(|&c| headers[c])
        .collect::<Vec<_>>()
        .join(",");
    for row in rows {
        text.push('\n');
        text.push_str(
            &order
                .iter()
                .map(|&c| row[c].as_str())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    text.push('\n');
    text
}

#[test]
fn every_kind_written_with_canonical_headers_maps_each_column_to_itself() {
    for kind in KINDS {
        let (headers, rows) = canonical_table(kind);
        let n = headers.len();
        let in_order: Vec<usize> = (0..n).collect();
        let reversed: Vec<usize> = (0..n).rev().collect();
        let rotated: Vec<usize> = (0..n).map(|c| (c + n / 2) % n).collect();
        for (label, order) in [
            ("as declared", in_order),
            ("reversed", reversed),
            ("rotated", rotated),
        ] {
            // A neutral file name: the kind must come from the headers alone.
            let path = fixture(
                "canonical",
                &format!("{}-{label}.csv", kind.name.len()),
                csv(&headers, &rows, &order).as_bytes(),
            );
            let d = CsvImporter
                .describe(&path, &ImportOptions::default())
                .unwrap();
            assert_maps_to_itself(kind, &d.sheets[0], &format!("{} {label}", kind.name));
            let (result, sink) = run(&CsvImporter, &path, &ImportOptions::default());
            assert_all_rows_read(&result, &sink, 1);
        }
    }
}

#[test]
fn a_ticket_file_as_the_spec_writes_it_keeps_its_own_id_and_its_account() {
    let path = fixture(
        "canonical",
        "tickets.csv",
        b"account,external_id,opened_at,first_response_at,resolved_at,category,priority,channel\n\
          ACC-1,T-0000001,2025-01-10T09:00,2025-01-10T10:00,2025-01-11T09:00,billing,high,email\n",
    );
    let (result, sink) = run(&CsvImporter, &path, &ImportOptions::default());
    assert!(result.is_ok(), "{result:?}");
    assert!(sink.problems.is_empty(), "{:?}", sink.problems);
    let record = &sink.records[0].record;
    assert_eq!(record["kind"], "ticket");
    assert_eq!(record["account"], "ACC-1");
    assert_eq!(record["external_id"], "T-0000001");
}
