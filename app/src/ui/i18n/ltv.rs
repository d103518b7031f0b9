//! Strings of the LTV view (issue #22, revenue.md): customer value without
//! a contract, both languages side by side.

use crate::format::Locale;

pub struct LtvTr {
    pub view: &'static str,
    pub heading: &'static str,
    /// `{end}` the calibration end, `{weeks}` the horizon.
    pub hint: &'static str,
    pub computing: &'static str,
    pub no_purchases: &'static str,
    /// `{n}` repeat customers, `{min}` the minimum.
    pub too_few: &'static str,
    /// The same when one customer bought again (`{min}` the minimum).
    pub too_few_one: &'static str,
    pub edge: &'static str,
    pub no_spend: &'static str,
    /// `{n}` customers, `{why}` the missing rate.
    pub left_out: &'static str,
    pub params_bg: &'static str,
    pub params_gg: &'static str,
    /// `{ll}`, `{n}` customers, `{k}` repeat customers.
    pub fit_line: &'static str,
    pub mean_clv: &'static str,
    /// `{n}` customers.
    pub mean_clv_hint: &'static str,
    pub contractual: &'static str,
    pub contractual_hint: &'static str,
    pub contractual_none: &'static str,
    pub never_summed: &'static str,
    pub columns: [&'static str; 9],
    pub yes: &'static str,
    pub export: &'static str,
    pub exported: &'static str,
    pub export_failed: &'static str,
}

pub const EN: LtvTr = LtvTr {
    view: "Customer value",
    heading: "Customer value without a contract",
    hint: "BG/NBD and Gamma-Gamma fitted on every customer's purchases up to {end}: the chance each customer still buys, and what they are expected to buy in the next {weeks} weeks. CLV = expected purchases × expected value, undiscounted, before margin.",
    computing: "Fitting the models…",
    no_purchases: "No purchases yet: import payments, invoices or orders to see customer value.",
    too_few: "No model: {n} customers bought more than once (on different days); BG/NBD and Gamma-Gamma need at least {min}.",
    too_few_one: "No model: 1 customer bought more than once (on different days); BG/NBD and Gamma-Gamma need at least {min}.",
    edge: "No model: the customers' purchases are too alike for the models to tell how often they buy and when they stop.",
    no_spend: "No spend model (Gamma-Gamma): expected value and CLV are not available.",
    left_out: "{n} customers left out: {why}.",
    params_bg: "BG/NBD",
    params_gg: "Gamma-Gamma",
    fit_line: "log-likelihood {ll} · {n} customers · {k} bought again",
    mean_clv: "Mean CLV (purchases)",
    mean_clv_hint: "Mean over {n} customers of the model's CLV for the horizon.",
    contractual: "Contractual LTV (subscriptions)",
    contractual_hint: "metrics.md's LTV for accounts with a subscription: ARPA × gross margin ÷ monthly logo churn.",
    contractual_none: "—",
    never_summed: "The two are different measures and are never added together.",
    columns: [
        "Id",
        "Customer",
        "Repeat purchases",
        "P(alive)",
        "Expected purchases",
        "Expected value",
        "CLV",
        "Weeks since last",
        "Contract",
    ],
    yes: "yes",
    export: "Export CSV",
    exported: "Exported to",
    export_failed: "Export failed",
};

pub const PT_BR: LtvTr = LtvTr {
    view: "Valor do cliente",
    heading: "Valor do cliente sem contrato",
    hint: "BG/NBD e Gamma-Gamma ajustados às compras de cada cliente até {end}: a chance de cada cliente ainda comprar e o que se espera que compre nas próximas {weeks} semanas. CLV = compras esperadas × valor esperado, sem desconto e antes da margem.",
    computing: "Ajustando os modelos…",
    no_purchases: "Ainda não há compras: importe pagamentos, faturas ou pedidos para ver o valor do cliente.",
    too_few: "Sem modelo: {n} clientes compraram mais de uma vez (em dias diferentes); BG/NBD e Gamma-Gamma precisam de ao menos {min}.",
    too_few_one: "Sem modelo: 1 cliente comprou mais de uma vez (em dias diferentes); BG/NBD e Gamma-Gamma precisam de ao menos {min}.",
    edge: "Sem modelo: as compras dos clientes são parecidas demais para os modelos dizerem com que frequência compram e quando param.",
    no_spend: "Sem modelo de gasto (Gamma-Gamma): valor esperado e CLV indisponíveis.",
    left_out: "{n} clientes deixados de fora: {why}.",
    params_bg: "BG/NBD",
    params_gg: "Gamma-Gamma",
    fit_line: "log-verossimilhança {ll} · {n} clientes · {k} voltaram a comprar",
    mean_clv: "CLV médio (compras)",
    mean_clv_hint: "Média do CLV do modelo no horizonte, entre {n} clientes.",
    contractual: "LTV contratual (assinaturas)",
    contractual_hint: "O LTV de metrics.md para contas com assinatura: ARPA × margem bruta ÷ churn mensal de clientes.",
    contractual_none: "—",
    never_summed: "São medidas diferentes e nunca são somadas.",
    columns: [
        "Id",
        "Cliente",
        "Recompras",
        "P(ativo)",
        "Compras esperadas",
        "Valor esperado",
        "CLV",
        "Semanas sem comprar",
        "Contrato",
    ],
    yes: "sim",
    export: "Exportar CSV",
    exported: "Exportado para",
    export_failed: "Falha ao exportar",
};

pub fn get(locale: Locale) -> &'static LtvTr {
    match locale {
        Locale::En => &EN,
        Locale::PtBr => &PT_BR,
    }
}
