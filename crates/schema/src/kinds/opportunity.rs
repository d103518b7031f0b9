//! The `opportunity` kind (data-model.md).

use crate::choices::{OPPORTUNITY_KINDS, OPPORTUNITY_STATUSES};
use crate::model::*;

pub const OPPORTUNITY: Kind = Kind {
    name: "opportunity",
    label: Label::new("Opportunity", "Oportunidade"),
    plural: Label::new("Opportunities", "Oportunidades"),
    file_words: &[
        "opportunity",
        "opportunities",
        "oportunidade",
        "oportunidades",
        "deals",
        "negocios",
        "pipeline",
    ],
    key: Key::OwnIdOr(&["account", "kind", "created_on"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("external_id", Type::Text, "External id", "Id externo").aliases(&[
        "opportunity id",
        "deal id",
        "id da oportunidade",
        "id do negocio",
        "id",
    ]),
    Field::new("kind", Type::Text, "Kind", "Tipo")
        .required()
        .one_of(OPPORTUNITY_KINDS)
        .aliases(&[
            "opportunity type",
            "deal type",
            "tipo de oportunidade",
            "tipo de negocio",
            "type",
            "tipo",
            "kind",
        ]),
    Field::new("status", Type::Text, "Status", "Situação")
        .required()
        .one_of(OPPORTUNITY_STATUSES)
        .aliases(&[
            "status",
            "stage",
            "stagename",
            "stage name",
            "deal stage",
            "etapa",
            "situacao",
            "fase",
        ]),
    Field::new("amount", Type::Money, "Amount", "Valor")
        .non_negative()
        .aliases(&[
            "amount",
            "deal amount",
            "value",
            "valor",
            "valor do negocio",
            "mrr",
        ]),
    Field::new("created_on", Type::Date, "Created on", "Criada em").aliases(&[
        "created on",
        "created",
        "created date",
        "createddate",
        "created at",
        "data de criacao",
        "criado em",
        "open date",
    ]),
    Field::new("closed_on", Type::Date, "Closed on", "Fechada em")
        .not_before("created_on")
        .aliases(&[
            "closed on",
            "close date",
            "closedate",
            "closed",
            "data de fechamento",
            "fechado em",
            "closed date",
        ]),
];
