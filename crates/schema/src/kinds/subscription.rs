//! The `subscription` kind (data-model.md).

use crate::choices::BILLING_PERIODS;
use crate::model::*;

pub const SUBSCRIPTION: Kind = Kind {
    name: "subscription",
    label: Label::new("Subscription", "Assinatura"),
    plural: Label::new("Subscriptions", "Assinaturas"),
    file_words: &[
        "subscription",
        "subscriptions",
        "assinatura",
        "assinaturas",
        "contrato",
        "contratos",
        "contracts",
    ],
    key: Key::OwnIdOr(&["account", "start", "product"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("external_id", Type::Text, "External id", "Id externo").aliases(&[
        "subscription id",
        "id da assinatura",
        "contract id",
        "id do contrato",
        "subscription",
        "assinatura",
        "contrato",
        "id",
    ]),
    Field::new("start", Type::Date, "Start", "Início")
        .required()
        .aliases(&[
            "start",
            "start date",
            "starts on",
            "started on",
            "data de inicio",
            "data inicio",
            "inicio",
            "inicio da vigencia",
            "begin",
            "begin date",
        ]),
    Field::new("end", Type::Date, "End (exclusive)", "Fim (exclusivo)")
        .after("start")
        .aliases(&[
            "end",
            "end date",
            "ends on",
            "ended on",
            "data de termino",
            "data fim",
            "termino",
            "fim",
            "fim da vigencia",
        ]),
    Field::new("amount", Type::Money, "Amount", "Valor")
        .required()
        .non_negative()
        .aliases(&[
            "amount",
            "price",
            "valor",
            "preco",
            "value",
            "valor da assinatura",
            "amount per period",
            "mrr amount",
            "mrr",
            "mensalidade",
        ]),
    Field::new(
        "billing_period",
        Type::Text,
        "Billing period",
        "Periodicidade",
    )
    .one_of(BILLING_PERIODS)
    .default("monthly")
    .aliases(&[
        "billing period",
        "billing frequency",
        "billing cycle",
        "periodicidade",
        "frequencia",
        "frequencia de cobranca",
        "ciclo de cobranca",
        "recorrencia",
        "periodo de cobranca",
    ]),
    Field::new("product", Type::Text, "Product", "Produto").aliases(&[
        "product",
        "produto",
        "plan",
        "plano",
        "plan tier",
        "sku",
    ]),
    // revenue.md: months whose last day is before `trial_end` bring no MRR.
    Field::new("trial_end", Type::Date, "Trial end", "Fim do teste")
        .not_before("start")
        .aliases(&[
            "trial end",
            "trial ends on",
            "trial end date",
            "trial end utc",
            "trial ends at",
            "fim do teste",
            "fim do periodo de teste",
            "fim do trial",
        ]),
    // Per billing period, like `amount`; MRR is net of it.
    Field::new("discount", Type::Money, "Discount", "Desconto")
        .non_negative()
        .aliases(&[
            "discount",
            "discount amount",
            "amount off",
            "coupon amount",
            "desconto",
            "valor do desconto",
        ]),
    Field::new(
        "discount_percent",
        Type::Number,
        "Discount (%)",
        "Desconto (%)",
    )
    .non_negative()
    .aliases(&[
        "discount percent",
        "discount percentage",
        "percent off",
        "discount pct",
        "desconto percentual",
        "percentual de desconto",
        "desconto pct",
    ]),
    // A scheduled cancellation: the subscription ends that day (committed MRR).
    Field::new("cancel_at", Type::Date, "Cancels on", "Cancela em")
        .not_before("start")
        .aliases(&[
            "cancel at",
            "cancels at",
            "cancel at utc",
            "cancellation date",
            "scheduled cancellation",
            "cancela em",
            "data de cancelamento",
            "cancelamento agendado",
        ]),
    // revenue.md: a subscription may be priced in its own currency; its MRR
    // is converted at each month's rate.
    Field::new("currency", Type::Text, "Currency", "Moeda").aliases(&[
        "currency",
        "moeda",
        "currency code",
        "codigo da moeda",
        "plan currency",
    ]),
];
