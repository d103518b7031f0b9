//! Decoding payload version 1: a batch is a JSON array of envelopes
//! `{"sheet": …, "row": …, "record": {"kind": "mrr", …}}` (see
//! docs/plugins.md).
//!
//! Each record is decoded straight into its kind's struct: its `kind` is
//! read first from the record's raw text, then the struct is read from the
//! same text with `kind` skipped. serde's own decoding of an internally
//! tagged enum buffers every record into an intermediate tree first, and
//! with a `serde_json::Value` per envelope on top that was the largest cost
//! of a 1M-row import's plugin thread. A record the direct path cannot
//! decode goes through serde's tagged decoding, so a person still gets
//! serde's message naming the field.

use super::ffi::Decoded;
use crate::domain::{Record, RecordKind};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// One record as it crosses the boundary.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    sheet: Option<String>,
    #[serde(default)]
    row: Option<u64>,
    #[serde(borrow)]
    record: &'a RawValue,
}

/// A batch; `Err` when the batch itself is not valid payload.
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<Decoded>, String> {
    let batch: Vec<Envelope<'_>> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    Ok(batch
        .into_iter()
        .map(|e| Decoded {
            sheet: e.sheet,
            row: e.row,
            record: to_record(e.record.get()),
        })
        .collect())
}

/// A payload record's JSON text into a [`Record`]. The record kind travels
/// in `kind`; the three kinds that have a `kind` field of their own
/// (survey_response, activity, opportunity) name it `survey_kind`,
/// `activity_kind` and `opportunity_kind` (payload version 1; the domain's
/// serde names).
pub fn to_record(json: &str) -> Result<Record, String> {
    match direct(json) {
        Some(record) => Ok(record),
        None => serde_json::from_str::<Record>(json).map_err(|e| without_position(&e)),
    }
}

/// serde's message without " at line 1 column 37": the position is in the
/// plugin's payload, not in the person's file.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

fn direct(json: &str) -> Option<Record> {
    #[derive(Deserialize)]
    struct Kind<'a> {
        kind: &'a str,
    }
    let kind = serde_json::from_str::<Kind<'_>>(json).ok()?.kind;
    let kind = RecordKind::ALL.into_iter().find(|k| k.name() == kind)?;
    Some(match kind {
        RecordKind::Csm => Record::Csm(without_kind(json)?),
        RecordKind::Account => Record::Account(without_kind(json)?),
        RecordKind::Mrr => Record::Mrr(without_kind(json)?),
        RecordKind::Subscription => Record::Subscription(without_kind(json)?),
        RecordKind::SurveyResponse => Record::SurveyResponse(without_kind(json)?),
        RecordKind::Ticket => Record::Ticket(without_kind(json)?),
        RecordKind::Usage => Record::Usage(without_kind(json)?),
        RecordKind::Activity => Record::Activity(without_kind(json)?),
        RecordKind::Opportunity => Record::Opportunity(without_kind(json)?),
        RecordKind::AcquisitionSpend => Record::AcquisitionSpend(without_kind(json)?),
    })
}

fn without_kind<T: DeserializeOwned>(json: &str) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = T::deserialize(SkipKind(&mut de)).ok()?;
    de.end().ok()?;
    Some(value)
}

/// A deserializer for a JSON object that hides its `kind` entry.
struct SkipKind<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SkipKind<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipKindVisitor(visitor))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(SkipKindVisitor(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

struct SkipKindVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for SkipKindVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(SkipKindMap(map))
    }
}

struct SkipKindMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SkipKindMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let Some(key) = self.0.next_key::<Key<'de>>()? else {
                return Ok(None);
            };
            match key {
                Key::Borrowed("kind") => {
                    self.0.next_value::<de::IgnoredAny>()?;
                }
                Key::Owned(k) if k == "kind" => {
                    self.0.next_value::<de::IgnoredAny>()?;
                }
                Key::Borrowed(k) => {
                    return seed
                        .deserialize(de::value::BorrowedStrDeserializer::<A::Error>::new(k))
                        .map(Some);
                }
                Key::Owned(k) => {
                    return seed
                        .deserialize(de::value::StringDeserializer::<A::Error>::new(k))
                        .map(Some);
                }
            }
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An object key, borrowed from the payload unless it has escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_string()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test
    use super::*;

    /// Records of every kind, with optional fields set and unset, escapes,
    /// numbers as text and `kind` first, middle and last.
    const RECORDS: &[&str] = &[
        r#"{"kind":"csm","name":"Ana Souza","email":"ana@example.com","capacity_hours":100.5,"active":true}"#,
        r#"{"name":"Bruno","kind":"csm"}"#,
        r#"{"kind":"account","external_id":"A1","name":"Caf\u00e9 \"Bom\" Ltda","employees":42,"status":"churned","customer_since":"2024-01-15","churned_on":"2025-02-01","acquisition_cost":"3500.10","custom":{"CNPJ":"00.123.456/0001-90","kind":"not the tag"}}"#,
        r#"{"external_id":"A2","name":"Beta","kind":"account"}"#,
        r#"{"kind":"mrr","account":"A1","month":"2024-02","mrr":"1490.00"}"#,
        r#"{"account":"A1","month":"2024-03","mrr":1234.56,"kind":"mrr"}"#,
        r#"{"kind":"mrr","account":"A1","month":"2024-04","mrr":99}"#,
        r#"{"kind":"subscription","account":"A1","external_id":"S-9","start":"2024-01-15","end":null,"amount":"12000","billing_period":"annual","product":"Add-on"}"#,
        r#"{"kind":"survey_response","account":"A1","date":"2024-03-01","survey_kind":"nps","score":9,"comment":"ótimo"}"#,
        r#"{"kind":"ticket","account":"A1","external_id":"T-1","opened_at":"2024-03-01T10:00:00-03:00","first_response_at":"2024-03-01T10:30:00-03:00","priority":"high"}"#,
        r#"{"kind":"usage","account":"A1","month":"2024-03","active_users":12,"total_users":20,"licenses":25}"#,
        r#"{"kind":"activity","account":"A1","date":"2024-03-02","activity_kind":"call","minutes":30,"csm":"Ana Souza"}"#,
        r#"{"kind":"opportunity","account":"A1","external_id":"O-1","opportunity_kind":"upsell","status":"won","amount":"500","closed_on":"2024-04-01"}"#,
        r#"{"kind":"acquisition_spend","month":"2024-01","amount":"4500.00","channel":"ads"}"#,
    ];

    #[test]
    fn the_direct_path_decodes_exactly_what_serde_decodes() {
        for json in RECORDS {
            let by_serde: Record = serde_json::from_str(json).unwrap();
            let direct = direct(json).unwrap_or_else(|| panic!("direct path refused {json}"));
            assert_eq!(direct, by_serde, "{json}");
        }
    }

    #[test]
    fn bad_records_get_serdes_message_without_a_position() {
        let cases = [
            (
                r#"{"kind":"mrr","account":"A1","month":"2024-02","mrr":"1","extra":1}"#,
                "unknown field `extra`",
            ),
            (
                r#"{"kind":"mrr","account":"A1","mrr":"1"}"#,
                "missing field `month`",
            ),
            (
                r#"{"kind":"payment","amount":1}"#,
                "unknown variant `payment`",
            ),
            (r#"{"account":"A1"}"#, "missing field `kind`"),
            (r#"null"#, "invalid type: null"),
        ];
        for (json, expected) in cases {
            let e = to_record(json).unwrap_err();
            assert!(e.starts_with(expected), "{json}: {e}");
            assert!(!e.contains(" at line "), "{e}");
        }
    }

    #[test]
    fn a_batch_decodes_envelopes_and_reports_a_broken_batch() {
        let batch = br#"[{"sheet":"MRR","row":7,"record":{"kind":"mrr","account":"A1","month":"2024-02","mrr":"10.5"}},{"row":8,"record":{"kind":"mrr"}}]"#;
        let decoded = decode(batch).unwrap();
        assert_eq!(decoded.len(), 2);
        assert_eq!(
            (decoded[0].sheet.as_deref(), decoded[0].row),
            (Some("MRR"), Some(7))
        );
        match &decoded[0].record {
            Ok(Record::Mrr(m)) => assert_eq!(
                (m.account.as_str(), m.month.to_string(), m.mrr.cents()),
                ("A1", "2024-02".to_string(), 1050)
            ),
            other => panic!("{other:?}"),
        }
        assert!(decoded[1].record.is_err());
        assert!(
            decode(b"[{\"row\":1}]").is_err(),
            "an envelope without a record"
        );
        assert!(decode(b"not json").is_err());
    }
}
