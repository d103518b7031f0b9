//! Strings of surveys as people have them (issue #24): the import view's
//! survey-date question and the Responses list the NPS card opens, both
//! languages side by side.

use crate::format::Locale;
use crate::store::responses::Band;

pub struct SurveysTr {
    pub survey_date: &'static str,
    /// Under the date box: the file has no date column.
    pub survey_date_hint: &'static str,
    /// `{example}`: today's date as the locale writes it.
    pub survey_date_invalid: &'static str,
    pub responses: &'static str,
    pub back: &'static str,
    pub all_kinds: &'static str,
    pub all_bands: &'static str,
    /// Negative, neutral, positive.
    pub bands: [&'static str; 3],
    pub words_hint: &'static str,
    pub col_date: &'static str,
    pub col_kind: &'static str,
    pub col_score: &'static str,
    pub col_account: &'static str,
    pub col_respondent: &'static str,
    pub col_comment: &'static str,
    pub col_task: &'static str,
    pub anonymous: &'static str,
    pub open_account: &'static str,
    /// `{shown}` of `{n}`, `{anonymous}` of them anonymous, `{period}`.
    pub count_line: &'static str,
    pub none: &'static str,
    pub loading: &'static str,
    pub export: &'static str,
    pub export_hint: &'static str,
    /// `{n}` rows to `{path}`.
    pub exported: &'static str,
    /// The NPS, CSAT and CES cards' tooltip when a segment is chosen.
    pub segment_note: &'static str,
    /// The same cards' tooltip for the whole company.
    pub company_note: &'static str,
    pub card_hint: &'static str,
    /// The mapping editor's names of a survey file's score columns
    /// (`nps`, `csat`, `ces`).
    pub score_fields: [&'static str; 3],
    /// Under the preview: `{n}` empty or NA scores in the `{rows}` rows
    /// read, the first on line `{line}`.
    pub scores_skipped: &'static str,
    /// The Responses list's link from a detractor to the task the
    /// `nps_detractor` rule opened for it.
    pub open_task: &'static str,
    /// That link's tooltip: `{title}`, `{due}`.
    pub open_task_hint: &'static str,
    /// A ticket of no account (never a blank cell).
    pub no_account: &'static str,
    /// Why a preview's ticket shows "no account".
    pub no_account_hint: &'static str,
    /// Why a preview's response shows "anonymous".
    pub anonymous_hint: &'static str,
    /// The import report: `{parts}` (the three below, those not zero).
    pub matched: &'static str,
    pub matched_by_account: &'static str,
    pub matched_by_email: &'static str,
    pub matched_by_domain: &'static str,
    /// `{n}` tickets (or records of both kinds) of no account.
    pub matched_none: &'static str,
    /// `{n}` survey responses of no account.
    pub matched_anonymous: &'static str,
    /// Appended: `{n}` of those named an account the database lacks.
    pub matched_unknown: &'static str,
    pub rematched: &'static str,
    /// A support card's door: what its account list leaves out.
    pub door_tickets_one: &'static str,
    pub door_tickets_many: &'static str,
    pub door_responses_one: &'static str,
    pub door_responses_many: &'static str,
}

pub const EN: SurveysTr = SurveysTr {
    survey_date: "Survey date",
    survey_date_hint: "This file has no date column: every response takes this date (the file's modification date unless you change it). A date column, when there is one, wins.",
    survey_date_invalid: "Write the date like {example}.",
    responses: "Responses",
    back: "⬅ Dashboard",
    all_kinds: "All kinds",
    all_bands: "All scores",
    bands: [
        "Negative (detractors)",
        "Neutral (passives)",
        "Positive (promoters)",
    ],
    words_hint: "Words in the comment, respondent or account",
    col_date: "Date",
    col_kind: "Kind",
    col_score: "Score",
    col_account: "Account",
    col_respondent: "Respondent",
    col_comment: "Comment",
    col_task: "Task",
    anonymous: "anonymous",
    open_account: "Open the account",
    count_line: "{shown} of {n} responses · {anonymous} anonymous · {period}",
    none: "No survey responses in this period.",
    loading: "Loading the responses…",
    export: "Export",
    export_hint: "File (.csv or .xlsx)",
    exported: "{n} responses written to {path}.",
    segment_note: "With a segment chosen, only responses matched to an account count: anonymous ones are in the company's figure alone.",
    company_note: "The whole company: responses matched to an account and anonymous ones together.",
    card_hint: "Click to read the responses",
    score_fields: ["NPS score (0–10)", "CSAT score (1–5)", "CES score (1–7)"],
    scores_skipped: "{n} scores are empty or NA in the {rows} rows read (the first on line {line}): they will be skipped and counted, not rejected.",
    open_task: "Open the task",
    open_task_hint: "“{title}”, due {due}: the task the detractor rule opened for this response",
    no_account: "no account",
    no_account_hint: "The file names no account for this ticket: the import matches it by the requester's e-mail (a contact's, or its domain); otherwise it counts in the company's support figures only.",
    anonymous_hint: "The file names no account for this response: the import matches it by the respondent's e-mail (a contact's, or its domain); otherwise it stays anonymous and counts in the company's figures only.",
    matched: "Matched to an account: {parts}",
    matched_by_account: "{n} by the account the file names",
    matched_by_email: "{n} by a contact's e-mail",
    matched_by_domain: "{n} by the e-mail's domain",
    matched_none: "{n} with no account (in the company's figures only)",
    matched_anonymous: "{n} anonymous (in the company's figures only)",
    matched_unknown: ", {n} of them naming an account not in this database",
    rematched: "{n} earlier responses or tickets now matched to an account",
    door_tickets_one: "— and 1 ticket with no account, in the company's figure only",
    door_tickets_many: "— and {n} tickets with no account, in the company's figure only",
    door_responses_one: "— and 1 anonymous response, in the company's figure only",
    door_responses_many: "— and {n} anonymous responses, in the company's figure only",
};

pub const PT: SurveysTr = SurveysTr {
    survey_date: "Data da pesquisa",
    survey_date_hint: "Este arquivo não tem coluna de data: todas as respostas recebem esta data (a da última modificação do arquivo, se você não mudar). Uma coluna de data, quando existe, prevalece.",
    survey_date_invalid: "Escreva a data como {example}.",
    responses: "Respostas",
    back: "⬅ Painel",
    all_kinds: "Todos os tipos",
    all_bands: "Todas as notas",
    bands: [
        "Negativas (detratores)",
        "Neutras (neutros)",
        "Positivas (promotores)",
    ],
    words_hint: "Palavras no comentário, respondente ou conta",
    col_date: "Data",
    col_kind: "Tipo",
    col_score: "Nota",
    col_account: "Conta",
    col_respondent: "Respondente",
    col_comment: "Comentário",
    col_task: "Tarefa",
    anonymous: "anônima",
    open_account: "Abrir a conta",
    count_line: "{shown} de {n} respostas · {anonymous} anônimas · {period}",
    none: "Nenhuma resposta de pesquisa neste período.",
    loading: "Carregando as respostas…",
    export: "Exportar",
    export_hint: "Arquivo (.csv ou .xlsx)",
    exported: "{n} respostas gravadas em {path}.",
    segment_note: "Com um segmento escolhido, só contam as respostas ligadas a uma conta: as anônimas entram apenas no número da empresa.",
    company_note: "A empresa toda: respostas ligadas a contas e anônimas, juntas.",
    card_hint: "Clique para ler as respostas",
    score_fields: ["Nota NPS (0–10)", "Nota CSAT (1–5)", "Nota CES (1–7)"],
    scores_skipped: "{n} notas estão vazias ou NA nas {rows} linhas lidas (a primeira na linha {line}): serão puladas e contadas, não rejeitadas.",
    open_task: "Abrir a tarefa",
    open_task_hint: "“{title}”, vence em {due}: a tarefa que a regra de detratores abriu para esta resposta",
    no_account: "sem conta",
    no_account_hint: "O arquivo não cita conta para este chamado: a importação o liga pelo e-mail de quem abriu (o de um contato, ou o seu domínio); se não, ele conta só nos números de suporte da empresa.",
    anonymous_hint: "O arquivo não cita conta para esta resposta: a importação a liga pelo e-mail de quem respondeu (o de um contato, ou o seu domínio); se não, ela fica anônima e conta só nos números da empresa.",
    matched: "Ligados a uma conta: {parts}",
    matched_by_account: "{n} pela conta que o arquivo cita",
    matched_by_email: "{n} pelo e-mail de um contato",
    matched_by_domain: "{n} pelo domínio do e-mail",
    matched_none: "{n} sem conta (só nos números da empresa)",
    matched_anonymous: "{n} anônimas (só nos números da empresa)",
    matched_unknown: ", {n} citando uma conta que não está neste banco de dados",
    rematched: "{n} respostas ou chamados anteriores agora ligados a uma conta",
    door_tickets_one: "— e 1 chamado sem conta, só no número da empresa",
    door_tickets_many: "— e {n} chamados sem conta, só no número da empresa",
    door_responses_one: "— e 1 resposta anônima, só no número da empresa",
    door_responses_many: "— e {n} respostas anônimas, só no número da empresa",
};

impl SurveysTr {
    pub fn get(locale: Locale) -> &'static SurveysTr {
        match locale {
            Locale::En => &EN,
            Locale::PtBr => &PT,
        }
    }

    /// The mapping editor's name of a score field, if `field` is one.
    pub fn score_field(&self, field: &str) -> Option<&'static str> {
        crate::importing::fields::SCORE_FIELDS
            .iter()
            .position(|f| *f == field)
            .map(|i| self.score_fields[i])
    }

    pub fn band(&self, band: Band) -> &'static str {
        match band {
            Band::Negative => self.bands[0],
            Band::Neutral => self.bands[1],
            Band::Positive => self.bands[2],
        }
    }
}
