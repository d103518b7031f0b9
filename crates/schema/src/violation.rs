//! What is wrong with a record, as data: a stable [`Code`], the field, the
//! value and the limit it broke. The sentence a person reads is made from
//! it at the edge, in their language ([`Violation::message`]).

use crate::model::Label;

/// Stable codes: the import report, `--json` and the UI match on these,
/// never on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A required field is empty.
    Required,
    /// Below the field's minimum (`limit` holds it).
    Negative,
    /// Not one of the field's values (`limit` lists them).
    NotAllowed,
    /// Outside the scale its survey kind allows (`limit`: `low–high`).
    OutOfScale,
    /// Precedes the field named in `limit`.
    BeforeOther,
    /// Not strictly after the field named in `limit`.
    NotAfterOther,
    /// The value cannot be read as the field's type.
    Invalid,
    /// The account it names does not exist (in this source or the database).
    UnknownAccount,
    /// The same key appears twice in one import.
    Duplicate,
}

impl Code {
    pub const fn name(self) -> &'static str {
        match self {
            Code::Required => "required",
            Code::Negative => "negative",
            Code::NotAllowed => "not_allowed",
            Code::OutOfScale => "out_of_scale",
            Code::BeforeOther => "before_other",
            Code::NotAfterOther => "not_after_other",
            Code::Invalid => "invalid_value",
            Code::UnknownAccount => "unknown_account",
            Code::Duplicate => "duplicate",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub code: Code,
    /// The canonical field name.
    pub field: String,
    /// The value as written ("" when empty).
    pub value: String,
    /// The bound, the allowed values or the other field, by code.
    pub limit: String,
}

impl Violation {
    pub fn new(
        code: Code,
        field: &str,
        value: impl Into<String>,
        limit: impl Into<String>,
    ) -> Self {
        Violation {
            code,
            field: field.to_string(),
            value: value.into(),
            limit: limit.into(),
        }
    }

    /// What a person reads, in `lang` (`en`, `pt-BR`), without the field
    /// name: the caller says where (file, line, column or form field).
    /// `label` turns another field's name (in `limit`) into its label.
    pub fn message(&self, lang: &str, label: &dyn Fn(&str) -> Label) -> String {
        let pt = lang.starts_with("pt");
        let v = &self.value;
        let l = &self.limit;
        match (self.code, pt) {
            (Code::Required, false) => "is required and is empty".into(),
            (Code::Required, true) => "é obrigatório e está vazio".into(),
            (Code::Negative, false) => format!("`{v}` is negative; it must be {l} or more"),
            (Code::Negative, true) => format!("`{v}` é negativo; deve ser {l} ou mais"),
            (Code::NotAllowed, false) => format!("`{v}` is not one of: {l}"),
            (Code::NotAllowed, true) => format!("`{v}` não é um de: {l}"),
            (Code::OutOfScale, false) => format!("`{v}` is outside the scale {l}"),
            (Code::OutOfScale, true) => format!("`{v}` está fora da escala {l}"),
            (Code::BeforeOther, false) => {
                format!("`{v}` is before {}", label(l).en)
            }
            (Code::BeforeOther, true) => format!("`{v}` é anterior a {}", label(l).pt),
            (Code::NotAfterOther, false) => format!("`{v}` must be after {}", label(l).en),
            (Code::NotAfterOther, true) => format!("`{v}` deve ser posterior a {}", label(l).pt),
            (Code::Invalid, false) => format!("`{v}` is not a valid {l}"),
            (Code::Invalid, true) => format!("`{v}` não é um valor válido ({l})"),
            (Code::UnknownAccount, false) => {
                format!("`{v}` matches no account; import the accounts first, or check the id")
            }
            (Code::UnknownAccount, true) => {
                format!(
                    "`{v}` não corresponde a nenhuma conta; importe as contas antes, ou confira o id"
                )
            }
            (Code::Duplicate, false) => format!("`{v}` appears more than once in this import"),
            (Code::Duplicate, true) => format!("`{v}` aparece mais de uma vez nesta importação"),
        }
    }
}
