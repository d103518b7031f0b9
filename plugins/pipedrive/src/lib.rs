//! Tenure's importer for Pipedrive exports: organizations → accounts, deals
//! → opportunities, from CSV or XLSX. Pipedrive names every exported column
//! `Entity - Field` ("Organization - Name", "Deal - Value"; in Portuguese
//! "Organização - Nome", "Negócio - Valor"). The columns it knows, and where
//! each name comes from, are in the README.

use tenure_tabular::vendor::conventions::{closed_outcome, new_business};
use tenure_tabular::vendor::{Column, Derived, Lookup, Spec, Table};

const DEAL_STATUS: &[&str] = &["Deal - Status", "Negócio - Status"];

/// `Deal - Status` is Open / Won / Lost (Aberto / Ganho / Perdido).
/// "Deleted" is passed on and rejected: a deleted deal is not an outcome.
fn deal_status(look: &Lookup) -> Option<String> {
    let s = look.text(DEAL_STATUS)?;
    let n = tenure_tabular::aliases::normalize(&s);
    Some(match closed_outcome(&s) {
        Some(o) => o.to_string(),
        None if matches!(n.as_str(), "open" | "aberto" | "aberta" | "em aberto") => {
            "open".to_string()
        }
        None => s,
    })
}

/// When the deal closed: its won or lost time, else the generic close date.
fn deal_closed_on(look: &Lookup) -> Option<String> {
    match deal_status(look)?.as_str() {
        "won" => look.text(&[
            "Deal - Won time",
            "Negócio - Ganho em",
            "Negócio - Data de ganho",
            "Deal - Close date",
            "Deal - Closed on",
            "Negócio - Fechado em",
        ]),
        "lost" => look.text(&[
            "Deal - Lost time",
            "Negócio - Perdido em",
            "Negócio - Data de perda",
            "Deal - Close date",
            "Deal - Closed on",
            "Negócio - Fechado em",
        ]),
        _ => None,
    }
}

const WON_DEALS: &[&str] = &[
    "Organization - Won deals",
    "Organisation - Won deals",
    "Organização - Negócios ganhos",
];

/// An organization with no won deal (its export's own count, `Won deals`)
/// is not yet a customer: a prospect. One with a won deal is a customer.
/// Without the column, or with a count that is not a number, nothing is
/// said (the stored default, or the person's mapping, applies).
fn organization_status(look: &Lookup) -> Option<String> {
    let won = look.text(WON_DEALS)?;
    let n: u64 = won.trim().parse().ok()?;
    Some(if n == 0 { "prospect" } else { "active" }.to_string())
}

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "organizations export",
        markers: &[
            "Organization - Name",
            "Organization - ID",
            "Organization - Owner",
            "Organization - Address",
            "Organization - Label",
            "Organization - People",
            "Organization - Open deals",
            "Organization - Won deals",
            "Organization - Organization created",
            "Organisation - Name",
            "Organisation - ID",
            "Organisation - Owner",
            "Organização - Nome",
            "Organização - ID",
            "Organização - Proprietário",
            "Organização - Endereço",
        ],
        min_markers: 2,
        columns: &[
            Column {
                field: "external_id",
                headers: &[
                    "Organization - ID",
                    "Organisation - ID",
                    "Organização - ID",
                    "Organization - Pipedrive System ID",
                ],
            },
            Column {
                field: "name",
                headers: &[
                    "Organization - Name",
                    "Organisation - Name",
                    "Organização - Nome",
                ],
            },
            Column {
                field: "domain",
                headers: &[
                    "Organization - Website",
                    "Organisation - Website",
                    "Organização - Site",
                    "Organização - Website",
                ],
            },
            Column {
                field: "industry",
                headers: &[
                    "Organization - Industry",
                    "Organisation - Industry",
                    "Organização - Setor",
                ],
            },
            Column {
                field: "employees",
                headers: &[
                    "Organization - Number of employees",
                    "Organisation - Number of employees",
                    "Organização - Número de funcionários",
                ],
            },
            Column {
                field: "country",
                headers: &[
                    "Organization - Address - Country of Address",
                    "Organisation - Address - Country of Address",
                    "Organização - Endereço - País de Endereço",
                ],
            },
            Column {
                field: "region",
                headers: &[
                    "Organization - Address - State/County of Address",
                    "Organisation - Address - State/County of Address",
                    "Organização - Endereço - Estado/Município de Endereço",
                ],
            },
            Column {
                field: "city",
                headers: &[
                    "Organization - Address - City/Town/Village/Locality of Address",
                    "Organisation - Address - City/Town/Village/Locality of Address",
                    "Organização - Endereço - Cidade/Vila/Povoado/Localidade de Endereço",
                ],
            },
            Column {
                field: "csm",
                headers: &[
                    "Organization - Owner",
                    "Organisation - Owner",
                    "Organização - Proprietário",
                ],
            },
        ],
        derived: &[Derived {
            field: "status",
            header: "Status (from Won deals)",
            sources: WON_DEALS,
            compute: organization_status,
        }],
    },
    Table {
        kind: "opportunity",
        group: false,
        label: "deals export",
        markers: &[
            // Headers are compared without spaces and dashes, so HubSpot's
            // "Deal Stage" / "Deal owner" would equal "Deal - Stage" /
            // "Deal - Owner": only Pipedrive's own names are markers.
            "Deal - Title",
            "Deal - Value",
            "Deal - Status",
            "Deal - Won time",
            "Deal - Lost time",
            "Deal - Deal created",
            "Deal - ID",
            "Deal - Organization",
            "Negócio - Título",
            "Negócio - Valor",
            "Negócio - Status",
            "Negócio - Etapa",
            "Negócio - Ganho em",
            "Negócio - Negócio criado em",
            "Negócio - ID",
            "Negócio - Organização",
        ],
        min_markers: 2,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Deal - ID", "Negócio - ID", "Deal - Pipedrive System ID"],
            },
            Column {
                field: "account",
                headers: &[
                    "Deal - Organization ID",
                    "Organization - ID",
                    "Negócio - ID da organização",
                    "Deal - Organization",
                    "Deal - Organisation",
                    "Negócio - Organização",
                    "Organization - Name",
                    "Organização - Nome",
                    "Organization",
                    "Organização",
                ],
            },
            Column {
                field: "amount",
                headers: &["Deal - Value", "Negócio - Valor", "Deal - Deal value"],
            },
            Column {
                field: "currency",
                headers: &[
                    "Deal - Currency",
                    "Deal - Currency of Value",
                    "Negócio - Moeda",
                    "Negócio - Moeda de Valor",
                ],
            },
            Column {
                field: "created_on",
                headers: &[
                    "Deal - Deal created",
                    "Deal - Deal created on",
                    "Deal - Add time",
                    "Negócio - Negócio criado em",
                    "Negócio - Criado em",
                ],
            },
        ],
        derived: &[
            Derived {
                field: "status",
                header: "Status (from Deal - Status)",
                sources: DEAL_STATUS,
                compute: deal_status,
            },
            Derived {
                field: "closed_on",
                header: "Closed on (from Deal - Won time / Lost time)",
                sources: &[
                    "Deal - Won time",
                    "Deal - Lost time",
                    "Deal - Close date",
                    "Deal - Closed on",
                    "Negócio - Ganho em",
                    "Negócio - Perdido em",
                    "Negócio - Data de ganho",
                    "Negócio - Data de perda",
                    "Negócio - Fechado em",
                ],
                compute: deal_closed_on,
            },
            Derived {
                field: "kind",
                header: "Kind (Pipedrive deals are new business)",
                sources: &[],
                compute: new_business,
            },
        ],
    },
];

/// The Pipedrive importer's tables.
pub static SPEC: Spec = Spec {
    id: "pipedrive",
    name: "Pipedrive",
    description: "Pipedrive exports (organizations, deals) as CSV or XLSX, English or Portuguese labels.",
    tables: TABLES,
    refuse: None,
    companions: &[],
};

tenure_tabular::vendor_importer!(PipedriveImporter, SPEC);
