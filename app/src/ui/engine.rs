//! The bridge from the metrics engine to what the dashboard draws. Runs on
//! the worker thread only.

use super::model::{Cards, FigureQuery, Kpi, KpiValue, SeriesSet, Undefined};
use crate::store::Store;

pub struct Engine;

pub fn load(_store: &Store) -> Engine {
    Engine
}

pub fn cards(_engine: &Engine, query: &FigureQuery) -> Cards {
    Cards {
        from: Some(query.from),
        to: Some(query.to),
        kpis: Kpi::ALL
            .iter()
            .map(|k| KpiValue {
                kpi: *k,
                value: Err(Undefined::NoEngine),
                previous: None,
                counts: Vec::new(),
                small_sample: None,
            })
            .collect(),
    }
}

pub fn series(_engine: &Engine, _query: &FigureQuery) -> SeriesSet {
    SeriesSet::default()
}
