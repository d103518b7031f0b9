//! The `ticket` kind (data-model.md).

use crate::model::*;

pub const TICKET: Kind = Kind {
    name: "ticket",
    label: Label::new("Ticket", "Chamado"),
    plural: Label::new("Tickets", "Chamados"),
    file_words: &[
        "ticket",
        "tickets",
        "chamado",
        "chamados",
        "suporte",
        "support",
        "support tickets",
        "cases",
        "casos",
    ],
    key: Key::OwnIdOr(&["account", "opened_at"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::OPTIONAL_ACCOUNT_FIELD,
    // Kept as written, so that a later contacts import can match it.
    Field::new("requester", Type::Text, "Requester", "Solicitante").aliases(&[
        "requester",
        "requester email",
        "requester e mail",
        "solicitante",
        "email do solicitante",
        "e mail do solicitante",
        "customer email",
        "contact email",
        "email",
        "e mail",
        "cliente email",
        "user id",
        "user email",
    ]),
    Field::new("external_id", Type::Text, "External id", "Id externo").aliases(&[
        "ticket id",
        "id do ticket",
        "ticket number",
        "numero do chamado",
        "id do chamado",
        "case id",
        "case number",
        "protocolo",
        "ticket",
        "chamado",
        "id",
    ]),
    Field::new("opened_at", Type::Instant, "Opened at", "Aberto em")
        .required()
        .aliases(&[
            "opened at",
            "opened",
            "created at",
            "created",
            "created date",
            "submitted at",
            "submitted",
            "aberto em",
            "data de abertura",
            "abertura",
            "criado em",
            "data de criacao",
            "created time",
            "creation time",
            "data de abertura do chamado",
        ]),
    Field::new(
        "first_response_at",
        Type::Instant,
        "First response at",
        "Primeira resposta em",
    )
    .not_before("opened_at")
    .aliases(&[
        "first response at",
        "first response",
        "first reply at",
        "primeira resposta",
        "data da primeira resposta",
        "respondido em",
        "initial time",
        "initial response time",
        "first response time",
        "first reply time",
        "data da primeira resposta do agente",
    ]),
    Field::new("resolved_at", Type::Instant, "Resolved at", "Resolvido em")
        .not_before("opened_at")
        .aliases(&[
            "resolved at",
            "resolved",
            "solved at",
            "closed at",
            "closed",
            "resolvido em",
            "fechado em",
            "data de resolucao",
            "data de fechamento",
            "encerrado em",
            "resolved time",
            "closed time",
        ]),
    Field::new("category", Type::Text, "Category", "Categoria").aliases(&[
        "category",
        "categoria",
        "type",
        "tipo",
        "topic",
        "assunto",
        "issue type",
        "motivo",
    ]),
    Field::new("priority", Type::Text, "Priority", "Prioridade").aliases(&[
        "priority",
        "prioridade",
        "severity",
        "severidade",
    ]),
    Field::new("channel", Type::Text, "Channel", "Canal")
        .aliases(&["channel", "canal", "source", "origem", "via"]),
];
