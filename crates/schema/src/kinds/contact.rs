//! The `contact` kind (data-model.md).

use crate::model::*;

pub const CONTACT: Kind = Kind {
    name: "contact",
    label: Label::new("Contact", "Contato"),
    plural: Label::new("Contacts", "Contatos"),
    file_words: &[
        "contact", "contacts", "contato", "contatos", "pessoa", "pessoas", "people", "person",
        "persons",
    ],
    key: Key::Occurrence(&["account", "name"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("name", Type::Text, "Name", "Nome")
        .required()
        .aliases(&[
            "name",
            "contact name",
            "full name",
            "nome",
            "nome do contato",
            "nome completo",
            "contato",
            "pessoa",
            "first name",
        ]),
    Field::new("email", Type::Text, "E-mail", "E-mail").aliases(&[
        "email",
        "e mail",
        "email address",
        "e mail address",
        "contact email",
        "mail",
        "email do contato",
        "e mail do contato",
        "endereco de email",
        "endereco de e mail",
    ]),
    Field::new("phone", Type::Text, "Phone", "Telefone").aliases(&[
        "phone",
        "phone number",
        "telephone",
        "mobile",
        "mobile phone",
        "cell",
        "whatsapp",
        "telefone",
        "celular",
        "telefone celular",
        "fone",
        "tel",
        "numero de telefone",
    ]),
    Field::new("role", Type::Text, "Role", "Cargo").aliases(&[
        "role",
        "title",
        "job title",
        "position",
        "cargo",
        "funcao",
        "posicao",
    ]),
    Field::new(
        "is_primary",
        Type::Bool,
        "Primary contact",
        "Contato principal",
    )
    .default("false")
    .aliases(&[
        "is primary",
        "primary",
        "primary contact",
        "main contact",
        "principal",
        "contato principal",
        "e principal",
        "decision maker",
        "decisor",
    ]),
];
