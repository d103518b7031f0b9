//! The `task` kind (playbooks.md): something a CSM should do for an
//! account, typed by a person or opened by a playbook rule.

use crate::choices::TASK_STATUSES;
use crate::model::*;

pub const TASK: Kind = Kind {
    name: "task",
    label: Label::new("Task", "Tarefa"),
    plural: Label::new("Tasks", "Tarefas"),
    file_words: &[
        "task",
        "tasks",
        "tarefa",
        "tarefas",
        "todo",
        "to do",
        "pendencias",
    ],
    // A rule's task is unique by (rule, account, trigger); a hand-made one
    // by its account, title and due date.
    key: Key::Occurrence(&["account", "rule", "trigger", "title", "due_on"]),
    fields: FIELDS,
};

const FIELDS: &[Field] = &[
    crate::ACCOUNT_FIELD,
    Field::new("title", Type::Text, "Title", "Título")
        .required()
        .aliases(&[
            "title", "titulo", "task", "tarefa", "subject", "assunto", "what", "o que",
        ]),
    Field::new("due_on", Type::Date, "Due on", "Prazo")
        .required()
        .aliases(&[
            "due on",
            "due",
            "due date",
            "prazo",
            "vencimento",
            "data limite",
            "ate",
        ]),
    Field::new("csm", Type::Text, "CSM", "CSM").aliases(&[
        "csm",
        "owner",
        "responsavel",
        "assigned to",
        "atribuida a",
    ]),
    Field::new("status", Type::Text, "Status", "Situação")
        .one_of(TASK_STATUSES)
        .default("open")
        .aliases(&["status", "situacao", "estado"]),
    Field::new("rule", Type::Text, "Rule", "Regra").aliases(&["rule", "regra", "playbook"]),
    Field::new("trigger", Type::Text, "Trigger", "Gatilho").aliases(&["trigger", "gatilho"]),
    Field::new("created_on", Type::Date, "Created on", "Criada em").aliases(&[
        "created on",
        "created",
        "criada em",
        "criado em",
    ]),
    Field::new("done_on", Type::Date, "Done on", "Concluída em").aliases(&[
        "done on",
        "completed on",
        "closed on",
        "concluida em",
        "feita em",
    ]),
    Field::new("notes", Type::Text, "Notes", "Anotações").aliases(&[
        "notes",
        "notas",
        "description",
        "descricao",
        "observacoes",
        "comment",
        "comentario",
    ]),
];
