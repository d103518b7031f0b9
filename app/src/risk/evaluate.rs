//! How good a risk ranking is: ROC AUC with DeLong's 95 % interval, the
//! Brier score, lift in the top decile and calibration by decile.

/// AUC and its DeLong interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auc {
    pub auc: f64,
    pub low: f64,
    pub high: f64,
}

/// Midranks (1-based) of `v`, ties sharing their mean rank.
fn midranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut ranks = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            ranks[k] = r;
        }
        i = j + 1;
    }
    ranks
}

/// ROC AUC of `score` (higher = more likely churned), ties counting half,
/// with DeLong's variance (fast form, by midranks) for a 95 % interval.
/// `None` without both outcomes.
pub fn auc(score: &[f64], churned: &[bool]) -> Option<Auc> {
    let pos: Vec<f64> = score
        .iter()
        .zip(churned)
        .filter(|(_, c)| **c)
        .map(|(s, _)| *s)
        .collect();
    let neg: Vec<f64> = score
        .iter()
        .zip(churned)
        .filter(|(_, c)| !**c)
        .map(|(s, _)| *s)
        .collect();
    let (m, n) = (pos.len(), neg.len());
    if m == 0 || n == 0 {
        return None;
    }
    let all: Vec<f64> = pos.iter().chain(&neg).copied().collect();
    let r_all = midranks(&all);
    let r_pos = midranks(&pos);
    let r_neg = midranks(&neg);
    let (mf, nf) = (m as f64, n as f64);
    // Placement values: v10[i] = share of negatives below positive i.
    let v10: Vec<f64> = (0..m).map(|i| (r_all[i] - r_pos[i]) / nf).collect();
    let v01: Vec<f64> = (0..n)
        .map(|j| 1.0 - (r_all[m + j] - r_neg[j]) / mf)
        .collect();
    let a = v10.iter().sum::<f64>() / mf;
    let var = |v: &[f64]| {
        if v.len() < 2 {
            return 0.0;
        }
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (v.len() as f64 - 1.0)
    };
    let se = (var(&v10) / mf + var(&v01) / nf).sqrt();
    Some(Auc {
        auc: a,
        low: (a - 1.959_964 * se).max(0.0),
        high: (a + 1.959_964 * se).min(1.0),
    })
}

/// Mean squared gap between probability and outcome.
pub fn brier(p: &[f64], churned: &[bool]) -> Option<f64> {
    if p.is_empty() {
        return None;
    }
    let s: f64 = p
        .iter()
        .zip(churned)
        .map(|(p, c)| (p - f64::from(u8::from(*c))).powi(2))
        .sum();
    Some(s / p.len() as f64)
}

/// Rows in order of falling probability (ties by index, so it is stable).
fn by_risk(p: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| p[b].total_cmp(&p[a]).then(a.cmp(&b)));
    idx
}

/// Churn rate among the tenth of rows with the highest probability
/// (rounded up), divided by the churn rate of all rows.
pub fn lift_top_decile(p: &[f64], churned: &[bool]) -> Option<f64> {
    let n = p.len();
    let total = churned.iter().filter(|&&c| c).count();
    if n == 0 || total == 0 {
        return None;
    }
    let top = n.div_ceil(10);
    let hits = by_risk(p).iter().take(top).filter(|&&i| churned[i]).count();
    Some((hits as f64 / top as f64) / (total as f64 / n as f64))
}

/// One decile of predicted risk: mean predicted and observed churn.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decile {
    /// 1 = the lowest risk.
    pub decile: u8,
    pub rows: u64,
    pub predicted: f64,
    pub observed: f64,
}

/// Rows split into ten groups of (nearly) equal size by predicted risk.
pub fn deciles(p: &[f64], churned: &[bool]) -> Vec<Decile> {
    let n = p.len();
    if n == 0 {
        return Vec::new();
    }
    let mut idx = by_risk(p);
    idx.reverse();
    (0..10)
        .filter_map(|d| {
            let (s, e) = (d * n / 10, (d + 1) * n / 10);
            let part = idx.get(s..e).filter(|x| !x.is_empty())?;
            let k = part.len() as f64;
            Some(Decile {
                decile: d as u8 + 1,
                rows: part.len() as u64,
                predicted: part.iter().map(|&i| p[i]).sum::<f64>() / k,
                observed: part.iter().filter(|&&i| churned[i]).count() as f64 / k,
            })
        })
        .collect()
}
