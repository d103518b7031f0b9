//! Tenure importer plugin API.
