//! A fixed-seed generator and a uniform row sample, so that every run on
//! the same data gives the same model.

/// SplitMix64 (Steele, Lea & Flood 2014): small, fast, good enough to
/// shuffle folds and sample rows.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
}

/// The SplitMix64 finaliser, for hashing row keys.
pub fn mix_pub(z: u64) -> u64 {
    mix(z)
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Keeps each (account, month) row with probability `cap / total` (all
/// when `total ≤ cap`), decided by a hash of the row and the seed.
pub struct Keep {
    threshold: u64,
    all: bool,
    salt: u64,
}

impl Keep {
    pub fn new(total: usize, cap: usize, salt: u64) -> Keep {
        let all = total <= cap;
        let share = if all { 1.0 } else { cap as f64 / total as f64 };
        Keep {
            threshold: (share * u64::MAX as f64) as u64,
            all,
            salt,
        }
    }

    pub fn keeps(&self, a: u64, m: u64) -> bool {
        self.all || mix(self.salt ^ mix(a.wrapping_mul(0x1000_0000_01B3) ^ m)) < self.threshold
    }

    pub fn sampled(&self) -> bool {
        !self.all
    }
}
