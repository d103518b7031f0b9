//! The LTV view's figures (issue #22): both models fitted on a thread of
//! their own, never on the UI thread, with the contractual LTV of the
//! metrics beside them; and the view's sort order and CSV export.

use crate::domain::Money;
use crate::ltv::{CustomerValue, LtvOptions, LtvReport};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;

pub struct LtvFigures {
    pub report: LtvReport,
    /// metrics.md's LTV at the metrics' default month (accounts with a
    /// contract); `None` where it is undefined.
    pub contractual: Option<Money>,
}

pub struct LtvUpdate {
    pub path: PathBuf,
    pub result: Result<Arc<LtvFigures>, String>,
}

/// Fits the models for the database at `path` on a new thread, then sends
/// `wrap(update)` and asks for a repaint.
pub fn spawn<M: Send + 'static>(
    path: &Path,
    tx: Sender<M>,
    ctx: egui::Context,
    wrap: fn(LtvUpdate) -> M,
) {
    let path = path.to_path_buf();
    let _ = std::thread::Builder::new()
        .name("tenure-ltv".into())
        .spawn(move || {
            let result = compute(&path);
            let _ = tx.send(wrap(LtvUpdate { path, result }));
            ctx.request_repaint();
        });
}

fn compute(path: &Path) -> Result<Arc<LtvFigures>, String> {
    let store = crate::store::Store::open(path).map_err(|e| e.to_string())?;
    let report = crate::ltv::compute(&store, &LtvOptions::default()).map_err(|e| e.to_string())?;
    let contractual = crate::metrics::Dataset::load_cached(&store)
        .ok()
        .and_then(|d| {
            d.report(&crate::metrics::Query::month(d.default_month()))
                .ok()
        })
        .and_then(|r| r.ltv);
    Ok(Arc::new(LtvFigures {
        report,
        contractual,
    }))
}

/// Which column the table is sorted by (the view's column order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Id,
    Name,
    Frequency,
    PAlive,
    Expected,
    Value,
    Clv,
    LastSeen,
    Contract,
}

impl SortBy {
    pub const ALL: [SortBy; 9] = [
        SortBy::Id,
        SortBy::Name,
        SortBy::Frequency,
        SortBy::PAlive,
        SortBy::Expected,
        SortBy::Value,
        SortBy::Clv,
        SortBy::LastSeen,
        SortBy::Contract,
    ];
}

pub struct LtvState {
    pub figures: Option<Arc<LtvFigures>>,
    pub busy: bool,
    pub failed: Option<String>,
    pub sort: SortBy,
    pub descending: bool,
    /// Row order of `figures.report.customers` under the current sort.
    pub order: Vec<usize>,
    pub message: Option<String>,
}

impl Default for LtvState {
    fn default() -> Self {
        LtvState {
            figures: None,
            busy: false,
            failed: None,
            // Most valuable first.
            sort: SortBy::Clv,
            descending: true,
            order: Vec::new(),
            message: None,
        }
    }
}

fn key(c: &CustomerValue, by: SortBy) -> f64 {
    let opt = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    match by {
        SortBy::Frequency => f64::from(c.frequency),
        SortBy::PAlive => opt(c.p_alive),
        SortBy::Expected => opt(c.expected_purchases),
        SortBy::Value => opt(c.expected_value),
        SortBy::Clv => opt(c.clv),
        SortBy::LastSeen => c.weeks_since_last,
        SortBy::Contract => f64::from(u8::from(c.contract)),
        SortBy::Id | SortBy::Name => 0.0,
    }
}

impl LtvState {
    pub fn reset(&mut self) {
        self.figures = None;
        self.busy = true;
        self.failed = None;
        self.order.clear();
    }

    pub fn receive(&mut self, update: LtvUpdate, current: &Path) -> bool {
        if update.path != current {
            return false;
        }
        self.busy = false;
        match update.result {
            Ok(f) => {
                self.figures = Some(f);
                self.failed = None;
                self.resort();
            }
            Err(e) => self.failed = Some(e),
        }
        true
    }

    /// A click on a column header: sort by it, or flip the order.
    pub fn sort_by(&mut self, by: SortBy) {
        if self.sort == by {
            self.descending = !self.descending;
        } else {
            self.sort = by;
            // Text ascending, figures largest first.
            self.descending = !matches!(by, SortBy::Id | SortBy::Name);
        }
        self.resort();
    }

    fn resort(&mut self) {
        let Some(f) = &self.figures else {
            return;
        };
        let list = &f.report.customers;
        let mut order: Vec<usize> = (0..list.len()).collect();
        let by = self.sort;
        order.sort_by(|&a, &b| {
            let (x, y) = (&list[a], &list[b]);
            let o = match by {
                SortBy::Id => x.external_id.cmp(&y.external_id),
                SortBy::Name => x.name.to_lowercase().cmp(&y.name.to_lowercase()),
                _ => key(x, by).total_cmp(&key(y, by)),
            };
            o.then_with(|| x.external_id.cmp(&y.external_id))
        });
        if self.descending {
            order.reverse();
        }
        self.order = order;
    }

    /// The table as CSV in the current order: the CLI's JSON fields with the
    /// customer's name and whether they have a contract; locale-free numbers.
    pub fn csv(&self) -> Option<String> {
        let f = self.figures.as_ref()?;
        let cell = |t: &str| {
            if t.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", t.replace('"', "\"\""))
            } else {
                t.to_string()
            }
        };
        let num = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
        let mut out = String::from(
            "external_id,name,frequency,recency,age,monetary,p_alive,expected_purchases,expected_value,clv,contract\n",
        );
        for &i in &self.order {
            let c = &f.report.customers[i];
            out.push_str(&format!(
                "{},{},{},{:.4},{:.4},{:.2},{},{},{},{},{}\n",
                cell(&c.external_id),
                cell(&c.name),
                c.frequency,
                c.recency,
                c.age,
                c.monetary,
                num(c.p_alive),
                num(c.expected_purchases),
                num(c.expected_value),
                num(c.clv),
                c.contract
            ));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, name: &str, clv: Option<f64>, contract: bool) -> CustomerValue {
        CustomerValue {
            external_id: id.into(),
            name: name.into(),
            frequency: 1,
            recency: 1.0,
            age: 2.0,
            monetary: 10.0,
            p_alive: Some(0.5),
            expected_purchases: Some(1.0),
            expected_value: clv,
            clv,
            weeks_since_last: 1.0,
            contract,
        }
    }

    #[test]
    fn sorts_by_clicked_column_and_exports_in_that_order() {
        let report = LtvReport {
            model: None,
            no_model: None,
            reason: None,
            spend_note: None,
            customers: vec![
                customer("A", "Zeta, Ltda", Some(5.0), false),
                customer("B", "alfa", None, true),
                customer("C", "Beta", Some(9.0), false),
            ],
            calibration_end: None,
            horizon_weeks: 52,
            currency: "BRL".into(),
            left_out: 0,
            left_out_reason: None,
            left_out_rate: None,
        };
        let mut s = LtvState::default();
        s.receive(
            LtvUpdate {
                path: PathBuf::from("x.db"),
                result: Ok(Arc::new(LtvFigures {
                    report,
                    contractual: None,
                })),
            },
            Path::new("x.db"),
        );
        // Default: CLV, largest first; no CLV last.
        assert_eq!(s.order, [2, 0, 1]);
        s.sort_by(SortBy::Clv);
        assert_eq!(s.order, [1, 0, 2]);
        // Names ascending, case aside.
        s.sort_by(SortBy::Name);
        assert_eq!(s.order, [1, 2, 0]);
        let csv = s.csv().unwrap_or_default();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("B,alfa,1,"));
        // A comma in a name is quoted.
        assert!(lines[3].starts_with("A,\"Zeta, Ltda\",1,"), "{}", lines[3]);
        assert!(lines[3].ends_with(",5.000000,false"), "{}", lines[3]);
        // An update for another database is ignored.
        let stale = LtvUpdate {
            path: PathBuf::from("other.db"),
            result: Err("x".into()),
        };
        assert!(!s.receive(stale, Path::new("x.db")));
    }
}
