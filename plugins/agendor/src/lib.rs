//! Tenure's importer for Agendor (Brazilian CRM) exports: companies
//! ("Empresas") → accounts and deals ("Negócios") → opportunities, from
//! XLSX or CSV, with Portuguese labels. The companies layout is the one of
//! Agendor's own sample spreadsheet; the deals layout could not be confirmed
//! from a public sample (see the README).

use tenure_tabular::aliases::normalize;
use tenure_tabular::vendor::conventions::{closed_outcome, new_business};
use tenure_tabular::vendor::{Column, Companion, Derived, Lookup, Spec, Table};

const CATEGORY: &[&str] = &["Categoria"];

/// The company's key (its account's id, and its contact's account): the
/// export has no record id, so the name; a "Código"/"ID" column wins when a
/// customised export has one.
const COMPANY_KEY: &[&str] = &["Código", "ID", "Id da empresa", "Nome"];
const COMPANY_NAME: &[&str] = &["Nome", "Nome fantasia", "Razão Social"];

/// Agendor's company categories: "Cliente efetivo" (a paying customer) is
/// active; "Ex-cliente" / "Cliente inativo" churned. Any other category
/// is passed on: "Cliente em potencial" (Agendor's own sample) is then read
/// as a prospect; a bare number (a category id) is for the person to map.
fn company_status(look: &Lookup) -> Option<String> {
    let c = look.text(CATEGORY)?;
    let n = normalize(&c);
    let s = if n.contains("ex cliente") || n.contains("inativ") || n.contains("perdid") {
        "churned"
    } else if n == "cliente" || n.contains("efetiv") || n.contains("cliente ativo") {
        "active"
    } else {
        // "Cliente em potencial" goes on as written: the generic reader
        // knows it as a prospect, and a person's own mapping of the words
        // still wins.
        return Some(c);
    };
    Some(s.to_string())
}

const DEAL_STATUS: &[&str] = &["Status", "Situação", "Status do negócio"];

/// Agendor deal statuses: "Em andamento" (open), "Ganho", "Perdido".
fn deal_status(look: &Lookup) -> Option<String> {
    let s = look.text(DEAL_STATUS)?;
    let n = normalize(&s);
    Some(match closed_outcome(&s) {
        Some(o) => o.to_string(),
        None if matches!(
            n.as_str(),
            "em andamento" | "aberto" | "em aberto" | "andamento"
        ) =>
        {
            "open".to_string()
        }
        None => s,
    })
}

fn deal_closed_on(look: &Lookup) -> Option<String> {
    deal_status(look).filter(|s| s != "open")?;
    look.text(&[
        "Data de conclusão",
        "Data de fechamento",
        "Data de término",
        "Data de encerramento",
    ])
}

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "companies (Empresas) spreadsheet",
        markers: &[
            "Razão Social",
            "CNPJ",
            "Categoria",
            "Origem",
            "Usuário responsável",
            "Setor",
            "WhatsApp",
            "Ramal",
            "Bairro",
            "Complemento",
            "Skype",
            "Ranking",
        ],
        min_markers: 5,
        columns: &[
            Column {
                field: "external_id",
                headers: COMPANY_KEY,
            },
            Column {
                field: "name",
                headers: COMPANY_NAME,
            },
            Column {
                field: "domain",
                headers: &["Website", "Site"],
            },
            Column {
                field: "industry",
                headers: &["Setor"],
            },
            Column {
                field: "country",
                headers: &["País"],
            },
            Column {
                field: "region",
                headers: &["Estado", "UF"],
            },
            Column {
                field: "city",
                headers: &["Cidade"],
            },
            Column {
                field: "plan",
                headers: &["Produto"],
            },
            Column {
                field: "csm",
                headers: &["Usuário responsável", "Responsável"],
            },
        ],
        derived: &[Derived {
            field: "status",
            header: "Status (from Categoria)",
            sources: CATEGORY,
            compute: company_status,
        }],
    },
    Table {
        kind: "opportunity",
        group: false,
        label: "deals (Negócios) spreadsheet",
        markers: &[
            "Título",
            "Etapa",
            "Funil",
            "Valor total",
            "Usuário responsável",
            "Data de início",
            "Data de conclusão",
            "Empresa",
            "Status",
        ],
        min_markers: 5,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Código", "ID", "Id do negócio"],
            },
            Column {
                field: "account",
                headers: &["Empresa", "Empresa relacionada", "Cliente"],
            },
            Column {
                field: "amount",
                headers: &["Valor total", "Valor"],
            },
            Column {
                field: "created_on",
                headers: &["Data de início", "Data de criação", "Criado em"],
            },
        ],
        derived: &[
            Derived {
                field: "status",
                header: "Status (from Status)",
                sources: DEAL_STATUS,
                compute: deal_status,
            },
            Derived {
                field: "closed_on",
                header: "Closed on (from Data de conclusão)",
                sources: &[
                    "Data de conclusão",
                    "Data de fechamento",
                    "Data de término",
                    "Data de encerramento",
                ],
                compute: deal_closed_on,
            },
            Derived {
                field: "kind",
                header: "Kind (Agendor deals are new business)",
                sources: &[],
                compute: new_business,
            },
        ],
    },
];

const EMAIL: &[&str] = &["E-mail", "Email"];
/// Agendor has WhatsApp, Celular and Telefone; the first filled one is the
/// contact's phone (a small business answers WhatsApp first). All of them
/// stay in the account's custom fields as written.
const PHONES: &[&str] = &["WhatsApp", "Celular", "Telefone"];

fn contact_phone(look: &Lookup) -> Option<String> {
    PHONES.iter().find_map(|p| look.text(&[p]))
}

fn has_contact(look: &Lookup) -> bool {
    look.text(EMAIL).is_some() || contact_phone(look).is_some()
}

/// A company's e-mail and phones are its main contact, named as the
/// company (the export has no person's name).
static COMPANIONS: &[Companion] = &[Companion {
    of: "account",
    table: Table {
        kind: "contact",
        group: false,
        label: "the company's contact (E-mail, WhatsApp, Celular, Telefone)",
        markers: &[],
        min_markers: 0,
        columns: &[
            Column {
                field: "account",
                headers: COMPANY_KEY,
            },
            Column {
                field: "name",
                headers: COMPANY_NAME,
            },
            Column {
                field: "email",
                headers: EMAIL,
            },
        ],
        derived: &[
            Derived {
                field: "phone",
                header: "Phone (from WhatsApp, Celular, Telefone)",
                sources: PHONES,
                compute: contact_phone,
            },
            Derived {
                field: "is_primary",
                header: "Primary (the company's own contact)",
                sources: &[],
                compute: |_| Some("true".to_string()),
            },
        ],
    },
    keep: has_contact,
    first: false,
}];

/// The Agendor importer's tables.
pub static SPEC: Spec = Spec {
    id: "agendor",
    name: "Agendor",
    description: "Agendor CRM exports (Empresas, Negócios) as XLSX or CSV, Portuguese labels.",
    tables: TABLES,
    refuse: None,
    companions: COMPANIONS,
};

tenure_tabular::vendor_importer!(AgendorImporter, SPEC);
