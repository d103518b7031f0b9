//! The record kinds, their canonical fields, and the column headers (English
//! and Portuguese) that name each field. Headers are compared after
//! [`normalize`]: lower case, accents removed, punctuation and `_` as spaces,
//! `camelCase` split — so "Nº de funcionários", "no_de_funcionarios" and
//! "NoDeFuncionarios" are one alias.
//!
//! Within a field, aliases are listed by preference: when two columns could
//! feed one field, the one matching the earlier alias wins.

/// How a field's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text, kept as written.
    Text,
    /// An identifier: kept as text with leading zeros; whole numbers from a
    /// spreadsheet lose their `.0`.
    Id,
    Int,
    Money,
    /// A plain number (hours).
    Number,
    Date,
    Month,
    Instant,
    Bool,
    /// `active` / `churned`, read by the column's meaning.
    Status,
    SurveyKind,
    BillingPeriod,
    OpportunityKind,
    OpportunityStatus,
    /// An ISO currency code for the row's money (checked, not emitted).
    Currency,
    /// Minutes after the ticket was opened: gives `first_response_at` when
    /// no column does (read, not emitted).
    MinutesAfterOpened,
}

#[derive(Debug)]
pub struct Field {
    /// Canonical name (the JSON key).
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// Normalized header aliases, by preference.
    pub aliases: &'static [&'static str],
}

#[derive(Debug)]
pub struct KindDef {
    pub name: &'static str,
    /// Normalized words in a file or sheet name that point to this kind.
    pub names: &'static [&'static str],
    pub fields: &'static [Field],
}

/// The JSON key a field is emitted under (`kind` is taken by the record tag).
pub fn json_key(kind: &str, field: &'static str) -> &'static str {
    match (kind, field) {
        ("survey_response", "kind") => "survey_kind",
        ("activity", "kind") => "activity_kind",
        ("opportunity", "kind") => "opportunity_kind",
        _ => field,
    }
}

/// Pseudo-field that is read but never emitted.
pub const CURRENCY_FIELD: &str = "currency";

const fn f(
    name: &'static str,
    ty: FieldType,
    required: bool,
    aliases: &'static [&'static str],
) -> Field {
    Field {
        name,
        ty,
        required,
        aliases,
    }
}

use FieldType as T;

const ACCOUNT_REF: &[&str] = &[
    "account id",
    "account external id",
    "external id",
    "customer id",
    "client id",
    "company id",
    "accountid",
    "customerid",
    "id do cliente",
    "id cliente",
    "id da conta",
    "id conta",
    "id da empresa",
    "codigo do cliente",
    "cod cliente",
    "codigo cliente",
    "account number",
    "account",
    "customer",
    "client",
    "company",
    "cliente",
    "conta",
    "empresa",
    "account name",
    "customer name",
    "company name",
    "client name",
    "nome do cliente",
    "nome da empresa",
    "razao social",
    "nome da conta",
];

const CURRENCY: &[&str] = &[
    "currency",
    "moeda",
    "currency code",
    "codigo da moeda",
    "currencyisocode",
];

pub static KINDS: &[KindDef] = &[
    KindDef {
        name: "account",
        names: &[
            "account",
            "accounts",
            "conta",
            "contas",
            "cliente",
            "clientes",
            "customer",
            "customers",
            "company",
            "companies",
            "empresa",
            "empresas",
            "carteira",
        ],
        fields: &[
            f(
                "external_id",
                T::Id,
                true,
                &[
                    "external id",
                    "account id",
                    "customer id",
                    "client id",
                    "company id",
                    "accountid",
                    "customerid",
                    "id do cliente",
                    "id cliente",
                    "id da conta",
                    "id conta",
                    "id da empresa",
                    "codigo do cliente",
                    "codigo cliente",
                    "cod cliente",
                    "codigo",
                    "cod",
                    "account number",
                    "customer number",
                    "numero do cliente",
                    "numero da conta",
                    "record id",
                    "id",
                ],
            ),
            f(
                "name",
                T::Text,
                true,
                &[
                    "name",
                    "account name",
                    "company name",
                    "customer name",
                    "client name",
                    "organization name",
                    "nome da empresa",
                    "nome do cliente",
                    "nome da conta",
                    "nome fantasia",
                    "nome",
                    "razao social",
                    "account",
                    "company",
                    "customer",
                    "client",
                    "organization",
                    "organisation",
                    "empresa",
                    "cliente",
                    "conta",
                    "organizacao",
                ],
            ),
            f(
                "domain",
                T::Text,
                false,
                &[
                    "domain",
                    "company domain name",
                    "website",
                    "web site",
                    "site",
                    "url",
                    "dominio",
                    "email domain",
                    "dominio do email",
                ],
            ),
            f(
                "industry",
                T::Text,
                false,
                &[
                    "industry",
                    "sector",
                    "segment",
                    "vertical",
                    "setor",
                    "segmento",
                    "ramo",
                    "ramo de atividade",
                    "industria",
                    "setor de atuacao",
                ],
            ),
            f(
                "country",
                T::Text,
                false,
                &["country", "pais", "billing country", "country code"],
            ),
            f(
                "region",
                T::Text,
                false,
                &[
                    "region",
                    "state",
                    "regiao",
                    "estado",
                    "uf",
                    "province",
                    "billing state",
                ],
            ),
            f(
                "city",
                T::Text,
                false,
                &["city", "cidade", "municipio", "billing city"],
            ),
            f(
                "employees",
                T::Int,
                false,
                &[
                    "employees",
                    "employee count",
                    "number of employees",
                    "numberofemployees",
                    "no of employees",
                    "headcount",
                    "company size",
                    "no de funcionarios",
                    "n de funcionarios",
                    "numero de funcionarios",
                    "funcionarios",
                    "qtd funcionarios",
                    "qtd de funcionarios",
                    "quantidade de funcionarios",
                    "colaboradores",
                    "no de colaboradores",
                    "numero de colaboradores",
                ],
            ),
            f(
                "plan",
                T::Text,
                false,
                &[
                    "plan",
                    "plano",
                    "plan name",
                    "plan tier",
                    "package",
                    "pacote",
                    "edition",
                    "subscription plan",
                    "produto",
                    "product",
                ],
            ),
            f(
                "tier",
                T::Text,
                false,
                &[
                    "tier",
                    "cs tier",
                    "coverage",
                    "coverage model",
                    "service tier",
                    "touch model",
                    "modelo de atendimento",
                    "nivel de atendimento",
                    "tipo de atendimento",
                ],
            ),
            f(
                "csm",
                T::Text,
                false,
                &[
                    "csm",
                    "csm name",
                    "csm email",
                    "customer success manager",
                    "customer success",
                    "account manager",
                    "account owner",
                    "owner",
                    "responsavel",
                    "responsavel cs",
                    "gerente de conta",
                    "gerente de sucesso",
                    "cs",
                    "dono",
                    "dono da conta",
                    "executivo de conta",
                    "cs responsavel",
                    "usuario responsavel",
                ],
            ),
            f(
                "status",
                T::Status,
                false,
                &[
                    "status",
                    "account status",
                    "customer status",
                    "status do cliente",
                    "status da conta",
                    "situacao",
                    "situacao do cliente",
                    "churn",
                    "churned",
                    "churn flag",
                    "exited",
                    "cancelado",
                    "cancelou",
                    "active",
                    "ativo",
                    "is active",
                    "inativo",
                ],
            ),
            f(
                "customer_since",
                T::Date,
                false,
                &[
                    "customer since",
                    "cliente desde",
                    "start date",
                    "data de inicio",
                    "data inicio",
                    "inicio",
                    "since",
                    "signup date",
                    "sign up date",
                    "data de cadastro",
                    "data do cadastro",
                    "data de adesao",
                    "first purchase",
                    "first purchase date",
                    "data da primeira compra",
                    "contract start",
                    "inicio do contrato",
                    "join date",
                    "date joined",
                    "created date",
                    "data de criacao",
                    "created",
                    "createddate",
                    "become a customer date",
                ],
            ),
            f(
                "churned_on",
                T::Date,
                false,
                &[
                    "churned on",
                    "churn date",
                    "churned at",
                    "data do churn",
                    "data de churn",
                    "data de cancelamento",
                    "cancellation date",
                    "cancelled on",
                    "canceled on",
                    "cancelado em",
                    "data de saida",
                    "data de encerramento",
                    "end date",
                    "data fim",
                ],
            ),
            f(
                "churn_reason",
                T::Text,
                false,
                &[
                    "churn reason",
                    "reason",
                    "reason code",
                    "cancellation reason",
                    "motivo do churn",
                    "motivo do cancelamento",
                    "motivo",
                ],
            ),
            f(
                "renewal_on",
                T::Date,
                false,
                &[
                    "renewal on",
                    "renewal date",
                    "renewal",
                    "next renewal",
                    "next renewal date",
                    "data de renovacao",
                    "renovacao",
                    "proxima renovacao",
                    "contract end",
                    "contract end date",
                    "fim do contrato",
                    "vencimento do contrato",
                ],
            ),
            f(
                "onboarding_completed_on",
                T::Date,
                false,
                &[
                    "onboarding completed on",
                    "onboarding completed",
                    "onboarding date",
                    "onboarding completion date",
                    "go live",
                    "go live date",
                    "data do onboarding",
                    "onboarding concluido",
                    "fim do onboarding",
                    "data de go live",
                    "implantacao concluida",
                    "data da implantacao",
                ],
            ),
            f(
                "first_value_on",
                T::Date,
                false,
                &[
                    "first value on",
                    "first value",
                    "first value date",
                    "time to value date",
                    "primeiro valor",
                    "data do primeiro valor",
                ],
            ),
            f(
                "licenses",
                T::Int,
                false,
                &[
                    "licenses",
                    "licences",
                    "seats",
                    "seats purchased",
                    "licenses purchased",
                    "licencas",
                    "licencas contratadas",
                    "assentos",
                    "usuarios contratados",
                ],
            ),
            f(
                "acquisition_cost",
                T::Money,
                false,
                &[
                    "acquisition cost",
                    "cac",
                    "custo de aquisicao",
                    "customer acquisition cost",
                ],
            ),
        ],
    },
    KindDef {
        name: "mrr",
        names: &[
            "mrr",
            "receita",
            "receitas",
            "revenue",
            "faturamento",
            "billing",
            "mensalidades",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "month",
                T::Month,
                true,
                &[
                    "month",
                    "mes",
                    "competencia",
                    "mes de referencia",
                    "mes referencia",
                    "reference month",
                    "billing month",
                    "period",
                    "periodo",
                    "mes ano",
                    "date",
                    "data",
                ],
            ),
            f(
                "mrr",
                T::Money,
                true,
                &[
                    "mrr",
                    "monthly recurring revenue",
                    "receita recorrente mensal",
                    "receita mensal",
                    "monthly revenue",
                    "recurring revenue",
                    "mensalidade",
                    "valor mensal",
                    "faturamento mensal",
                    "revenue",
                    "receita",
                    "amount",
                    "valor",
                    "value",
                    "faturamento",
                ],
            ),
            f(CURRENCY_FIELD, T::Currency, false, CURRENCY),
        ],
    },
    KindDef {
        name: "subscription",
        names: &[
            "subscription",
            "subscriptions",
            "assinatura",
            "assinaturas",
            "contrato",
            "contratos",
            "contracts",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "external_id",
                T::Id,
                false,
                &[
                    "subscription id",
                    "id da assinatura",
                    "contract id",
                    "id do contrato",
                    "subscription",
                    "assinatura",
                    "contrato",
                    "id",
                ],
            ),
            f(
                "start",
                T::Date,
                true,
                &[
                    "start",
                    "start date",
                    "starts on",
                    "started on",
                    "data de inicio",
                    "data inicio",
                    "inicio",
                    "inicio da vigencia",
                    "begin",
                    "begin date",
                ],
            ),
            f(
                "end",
                T::Date,
                false,
                &[
                    "end",
                    "end date",
                    "ends on",
                    "ended on",
                    "data de termino",
                    "data fim",
                    "termino",
                    "fim",
                    "fim da vigencia",
                ],
            ),
            f(
                "amount",
                T::Money,
                true,
                &[
                    "amount",
                    "price",
                    "valor",
                    "preco",
                    "value",
                    "valor da assinatura",
                    "amount per period",
                    "mrr amount",
                    "mrr",
                    "mensalidade",
                ],
            ),
            f(
                "billing_period",
                T::BillingPeriod,
                false,
                &[
                    "billing period",
                    "billing frequency",
                    "billing cycle",
                    "periodicidade",
                    "frequencia",
                    "frequencia de cobranca",
                    "ciclo de cobranca",
                    "recorrencia",
                    "periodo de cobranca",
                ],
            ),
            f(
                "product",
                T::Text,
                false,
                &["product", "produto", "plan", "plano", "plan tier", "sku"],
            ),
            f(CURRENCY_FIELD, T::Currency, false, CURRENCY),
        ],
    },
    KindDef {
        name: "survey_response",
        names: &[
            "nps",
            "csat",
            "ces",
            "survey",
            "surveys",
            "pesquisa",
            "pesquisas",
            "survey responses",
            "respostas",
            "satisfacao",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "date",
                T::Date,
                true,
                &[
                    "date",
                    "data",
                    "response date",
                    "survey date",
                    "data da resposta",
                    "respondido em",
                    "submitted at",
                    "submitted",
                    "created at",
                    "created",
                ],
            ),
            f(
                "kind",
                T::SurveyKind,
                true,
                &[
                    "survey type",
                    "survey kind",
                    "survey",
                    "tipo de pesquisa",
                    "pesquisa",
                    "type",
                    "tipo",
                    "metric",
                    "metrica",
                    "kind",
                ],
            ),
            f(
                "score",
                T::Int,
                true,
                &[
                    "score",
                    "nps",
                    "nps score",
                    "nota nps",
                    "csat",
                    "csat score",
                    "nota csat",
                    "ces",
                    "ces score",
                    "nota",
                    "rating",
                    "pontuacao",
                    "avaliacao",
                ],
            ),
            f(
                "respondent",
                T::Text,
                false,
                &[
                    "respondent",
                    "respondente",
                    "contact",
                    "contato",
                    "email",
                    "e mail",
                    "user",
                    "usuario",
                    "respondent email",
                ],
            ),
            f(
                "comment",
                T::Text,
                false,
                &[
                    "comment",
                    "comments",
                    "comentario",
                    "comentarios",
                    "feedback",
                    "observacao",
                    "observacoes",
                    "why",
                    "motivo",
                    "text",
                ],
            ),
        ],
    },
    KindDef {
        name: "ticket",
        names: &[
            "ticket",
            "tickets",
            "chamado",
            "chamados",
            "suporte",
            "support",
            "support tickets",
            "cases",
            "casos",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "external_id",
                T::Id,
                false,
                &[
                    "ticket id",
                    "id do ticket",
                    "ticket number",
                    "numero do chamado",
                    "id do chamado",
                    "case id",
                    "case number",
                    "protocolo",
                    "ticket",
                    "chamado",
                    "id",
                ],
            ),
            f(
                "opened_at",
                T::Instant,
                true,
                &[
                    "opened at",
                    "opened",
                    "created at",
                    "created",
                    "created date",
                    "submitted at",
                    "submitted",
                    "aberto em",
                    "data de abertura",
                    "abertura",
                    "criado em",
                    "data de criacao",
                ],
            ),
            f(
                "first_response_at",
                T::Instant,
                false,
                &[
                    "first response at",
                    "first response",
                    "first reply at",
                    "primeira resposta",
                    "data da primeira resposta",
                    "respondido em",
                ],
            ),
            f(
                "first_response_minutes",
                T::MinutesAfterOpened,
                false,
                &[
                    "first response time minutes",
                    "first response minutes",
                    "minutes to first response",
                    "tempo de primeira resposta",
                    "tempo ate primeira resposta",
                    "tempo de primeira resposta min",
                ],
            ),
            f(
                "resolved_at",
                T::Instant,
                false,
                &[
                    "resolved at",
                    "resolved",
                    "solved at",
                    "closed at",
                    "closed",
                    "resolvido em",
                    "fechado em",
                    "data de resolucao",
                    "data de fechamento",
                    "encerrado em",
                ],
            ),
            f(
                "category",
                T::Text,
                false,
                &[
                    "category",
                    "categoria",
                    "type",
                    "tipo",
                    "topic",
                    "assunto",
                    "issue type",
                    "motivo",
                ],
            ),
            f(
                "priority",
                T::Text,
                false,
                &["priority", "prioridade", "severity", "severidade"],
            ),
            f(
                "channel",
                T::Text,
                false,
                &["channel", "canal", "source", "origem", "via"],
            ),
        ],
    },
    KindDef {
        name: "usage",
        names: &[
            "usage",
            "uso",
            "utilizacao",
            "adocao",
            "adoption",
            "product usage",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "month",
                T::Month,
                true,
                &[
                    "month",
                    "mes",
                    "competencia",
                    "mes de referencia",
                    "period",
                    "periodo",
                    "date",
                    "data",
                ],
            ),
            f(
                "active_users",
                T::Int,
                false,
                &[
                    "active users",
                    "usuarios ativos",
                    "mau",
                    "monthly active users",
                    "ativos",
                ],
            ),
            f(
                "total_users",
                T::Int,
                false,
                &[
                    "total users",
                    "users",
                    "usuarios",
                    "total de usuarios",
                    "usuarios totais",
                    "provisioned users",
                ],
            ),
            f(
                "adopters",
                T::Int,
                false,
                &[
                    "adopters",
                    "key feature users",
                    "adotantes",
                    "usuarios que adotaram",
                    "feature adopters",
                ],
            ),
            f(
                "licenses",
                T::Int,
                false,
                &["licenses", "licences", "seats", "licencas", "assentos"],
            ),
            f(
                "events",
                T::Int,
                false,
                &[
                    "events",
                    "logins",
                    "eventos",
                    "acessos",
                    "sessions",
                    "sessoes",
                    "usage count",
                    "usage events",
                ],
            ),
        ],
    },
    KindDef {
        name: "activity",
        names: &[
            "activity",
            "activities",
            "atividade",
            "atividades",
            "interacoes",
            "touches",
            "engagement",
            "engajamento",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "external_id",
                T::Id,
                false,
                &["activity id", "id da atividade", "id"],
            ),
            f(
                "date",
                T::Date,
                true,
                &[
                    "date",
                    "data",
                    "activity date",
                    "data da atividade",
                    "when",
                    "quando",
                ],
            ),
            f(
                "kind",
                T::Text,
                true,
                &[
                    "activity type",
                    "tipo de atividade",
                    "type",
                    "tipo",
                    "kind",
                    "activity",
                    "atividade",
                ],
            ),
            f(
                "csm",
                T::Text,
                false,
                &[
                    "csm",
                    "owner",
                    "responsavel",
                    "user",
                    "usuario",
                    "assigned to",
                ],
            ),
            f(
                "minutes",
                T::Int,
                false,
                &[
                    "minutes",
                    "duration",
                    "duration minutes",
                    "duracao",
                    "minutos",
                    "duracao min",
                    "duracao minutos",
                ],
            ),
            f(
                "notes",
                T::Text,
                false,
                &[
                    "notes",
                    "notas",
                    "description",
                    "descricao",
                    "subject",
                    "assunto",
                    "observacoes",
                    "resumo",
                    "comment",
                    "comentario",
                ],
            ),
        ],
    },
    KindDef {
        name: "opportunity",
        names: &[
            "opportunity",
            "opportunities",
            "oportunidade",
            "oportunidades",
            "deals",
            "negocios",
            "pipeline",
        ],
        fields: &[
            f("account", T::Id, true, ACCOUNT_REF),
            f(
                "external_id",
                T::Id,
                false,
                &[
                    "opportunity id",
                    "deal id",
                    "id da oportunidade",
                    "id do negocio",
                    "id",
                ],
            ),
            f(
                "kind",
                T::OpportunityKind,
                true,
                &[
                    "opportunity type",
                    "deal type",
                    "tipo de oportunidade",
                    "tipo de negocio",
                    "type",
                    "tipo",
                    "kind",
                ],
            ),
            f(
                "status",
                T::OpportunityStatus,
                true,
                &[
                    "status",
                    "stage",
                    "stagename",
                    "stage name",
                    "deal stage",
                    "etapa",
                    "situacao",
                    "fase",
                ],
            ),
            f(
                "amount",
                T::Money,
                false,
                &[
                    "amount",
                    "deal amount",
                    "value",
                    "valor",
                    "valor do negocio",
                    "mrr",
                ],
            ),
            f(
                "created_on",
                T::Date,
                false,
                &[
                    "created on",
                    "created",
                    "created date",
                    "createddate",
                    "created at",
                    "data de criacao",
                    "criado em",
                    "open date",
                ],
            ),
            f(
                "closed_on",
                T::Date,
                false,
                &[
                    "closed on",
                    "close date",
                    "closedate",
                    "closed",
                    "data de fechamento",
                    "fechado em",
                    "closed date",
                ],
            ),
            f(CURRENCY_FIELD, T::Currency, false, CURRENCY),
        ],
    },
    KindDef {
        name: "acquisition_spend",
        names: &[
            "acquisition spend",
            "spend",
            "marketing",
            "investimento",
            "investimentos",
            "cac",
            "gastos",
            "acquisition",
        ],
        fields: &[
            f(
                "month",
                T::Month,
                true,
                &[
                    "month",
                    "mes",
                    "competencia",
                    "period",
                    "periodo",
                    "date",
                    "data",
                ],
            ),
            f(
                "amount",
                T::Money,
                true,
                &[
                    "amount",
                    "spend",
                    "investimento",
                    "gasto",
                    "custo",
                    "cost",
                    "valor",
                    "marketing spend",
                    "sales and marketing spend",
                ],
            ),
            f(
                "channel",
                T::Text,
                false,
                &["channel", "canal", "source", "origem"],
            ),
            f(CURRENCY_FIELD, T::Currency, false, CURRENCY),
        ],
    },
    KindDef {
        name: "csm",
        names: &[
            "csm",
            "csms",
            "team",
            "equipe",
            "time",
            "time de cs",
            "customer success managers",
        ],
        fields: &[
            f(
                "name",
                T::Text,
                true,
                &[
                    "name",
                    "nome",
                    "csm",
                    "csm name",
                    "nome do csm",
                    "full name",
                    "nome completo",
                    "responsavel",
                ],
            ),
            f(
                "email",
                T::Text,
                false,
                &["email", "e mail", "mail", "csm email"],
            ),
            f(
                "capacity_hours",
                T::Number,
                false,
                &[
                    "capacity hours",
                    "capacity",
                    "hours",
                    "horas",
                    "capacidade",
                    "horas mes",
                    "horas disponiveis",
                    "horas por mes",
                ],
            ),
            f(
                "active",
                T::Bool,
                false,
                &["active", "ativo", "is active", "status"],
            ),
        ],
    },
];

pub fn kind_def(name: &str) -> Option<&'static KindDef> {
    KINDS.iter().find(|k| k.name == name.trim())
}

/// Lower case, accents removed, punctuation and `_` as single spaces,
/// `camelCase` split.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_lower = false;
    let mut pending_space = false;
    for c in text.chars() {
        let mapped: Option<&str> = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'ª' => {
                Some("a")
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => Some("e"),
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => Some("i"),
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' | 'º' | '°' => {
                Some("o")
            }
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => Some("u"),
            'ç' | 'Ç' => Some("c"),
            'ñ' | 'Ñ' => Some("n"),
            _ => None,
        };
        let is_upper = c.is_uppercase();
        if let Some(m) = mapped {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(m);
            prev_lower = !is_upper;
        } else if c.is_alphanumeric() {
            if (pending_space || (is_upper && prev_lower)) && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        } else {
            pending_space = true;
            prev_lower = false;
        }
    }
    out
}

/// Which kind a file or sheet name points to (`Clientes.xlsx`, `mrr_2024.csv`).
pub fn kind_from_name(name: &str) -> Option<&'static str> {
    let n = normalize(name);
    let words: Vec<&str> = n.split(' ').collect();
    let mut best: Option<(usize, &'static str)> = None;
    for k in KINDS {
        for alias in k.names {
            let aw: Vec<&str> = alias.split(' ').collect();
            if words.windows(aw.len()).any(|w| w == aw.as_slice()) {
                let better = best.is_none_or(|(len, _)| aw.len() > len);
                if better {
                    best = Some((aw.len(), k.name));
                }
            }
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize("Nº de funcionários"), "no de funcionarios");
        assert_eq!(normalize(" Razão  Social "), "razao social");
        assert_eq!(normalize("customerID"), "customer id");
        assert_eq!(normalize("ACCOUNTNUMBER__C"), "accountnumber c");
        assert_eq!(normalize("signup_date"), "signup date");
        assert_eq!(normalize("Data de Início"), "data de inicio");
    }

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_from_name("Clientes 2024.csv"), Some("account"));
        assert_eq!(kind_from_name("ravenstack_support_tickets"), Some("ticket"));
        assert_eq!(kind_from_name("MRR"), Some("mrr"));
        assert_eq!(kind_from_name("dados"), None);
    }

    #[test]
    fn aliases_are_normalized_and_unique_per_field() {
        for k in KINDS {
            for fd in k.fields {
                for a in fd.aliases {
                    assert_eq!(&normalize(a), a, "{}.{}", k.name, fd.name);
                }
            }
        }
    }
}
