//! The long fuzz pass over the host's payload decoders (issue 20): mutants
//! of JSON and binary record batches, the JSON documents a plugin answers
//! with (info, hello, description, problem) and a child's whole answer
//! stream, seeded from `../shared/data`. A panic is a crash; an abort or a
//! hang stops the run.
//!
//!   cargo run --release -p tenure --no-default-features --example fuzz_decoders -- SECONDS [BASE]

#![allow(clippy::unwrap_used, clippy::expect_used)] // a developer's tool

#[path = "../tests/support/decoder_fuzz.rs"]
mod decoder_fuzz;

fn main() {
    let mut args = std::env::args().skip(1);
    let secs: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let base: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    // Panics are counted, not printed (the report lists them).
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::time::Instant::now();
    let report = decoder_fuzz::run_decoders(std::time::Duration::from_secs(secs), base, u64::MAX);
    println!(
        "payload decoders: {} executions, {} crashes {:?} ({} s)",
        report.executions,
        report.crashes.len(),
        report.crashes.iter().take(10).collect::<Vec<_>>(),
        started.elapsed().as_secs()
    );
}
