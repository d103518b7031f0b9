//! Tenure's importer for HubSpot exports: companies → accounts, deals →
//! opportunities, tickets → tickets, from CSV or XLSX, with English or
//! Portuguese column labels. The columns it knows, and where each name
//! comes from, are in this crate's README.

use tenure_tabular::vendor::conventions::{closed_outcome, first_of_list};
use tenure_tabular::vendor::{Column, Derived, Lookup, Spec, Table};

const RECORD_ID: &[&str] = &["Record ID", "ID do registro", "Company ID", "ID da empresa"];

/// Association columns: ids first (exact), then the company's name.
const ASSOCIATED_COMPANY: &[&str] = &[
    "Associated Company IDs (Primary)",
    "Associated Company ID",
    "Associated Company IDs",
    "IDs de empresas associadas",
    "ID da empresa associada",
    "Associated Company",
    "Associated Company (Primary)",
    "Empresa associada",
    "Company name",
    "Nome da empresa",
];

fn account_ref(look: &Lookup) -> Option<String> {
    look.text(ASSOCIATED_COMPANY).map(|t| first_of_list(&t))
}

const LIFECYCLE: &[&str] = &["Lifecycle Stage", "Fase do ciclo de vida"];

/// HubSpot's default lifecycle stages (README: where they come from), as
/// internal values (`marketingqualifiedlead`) or as the labels an export
/// writes ("Marketing Qualified Lead"): subscriber, lead, MQL, SQL and
/// opportunity are prospects; customer and evangelist are customers. Other
/// values ("Other", a custom stage) are passed on for the person to map.
fn company_status(look: &Lookup) -> Option<String> {
    let stage = look.text(LIFECYCLE)?;
    lifecycle_status(&stage)
}

fn lifecycle_status(stage: &str) -> Option<String> {
    let n = tenure_tabular::aliases::normalize(stage).replace(' ', "");
    Some(
        match n.as_str() {
            "customer" | "cliente" | "evangelist" | "evangelista" => "active",
            "formercustomer" | "excliente" | "churned" => "churned",
            "subscriber"
            | "assinante"
            | "lead"
            | "marketingqualifiedlead"
            | "mql"
            | "leadqualificadoparamarketing"
            | "salesqualifiedlead"
            | "sql"
            | "leadqualificadoparavendas"
            | "opportunity"
            | "oportunidade" => "prospect",
            _ => return Some(stage.to_string()),
        }
        .to_string(),
    )
}

/// A contact's company: its id in the association columns, else its
/// company name (ignoring case and accents); contacts of one company are
/// one account.
const CONTACT_COMPANY_ID: &[&str] = &[
    "Associated Company IDs (Primary)",
    "Associated Company ID",
    "Associated Company IDs",
    "IDs de empresas associadas",
    "ID da empresa associada",
];
const CONTACT_COMPANY_NAME: &[&str] = &[
    "Associated Company",
    "Associated Company (Primary)",
    "Empresa associada",
    "Company Name",
    "Nome da empresa",
];

fn contact_account_id(look: &Lookup) -> Option<String> {
    look.text(CONTACT_COMPANY_ID)
        .map(|t| first_of_list(&t))
        .or_else(|| {
            look.text(CONTACT_COMPANY_NAME).map(|n| {
                format!(
                    "company:{}",
                    tenure_tabular::aliases::normalize(&first_of_list(&n))
                )
            })
        })
}

fn contact_account_name(look: &Lookup) -> Option<String> {
    look.text(CONTACT_COMPANY_NAME).map(|n| first_of_list(&n))
}

/// A contact's lifecycle stage is its company's; a contact with no
/// company is no account (left out, counted).
fn contact_status(look: &Lookup) -> Option<String> {
    if contact_account_id(look).is_none() {
        return Some("skip:The contact has no associated company".to_string());
    }
    lifecycle_status(&look.text(LIFECYCLE)?)
}

const DEAL_STAGE: &[&str] = &["Deal Stage", "Fase do negócio", "Etapa do negócio"];

/// HubSpot's closed stages are `closedwon` / `closedlost` (exported as
/// "Closed Won" / "Closed Lost", sometimes with the pipeline in
/// parentheses); every other stage is open.
fn deal_status(look: &Lookup) -> Option<String> {
    let stage = look.text(DEAL_STAGE)?;
    Some(closed_outcome(&stage).unwrap_or("open").to_string())
}

const DEAL_TYPE: &[&str] = &["Deal Type", "Tipo de negócio"];

/// HubSpot's two default deal types; no type means new business.
fn deal_kind(look: &Lookup) -> Option<String> {
    let Some(t) = look.text(DEAL_TYPE) else {
        return Some("new".to_string());
    };
    let n = tenure_tabular::aliases::normalize(&t).replace(' ', "");
    Some(
        match n.as_str() {
            "newbusiness" | "novonegocio" | "novosnegocios" => "new",
            "existingbusiness" | "negocioexistente" | "negociosexistentes" => "renewal",
            _ => return Some(t),
        }
        .to_string(),
    )
}

/// HubSpot fills "Close Date" with the expected date on open deals: only a
/// closed deal's close date is when it closed.
fn deal_closed_on(look: &Lookup) -> Option<String> {
    deal_status(look).filter(|s| s != "open")?;
    look.text(&["Close Date", "Data de fechamento"])
}

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "companies export",
        markers: &[
            "Record ID",
            "ID do registro",
            "Company Domain Name",
            "Nome do domínio da empresa",
            "Company owner",
            "Proprietário da empresa",
            "Lifecycle Stage",
            "Fase do ciclo de vida",
            "Company name",
            "Nome da empresa",
            "Country/Region",
            "País/Região",
            "Number of Employees",
            "Número de funcionários",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: RECORD_ID,
            },
            Column {
                field: "name",
                headers: &["Company name", "Nome da empresa", "Name", "Nome"],
            },
            Column {
                field: "domain",
                headers: &[
                    "Company Domain Name",
                    "Nome do domínio da empresa",
                    "Website URL",
                    "URL do site",
                ],
            },
            Column {
                field: "industry",
                headers: &["Industry", "Setor"],
            },
            Column {
                field: "employees",
                headers: &["Number of Employees", "Número de funcionários"],
            },
            Column {
                field: "country",
                headers: &["Country/Region", "País/Região", "Country", "País"],
            },
            Column {
                field: "region",
                headers: &["State/Region", "Estado/Região"],
            },
            Column {
                field: "city",
                headers: &["City", "Cidade"],
            },
            Column {
                field: "csm",
                headers: &["Company owner", "Proprietário da empresa"],
            },
            Column {
                field: "customer_since",
                headers: &["Became a Customer Date", "Tornou-se cliente em"],
            },
        ],
        derived: &[Derived {
            field: "status",
            header: "Status (from Lifecycle Stage)",
            sources: LIFECYCLE,
            compute: company_status,
        }],
    },
    // Contacts export with a lifecycle stage: grouped to their companies.
    Table {
        kind: "account",
        group: true,
        label: "contacts export (grouped by company)",
        markers: &[
            "First Name",
            "Last Name",
            "Email",
            "Contact owner",
            "Lead Status",
            "Associated Company",
            "Associated Company IDs",
            "Associated Company IDs (Primary)",
            "Nome",
            "Sobrenome",
            "E-mail",
            "Proprietário do contato",
            "Status do lead",
            "Empresa associada",
        ],
        min_markers: 4,
        columns: &[],
        derived: &[
            Derived {
                field: "external_id",
                header: "External id (from Associated Company)",
                sources: &[],
                compute: contact_account_id,
            },
            Derived {
                field: "name",
                header: "Name (from Associated Company)",
                sources: CONTACT_COMPANY_NAME,
                compute: contact_account_name,
            },
            Derived {
                field: "status",
                header: "Status (from Lifecycle Stage)",
                sources: LIFECYCLE,
                compute: contact_status,
            },
        ],
    },
    Table {
        kind: "opportunity",
        group: false,
        label: "deals export",
        markers: &[
            "Record ID",
            "ID do registro",
            "Deal Name",
            "Nome do negócio",
            "Deal Stage",
            "Fase do negócio",
            "Deal owner",
            "Proprietário do negócio",
            "Deal Type",
            "Tipo de negócio",
            "Pipeline",
            "Close Date",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Record ID", "ID do registro", "Deal ID", "ID do negócio"],
            },
            Column {
                field: "amount",
                headers: &["Amount", "Valor"],
            },
            Column {
                field: "created_on",
                headers: &["Create Date", "Data de criação"],
            },
            Column {
                field: "currency",
                headers: &["Currency", "Moeda", "Deal currency code"],
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from Associated Company)",
                sources: ASSOCIATED_COMPANY,
                compute: account_ref,
            },
            Derived {
                field: "status",
                header: "Status (from Deal Stage)",
                sources: DEAL_STAGE,
                compute: deal_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from Deal Type)",
                sources: &[],
                compute: deal_kind,
            },
            Derived {
                field: "closed_on",
                header: "Closed on (from Close Date)",
                sources: &["Close Date", "Data de fechamento"],
                compute: deal_closed_on,
            },
        ],
    },
    Table {
        kind: "ticket",
        group: false,
        label: "tickets export",
        markers: &[
            "Ticket ID",
            "ID do ticket",
            "Ticket name",
            "Nome do ticket",
            "Ticket status",
            "Status do ticket",
            "Ticket owner",
            "Proprietário do ticket",
            "Record ID",
            "ID do registro",
        ],
        min_markers: 2,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Ticket ID", "ID do ticket", "Record ID", "ID do registro"],
            },
            Column {
                field: "opened_at",
                headers: &["Create date", "Data de criação"],
            },
            Column {
                field: "first_response_at",
                headers: &[
                    "First agent reply date",
                    "First agent email response date",
                    "Data da primeira resposta do agente",
                ],
            },
            Column {
                field: "resolved_at",
                headers: &["Close date", "Data de fechamento"],
            },
            Column {
                field: "category",
                headers: &["Category", "Categoria", "Ticket category"],
            },
            Column {
                field: "priority",
                headers: &["Priority", "Prioridade"],
            },
            Column {
                field: "channel",
                headers: &["Source", "Origem", "Fonte"],
            },
        ],
        derived: &[Derived {
            field: "account",
            header: "Account (from Associated Company)",
            sources: ASSOCIATED_COMPANY,
            compute: account_ref,
        }],
    },
];

/// The HubSpot importer's tables.
pub static SPEC: Spec = Spec {
    id: "hubspot",
    name: "HubSpot",
    description: "HubSpot CRM exports (companies, contacts grouped by company, deals, tickets) as CSV or XLSX, English or Portuguese labels.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(HubSpotImporter, SPEC);
