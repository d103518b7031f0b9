//! The `purchase` kind (revenue.md): one payment, invoice or order, for
//! customers who buy without a subscription as well as those who pay one.

use crate::choices::{PURCHASE_KINDS, PURCHASE_STATUSES};
use crate::model::*;

pub const PURCHASE: Kind = Kind {
    name: "purchase",
    label: Label::new("Purchase", "Compra"),
    plural: Label::new("Purchases", "Compras"),
    file_words: &[
        "purchase",
        "purchases",
        "payments",
        "payment",
        "orders",
        "sales",
        "compras",
        "compra",
        "pagamentos",
        "pedidos",
        "vendas",
    ],
    // A payment's own id when the source has one; else the n-th identical
    // purchase of a day keeps its place on re-import.
    key: Key::OwnIdOr(&["account", "date", "amount", "product"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("date", Type::Date, "Date", "Data")
        .required()
        .aliases(&[
            "date",
            "purchase date",
            "order date",
            "payment date",
            "paid on",
            "paid at",
            "data",
            "data da compra",
            "data do pedido",
            "data do pagamento",
            "created",
        ]),
    Field::new("amount", Type::Money, "Amount", "Valor")
        .required()
        .non_negative()
        .aliases(&[
            "amount",
            "total",
            "order total",
            "amount paid",
            "value",
            "price",
            "valor",
            "valor total",
            "valor pago",
            "total do pedido",
        ]),
    Field::new("currency", Type::Text, "Currency", "Moeda").aliases(&[
        "currency",
        "moeda",
        "currency code",
        "codigo da moeda",
    ]),
    Field::new("refunded", Type::Money, "Refunded", "Reembolsado")
        .non_negative()
        .aliases(&[
            "refunded",
            "amount refunded",
            "refund",
            "refunds",
            "reembolso",
            "valor reembolsado",
            "estorno",
        ]),
    Field::new("external_id", Type::Text, "External id", "Id externo").aliases(&[
        "payment id",
        "order id",
        "invoice id",
        "transaction id",
        "id do pagamento",
        "id do pedido",
        "numero do pedido",
        "id",
    ]),
    Field::new("kind", Type::Text, "Kind", "Tipo")
        .one_of(PURCHASE_KINDS)
        .default("one_time")
        .aliases(&[
            "purchase type",
            "payment type",
            "tipo de compra",
            "type",
            "tipo",
        ]),
    Field::new("product", Type::Text, "Product", "Produto").aliases(&[
        "product",
        "produto",
        "item",
        "sku",
        "description",
        "descricao",
    ]),
    Field::new("status", Type::Text, "Status", "Situação")
        .one_of(PURCHASE_STATUSES)
        .default("paid")
        .aliases(&["status", "payment status", "situacao", "estado"]),
];
