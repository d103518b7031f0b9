#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn sheet() -> Sheet {
    Sheet {
        name: "t".into(),
        headers: vec!["name".into(), "mrr".into(), "note".into()],
        rows: vec![
            vec![
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::Money(Money::from_cents(123_456)),
                Cell::text("a, \"b\""),
            ],
            vec![Cell::text("+1"), Cell::Empty, Cell::text("@cmd")],
            vec![Cell::text("-2"), Cell::Int(-3), Cell::text("plain")],
        ],
    }
}

#[test]
fn csv_quotes_and_escapes_formulas() {
    let text = csv::to_string(&sheet());
    assert_eq!(
        text,
        "name,mrr,note\r\n\
         \"'=HYPERLINK(\"\"x\"\")\",1234.56,\"a, \"\"b\"\"\"\r\n\
         '+1,,'@cmd\r\n\
         '-2,-3,plain\r\n"
    );
}

#[test]
fn formulas_behind_whitespace_and_control_characters_are_escaped_too() {
    for (text, escaped) in [
        ("\t=1+1", true),
        ("\r=1+1", true),
        ("\n@SUM(A1)", true),
        ("  =cmd|' /C calc'!A0", true),
        ("\u{1}+1", true),
        ("\tplain", true),
        ("plain =1", false),
        ("Acme", false),
        ("", false),
    ] {
        assert_eq!(escape_formula(text).starts_with('\''), escaped, "{text:?}");
    }
    assert_eq!(escape_formula(" -2"), "' -2");
}

#[test]
fn format_by_extension() {
    assert_eq!(Format::of(Path::new("a.CSV")), Some(Format::Csv));
    assert_eq!(Format::of(Path::new("a.xlsx")), Some(Format::Xlsx));
    assert_eq!(Format::of(Path::new("a.txt")), None);
    let err = write(Path::new("/tmp/x.txt"), &sheet()).unwrap_err();
    assert!(err.to_string().contains(".csv nor a .xlsx"));
}

#[test]
fn xlsx_is_a_zip_with_the_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    write(&path, &sheet()).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let csv_path = dir.path().join("t.csv");
    write(&csv_path, &sheet()).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let _ = Date::from_days(0);
}
