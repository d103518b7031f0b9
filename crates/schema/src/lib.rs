//! Tenure's record schema, declared once.
//!
//! Each record kind of `data-model.md` is one [`Kind`] in [`KINDS`]: its
//! fields with their canonical names, types, rules (required, minimum,
//! allowed values, order between dates, score scales), its upsert key, its
//! labels in English and Portuguese and the column headers it answers to.
//! The store's tables, the one validation, the host's field lists, the
//! header matcher, the forms, the accounts table, the exports, the CLI's
//! field checks and the plugin guide's field tables all read it.
//!
//! Plain data with no dependencies, so that importer plugins can use it.

mod choices;
mod kinds;
mod model;
mod names;
pub mod violation;

pub use choices::*;
pub use kinds::*;
pub use model::*;
pub use names::{kind_from_name, normalize};
pub use violation::{Code, Violation};

/// Every kind. Where two kinds fit a file's headers equally well, the
/// earlier one is chosen (accounts first, CSMs and contacts last). The app
/// writes them in its own order, what a record refers to first.
pub static KINDS: &[&Kind] = &[
    &ACCOUNT,
    &MRR,
    &SUBSCRIPTION,
    &SURVEY_RESPONSE,
    &TICKET,
    &USAGE,
    &ACTIVITY,
    &OPPORTUNITY,
    &ACQUISITION_SPEND,
    &PURCHASE,
    &FX_RATE,
    &CSM,
    &CONTACT,
    // playbooks (issue 21): last, so that no file of another kind is taken for tasks.
    &TASK,
];

/// The kind named `name` (its tag, exactly; surrounding blanks allowed).
pub fn kind(name: &str) -> Option<&'static Kind> {
    let name = name.trim();
    KINDS.iter().copied().find(|k| k.name == name)
}

/// The reference to the account a record belongs to: the same field in
/// every kind that has one.
pub const ACCOUNT_FIELD: Field = Field::new("account", Type::Reference, "Account", "Conta")
    .required()
    .aliases(ACCOUNT_REFERENCE);

/// The account of a record that may have none (a survey response, a
/// ticket): matched at import by the respondent's or requester's e-mail
/// (a contact) or its domain, else kept as anonymous (data-model.md).
pub const OPTIONAL_ACCOUNT_FIELD: Field =
    Field::new("account", Type::Reference, "Account", "Conta").aliases(ACCOUNT_REFERENCE);

/// The headers that name the account a record belongs to, by preference.
/// `external id` comes last: in a kind with an `external_id` of its own,
/// the canonical name claims that column first (the record's own id).
pub const ACCOUNT_REFERENCE: &[&str] = &[
    "account id",
    "account external id",
    "customer id",
    "client id",
    "company id",
    "accountid",
    "customerid",
    "id do cliente",
    "id cliente",
    "id da conta",
    "id conta",
    "id da empresa",
    "codigo do cliente",
    "cod cliente",
    "codigo cliente",
    "account number",
    "account",
    "customer",
    "client",
    "company",
    "cliente",
    "conta",
    "empresa",
    "account name",
    "customer name",
    "company name",
    "client name",
    "nome do cliente",
    "nome da empresa",
    "razao social",
    "nome da conta",
    "external id",
];
