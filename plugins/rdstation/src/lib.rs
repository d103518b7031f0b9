//! Tenure's importer for RD Station CRM exports: companies ("Empresas") →
//! accounts and deals ("Negociações") → opportunities, from CSV or XLSX.
//! It knows RD Station CRM's field names as its public API documents them
//! (`amount_monthly`, `closed_at`, `deal_stage` …, which data tools export
//! as column names) and the Portuguese labels of the same fields; no public
//! sample of the CRM's own spreadsheet export was available, so those labels
//! are unconfirmed (see the README).

use tenure_tabular::aliases::normalize;
use tenure_tabular::values::parse_bool;
use tenure_tabular::vendor::conventions::{closed_outcome, new_business};
use tenure_tabular::vendor::{Column, Derived, Lookup, Spec, Table};

const STATUS: &[&str] = &["Estado", "Status", "Situação", "status"];
const WIN: &[&str] = &["win", "Ganha", "Venda"];

/// The deal's outcome: the API's `win` (true / false / empty while open)
/// decides when present; otherwise the status word ("Em andamento",
/// "Vendida", "Perdida", "Pausada"; API: `ongoing`, `won`, `lost`,
/// `paused`). A paused deal is still open.
fn deal_status(look: &Lookup) -> Option<String> {
    if let Some(w) = look.text(WIN).as_deref().and_then(parse_bool) {
        return Some(if w { "won" } else { "lost" }.to_string());
    }
    let Some(s) = look.text(STATUS) else {
        // The API leaves `win` empty while the deal is open.
        return look.has(WIN).then(|| "open".to_string());
    };
    let n = normalize(&s);
    Some(match closed_outcome(&s) {
        Some(o) => o.to_string(),
        None if matches!(
            n.as_str(),
            "em andamento" | "andamento" | "ongoing" | "open" | "aberta" | "pausada" | "paused"
        ) =>
        {
            "open".to_string()
        }
        None => s,
    })
}

fn deal_closed_on(look: &Lookup) -> Option<String> {
    deal_status(look).filter(|s| s != "open")?;
    look.text(&["Data de fechamento", "Data de conclusão", "closed_at"])
}

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "companies (Empresas) export",
        markers: &[
            "organization_segments",
            "resume",
            "Segmentos",
            "Segmento",
            "Resumo",
            "URL",
            "Responsável",
            "Data de criação",
            "created_at",
            "user",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id", "ID", "Id da empresa", "Nome", "name"],
            },
            Column {
                field: "name",
                headers: &["Nome", "Nome da empresa", "name"],
            },
            Column {
                field: "domain",
                headers: &["URL", "Site", "url"],
            },
            Column {
                field: "industry",
                headers: &["Segmento", "Segmentos", "organization_segments"],
            },
            Column {
                field: "csm",
                headers: &["Responsável", "user"],
            },
        ],
        derived: &[],
    },
    Table {
        kind: "opportunity",
        group: false,
        label: "deals (Negociações) export",
        markers: &[
            "Funil de vendas",
            "Valor recorrente",
            "Valor único",
            "Motivo de perda",
            "Previsão de fechamento",
            "Qualificação",
            "Fonte",
            "Campanha",
            "Etapa",
            "deal_stage",
            "deal_pipeline",
            "amount_monthly",
            "amount_unique",
            "amount_total",
            "prediction_date",
            "deal_lost_reason",
            "deal_source",
            "closed_at",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["id", "ID", "Id da negociação"],
            },
            Column {
                field: "account",
                headers: &["Empresa", "organization", "Organização", "Cliente"],
            },
            // Opportunity amounts are MRR added: the recurring value first.
            Column {
                field: "amount",
                headers: &[
                    "Valor recorrente",
                    "Valor mensal",
                    "amount_monthly",
                    "Valor total",
                    "amount_total",
                    "Valor",
                ],
            },
            Column {
                field: "created_on",
                headers: &["Data de criação", "Criada em", "created_at"],
            },
        ],
        derived: &[
            Derived {
                field: "status",
                header: "Status (from Estado)",
                sources: &["Estado", "Status", "Situação", "win"],
                compute: deal_status,
            },
            Derived {
                field: "closed_on",
                header: "Closed on (from Data de fechamento)",
                sources: &["Data de fechamento", "Data de conclusão", "closed_at"],
                compute: deal_closed_on,
            },
            Derived {
                field: "kind",
                header: "Kind (RD Station deals are new business)",
                sources: &[],
                compute: new_business,
            },
        ],
    },
];

/// The RD Station CRM importer's tables.
pub static SPEC: Spec = Spec {
    id: "rdstation",
    name: "RD Station CRM",
    description: "RD Station CRM exports (Empresas, Negociações) as CSV or XLSX, Portuguese labels or API field names.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(RdStationImporter, SPEC);
