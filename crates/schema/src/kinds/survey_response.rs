//! The `survey_response` kind (data-model.md).

use crate::choices::SURVEY_KINDS;
use crate::model::*;

pub const SURVEY_RESPONSE: Kind = Kind {
    name: "survey_response",
    label: Label::new("Survey response", "Resposta de pesquisa"),
    plural: Label::new("Survey responses", "Respostas de pesquisa"),
    file_words: &[
        "nps",
        "csat",
        "ces",
        "survey",
        "surveys",
        "pesquisa",
        "pesquisas",
        "survey responses",
        "respostas",
        "satisfacao",
    ],
    key: Key::Occurrence(&["account", "date", "kind", "respondent"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::OPTIONAL_ACCOUNT_FIELD,
    Field::new("date", Type::Date, "Date", "Data")
        .required()
        .aliases(&[
            "date",
            "data",
            "response date",
            "survey date",
            "data da resposta",
            "respondido em",
            "submitted at",
            "submitted",
            "created at",
            "created",
        ]),
    Field::new("kind", Type::Text, "Kind", "Tipo")
        .required()
        .one_of(SURVEY_KINDS)
        .aliases(&[
            "survey type",
            "survey kind",
            "survey",
            "tipo de pesquisa",
            "pesquisa",
            "type",
            "tipo",
            "metric",
            "metrica",
            "kind",
        ]),
    Field::new("score", Type::Integer, "Score", "Nota")
        .required()
        .scale_of("kind")
        .aliases(&[
            "score",
            "nps",
            "nps score",
            "nota nps",
            "csat",
            "csat score",
            "nota csat",
            "ces",
            "ces score",
            "nota",
            "rating",
            "pontuacao",
            "avaliacao",
        ]),
    Field::new("respondent", Type::Text, "Respondent", "Respondente").aliases(&[
        "respondent",
        "respondente",
        "contact",
        "contato",
        "email",
        "e mail",
        "user",
        "usuario",
        "respondent email",
        "respondent e mail",
        "respondent id",
        "user id",
        "email address",
        "e mail address",
        "customer email",
        "id do respondente",
    ]),
    Field::new("comment", Type::Text, "Comment", "Comentário").aliases(&[
        "comment",
        "comments",
        "comentario",
        "comentarios",
        "feedback",
        "observacao",
        "observacoes",
        "why",
        "motivo",
        "text",
        "texto",
        "explication",
        "explanation",
        "explicacao",
        "justificativa",
    ]),
];
