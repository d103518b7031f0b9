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
    pub rates_section: &'static str,
    /// `{reporting}`: the database's currency.
    pub rates_hint: &'static str,
    pub rates_missing: &'static str,
    pub rates_none_missing: &'static str,
    pub rates_empty: &'static str,
    pub rate_month: &'static str,
    pub rate_currency: &'static str,
    pub rate_value: &'static str,
    pub rate_save: &'static str,
    /// A stored rate: `{reporting}` per 1 `{currency}`.
    pub rate_per: &'static str,
    pub rate_bad_month: &'static str,
    /// Below the chart: `{n}` months without a figure.
    pub chart_missing: &'static str,
    /// A subscription's terms on the account page: `{date}`, `{off}`.
    pub sub_trial: &'static str,
    pub sub_discount: &'static str,
    pub sub_cancels: &'static str,
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
    rates_section: "Exchange rates",
    rates_hint: "How many {reporting} one unit of another currency was worth in a month. Purchases in a currency without the month's rate have no revenue figure until you give it. You can also import a CSV with month, currency and rate columns.",
    rates_missing: "Months lacking a rate:",
    rates_none_missing: "Every purchase in another currency has its month's rate.",
    rates_empty: "No rates yet.",
    rate_month: "Month (MM/YYYY)",
    rate_currency: "Currency",
    rate_value: "Rate",
    rate_save: "Save rate",
    rate_per: "{reporting} per 1 {currency}",
    rate_bad_month: "Write the month as MM/YYYY, such as 03/2026.",
    chart_missing: "{n} months have no bar: a purchase in them is in a currency without that month's rate (Settings → Exchange rates).",
    sub_trial: "trial until {date}",
    sub_discount: "{off} off",
    sub_cancels: "cancels on {date}",
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
    rates_section: "Cotações",
    rates_hint: "Quanto valia em {reporting} uma unidade de outra moeda em cada mês. Compras numa moeda sem a cotação do mês ficam sem receita até você informá-la. Também dá para importar um CSV com as colunas mês, moeda e cotação.",
    rates_missing: "Meses sem cotação:",
    rates_none_missing: "Toda compra em outra moeda tem a cotação do seu mês.",
    rates_empty: "Nenhuma cotação ainda.",
    rate_month: "Mês (MM/AAAA)",
    rate_currency: "Moeda",
    rate_value: "Cotação",
    rate_save: "Salvar cotação",
    rate_per: "{reporting} por 1 {currency}",
    rate_bad_month: "Escreva o mês como MM/AAAA, por exemplo 03/2026.",
    chart_missing: "{n} meses sem barra: há neles compra numa moeda sem a cotação do mês (Configurações → Cotações).",
    sub_trial: "teste até {date}",
    sub_discount: "desconto de {off}",
    sub_cancels: "cancela em {date}",
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
