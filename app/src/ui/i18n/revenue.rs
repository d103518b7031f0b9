//! Strings of the revenue-from-purchases features (revenue.md): the
//! dashboard's purchase cards and chart, the account page's purchases,
//! both languages side by side.

use crate::format::Locale;

pub struct RevenueTr {
    pub section: &'static str,
    pub section_hint: &'static str,
    /// Card names, in the order of `metrics::purchases::KEYS`.
    pub cards: [&'static str; 8],
    /// What each card means (tooltips), same order.
    pub formulas: [&'static str; 8],
    pub chart_title: &'static str,
    pub chart_revenue: &'static str,
    pub chart_returning: &'static str,
    pub no_rate: &'static str,
    pub no_purchases: &'static str,
    pub vs_previous: &'static str,
    pub sec_purchases: &'static str,
    /// Account page: `{n}` purchases, `{total}` net, `{refunded}` refunded.
    pub purchases_total: &'static str,
    pub refunded: &'static str,
    /// Shown beside an amount in another currency: `{original}`.
    pub original: &'static str,
}

pub const EN: RevenueTr = RevenueTr {
    section: "Revenue from purchases",
    section_hint: "Payments, invoices and orders, net of refunds, in the period and segment above.",
    cards: [
        "Revenue",
        "Purchasing customers",
        "Orders",
        "Average order value",
        "Repeat-customer rate",
        "Returning revenue",
        "Purchase frequency",
        "Lapsed customers",
    ],
    formulas: [
        "Sum of purchases in the period, net of refunds, in the reporting currency.",
        "Customers with at least one purchase in the period.",
        "Purchases in the period (fully refunded, failed and void ones do not count).",
        "Revenue ÷ orders.",
        "Purchasing customers who had bought before the period ÷ purchasing customers.",
        "Revenue in the period from customers who had bought before it.",
        "Orders ÷ purchasing customers.",
        "Customers whose last purchase is more than 3 × their usual gap between purchases (180 days for one-time buyers) before the period's end.",
    ],
    chart_title: "Revenue by month",
    chart_revenue: "Revenue",
    chart_returning: "From returning customers",
    no_rate: "missing rate: {why}",
    no_purchases: "No purchases in the period.",
    vs_previous: "Previous period:",
    sec_purchases: "Purchases",
    purchases_total: "{n} purchases · {total} net · {refunded} refunded",
    refunded: "refunded",
    original: "(paid {original})",
};

pub const PT_BR: RevenueTr = RevenueTr {
    section: "Receita de compras",
    section_hint: "Pagamentos, faturas e pedidos, descontados os reembolsos, no período e segmento acima.",
    cards: [
        "Receita",
        "Clientes que compraram",
        "Pedidos",
        "Ticket médio",
        "Taxa de recompra",
        "Receita recorrente",
        "Frequência de compra",
        "Clientes inativos",
    ],
    formulas: [
        "Soma das compras do período, descontados os reembolsos, na moeda da base.",
        "Clientes com ao menos uma compra no período.",
        "Compras do período (as reembolsadas por inteiro, com falha ou anuladas não contam).",
        "Receita ÷ pedidos.",
        "Clientes que compraram no período e já tinham comprado antes ÷ clientes que compraram.",
        "Receita do período vinda de clientes que já tinham comprado antes.",
        "Pedidos ÷ clientes que compraram.",
        "Clientes cuja última compra foi há mais de 3 × o intervalo habitual entre compras (180 dias para quem comprou uma vez) antes do fim do período.",
    ],
    chart_title: "Receita por mês",
    chart_revenue: "Receita",
    chart_returning: "De clientes recorrentes",
    no_rate: "falta cotação: {why}",
    no_purchases: "Nenhuma compra no período.",
    vs_previous: "Período anterior:",
    sec_purchases: "Compras",
    purchases_total: "{n} compras · {total} líquido · {refunded} reembolsado",
    refunded: "reembolsada",
    original: "(pago {original})",
};

pub fn get(locale: Locale) -> &'static RevenueTr {
    match locale {
        Locale::En => &EN,
        Locale::PtBr => &PT_BR,
    }
}

/// "no USD rate for 2026-03" in `locale`.
pub fn missing_rate(locale: Locale, m: &crate::metrics::MissingRate) -> String {
    match locale {
        Locale::En => m.sentence(),
        Locale::PtBr => format!(
            "sem cotação de {} para {}",
            m.currency,
            crate::format::month(m.month, locale)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_string() {
        for tr in [&EN, &PT_BR] {
            assert!(
                tr.cards
                    .iter()
                    .chain(tr.formulas.iter())
                    .all(|s| !s.is_empty())
            );
        }
        assert_ne!(EN.cards, PT_BR.cards);
    }
}
