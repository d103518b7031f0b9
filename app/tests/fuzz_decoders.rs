//! A short, bounded fuzz pass over the host's payload decoders on every
//! `cargo test` (issue 20): mutants of JSON and binary record batches, of
//! the JSON documents a plugin answers with and of a child's whole answer
//! stream, seeded from `../shared/data`; none may panic. The long pass is
//! `examples/fuzz_decoders.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is a failed test

#[path = "support/decoder_fuzz.rs"]
mod decoder_fuzz;

use tenure::importing::fuzzing;

#[test]
fn the_seeds_decode_as_a_plugin_sent_them() {
    // Not a test that cannot fail: the seeds must reach the record
    // decoders, or the mutants would only exercise the first refusal.
    let seeds = decoder_fuzz::seeds();
    let records: usize = seeds.iter().map(|s| fuzzing::decode_batch(s).records).sum();
    assert!(records > 1000, "{records} records decoded from the seeds");
    // The first group is one record of every kind, every field given: its
    // JSON and binary batches decode alike, each record valid.
    let kinds = tenure_schema::KINDS.len();
    let json = &seeds
        .iter()
        .find(|s| s.starts_with(b"[") && fuzzing::decode_batch(s).records == kinds)
        .expect("the every-kind JSON batch");
    let decoded = fuzzing::decode_batch(json);
    assert_eq!(
        decoded,
        fuzzing::Decoded {
            records: kinds,
            ..Default::default()
        }
    );
    let binary = seeds
        .iter()
        .find(|s| s.starts_with(b"TNB2"))
        .expect("a binary batch");
    assert_eq!(fuzzing::decode_batch(binary), decoded);
}

#[test]
fn mutants_of_batches_documents_and_streams_never_panic_the_host() {
    let report = decoder_fuzz::run_decoders(std::time::Duration::from_secs(4), 1, 3000);
    assert!(report.executions > 100, "{report:?}");
    assert!(report.crashes.is_empty(), "{:?}", report.crashes);
}
