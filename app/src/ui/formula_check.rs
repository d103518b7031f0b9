//! The rule that no view computes a metric (docs/metrics.md, "Where the
//! figures come from"), checked on the source: arithmetic that looks like a
//! metric formula on a report's figures fails this test unless listed
//! below with why it is not one.

/// Text that betrays a formula on engine figures: complements of rates,
/// sums of movements, shares of a total, changes against a base, cents
/// turned into units by hand.
const PATTERNS: [&str; 11] = [
    "1.0 -",
    "- 1.0",
    "net_mrr",
    "/ total",
    "_mrr +",
    "_mrr -",
    "/ before",
    ".cents() as f64 /",
    "grr.map(",
    "nrr.map(",
    "churn_rate.map(",
];

/// Lines that match a pattern but compute no metric: (file, line text).
const NOT_FORMULAS: [(&str, &str); 3] = [
    // Scatter layout: the row of the i-th of n points, counted from the top.
    ("views/icp.rs", "let k = n as f64 - 1.0 - i;"),
    ("views/icp.rs", "let k = n as f64 - 1.0 - p.y.round();"),
    // The import progress bar's fill.
    (
        "views/import.rs",
        "(done as f32 / total as f32).clamp(0.0, 1.0)",
    ),
];

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_metric_formula_under_ui() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    sources(&root, &mut files);
    assert!(
        files.len() > 20,
        "the UI sources were found ({})",
        files.len()
    );
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        // Translations are sentences (they may spell a formula out), and
        // this file lists the patterns.
        if rel.starts_with("i18n/") || rel == "formula_check.rs" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if PATTERNS.iter().any(|p| code.contains(p))
                && !NOT_FORMULAS
                    .iter()
                    .any(|(file, l)| *file == rel && code.trim() == *l)
            {
                found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "metric formulas under app/src/ui (move them into metrics/):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_sees_a_formula() {
    // The same test on a made-up line: a complement of GRR is caught.
    let line = "let churn = r.grr.map(|g| 1.0 - g);";
    assert!(PATTERNS.iter().any(|p| line.contains(p)));
}
