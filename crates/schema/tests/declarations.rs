//! The declarations are consistent with themselves: what one field names
//! exists, aliases are normalized, and no header could feed two fields.

use std::collections::HashMap;
use tenure_schema::{KINDS, Order, Type, Values, kind, kind_from_name, normalize};

#[test]
fn kinds_have_unique_names_and_are_found_by_name() {
    let mut seen = std::collections::HashSet::new();
    for k in KINDS {
        assert!(seen.insert(k.name), "{} twice", k.name);
        assert_eq!(kind(&format!(" {} ", k.name)).map(|k| k.name), Some(k.name));
    }
    assert!(kind("invoice").is_none());
}

#[test]
fn what_a_field_names_is_a_field_of_its_kind() {
    for k in KINDS {
        for key in k.key.fields() {
            assert!(k.field(key).is_some(), "{}: key {key}", k.name);
        }
        for f in k.fields {
            if let Some(Order::NotBefore(o) | Order::After(o)) = f.order {
                let other = k
                    .field(o)
                    .unwrap_or_else(|| panic!("{}.{}: {o}", k.name, f.name));
                assert_eq!(other.ty, f.ty, "{}.{} compared with {o}", k.name, f.name);
            }
            if let Some(o) = f.scale_of {
                let other = k
                    .field(o)
                    .unwrap_or_else(|| panic!("{}.{}: {o}", k.name, f.name));
                assert!(other.values.choices().iter().all(|c| c.scale.is_some()));
            }
            if let Some(d) = f.default
                && let Values::OneOf(choices) = f.values
            {
                assert!(choices.iter().any(|c| c.name == d), "{}.{}", k.name, f.name);
            }
            if f.min.is_some() {
                assert!(matches!(f.ty, Type::Integer | Type::Money | Type::Number));
            }
        }
    }
}

#[test]
fn aliases_are_normalized_and_no_header_feeds_two_fields_of_a_kind() {
    for k in KINDS {
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for f in k.fields {
            assert!(!f.label.en.is_empty() && !f.label.pt.is_empty());
            for a in f.aliases {
                assert_eq!(&normalize(a), a, "{}.{}", k.name, f.name);
                if let Some(prev) = owner.insert(a, f.name) {
                    panic!("{}: `{a}` names both {prev} and {}", k.name, f.name);
                }
            }
        }
    }
}

#[test]
fn a_kind_with_an_id_of_its_own_never_reads_its_account_from_external_id() {
    for k in KINDS.iter().filter(|k| k.refers_to_account()) {
        if k.field("external_id").is_some() {
            let account = k.field("account").unwrap();
            // The matcher gives canonical names first; the alias stays last
            // so that it can only be reached by kinds without an id.
            assert_eq!(account.aliases.last(), Some(&"external id"), "{}", k.name);
        }
    }
}

#[test]
fn file_names_point_to_kinds() {
    assert_eq!(kind_from_name("Clientes 2024.csv"), Some("account"));
    assert_eq!(kind_from_name("ravenstack_support_tickets"), Some("ticket"));
    assert_eq!(kind_from_name("MRR"), Some("mrr"));
    assert_eq!(kind_from_name("contatos.csv"), Some("contact"));
    assert_eq!(kind_from_name("dados"), None);
}

#[test]
fn normalizes_headers() {
    assert_eq!(normalize("Nº de funcionários"), "no de funcionarios");
    assert_eq!(normalize(" Razão  Social "), "razao social");
    assert_eq!(normalize("customerID"), "customer id");
    assert_eq!(normalize("ACCOUNTNUMBER__C"), "accountnumber c");
    assert_eq!(normalize("signup_date"), "signup date");
    assert_eq!(normalize("Data de Início"), "data de inicio");
}
