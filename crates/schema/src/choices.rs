//! The closed and suggested value lists that several declarations share.

use crate::model::Choice;

pub const ACCOUNT_STATUS: &[Choice] = &[
    Choice::new("active", "active", "ativa"),
    Choice::new("churned", "churned", "cancelada"),
    // Not yet a customer: kept and scored by the ICP, left out of every
    // customer metric (data-model.md).
    Choice::new("prospect", "prospect", "prospecto"),
];

/// The CS coverage models the workload model knows (free text is kept).
pub const TIERS: &[Choice] = &[
    Choice::new("high_touch", "high touch", "alto contato"),
    Choice::new("mid_touch", "mid touch", "médio contato"),
    Choice::new("tech_touch", "tech touch", "tech touch"),
];

pub const BILLING_PERIODS: &[Choice] = &[
    Choice::new("monthly", "monthly", "mensal"),
    Choice::new("quarterly", "quarterly", "trimestral"),
    Choice::new("semiannual", "semiannual", "semestral"),
    Choice::new("annual", "annual", "anual"),
];

/// Survey kinds, each with the scale its `score` must lie in.
pub const SURVEY_KINDS: &[Choice] = &[
    Choice::new("nps", "NPS (0–10)", "NPS (0–10)").scale(0, 10),
    Choice::new("csat", "CSAT (1–5)", "CSAT (1–5)").scale(1, 5),
    Choice::new("ces", "CES (1–7)", "CES (1–7)").scale(1, 7),
];

pub const ACTIVITY_KINDS: &[Choice] = &[
    Choice::new("call", "call", "ligação"),
    Choice::new("meeting", "meeting", "reunião"),
    Choice::new("email", "e-mail", "e-mail"),
    Choice::new("qbr", "QBR", "QBR"),
    Choice::new("onboarding", "onboarding", "onboarding"),
    Choice::new("training", "training", "treinamento"),
    Choice::new("webinar", "webinar", "webinar"),
    Choice::new("event", "event", "evento"),
    Choice::new("community", "community", "comunidade"),
];

pub const OPPORTUNITY_KINDS: &[Choice] = &[
    Choice::new("new", "new business", "novo negócio"),
    Choice::new("upsell", "upsell", "upsell"),
    Choice::new("cross_sell", "cross-sell", "venda cruzada"),
    Choice::new("renewal", "renewal", "renovação"),
];

pub const OPPORTUNITY_STATUSES: &[Choice] = &[
    Choice::new("open", "open", "aberta"),
    Choice::new("won", "won", "ganha"),
    Choice::new("lost", "lost", "perdida"),
];

/// A task's states (playbooks.md).
pub const TASK_STATUSES: &[Choice] = &[
    Choice::new("open", "open", "aberta"),
    Choice::new("done", "done", "concluída"),
    Choice::new("dismissed", "dismissed", "descartada"),
];

/// A purchase is a one-off sale or pays a subscription period (revenue.md).
pub const PURCHASE_KINDS: &[Choice] = &[
    Choice::new("one_time", "one-time", "avulsa"),
    Choice::new("recurring", "recurring", "recorrente"),
];

/// Only `paid` and `refunded` purchases count, net of what was refunded.
pub const PURCHASE_STATUSES: &[Choice] = &[
    Choice::new("paid", "paid", "paga"),
    Choice::new("refunded", "refunded", "reembolsada"),
    Choice::new("failed", "failed", "falhou"),
    Choice::new("void", "void", "anulada"),
];
