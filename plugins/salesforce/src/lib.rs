//! Tenure's importer for Salesforce exports: accounts → accounts,
//! opportunities → opportunities, cases → tickets. Reads Data Loader and
//! Data Export files (API names in any case: `Id`, `StageName`,
//! `NUMBEROFEMPLOYEES`) and report exports (labels: "Account Name",
//! "Opportunity Name", "Stage"), from CSV or XLSX. Rows whose
//! `CurrencyIsoCode` differs from the database's currency are rejected. The
//! columns it knows, and where each name comes from, are in the README.

use tenure_tabular::aliases::normalize;
use tenure_tabular::values::parse_bool;
use tenure_tabular::vendor::conventions::closed_outcome;
use tenure_tabular::vendor::{Column, Derived, Lookup, Spec, Table};

const IS_WON: &[&str] = &["IsWon", "Won", "Ganho"];
const IS_CLOSED: &[&str] = &["IsClosed", "Closed", "Fechado"];
const STAGE: &[&str] = &["StageName", "Stage", "Fase"];

/// `IsWon`/`IsClosed` decide when present (they are Salesforce's own
/// reading of the stage); otherwise the stage name: "Closed Won" / "Closed
/// Lost" (or a name saying won/lost) closes, any other stage is open.
fn opportunity_status(look: &Lookup) -> Option<String> {
    let won = look.text(IS_WON).as_deref().and_then(parse_bool);
    let closed = look.text(IS_CLOSED).as_deref().and_then(parse_bool);
    let s = match (won, closed) {
        (Some(true), _) => "won",
        (Some(false), Some(true)) => "lost",
        (_, Some(false)) => "open",
        _ => {
            let stage = look.text(STAGE)?;
            closed_outcome(&stage).unwrap_or("open")
        }
    };
    Some(s.to_string())
}

const OPPORTUNITY_TYPE: &[&str] = &["Type", "Opportunity Type", "Tipo"];

/// Salesforce's default Type picklist; no type means new business. Other
/// values are passed on, so the row is rejected with a `--map-value` hint.
fn opportunity_kind(look: &Lookup) -> Option<String> {
    let Some(t) = look.text(OPPORTUNITY_TYPE) else {
        return Some("new".to_string());
    };
    let n = normalize(&t);
    // "Renewal" contains "new": renewals are recognised first.
    let k = if n.contains("renewal") || n.contains("renovacao") || n.contains("replacement") {
        "renewal"
    } else if n.contains("upgrade") || n.contains("upsell") || n.contains("expansion") {
        "upsell"
    } else if n.contains("cross") {
        "cross_sell"
    } else if n.contains("new") || n.contains("novo") {
        "new"
    } else {
        return Some(t);
    };
    Some(k.to_string())
}

/// `CloseDate` is the expected date on an open opportunity: only a closed
/// one's is when it closed.
fn opportunity_closed_on(look: &Lookup) -> Option<String> {
    opportunity_status(look).filter(|s| s != "open")?;
    look.text(&["CloseDate", "Close Date", "Data de fechamento"])
}

const ACCOUNT_TYPE: &[&str] = &["Type", "Account Type", "Tipo de conta"];

/// Account `Type`: the default picklist says "Prospect", "Customer -
/// Direct", "Customer - Channel", "Channel Partner / Reseller",
/// "Installation Partner", "Technology Partner" and "Other" (README: where
/// this comes from). Customers are active, "Former Customer" style values
/// churned; partners and "Other" are neither, so their rows are left out
/// (counted in the report). Any other value goes on as written:
/// "Prospect" is then read as a prospect by the generic reader (so that a
/// person's own mapping of it still wins), anything else is for the person
/// to map.
fn account_status(look: &Lookup) -> Option<String> {
    let t = look.text(ACCOUNT_TYPE)?;
    let n = normalize(&t);
    let s = if n.contains("former") || n.contains("ex cliente") || n.contains("churn") {
        "churned"
    } else if n.starts_with("customer") || n.starts_with("cliente") {
        "active"
    } else if n.contains("partner") || n.contains("parceiro") || n == "other" || n == "outro" {
        return Some(format!(
            "skip:Type `{t}` is neither a customer nor a prospect"
        ));
    } else {
        return Some(t);
    };
    Some(s.to_string())
}

const LEAD_COMPANY: &[&str] = &["Company", "Company / Account", "Empresa", "Empresa/Conta"];
const LEAD_CONVERTED: &[&str] = &["IsConverted", "Converted", "Convertido"];
const LEAD_CONVERTED_ACCOUNT: &[&str] = &["ConvertedAccountId", "Converted Account ID"];

/// A lead's account: one per company (the name, ignoring case and
/// accents), so that a company's several leads are one prospect.
fn lead_account_id(look: &Lookup) -> Option<String> {
    look.text(LEAD_COMPANY)
        .map(|c| format!("lead:{}", normalize(&c)))
}

/// An unconverted lead is a prospect; a converted one became the account
/// named in `ConvertedAccountId`, which the accounts export brings, so its
/// row is left out (counted in the report).
fn lead_status(look: &Lookup) -> Option<String> {
    let converted = look.text(LEAD_CONVERTED).as_deref().and_then(parse_bool) == Some(true)
        || look.text(LEAD_CONVERTED_ACCOUNT).is_some();
    Some(if converted {
        match look.text(LEAD_CONVERTED_ACCOUNT) {
            Some(id) => format!(
                "skip:The lead was converted into account `{id}` (the accounts export brings it)"
            ),
            None => "skip:The lead was converted into an account (the accounts export brings it)"
                .to_string(),
        }
    } else {
        "prospect".to_string()
    })
}

const ACCOUNT_REF: &[&str] = &[
    "AccountId",
    "Account ID",
    "ID da conta",
    "Account Name",
    "Nome da conta",
];

fn account_ref(look: &Lookup) -> Option<String> {
    look.text(ACCOUNT_REF)
}

const CURRENCY: &[&str] = &[
    "CurrencyIsoCode",
    "Currency ISO Code",
    "Opportunity Currency",
    "Amount Currency",
    "Account Currency",
    "Moeda",
];

/// A Data Loader error file lists the rows Salesforce refused, with an
/// `ERROR` column: importing it as data would be wrong.
fn refuse(names: &[String]) -> Option<String> {
    names.iter().any(|n| n == "error").then(|| {
        "this is a Salesforce Data Loader error file (it has an ERROR column): it lists rows Salesforce refused to load, not your data. Import the extract file (or the success file) instead.".to_string()
    })
}

static TABLES: &[Table] = &[
    Table {
        kind: "account",
        group: false,
        label: "accounts (Data Loader or report)",
        markers: &[
            "BillingCountry",
            "BillingCity",
            "BillingState",
            "BillingStreet",
            "BillingPostalCode",
            "ShippingCountry",
            "NumberOfEmployees",
            "AnnualRevenue",
            "AccountNumber",
            "MasterRecordId",
            "TickerSymbol",
            "Account Name",
            "Account Owner",
            "Billing Country",
            "Billing City",
            "Billing State/Province",
            "Account ID",
            "Account Number",
            "Account Site",
            "Parent Account",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Id", "Account ID", "ID da conta"],
            },
            Column {
                field: "name",
                headers: &["Name", "Account Name", "Nome da conta"],
            },
            Column {
                field: "domain",
                headers: &["Website", "Site da Web"],
            },
            Column {
                field: "industry",
                headers: &["Industry", "Setor"],
            },
            Column {
                field: "employees",
                headers: &["NumberOfEmployees", "Employees", "Funcionários"],
            },
            Column {
                field: "country",
                headers: &["BillingCountry", "Billing Country", "País de cobrança"],
            },
            Column {
                field: "region",
                headers: &[
                    "BillingState",
                    "Billing State/Province",
                    "Estado/Província de cobrança",
                ],
            },
            Column {
                field: "city",
                headers: &["BillingCity", "Billing City", "Cidade de cobrança"],
            },
            Column {
                field: "csm",
                headers: &[
                    "Account Owner",
                    "Owner.Name",
                    "Owner Name",
                    "Proprietário da conta",
                    "OwnerId",
                ],
            },
        ],
        derived: &[Derived {
            field: "status",
            header: "Status (from Type)",
            sources: ACCOUNT_TYPE,
            compute: account_status,
        }],
    },
    // Leads (`Lead.csv` of a Data Export, a Data Loader extract or a leads
    // report): prospects, one account per company.
    Table {
        kind: "account",
        group: true,
        label: "leads (Data Export, Data Loader or report)",
        markers: &[
            "IsConverted",
            "ConvertedAccountId",
            "ConvertedContactId",
            "ConvertedOpportunityId",
            "ConvertedDate",
            "LeadSource",
            "IsUnreadByOwner",
            "Lead ID",
            "Lead Status",
            "Lead Source",
            "Lead Owner",
            "Company / Account",
        ],
        min_markers: 2,
        columns: &[
            Column {
                field: "name",
                headers: LEAD_COMPANY,
            },
            Column {
                field: "domain",
                headers: &["Website", "Site da Web"],
            },
            Column {
                field: "industry",
                headers: &["Industry", "Setor"],
            },
            Column {
                field: "employees",
                headers: &[
                    "NumberOfEmployees",
                    "No. of Employees",
                    "Employees",
                    "Funcionários",
                ],
            },
            Column {
                field: "country",
                headers: &["Country", "País"],
            },
            Column {
                field: "region",
                headers: &["State", "State/Province", "Estado/Província"],
            },
            Column {
                field: "city",
                headers: &["City", "Cidade"],
            },
        ],
        derived: &[
            Derived {
                field: "external_id",
                header: "External id (from Company)",
                sources: LEAD_COMPANY,
                compute: lead_account_id,
            },
            Derived {
                field: "status",
                header: "Status (from IsConverted)",
                sources: &[],
                compute: lead_status,
            },
        ],
    },
    Table {
        kind: "opportunity",
        group: false,
        label: "opportunities (Data Loader or report)",
        markers: &[
            "StageName",
            "IsWon",
            "IsClosed",
            "CloseDate",
            "ForecastCategory",
            "ForecastCategoryName",
            "ExpectedRevenue",
            "HasOpportunityLineItem",
            "Pricebook2Id",
            "Opportunity Name",
            "Opportunity ID",
            "Opportunity Owner",
            "Stage",
            "Close Date",
            "Forecast Category",
            "Probability (%)",
            "Expected Revenue",
            "Nome da oportunidade",
            "Fase",
        ],
        min_markers: 3,
        columns: &[
            Column {
                field: "external_id",
                headers: &["Id", "Opportunity ID", "ID da oportunidade"],
            },
            Column {
                field: "amount",
                headers: &["Amount", "Valor"],
            },
            Column {
                field: "created_on",
                headers: &["CreatedDate", "Created Date", "Data de criação"],
            },
            Column {
                field: "currency",
                headers: CURRENCY,
            },
        ],
        derived: &[
            Derived {
                field: "account",
                header: "Account (from AccountId)",
                sources: ACCOUNT_REF,
                compute: account_ref,
            },
            Derived {
                field: "status",
                header: "Status (from IsWon, IsClosed, StageName)",
                sources: &[
                    "IsWon",
                    "Won",
                    "IsClosed",
                    "Closed",
                    "StageName",
                    "Stage",
                    "Fase",
                ],
                compute: opportunity_status,
            },
            Derived {
                field: "kind",
                header: "Kind (from Type)",
                sources: &[],
                compute: opportunity_kind,
            },
            Derived {
                field: "closed_on",
                header: "Closed on (from CloseDate)",
                sources: &["CloseDate", "Close Date", "Data de fechamento"],
                compute: opportunity_closed_on,
            },
        ],
    },
    Table {
        kind: "ticket",
        group: false,
        label: "cases (Data Loader or report)",
        markers: &[
            "CaseNumber",
            "ClosedDate",
            "IsEscalated",
            "SuppliedEmail",
            "Origin",
            "Case Number",
            "Case Origin",
            "Case Owner",
            "Date/Time Opened",
            "Date/Time Closed",
            "Número do caso",
        ],
        min_markers: 2,
        columns: &[
            Column {
                field: "external_id",
                headers: &[
                    "CaseNumber",
                    "Case Number",
                    "Número do caso",
                    "Id",
                    "Case ID",
                ],
            },
            Column {
                field: "opened_at",
                headers: &[
                    "CreatedDate",
                    "Date/Time Opened",
                    "Opened Date",
                    "Data/hora de abertura",
                ],
            },
            Column {
                field: "resolved_at",
                headers: &[
                    "ClosedDate",
                    "Date/Time Closed",
                    "Closed Date",
                    "Data/hora de fechamento",
                ],
            },
            Column {
                field: "category",
                headers: &["Type", "Case Type", "Reason", "Case Reason", "Tipo"],
            },
            Column {
                field: "priority",
                headers: &["Priority", "Prioridade"],
            },
            Column {
                field: "channel",
                headers: &["Origin", "Case Origin", "Origem do caso"],
            },
        ],
        derived: &[Derived {
            field: "account",
            header: "Account (from AccountId)",
            sources: ACCOUNT_REF,
            compute: account_ref,
        }],
    },
];

/// The Salesforce importer's tables.
pub static SPEC: Spec = Spec {
    id: "salesforce",
    name: "Salesforce",
    description: "Salesforce exports (Data Loader, Data Export, reports): accounts, leads (as prospects), opportunities and cases as CSV or XLSX; rows in another currency than the database's are rejected.",
    tables: TABLES,
    refuse: Some(refuse),
    companions: &[],
};

tenure_tabular::vendor_importer!(SalesforceImporter, SPEC);
