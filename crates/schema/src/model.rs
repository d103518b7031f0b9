//! The shapes a declaration is made of. Every builder is a `const fn`, so a
//! kind is one `const` that costs nothing at run time.

/// A text in both of the app's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub en: &'static str,
    pub pt: &'static str,
}

impl Label {
    pub const fn new(en: &'static str, pt: &'static str) -> Label {
        Label { en, pt }
    }

    /// The text for a language tag (`pt`, `pt-BR` → Portuguese; anything
    /// else English).
    pub fn get(&self, lang: &str) -> &'static str {
        if lang.starts_with("pt") {
            self.pt
        } else {
            self.en
        }
    }
}

/// How a field's values are written (data-model.md's types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    Text,
    Integer,
    /// A plain number with decimals (hours).
    Number,
    /// Exact money: stored as integer cents.
    Money,
    /// `YYYY-MM-DD`.
    Date,
    /// `YYYY-MM-DDTHH:MM[:SS][±HH:MM]`.
    Instant,
    /// `YYYY-MM`.
    Month,
    Bool,
    /// Names an account by its `external_id` (or exact name) in the same source.
    Reference,
    /// Text → text (an account's custom fields).
    TextMap,
}

impl Type {
    /// The name written in docs and `--help`.
    pub const fn name(self) -> &'static str {
        match self {
            Type::Text => "text",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Money => "money",
            Type::Date => "date",
            Type::Instant => "instant",
            Type::Month => "month",
            Type::Bool => "bool",
            Type::Reference => "reference",
            Type::TextMap => "text map",
        }
    }
}

/// One allowed value of a field that takes a fixed set, with what a person
/// reads and, for survey kinds, the score scale it implies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub name: &'static str,
    pub label: Label,
    /// The inclusive range of another field (`score`) under this value.
    pub scale: Option<(i64, i64)>,
}

impl Choice {
    pub const fn new(name: &'static str, en: &'static str, pt: &'static str) -> Choice {
        Choice {
            name,
            label: Label::new(en, pt),
            scale: None,
        }
    }

    pub const fn scale(mut self, low: i64, high: i64) -> Choice {
        self.scale = Some((low, high));
        self
    }
}

/// Whether a field's allowed values are a closed list or suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Any value of the type.
    Any,
    /// Exactly one of these; anything else is rejected.
    OneOf(&'static [Choice]),
    /// These are the defaults the app knows; other text is kept as written.
    Suggested(&'static [Choice]),
}

impl Values {
    pub const fn choices(self) -> &'static [Choice] {
        match self {
            Values::Any => &[],
            Values::OneOf(c) | Values::Suggested(c) => c,
        }
    }
}

/// An order between two fields of one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// May equal the other field, not precede it.
    NotBefore(&'static str),
    /// Must come strictly after it (an exclusive end).
    After(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The canonical name: the column header, the `--map` name, the payload key.
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
    /// The smallest value allowed (integers and money; `0` for counts and amounts).
    pub min: Option<i64>,
    pub values: Values,
    /// The value a record that leaves the field empty gets.
    pub default: Option<&'static str>,
    pub order: Option<Order>,
    /// The field whose chosen value's scale bounds this one (`score` by `kind`).
    pub scale_of: Option<&'static str>,
    pub label: Label,
    /// Column headers that name this field, normalized (see [`crate::normalize`]),
    /// by preference. The canonical name always matches first, whatever this says.
    pub aliases: &'static [&'static str],
}

impl Field {
    pub const fn new(name: &'static str, ty: Type, en: &'static str, pt: &'static str) -> Field {
        Field {
            name,
            ty,
            required: false,
            min: None,
            values: Values::Any,
            default: None,
            order: None,
            scale_of: None,
            label: Label::new(en, pt),
            aliases: &[],
        }
    }

    pub const fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Not negative.
    pub const fn non_negative(mut self) -> Field {
        self.min = Some(0);
        self
    }

    pub const fn one_of(mut self, choices: &'static [Choice]) -> Field {
        self.values = Values::OneOf(choices);
        self
    }

    pub const fn suggested(mut self, choices: &'static [Choice]) -> Field {
        self.values = Values::Suggested(choices);
        self
    }

    pub const fn default(mut self, value: &'static str) -> Field {
        self.default = Some(value);
        self
    }

    pub const fn not_before(mut self, other: &'static str) -> Field {
        self.order = Some(Order::NotBefore(other));
        self
    }

    pub const fn after(mut self, other: &'static str) -> Field {
        self.order = Some(Order::After(other));
        self
    }

    pub const fn scale_of(mut self, other: &'static str) -> Field {
        self.scale_of = Some(other);
        self
    }

    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> Field {
        self.aliases = aliases;
        self
    }

    /// The choice named `value`, if the field has a list.
    pub fn choice(&self, value: &str) -> Option<&'static Choice> {
        self.values.choices().iter().find(|c| c.name == value)
    }
}

/// How a re-import finds the record it updates (an upsert), always within
/// one source unless said otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// These fields identify the record (`account` + `month`).
    Fields(&'static [&'static str]),
    /// These fields identify it across every source (a CSM by name).
    Global(&'static [&'static str]),
    /// The record's own `external_id` when it has one; else these fields,
    /// and the n-th identical record of an import keeps its place.
    OwnIdOr(&'static [&'static str]),
    /// These fields and the n-th occurrence (records without an id of their own).
    Occurrence(&'static [&'static str]),
}

impl Key {
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            Key::Fields(f) | Key::Global(f) | Key::OwnIdOr(f) | Key::Occurrence(f) => f,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The kind tag (`survey_response`).
    pub name: &'static str,
    pub label: Label,
    pub plural: Label,
    /// Normalized words in a file or sheet name that point to this kind.
    pub file_words: &'static [&'static str],
    pub key: Key,
    pub fields: &'static [Field],
}

impl Kind {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether its records name an account (`account` is a reference field).
    pub fn refers_to_account(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.name == "account" && f.ty == Type::Reference)
    }

    pub fn field_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }
}
