//! Strings of the small-business pass over the window (doors from figures
//! to accounts, empty charts, database switching, band names by number),
//! both languages side by side.

use crate::format::Locale;
use crate::metrics::{Band, Door};

pub struct UxTr {
    /// Undo entry of an import above the accounts table: `{file}`.
    pub undo_import_label: &'static str,
    /// Above the table when a card opened it: `{what}` and `{period}`.
    pub focus_from_card: &'static str,
    pub card_hint: &'static str,
    pub chart_empty: &'static str,
    pub chart_one_month: &'static str,
    pub st_undone: &'static str,
    pub open_other_db: &'static str,
    pub db_path_hint: &'static str,
    pub db_open: &'static str,
    pub db_section_hint: &'static str,
    pub db_missing_folder: &'static str,
    pub preview_rejected_hidden: &'static str,
    pub margin_assumed: &'static str,
    pub one_healthy: &'static str,
    pub one_at_risk: &'static str,
    pub one_critical: &'static str,
    pub doors: [&'static str; 18],
    /// Workload card: `{n}` CSMs and `{hours}` of monthly capacity.
    pub team_and_hours: &'static str,
    /// Workload card: `{n}` hires by `{month}`.
    pub hires_by: &'static str,
    pub icp_created: &'static str,
    pub fit_needs_profile: &'static str,
}

pub const EN: UxTr = UxTr {
    undo_import_label: "import of {file}",
    focus_from_card: "{what} · {period}",
    card_hint: "Click to list these accounts",
    chart_empty: "No data for this chart yet in the selected period and segment.",
    chart_one_month: "Only one month has data: the chart needs at least two.",
    st_undone: "Undone",
    open_other_db: "Open another database…",
    db_path_hint: "Path of a .db file",
    db_open: "Open",
    db_section_hint: "Tenure keeps everything in one SQLite file. Open another file, or start a new, empty one; the window switches to it at once.",
    db_missing_folder: "The folder {folder} does not exist: choose an existing folder.",
    preview_rejected_hidden: "{n} rows with problems are not shown in the preview; the dry run lists them.",
    margin_assumed: "LTV assumes a gross margin of {margin} (Settings). Set your real margin there for a truer LTV.",
    one_healthy: "Healthy",
    one_at_risk: "At risk",
    one_critical: "Critical",
    doors: [
        "Active accounts",
        "Accounts active 12 months earlier",
        "At risk",
        "Critical",
        "Not enough data for a score",
        "New accounts",
        "Reactivated accounts",
        "Accounts that expanded",
        "Accounts that contracted",
        "Accounts that churned",
        "Accounts that contracted or churned",
        "Accounts whose MRR moved",
        "Accounts with a detractor answer",
        "Accounts that answered a survey",
        "Accounts that opened tickets",
        "Accounts with open tickets",
        "Subscriptions whose trial ended in the period",
        "Cancellation scheduled in the next 3 months",
    ],
    team_and_hours: "{n} CSMs · {hours} h/month",
    hires_by: "+{n} by {month}",
    icp_created: "✔ Profile “{name}” created. Fit and tiers are on their tab once a profile is primary.",
    fit_needs_profile: "Fit and tiers need an ICP profile. Create one from the suggestions of Discovery, or write your own in Profiles.",
};

pub const PT_BR: UxTr = UxTr {
    undo_import_label: "importação de {file}",
    focus_from_card: "{what} · {period}",
    card_hint: "Clique para listar estas contas",
    chart_empty: "Ainda não há dados para este gráfico no período e segmento escolhidos.",
    chart_one_month: "Só um mês tem dados: o gráfico precisa de pelo menos dois.",
    st_undone: "Desfeita",
    open_other_db: "Abrir outro banco de dados…",
    db_path_hint: "Caminho de um arquivo .db",
    db_open: "Abrir",
    db_section_hint: "O Tenure guarda tudo em um único arquivo SQLite. Abra outro arquivo ou comece um novo, vazio; a janela passa a usá-lo na hora.",
    db_missing_folder: "A pasta {folder} não existe: escolha uma pasta existente.",
    preview_rejected_hidden: "{n} linhas com problemas não aparecem na prévia; a simulação as lista.",
    margin_assumed: "O LTV supõe margem bruta de {margin} (Configurações). Informe sua margem real lá para um LTV mais fiel.",
    one_healthy: "Saudável",
    one_at_risk: "Em risco",
    one_critical: "Crítica",
    doors: [
        "Contas ativas",
        "Contas ativas 12 meses antes",
        "Em risco",
        "Críticas",
        "Dados insuficientes para a nota",
        "Contas novas",
        "Contas reativadas",
        "Contas que expandiram",
        "Contas que reduziram",
        "Contas que cancelaram",
        "Contas que reduziram ou cancelaram",
        "Contas cujo MRR mudou",
        "Contas com resposta detratora",
        "Contas que responderam pesquisas",
        "Contas que abriram chamados",
        "Contas com chamados abertos",
        "Assinaturas com teste que terminou no período",
        "Cancelamento agendado nos próximos 3 meses",
    ],
    team_and_hours: "{n} CSMs · {hours} h/mês",
    hires_by: "+{n} até {month}",
    icp_created: "✔ Perfil “{name}” criado. Aderência e faixas aparecem na aba delas quando um perfil é o principal.",
    fit_needs_profile: "Aderência e faixas precisam de um perfil de ICP. Crie um a partir das sugestões da Descoberta ou escreva o seu em Perfis.",
};

pub fn get(locale: Locale) -> &'static UxTr {
    match locale {
        Locale::En => &EN,
        Locale::PtBr => &PT_BR,
    }
}

/// An ICP attribute or criterion field as a person reads it: the schema's
/// label for account fields, these words for the derived ones, and the
/// custom field's own name otherwise.
pub fn attribute(locale: Locale, key: &str) -> String {
    let pt = locale == Locale::PtBr;
    let derived = match key {
        "mrr" => Some("MRR"),
        "arr" => Some("ARR"),
        "lifetime_revenue" => Some(if pt {
            "Receita acumulada"
        } else {
            "Lifetime revenue"
        }),
        "starting_mrr" => Some(if pt { "MRR inicial" } else { "Starting MRR" }),
        "health" => Some(if pt { "Saúde" } else { "Health" }),
        _ => None,
    };
    if let Some(d) = derived {
        return d.to_string();
    }
    let lang = if pt { "pt-BR" } else { "en" };
    let field = tenure_schema::kind("account").and_then(|k| k.field(key));
    match field {
        Some(f) => f.label.get(lang).to_string(),
        None => key.strip_prefix("custom.").unwrap_or(key).to_string(),
    }
}

impl UxTr {
    pub fn door(&self, door: Door) -> &'static str {
        let i = Door::ALL.iter().position(|d| *d == door).unwrap_or(0);
        self.doors[i]
    }

    /// A band's name for one account ("Healthy", not "Healthy accounts").
    pub fn band_one(&self, band: Band) -> &'static str {
        match band {
            Band::Healthy => self.one_healthy,
            Band::AtRisk => self.one_at_risk,
            Band::Critical => self.one_critical,
        }
    }
}
