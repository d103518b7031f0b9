//! The special functions the models need: ln Γ and ψ (Gamma-Gamma) and
//! Gauss's hypergeometric ₂F₁ (BG/NBD's expected purchases).

/// ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: ~1e-15 relative).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to 12, then the
/// asymptotic series (its first omitted term is below 1e-15 there).
pub fn digamma(mut x: f64) -> f64 {
    let mut out = 0.0;
    while x < 12.0 {
        out -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    out + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0
            - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f * (1.0 / 132.0)))))
}

/// ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until a term
/// no longer changes the sum (BG/NBD's `z = t / (α + T + t)` is below 1).
/// `None` when it does not settle (z too close to 1 for the terms).
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    let (mut term, mut sum) = (1.0f64, 1.0f64);
    for n in 0..200_000u32 {
        let n = f64::from(n);
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if !sum.is_finite() {
            return None;
        }
        if term.abs() <= 1e-17 * sum.abs() && n > 2.0 {
            return Some(sum);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1.0)
    }

    #[test]
    fn ln_gamma_meets_known_values() {
        // Γ(1) = Γ(2) = 1, Γ(1/2) = √π, Γ(10) = 9! = 362880.
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(2.0), 0.0, 1e-14));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-14
        ));
        assert!(close(ln_gamma(10.0), 362_880f64.ln(), 1e-14));
        // ln Γ(0.1) = 2.252712651734206 (Abramowitz & Stegun; scipy gammaln).
        assert!(close(ln_gamma(0.1), 2.252_712_651_734_206, 1e-13));
        // ln Γ(150.5) = 602.5139548705853 (scipy.special.gammaln).
        assert!(close(ln_gamma(150.5), 602.513_954_870_585_3, 1e-13));
    }

    #[test]
    fn digamma_meets_known_values() {
        // ψ(1) = −γ (Euler–Mascheroni), ψ(1/2) = −γ − 2 ln 2, ψ(x+1) = ψ(x) + 1/x.
        let euler = 0.577_215_664_901_532_9;
        assert!(close(digamma(1.0), -euler, 1e-13));
        assert!(close(digamma(0.5), -euler - 2.0 * 2f64.ln(), 1e-13));
        assert!(close(digamma(3.7), digamma(2.7) + 1.0 / 2.7, 1e-13));
        // ψ(25.3) = 3.210911380182536 (scipy.special.digamma).
        assert!(close(digamma(25.3), 3.210_911_380_182_536, 1e-13));
        assert!(close(digamma(0.05), -20.497_844_991_299_87, 1e-12));
    }

    #[test]
    fn hyp2f1_meets_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z; ₂F₁(a, b; b; z) = (1 − z)^−a.
        for z in [0.1, 0.5, 0.9, 0.99] {
            let want = -(1.0f64 - z).ln() / z;
            assert!(close(
                hyp2f1(1.0, 1.0, 2.0, z).unwrap_or(f64::NAN),
                want,
                1e-12
            ));
            let want = (1.0f64 - z).powf(-2.3);
            assert!(close(
                hyp2f1(2.3, 1.7, 1.7, z).unwrap_or(f64::NAN),
                want,
                1e-11
            ));
        }
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }
}
