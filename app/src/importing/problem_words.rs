//! A problem's sentence in the person's language. Plugins and the writer
//! send a stable code with the values it names (`RowProblem::args`); the
//! English sentence they also send stays the fallback for codes this table
//! does not know, so a third-party plugin is never left without words.

use crate::importing::RowProblem;
use tenure_schema::{Code, Label, Violation};

/// The problem's reason (without the file/row/column prefix the report
/// shows in columns of its own) in `lang` (`en`, `pt-BR`).
pub fn reason(p: &RowProblem, lang: &str) -> String {
    let pt = lang.starts_with("pt");
    let arg = |k: &str| p.args.get(k).map(String::as_str).unwrap_or("");
    if let Some(code) = schema_code(&p.code)
        && !p.args.is_empty()
    {
        let v = Violation {
            code,
            field: arg("field").to_string(),
            value: arg("value").to_string(),
            limit: arg("limit").to_string(),
            other: arg("other").to_string(),
        };
        let said = v.message(lang, &field_label);
        return if v.value.is_empty() {
            said
        } else {
            format!("`{}` {said}", v.value)
        };
    }
    // The plugin's English names a command-line flag; the window has a
    // mapping editor instead.
    if !pt && p.code == "missing_field" && !p.args.is_empty() {
        let label = field_label(arg("field")).get(lang);
        return format!(
            "{} records need `{}` and no column gives it; map a column to that field in the mapping.",
            tenure_schema::kind(arg("kind")).map_or(arg("kind"), |k| k.label.get(lang)),
            if label.is_empty() {
                arg("field")
            } else {
                label
            }
        );
    }
    if !pt || p.args.is_empty() && !FILE_CODES.iter().any(|(c, _)| *c == p.code) {
        return english(p);
    }
    let field = || {
        let label = field_label(arg("field")).get(lang);
        if label.is_empty() {
            arg("field").to_string()
        } else {
            label.to_string()
        }
    };
    match p.code.as_str() {
        "not_a_number" => format!("`{}` não é um número.", arg("value")),
        "not_an_integer" => format!("`{}` não é um número inteiro.", arg("value")),
        "not_a_date" => format!(
            "`{}` não é uma data (use dd/mm/aaaa ou aaaa-mm-dd).",
            arg("value")
        ),
        "not_a_month" => format!("`{}` não é um mês (use mm/aaaa ou aaaa-mm).", arg("value")),
        "not_a_bool" => format!("`{}` não é sim/não.", arg("value")),
        "missing_value" => format!("`{}` é obrigatório e a célula está vazia.", field()),
        "missing_field" => format!(
            "Registros do tipo {} precisam de `{}` e nenhuma coluna o traz; associe uma coluna a esse campo no mapeamento.",
            kind_label(arg("kind"), lang),
            field()
        ),
        "ragged_row" => format!(
            "A linha tem {} células, mas o cabeçalho (linha {}) tem {} colunas; verifique se falta ou sobra um separador ou aspas.",
            arg("cells"),
            arg("header_line"),
            arg("width")
        ),
        "currency_mismatch" => format!(
            "O valor está em {}, mas este banco guarda dinheiro em {}; converta antes.",
            arg("found"),
            arg("db")
        ),
        "unmapped_columns" => format!(
            "Estas colunas não são lidas em {}: {}.",
            kind_label(arg("kind"), lang),
            arg("columns")
        ),
        "row_skipped" => match skipped_pt(arg("reason"), arg("what")) {
            Some(words) => format!("{words}: a linha ficou de fora."),
            None => english(p),
        },
        code => match FILE_CODES.iter().find(|(c, _)| *c == code) {
            Some((_, words)) => words.to_string(),
            None => english(p),
        },
    }
}

/// Why a billing importer left a row out (`reason` and `value` of its
/// `row_skipped` warning: `what` the row is, or the status it has), in
/// Portuguese.
fn skipped_pt(reason: &str, value: &str) -> Option<String> {
    let what = match value {
        "payment" => "O pagamento",
        "invoice" => "A fatura",
        _ => "A assinatura",
    };
    Some(match reason {
        "no_customer" => format!(
            "{what} não tem cliente (a coluna do cliente está vazia), então não pode ser ligado a uma conta"
        ),
        "not_captured" => {
            "O pagamento foi autorizado mas não capturado: ainda não é receita".to_string()
        }
        "not_settled" => {
            format!("A situação do pagamento é `{value}`, não liquidado: ainda não é receita")
        }
        "paid_nothing" => {
            "A fatura foi paga com zero (um período grátis ou de teste): não é uma compra"
                .to_string()
        }
        "not_paid" => format!("A situação da fatura é `{value}`: ainda não foi paga"),
        "never_started" => {
            format!("A situação da assinatura é `{value}`: o primeiro pagamento nunca foi aprovado")
        }
        // Chargify's Invoices CSV (plugins/chargify).
        "unlinked_refund" => format!(
            "Um reembolso (fatura {value}): o arquivo não diz qual pagamento ele reembolsa, então não foi descontado e as compras ficam com o valor cheio"
        ),
        "no_revenue" => format!(
            "Um lançamento `{value}` muda o saldo do assinante ou só informa, não é dinheiro recebido: não é uma compra"
        ),
        "zero_payment" => {
            "O pagamento é de zero centavos: nenhum dinheiro foi recebido, não é uma compra"
                .to_string()
        }
        "no_type" => "O lançamento não tem tipo, então não se sabe se é um pagamento".to_string(),
        "unknown_type" => format!(
            "O tipo `{value}` não é um dos tipos de transação da Chargify, então não se sabe se é um pagamento"
        ),
        _ => return None,
    })
}

/// Whole-file problems whose sentence needs no values.
const FILE_CODES: &[(&str, &str)] = &[
    (
        "empty_file",
        "O arquivo está vazio: não há cabeçalho nem linhas para importar.",
    ),
    (
        "cannot_open",
        "O arquivo não pôde ser aberto; verifique se ele existe e se você pode lê-lo.",
    ),
    (
        "read_failed",
        "A leitura do arquivo falhou no meio; verifique se ele não está sendo gravado por outro programa.",
    ),
    (
        "unreadable_workbook",
        "A planilha não pôde ser lida; salve-a de novo como .xlsx ou .ods e tente outra vez.",
    ),
    (
        "unreadable_sheet",
        "Uma aba da planilha não pôde ser lida; salve a planilha de novo e tente outra vez.",
    ),
    (
        "protected_workbook",
        "A planilha está protegida por senha; salve uma cópia sem senha e importe a cópia.",
    ),
    (
        "unreadable_file",
        "O texto do arquivo não pôde ser lido; salve-o como CSV em UTF-8 e tente outra vez.",
    ),
];

/// The English sentence the plugin sent, without the `file, row N, column
/// X:` prefix when the report shows those apart.
fn english(p: &RowProblem) -> String {
    match p.message.split_once("`: ") {
        Some((place, rest)) if p.column.as_deref().is_some_and(|c| place.ends_with(c)) => {
            rest.to_string()
        }
        _ => p.message.clone(),
    }
}

/// A store violation's code; `invalid_value` keeps its own sentence (the
/// reason is free text), so it is not rebuilt here.
fn schema_code(name: &str) -> Option<Code> {
    Code::from_name(name).filter(|c| *c != Code::Invalid)
}

/// A field's label from whichever kind declares it (empty when none does).
fn field_label(name: &str) -> Label {
    tenure_schema::KINDS
        .iter()
        .find_map(|k| k.field(name))
        .map_or(Label::new("", ""), |f| f.label)
}

fn kind_label(name: &str, lang: &str) -> String {
    tenure_schema::kind(name).map_or(name.to_string(), |k| k.plural.get(lang).to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importing::Severity;

    fn problem(code: &str, message: &str, args: &[(&str, &str)]) -> RowProblem {
        let mut p = RowProblem::fatal(code, message);
        p.severity = Severity::Error;
        p.column = Some("Valor".into());
        for (k, v) in args {
            p = p.with_arg(k, *v);
        }
        p
    }

    #[test]
    fn reader_codes_in_portuguese() {
        let p = problem(
            "not_a_number",
            "`f.csv`, line 2, column `Valor`: `12x` is not a number.",
            &[("value", "12x")],
        );
        assert_eq!(reason(&p, "pt-BR"), "`12x` não é um número.");
        assert_eq!(reason(&p, "en"), "`12x` is not a number.");
        let p = problem(
            "missing_field",
            "mrr records need `month` and no column gives it; map one with --map month=COLUMN.",
            &[("kind", "mrr"), ("field", "month")],
        );
        let pt = reason(&p, "pt-BR");
        assert!(pt.starts_with("Registros do tipo "), "{pt}");
        assert!(pt.contains("`Mês`") && !pt.contains("--map"), "{pt}");
        let p = problem(
            "ragged_row",
            "…",
            &[("cells", "4"), ("header_line", "1"), ("width", "3")],
        );
        assert_eq!(
            reason(&p, "pt-BR"),
            "A linha tem 4 células, mas o cabeçalho (linha 1) tem 3 colunas; verifique se falta ou sobra um separador ou aspas."
        );
    }

    #[test]
    fn store_codes_in_both_languages() {
        let p = problem(
            "out_of_scale",
            "`f.csv`, line 3, column `Nota`: `11` is outside the NPS scale 0–10",
            &[
                ("field", "score"),
                ("value", "11"),
                ("limit", "0–10"),
                ("other", "nps"),
            ],
        );
        assert_eq!(reason(&p, "pt-BR"), "`11` está fora da escala do NPS, 0–10");
        assert_eq!(reason(&p, "en"), "`11` is outside the NPS scale 0–10");
    }

    #[test]
    fn billing_skips_and_unread_columns_in_portuguese() {
        let p = problem(
            "row_skipped",
            "The payment has no customer: the row was left out.",
            &[("reason", "no_customer"), ("what", "payment")],
        );
        assert_eq!(
            reason(&p, "pt-BR"),
            "O pagamento não tem cliente (a coluna do cliente está vazia), então não pode ser ligado a uma conta: a linha ficou de fora."
        );
        assert_eq!(
            reason(&p, "en"),
            "The payment has no customer: the row was left out."
        );
        // Chargify's refund row, its invoice number as the value.
        let p = problem(
            "row_skipped",
            "A refund (transaction 304, invoice 1002): … the row was left out.",
            &[("reason", "unlinked_refund"), ("what", "1002")],
        );
        assert_eq!(
            reason(&p, "pt-BR"),
            "Um reembolso (fatura 1002): o arquivo não diz qual pagamento ele reembolsa, então não foi descontado e as compras ficam com o valor cheio: a linha ficou de fora."
        );
        let p = problem(
            "unmapped_columns",
            "These columns are not read for purchase records: Fee.",
            &[("kind", "purchase"), ("columns", "Fee")],
        );
        assert_eq!(
            reason(&p, "pt-BR"),
            "Estas colunas não são lidas em compras: Fee."
        );
    }

    #[test]
    fn unknown_codes_keep_the_plugins_words() {
        let p = problem(
            "crm_quota",
            "`f.csv`, line 3, column `Valor`: the CRM says no.",
            &[("value", "x")],
        );
        assert_eq!(reason(&p, "pt-BR"), "the CRM says no.");
        // An older plugin sends no args: still its own words.
        let json = r#"{"severity":"error","file":null,"sheet":null,"row":2,"column":null,"code":"not_a_number","message":"`x` is not a number."}"#;
        let old: RowProblem = serde_json::from_str(json).unwrap();
        assert!(old.args.is_empty());
        assert_eq!(reason(&old, "pt-BR"), "`x` is not a number.");
    }
}
