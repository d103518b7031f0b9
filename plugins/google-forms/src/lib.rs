//! Tenure's importer for Google Forms survey exports: every response row becomes
//! a `survey_response` record. The format, what is confirmed about it and
//! what is not, is in this crate's README; the reading itself is
//! `tenure_tabular::survey`, shared with the other survey-tool plugins;
//! tested end to end in `tests/tests/survey_plugins.rs`.

tenure_tabular::survey_importer!(GoogleFormsImporter, GoogleForms);
