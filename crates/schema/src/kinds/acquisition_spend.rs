//! The `acquisition_spend` kind (data-model.md).

use crate::model::*;

pub const ACQUISITION_SPEND: Kind = Kind {
    name: "acquisition_spend",
    label: Label::new("Acquisition spend", "Gasto de aquisição"),
    plural: Label::new("Acquisition spend", "Gastos de aquisição"),
    file_words: &[
        "acquisition spend",
        "spend",
        "marketing",
        "investimento",
        "investimentos",
        "cac",
        "gastos",
        "acquisition",
    ],
    key: Key::Occurrence(&["month", "channel"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    Field::new("month", Type::Month, "Month", "Mês")
        .required()
        .aliases(&[
            "month",
            "mes",
            "competencia",
            "period",
            "periodo",
            "date",
            "data",
        ]),
    Field::new("amount", Type::Money, "Amount", "Valor")
        .required()
        .non_negative()
        .aliases(&[
            "amount",
            "spend",
            "investimento",
            "gasto",
            "custo",
            "cost",
            "valor",
            "marketing spend",
            "sales and marketing spend",
        ]),
    Field::new("channel", Type::Text, "Channel", "Canal")
        .aliases(&["channel", "canal", "source", "origem"]),
];
