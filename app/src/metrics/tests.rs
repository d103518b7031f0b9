//! Hand-computed vectors for the metrics engine.
