//! Feature names in a person's words (English and Brazilian Portuguese),
//! for the drivers and the Model panel; the CLI and the window share them.

use crate::format::Locale;

fn builtin(name: &str, pt: bool) -> Option<&'static str> {
    Some(match (name, pt) {
        ("usage", false) => "license usage",
        ("usage", true) => "uso das licenças",
        ("adoption", false) => "feature adoption",
        ("adoption", true) => "adoção de recursos",
        ("satisfaction", false) => "satisfaction (NPS/CSAT)",
        ("satisfaction", true) => "satisfação (NPS/CSAT)",
        ("support", false) => "support score",
        ("support", true) => "nota de suporte",
        ("engagement", false) => "engagement",
        ("engagement", true) => "engajamento",
        ("revenue_trend", false) => "revenue trend",
        ("revenue_trend", true) => "tendência da receita",
        ("usage_trend", false) => "change in usage over 3 months",
        ("usage_trend", true) => "variação do uso em 3 meses",
        ("health_score", false) => "health score",
        ("health_score", true) => "nota de saúde",
        ("tenure_months", false) => "months as a customer",
        ("tenure_months", true) => "meses como cliente",
        ("mrr", false) => "MRR",
        ("mrr", true) => "MRR",
        ("mrr_change_3m", false) => "MRR change over 3 months",
        ("mrr_change_3m", true) => "variação do MRR em 3 meses",
        ("open_tickets", false) => "open tickets",
        ("open_tickets", true) => "tickets abertos",
        ("recent_tickets", false) => "tickets in the last 90 days",
        ("recent_tickets", true) => "tickets nos últimos 90 dias",
        ("last_nps", false) => "last NPS score",
        ("last_nps", true) => "última nota NPS",
        ("last_csat", false) => "last CSAT score",
        ("last_csat", true) => "última nota CSAT",
        ("days_since_touch", false) => "days since the last touch",
        ("days_since_touch", true) => "dias desde o último contato",
        ("onboarded", false) => "onboarding done",
        ("onboarded", true) => "onboarding concluído",
        ("licenses", false) => "licenses",
        ("licenses", true) => "licenças",
        ("employees", false) => "employees",
        ("employees", true) => "funcionários",
        ("monthly_fee", false) => "monthly fee",
        ("monthly_fee", true) => "mensalidade",
        ("renewal_due_90d", false) => "renewal due within 90 days",
        ("renewal_due_90d", true) => "renovação nos próximos 90 dias",
        ("plan", false) => "plan",
        ("plan", true) => "plano",
        ("tier", false) => "tier",
        ("tier", true) => "nível",
        ("industry", false) => "industry",
        ("industry", true) => "setor",
        ("country", false) => "country",
        ("country", true) => "país",
        _ => return None,
    })
}

/// A feature's name in words: `plan=pro` → "plan is pro",
/// `custom.contract=(other)` → "contract is another value".
pub fn feature(name: &str, locale: Locale) -> String {
    let pt = locale == Locale::PtBr;
    let field = |f: &str| -> String {
        let f = f.strip_prefix("custom.").unwrap_or(f);
        builtin(f, pt).map_or_else(|| f.replace('_', " "), str::to_string)
    };
    match name.split_once('=') {
        Some((f, "(other)")) => {
            if pt {
                format!("{} é outro valor", field(f))
            } else {
                format!("{} is another value", field(f))
            }
        }
        Some((f, v)) => {
            // A tier is stored by its key (`high_touch`); say its label.
            let v = if f == "tier" {
                tenure_schema::TIERS
                    .iter()
                    .find(|c| c.name == v)
                    .map_or(v, |c| if pt { c.label.pt } else { c.label.en })
            } else {
                v
            };
            if pt {
                format!("{} é {v}", field(f))
            } else {
                format!("{} is {v}", field(f))
            }
        }
        None => field(name),
    }
}

/// The one-sentence verdict of which predicts churn better here.
pub fn verdict(model: &super::ModelReport, locale: Locale) -> String {
    let pt = locale == Locale::PtBr;
    let f = |v: Option<f64>| v.map_or("—".to_string(), |v| crate::format::number(v, 2, locale));
    let (a, h) = (f(model.auc), f(model.health_auc));
    use super::Verdict::*;
    match (model.verdict, pt) {
        (ModelBetter, false) => format!(
            "The learned model ranks churners better than the health score here (AUC {a} against {h}, on months it did not learn from)."
        ),
        (ModelBetter, true) => format!(
            "O modelo aprendido ordena quem cancela melhor do que a nota de saúde aqui (AUC {a} contra {h}, em meses que ele não viu)."
        ),
        (HealthBetter, false) => format!(
            "The health score ranks churners better than the learned model here (AUC {h} against {a}); keep trusting the score."
        ),
        (HealthBetter, true) => format!(
            "A nota de saúde ordena quem cancela melhor do que o modelo aqui (AUC {h} contra {a}); continue confiando na nota."
        ),
        (Similar, false) => format!(
            "The learned model and the health score rank churners about as well here (AUC {a} against {h}, within the model's interval)."
        ),
        (Similar, true) => format!(
            "O modelo aprendido e a nota de saúde ordenam quem cancela quase igual aqui (AUC {a} contra {h}, dentro do intervalo do modelo)."
        ),
        (NoHealth, false) => format!(
            "The model's AUC is {a}; there is no health score on the same rows to compare it with."
        ),
        (NoHealth, true) => {
            format!("A AUC do modelo é {a}; não há nota de saúde nas mesmas linhas para comparar.")
        }
    }
}

/// A driver in words: "low license usage", "plan is Starter".
/// A driver in words: "low license usage", "plan is Starter".
pub fn driver(d: &super::Driver, locale: Locale) -> String {
    let pt = locale == Locale::PtBr;
    let name = feature(&d.feature, locale);
    match (d.high, pt) {
        (None, _) => name,
        (Some(true), false) => format!("high {name}"),
        (Some(false), false) => format!("low {name}"),
        (Some(true), true) => format!("{name}: alto"),
        (Some(false), true) => format!("{name}: baixo"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tier_is_said_by_its_label() {
        assert_eq!(
            feature("tier=high_touch", Locale::PtBr),
            "nível é alto contato"
        );
        assert_eq!(feature("tier=tech_touch", Locale::En), "tier is tech touch");
        assert_eq!(feature("plan=Pro", Locale::En), "plan is Pro");
    }
}
