//! The `usage` kind (data-model.md).

use crate::model::*;

pub const USAGE: Kind = Kind {
    name: "usage",
    label: Label::new("Usage of a month", "Uso de um mês"),
    plural: Label::new("Usage entries", "Registros de uso"),
    file_words: &[
        "usage",
        "uso",
        "utilizacao",
        "adocao",
        "adoption",
        "product usage",
    ],
    key: Key::Fields(&["account", "month"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("month", Type::Month, "Month", "Mês")
        .required()
        .aliases(&[
            "month",
            "mes",
            "competencia",
            "mes de referencia",
            "period",
            "periodo",
            "date",
            "data",
        ]),
    Field::new(
        "active_users",
        Type::Integer,
        "Active users",
        "Usuários ativos",
    )
    .non_negative()
    .aliases(&[
        "active users",
        "usuarios ativos",
        "mau",
        "monthly active users",
        "ativos",
    ]),
    Field::new(
        "total_users",
        Type::Integer,
        "Total users",
        "Usuários totais",
    )
    .non_negative()
    .aliases(&[
        "total users",
        "users",
        "usuarios",
        "total de usuarios",
        "usuarios totais",
        "provisioned users",
    ]),
    Field::new("adopters", Type::Integer, "Adopters", "Adotantes")
        .non_negative()
        .aliases(&[
            "adopters",
            "key feature users",
            "adotantes",
            "usuarios que adotaram",
            "feature adopters",
        ]),
    Field::new("licenses", Type::Integer, "Licenses", "Licenças")
        .non_negative()
        .aliases(&["licenses", "licences", "seats", "licencas", "assentos"]),
    Field::new("events", Type::Integer, "Events", "Eventos")
        .non_negative()
        .aliases(&[
            "events",
            "logins",
            "eventos",
            "acessos",
            "sessions",
            "sessoes",
            "usage count",
            "usage events",
        ]),
];
