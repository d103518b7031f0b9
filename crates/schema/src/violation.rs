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
    /// The name it refers by is that of several accounts.
    AmbiguousAccount,
    /// The same key appears twice in one import.
    Duplicate,
}

impl Code {
    pub const ALL: [Code; 10] = [
        Code::Required,
        Code::Negative,
        Code::NotAllowed,
        Code::OutOfScale,
        Code::BeforeOther,
        Code::NotAfterOther,
        Code::Invalid,
        Code::UnknownAccount,
        Code::AmbiguousAccount,
        Code::Duplicate,
    ];

    /// The code a [`Code::name`] names.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.name() == name)
    }

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
            Code::AmbiguousAccount => "ambiguous_account",
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
    /// The bound (`0`, `0–10`), the allowed values, or the other field's value.
    pub limit: String,
    /// The other field (order codes) or the chosen value whose scale applies
    /// (`nps`); "" otherwise.
    pub other: String,
}

impl Violation {
    pub fn new(code: Code, field: &str, value: impl Into<String>) -> Self {
        Violation {
            code,
            field: field.to_string(),
            value: value.into(),
            limit: String::new(),
            other: String::new(),
        }
    }

    pub fn limit(mut self, limit: impl Into<String>) -> Self {
        self.limit = limit.into();
        self
    }

    pub fn other(mut self, other: impl Into<String>) -> Self {
        self.other = other.into();
        self
    }

    /// What is wrong, in `lang` (`en`, `pt-BR`), as the predicate of a
    /// sentence whose subject the caller writes (``field `x`: `v` ``, or a
    /// form field's label). `label` turns a field name into its label.
    pub fn message(&self, lang: &str, label: &dyn Fn(&str) -> Label) -> String {
        let pt = lang.starts_with("pt");
        let l = &self.limit;
        let other = || {
            let name = label(&self.other);
            let text = if pt { name.pt } else { name.en };
            if text.is_empty() {
                self.other.as_str()
            } else {
                text
            }
        };
        let scale = self.other.to_uppercase();
        match (self.code, pt) {
            (Code::Required, false) => "is required and is empty".into(),
            (Code::Required, true) => "é obrigatório e está vazio".into(),
            (Code::Negative, false) => "must not be negative".into(),
            (Code::Negative, true) => "não pode ser negativo".into(),
            (Code::NotAllowed, false) => format!("is not one of: {l}"),
            (Code::NotAllowed, true) => format!("não é um de: {l}"),
            (Code::OutOfScale, false) => format!("is outside the {scale} scale {l}"),
            (Code::OutOfScale, true) => format!("está fora da escala do {scale}, {l}"),
            (Code::BeforeOther, false) => format!("is before {} ({l})", other()),
            (Code::BeforeOther, true) => format!("é anterior a {} ({l})", other()),
            (Code::NotAfterOther, false) => format!("must be after {} ({l})", other()),
            (Code::NotAfterOther, true) => format!("deve ser posterior a {} ({l})", other()),
            (Code::Invalid, false) => format!("is not valid: {l}"),
            (Code::Invalid, true) => format!("não é válido: {l}"),
            (Code::UnknownAccount, false) => "matches no account (by external id in this source, or by exact name); import or add the account first, or correct the reference".into(),
            (Code::UnknownAccount, true) => "não corresponde a nenhuma conta (pelo id externo nesta origem, ou pelo nome exato); importe ou adicione a conta antes, ou corrija a referência".into(),
            (Code::AmbiguousAccount, false) => {
                "matches several accounts by name; refer to the account by its external id".into()
            }
            (Code::AmbiguousAccount, true) => {
                "corresponde a várias contas pelo nome; indique a conta pelo id externo".into()
            }
            (Code::Duplicate, false) => {
                "appears more than once in this import; keep one row for it".into()
            }
            (Code::Duplicate, true) => {
                "aparece mais de uma vez com a mesma chave; mantenha um só registro".into()
            }
        }
    }
}
