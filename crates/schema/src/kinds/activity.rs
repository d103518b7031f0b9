//! The `activity` kind (data-model.md).

use crate::choices::ACTIVITY_KINDS;
use crate::model::*;

pub const ACTIVITY: Kind = Kind {
    name: "activity",
    label: Label::new("Activity", "Atividade"),
    plural: Label::new("Activities", "Atividades"),
    file_words: &[
        "activity",
        "activities",
        "atividade",
        "atividades",
        "interacoes",
        "touches",
        "engagement",
        "engajamento",
    ],
    key: Key::OwnIdOr(&["account", "date", "kind"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("external_id", Type::Text, "External id", "Id externo").aliases(&[
        "activity id",
        "id da atividade",
        "id",
    ]),
    Field::new("date", Type::Date, "Date", "Data")
        .required()
        .aliases(&[
            "date",
            "data",
            "activity date",
            "data da atividade",
            "when",
            "quando",
        ]),
    Field::new("kind", Type::Text, "Kind", "Tipo")
        .required()
        .suggested(ACTIVITY_KINDS)
        .aliases(&[
            "activity type",
            "tipo de atividade",
            "type",
            "tipo",
            "kind",
            "activity",
            "atividade",
        ]),
    Field::new("csm", Type::Text, "CSM", "CSM").aliases(&[
        "csm",
        "owner",
        "responsavel",
        "user",
        "usuario",
        "assigned to",
    ]),
    Field::new("minutes", Type::Integer, "Minutes", "Minutos")
        .non_negative()
        .aliases(&[
            "minutes",
            "duration",
            "duration minutes",
            "duracao",
            "minutos",
            "duracao min",
            "duracao minutos",
        ]),
    Field::new("notes", Type::Text, "Notes", "Anotações").aliases(&[
        "notes",
        "notas",
        "description",
        "descricao",
        "subject",
        "assunto",
        "observacoes",
        "resumo",
        "comment",
        "comentario",
    ]),
];
