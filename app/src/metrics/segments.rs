//! Segments computed outside the dataset (the primary ICP profile's tier,
//! a risk band, any later one): a [`SegmentProvider`] maps an account index
//! to its label, and travels with the [`super::Query`] that filters or
//! groups by it. The dataset itself only holds what the database holds, so
//! a new segment never adds a field to [`super::Dataset`].

use std::sync::Arc;

/// A segment of the accounts: account index ([`super::Dataset::accounts`]
/// order) → label.
pub trait SegmentProvider: Send + Sync + std::fmt::Debug {
    /// The field that filters (`--where FIELD=V`) and groups (`--by FIELD`)
    /// by this segment, e.g. `icp_tier`.
    fn field(&self) -> &str;
    /// How many accounts it labels (the dataset's account count).
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The label of account index `a`; `None`: no label (the empty group).
    fn label(&self, a: usize) -> Option<&str>;
    /// The score behind the label, when there is one (the ICP fit 0–100).
    fn score(&self, _a: usize) -> Option<u8> {
        None
    }
    /// Every label it can give, in display order (the top bar's options).
    fn labels(&self) -> Vec<String>;
}

/// The segments a query may use beside the account fields. Cheap to clone.
#[derive(Clone, Default, Debug)]
pub struct Segments(Vec<Arc<dyn SegmentProvider>>);

impl Segments {
    pub fn none() -> Segments {
        Segments::default()
    }

    /// These segments with `p` added; one of the same field is replaced.
    pub fn with(mut self, p: Arc<dyn SegmentProvider>) -> Segments {
        self.0.retain(|q| q.field() != p.field());
        self.0.push(p);
        self
    }

    /// These segments without the one of `field`.
    pub fn without(mut self, field: &str) -> Segments {
        self.0.retain(|q| q.field() != field);
        self
    }

    /// The provider of `field`, if any.
    pub fn get(&self, field: &str) -> Option<&dyn SegmentProvider> {
        self.0.iter().find(|p| p.field() == field).map(|p| &**p)
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn SegmentProvider> {
        self.0.iter().map(|p| &**p)
    }
}

/// Two sets of segments are equal when they hold the same providers.
impl PartialEq for Segments {
    fn eq(&self, other: &Segments) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

impl Eq for Segments {}

/// A fixed list of labels, one per account: what a caller builds from its
/// own classification (and what the tests use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    pub field: String,
    pub labels: Vec<Option<String>>,
}

impl SegmentProvider for Labels {
    fn field(&self) -> &str {
        &self.field
    }
    fn len(&self) -> usize {
        self.labels.len()
    }
    fn label(&self, a: usize) -> Option<&str> {
        self.labels.get(a).and_then(|l| l.as_deref())
    }
    fn labels(&self) -> Vec<String> {
        let set: std::collections::BTreeSet<&str> =
            self.labels.iter().flatten().map(|s| s.as_str()).collect();
        set.into_iter().map(str::to_string).collect()
    }
}
