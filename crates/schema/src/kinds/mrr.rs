//! The `mrr` kind (data-model.md).

use crate::model::*;

pub const MRR: Kind = Kind {
    name: "mrr",
    label: Label::new("MRR of a month", "MRR de um mês"),
    plural: Label::new("MRR entries", "Registros de MRR"),
    file_words: &[
        "mrr",
        "receita",
        "receitas",
        "revenue",
        "faturamento",
        "billing",
        "mensalidades",
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
            "mes referencia",
            "reference month",
            "billing month",
            "period",
            "periodo",
            "mes ano",
            "date",
            "data",
        ]),
    Field::new("mrr", Type::Money, "MRR", "MRR")
        .required()
        .non_negative()
        .aliases(&[
            "mrr",
            "monthly recurring revenue",
            "receita recorrente mensal",
            "receita mensal",
            "monthly revenue",
            "recurring revenue",
            "mensalidade",
            "valor mensal",
            "faturamento mensal",
            "revenue",
            "receita",
            "amount",
            "valor",
            "value",
            "faturamento",
        ]),
];
