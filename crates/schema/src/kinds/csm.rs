//! The `csm` kind (data-model.md).

use crate::model::*;

pub const CSM: Kind = Kind {
    name: "csm",
    label: Label::new("CSM", "CSM"),
    plural: Label::new("CSMs", "CSMs"),
    file_words: &[
        "csm",
        "csms",
        "team",
        "equipe",
        "time",
        "time de cs",
        "customer success managers",
    ],
    key: Key::Global(&["name"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    Field::new("name", Type::Text, "Name", "Nome")
        .required()
        .aliases(&[
            "name",
            "nome",
            "csm",
            "csm name",
            "nome do csm",
            "full name",
            "nome completo",
            "responsavel",
        ]),
    Field::new("email", Type::Text, "E-mail", "E-mail").aliases(&[
        "email",
        "e mail",
        "mail",
        "csm email",
    ]),
    Field::new(
        "capacity_hours",
        Type::Number,
        "Capacity (hours a month)",
        "Capacidade (horas por mês)",
    )
    .default("120")
    .aliases(&[
        "capacity hours",
        "capacity",
        "hours",
        "horas",
        "capacidade",
        "horas mes",
        "horas disponiveis",
        "horas por mes",
    ]),
    Field::new("active", Type::Bool, "Active", "Ativo")
        .default("true")
        .aliases(&["active", "ativo", "is active", "status"]),
];
