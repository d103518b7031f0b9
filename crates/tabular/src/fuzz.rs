//! A mutation fuzzer on stable Rust (issue 20; cargo-fuzz needs a nightly
//! compiler): byte flips, truncation, splices of two seeds, inserted NUL
//! bytes, quotes, delimiters and line ends, repeated runs. Deterministic from
//! its seed (xorshift), so a crash is reproduced by its number. A target
//! panics to report a crash; an abort or a hang stops the run itself, which
//! is reported by whoever started it. Used by the readers' tests (a short
//! pass) and by `examples/fuzz_excel.rs` in the Excel plugin (a long one).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// A tiny deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

const SPECIAL: &[&[u8]] = &[
    b"\0",
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"<",
    b">",
    b"/>",
    b"=",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"99999999999",
    b"-1",
    b"1e308",
    b"&#0;",
];

/// One mutant of `seed` (`other` for splices).
pub fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(7) {
            // Flip bits of a byte.
            0 if len > 0 => {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
            // Truncate.
            1 if len > 0 => out.truncate(rng.below(len)),
            // Splice: our head, the other's tail.
            2 if !other.is_empty() => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                out.truncate(cut);
                out.extend_from_slice(&other[from..]);
            }
            // Insert a special token.
            3 => {
                let token = SPECIAL[rng.below(SPECIAL.len())];
                let at = rng.below(len + 1);
                out.splice(at..at, token.iter().copied());
            }
            // Repeat a slice (long cells, many columns).
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let piece = out[start..end].to_vec();
                let times = 1 + rng.below(256);
                for _ in 0..times {
                    out.splice(end..end, piece.iter().copied());
                }
            }
            // Delete a slice.
            5 if len > 1 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                out.drain(start..end);
            }
            // Overwrite with a random byte.
            _ if len > 0 => {
                let at = rng.below(len);
                out[at] = rng.next_u64() as u8;
            }
            _ => out.push(rng.next_u64() as u8),
        }
    }
    out
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    pub executions: u64,
    /// (the generator's seed of the crashing mutant, what the panic said).
    pub crashes: Vec<(u64, String)>,
}

impl Report {
    /// The long passes' line: executions, crashes (the first ten, each with
    /// the seed that makes its mutant again) and the time so far.
    pub fn summary(&self, name: &str, elapsed: Duration) -> String {
        format!(
            "{name}: {} executions, {} crashes {:?} ({} s so far)",
            self.executions,
            self.crashes.len(),
            self.crashes.iter().take(10).collect::<Vec<_>>(),
            elapsed.as_secs()
        )
    }
}

/// Runs `target` on each seed, then on mutants, until `budget` has passed
/// (or `max_runs` executions). The mutant of run `n` is made by
/// `Rng::new(base + n)`, so it can be made again.
pub fn run(
    seeds: &[Vec<u8>],
    base: u64,
    budget: Duration,
    max_runs: u64,
    target: &mut dyn FnMut(&[u8]),
) -> Report {
    let mut report = Report::default();
    let started = Instant::now();
    let mut once = |input: &[u8], id: u64, report: &mut Report| {
        report.executions += 1;
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| target(input))) {
            let said = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            report.crashes.push((id, said));
        }
    };
    for seed in seeds {
        once(seed, 0, &mut report);
    }
    if seeds.is_empty() {
        return report;
    }
    let mut n = 0u64;
    while started.elapsed() < budget && report.executions < max_runs {
        n += 1;
        let id = base.wrapping_add(n);
        let input = mutant(seeds, id);
        once(&input, id, &mut report);
    }
    report
}

/// The mutant of generator seed `id` (to reproduce a crash).
pub fn mutant(seeds: &[Vec<u8>], id: u64) -> Vec<u8> {
    let mut rng = Rng::new(id);
    let seed = &seeds[rng.below(seeds.len())];
    let other = &seeds[rng.below(seeds.len())];
    mutate(&mut rng, seed, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutants_are_reproducible_and_differ_from_the_seed() {
        let seeds = vec![b"external_id,name\nA1,Acme\n".to_vec()];
        assert_eq!(mutant(&seeds, 7), mutant(&seeds, 7));
        let changed = (1..50).filter(|id| mutant(&seeds, *id) != seeds[0]).count();
        assert!(changed > 40, "{changed}");
    }

    #[test]
    fn a_panicking_target_is_reported_with_its_mutant() {
        let seeds = vec![b"abc".to_vec()];
        let report = run(&seeds, 100, Duration::from_secs(5), 200, &mut |input| {
            assert!(!input.contains(&0), "a NUL byte");
        });
        assert_eq!(report.executions, 200);
        assert!(!report.crashes.is_empty());
        let (id, said) = &report.crashes[0];
        assert!(mutant(&seeds, *id).contains(&0));
        assert_eq!(said, "a NUL byte");
    }
}
