//! Minimising a smooth function of a few variables with its gradient:
//! BFGS with a backtracking (Armijo) line search. The models minimise
//! their negative log-likelihood over log-parameters, so every point is
//! admissible and no bound is needed.

/// A function's value and gradient at a point; `None` where it is not
/// finite (the search steps back).
pub trait Objective {
    fn value_and_gradient(&self, x: &[f64], grad: &mut [f64]) -> Option<f64>;
}

#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
    pub converged: bool,
}

/// Stops when the gradient's largest component is below `grad_tol` (in
/// the objective's units per unit of x) or steps no longer lower the value
/// beyond rounding (then converged if the gradient is within 100 × `grad_tol`).
pub fn bfgs(f: &impl Objective, x0: &[f64], grad_tol: f64, max_iter: usize) -> Option<Minimum> {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut fx = f.value_and_gradient(&x, &mut g)?;
    // The inverse Hessian estimate, started at the identity.
    let mut h = identity(n);
    let (mut x_new, mut g_new, mut dir) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    // Iterations in a row that lowered the value by no more than rounding.
    let mut stalled = 0;
    for it in 0..max_iter {
        if max_abs(&g) < grad_tol {
            return Some(Minimum {
                x,
                value: fx,
                iterations: it,
                converged: true,
            });
        }
        for i in 0..n {
            dir[i] = -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>();
        }
        let mut slope: f64 = dir.iter().zip(&g).map(|(d, g)| d * g).sum();
        if slope >= 0.0 {
            // Not a descent direction: start again from steepest descent.
            h = identity(n);
            for i in 0..n {
                dir[i] = -g[i];
            }
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // Steps of more than 5 in a log-parameter are never needed.
        let longest = max_abs(&dir);
        let mut step = if longest > 5.0 { 5.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            for i in 0..n {
                x_new[i] = x[i] + step * dir[i];
            }
            if let Some(v) = f.value_and_gradient(&x_new, &mut g_new)
                && v <= fx + 1e-4 * step * slope
            {
                accepted = Some(v);
                break;
            }
            step *= 0.5;
        }
        let Some(f_new) = accepted else {
            // No step lowers the value: as close as the arithmetic allows.
            return Some(Minimum {
                x,
                value: fx,
                iterations: it,
                converged: max_abs(&g) < grad_tol * 1e3,
            });
        };
        let s: Vec<f64> = (0..n).map(|i| x_new[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            update_inverse(&mut h, &s, &y, sy);
        }
        stalled = if fx - f_new <= 1e-15 * fx.abs() {
            stalled + 1
        } else {
            0
        };
        x.copy_from_slice(&x_new);
        g.copy_from_slice(&g_new);
        fx = f_new;
        if stalled >= 5 {
            // The value no longer tells points apart: stop, converged if
            // the gradient is as small as that precision allows.
            return Some(Minimum {
                converged: max_abs(&g) < grad_tol * 1e2,
                x,
                value: fx,
                iterations: it + 1,
            });
        }
    }
    Some(Minimum {
        converged: max_abs(&g) < grad_tol,
        x,
        value: fx,
        iterations: max_iter,
    })
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / (yᵀ s).
fn update_inverse(h: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| h[i][j] * y[j]).sum())
        .collect();
    let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
    for i in 0..n {
        for j in 0..n {
            h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rosenbrock's valley, f(x, y) = (1 − x)² + 100 (y − x²)²: minimum 0 at (1, 1).
    struct Rosenbrock;

    impl Objective for Rosenbrock {
        fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> Option<f64> {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            Some((1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2))
        }
    }

    /// A quadratic bowl with a point where the function is not defined.
    struct Bowl;

    impl Objective for Bowl {
        fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> Option<f64> {
            if x[0] > 10.0 {
                return None;
            }
            g[0] = 2.0 * (x[0] - 3.0);
            g[1] = 8.0 * (x[1] + 1.0);
            g[2] = 0.2 * x[2];
            Some((x[0] - 3.0).powi(2) + 4.0 * (x[1] + 1.0).powi(2) + 0.1 * x[2] * x[2])
        }
    }

    #[test]
    fn finds_rosenbrocks_minimum() {
        let m = bfgs(&Rosenbrock, &[-1.2, 1.0], 1e-10, 500).unwrap_or_else(|| unreachable!());
        assert!(m.converged, "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{m:?}"
        );
    }

    #[test]
    fn steps_back_from_where_the_function_is_undefined() {
        let m = bfgs(&Bowl, &[9.0, 5.0, -7.0], 1e-12, 500).unwrap_or_else(|| unreachable!());
        assert!(m.converged);
        for (got, want) in m.x.iter().zip([3.0, -1.0, 0.0]) {
            assert!((got - want).abs() < 1e-9, "{m:?}");
        }
    }
}
