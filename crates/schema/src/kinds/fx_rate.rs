//! The `fx_rate` kind (revenue.md): how many units of the reporting
//! currency one unit of `currency` was worth in a month.

use crate::model::*;

pub const FX_RATE: Kind = Kind {
    name: "fx_rate",
    label: Label::new("Exchange rate", "Cotação"),
    plural: Label::new("Exchange rates", "Cotações"),
    file_words: &[
        "fx",
        "fx rates",
        "exchange rates",
        "exchange rate",
        "cotacoes",
        "cotacao",
        "cambio",
    ],
    // One rate per month and currency, whichever source gave it.
    key: Key::Global(&["month", "currency"]),
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
    Field::new("currency", Type::Text, "Currency", "Moeda")
        .required()
        .aliases(&[
            "currency",
            "moeda",
            "currency code",
            "codigo da moeda",
            "from",
        ]),
    // Text, not a number: a rate is an exact decimal (up to ten places).
    Field::new("rate", Type::Text, "Rate", "Cotação")
        .required()
        .aliases(&[
            "rate",
            "exchange rate",
            "fx rate",
            "cotacao",
            "taxa",
            "taxa de cambio",
            "valor",
        ]),
];
