//! Strings of the first import's currency question (revenue.md
//! "Currencies"), both languages side by side.

use crate::format::Locale;

pub struct CurrencyTr {
    pub title: &'static str,
    /// `{found}`: the currency of the file's money.
    pub question: &'static str,
    /// `{found}`, `{current}`.
    pub explain: &'static str,
    /// `{found}`.
    pub adopt: &'static str,
    /// `{current}`.
    pub keep: &'static str,
    /// The import's outcome, under its report: `{currency}`.
    pub set_line: &'static str,
    /// The dry run's: `{currency}`.
    pub would_set_line: &'static str,
    /// `{currency}`, `{found}`.
    pub kept_line: &'static str,
    pub mixed_line: &'static str,
    /// Beside an amount in another currency: `{converted}` in the
    /// reporting currency at `{rate}`.
    pub converted_at: &'static str,
    /// `{why}`: the missing rate.
    pub not_converted: &'static str,
}

pub const EN: CurrencyTr = CurrencyTr {
    title: "Reporting currency",
    question: "This file's money is in {found}. Report in {found}?",
    explain: "The database has no money yet, so its figures may be reported in {found}. If you keep {current}, each amount in {found} is converted at its month's rate (Exchange rates, in Settings), and figures lacking a rate stay empty.",
    adopt: "Yes, report in {found}",
    keep: "Keep {current}",
    set_line: "Reporting currency set to {currency}: the first import's money is all in it.",
    would_set_line: "This money is all in {currency} and the database has none yet: importing asks whether to report in {currency}.",
    kept_line: "Reporting currency kept at {currency}; the money in {found} is converted at each month's rate.",
    mixed_line: "Reporting currency kept at {currency}: the first import's money is in more than one currency ({found}).",
    converted_at: "({converted} at {rate})",
    not_converted: "({why})",
};

pub const PT_BR: CurrencyTr = CurrencyTr {
    title: "Moeda dos relatórios",
    question: "O dinheiro deste arquivo está em {found}. Relatar em {found}?",
    explain: "O banco de dados ainda não tem valores, então seus números podem ser relatados em {found}. Se mantiver {current}, cada valor em {found} é convertido pela cotação do seu mês (Cotações, em Configurações), e números sem cotação ficam vazios.",
    adopt: "Sim, relatar em {found}",
    keep: "Manter {current}",
    set_line: "Moeda dos relatórios definida como {currency}: o dinheiro da primeira importação está todo nela.",
    would_set_line: "Este dinheiro está todo em {currency} e o banco de dados ainda não tem nenhum: ao importar, Tenure pergunta se deve relatar em {currency}.",
    kept_line: "Moeda dos relatórios mantida em {currency}; os valores em {found} são convertidos pela cotação de cada mês.",
    mixed_line: "Moeda dos relatórios mantida em {currency}: o dinheiro da primeira importação está em mais de uma moeda ({found}).",
    converted_at: "({converted} à cotação {rate})",
    not_converted: "({why})",
};

pub fn get(locale: Locale) -> &'static CurrencyTr {
    match locale {
        Locale::PtBr => &PT_BR,
        Locale::En => &EN,
    }
}

/// "US$ 120.00 (R$ 612.00 at 5.1)": an amount in another currency with
/// its converted figure, or the missing rate, as the library gave them.
pub fn with_converted(
    original: String,
    converted: Option<&crate::metrics::fx_records::Converted>,
    reporting: &str,
    locale: Locale,
) -> String {
    let Some(c) = converted else {
        return original;
    };
    let t = get(locale);
    let beside = match (&c.amount, &c.rate) {
        (Ok(m), Some(rate)) => {
            let rate = match locale {
                Locale::PtBr => rate.replace('.', ","),
                Locale::En => rate.clone(),
            };
            super::fill(
                t.converted_at,
                &[
                    ("converted", &crate::format::money(*m, reporting, locale)),
                    ("rate", &rate),
                ],
            )
        }
        (Ok(m), None) => format!("({})", crate::format::money(*m, reporting, locale)),
        (Err(m), _) => super::fill(
            t.not_converted,
            &[("why", &super::revenue::missing_rate(locale, m))],
        ),
    };
    format!("{original} {beside}")
}
