//! Decoding record batches: binary ones (payload version 2, `binary.rs`)
//! and JSON ones, a JSON array of envelopes
//! `{"sheet": …, "row": …, "record": {"kind": "mrr", …}}` (see
//! docs/plugins.md), which every plugin may send.
//!
//! A JSON batch is first read in one pass: when each record's first key is
//! `kind` (the plugin API's glue writes records that way), the rest of the
//! record is read straight into its kind's struct. That pass stops at the
//! first record it cannot take; the batch is then read record by record:
//! each record's `kind` is found in its raw text, the struct is read from
//! the same text with `kind` skipped, and a record that still fails goes
//! through serde's tagged decoding, so a person gets serde's message naming
//! the field. (serde's own decoding of an internally tagged enum buffers
//! every record into an intermediate tree first; that, and reading each
//! record three times, were most of a 1M-row import's decoding cost.)

// Binary record batches (payload version 2).
mod binary;

use super::ffi::Decoded;
use crate::domain::{Record, RecordKind};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
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
    if bytes.starts_with(tenure_plugin_api::binary::MAGIC) {
        return binary::decode(bytes);
    }
    match decode_in_one_pass(bytes) {
        Ok(batch) => Ok(batch),
        Err(_) => decode_record_by_record(bytes),
    }
}

/// Every record of the batch, read in one pass; `Err` at the first record
/// whose first key is not `kind` or that does not decode.
fn decode_in_one_pass(bytes: &[u8]) -> Result<Vec<Decoded>, String> {
    // Checked once for the batch rather than string by string.
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let mut de = serde_json::Deserializer::from_str(text);
    let batch = de
        .deserialize_seq(BatchVisitor)
        .map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(batch)
}

struct BatchVisitor;

impl<'de> Visitor<'de> for BatchVisitor {
    type Value = Vec<Decoded>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a batch of records")
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Decoded>, A::Error> {
        let mut batch = Vec::with_capacity(seq.size_hint().unwrap_or(1000));
        while let Some(decoded) = seq.next_element_seed(EnvelopeSeed)? {
            batch.push(decoded);
        }
        Ok(batch)
    }
}

/// One envelope, its record read in place by [`KindFirst`].
struct EnvelopeSeed;

impl<'de> DeserializeSeed<'de> for EnvelopeSeed {
    type Value = Decoded;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Decoded, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EnvelopeSeed {
    type Value = Decoded;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decoded, A::Error> {
        let (mut sheet, mut row, mut record) = (None, None, None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match key.as_str() {
                "sheet" => sheet = map.next_value()?,
                "row" => row = map.next_value()?,
                "record" => record = Some(map.next_value_seed(KindFirst)?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let record = record.ok_or_else(|| de::Error::missing_field("record"))?;
        Ok(Decoded {
            sheet,
            row,
            record: Ok(record),
        })
    }
}

/// A record whose first key is `kind`: the rest of the object is its
/// kind's struct.
struct KindFirst;

impl<'de> DeserializeSeed<'de> for KindFirst {
    type Value = Record;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for KindFirst {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record with `kind` first")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let not_first = || de::Error::custom("the record's first key is not `kind`");
        let key = map.next_key::<Key<'de>>()?.ok_or_else(not_first)?;
        if key.as_str() != "kind" {
            return Err(not_first());
        }
        let kind = map.next_value::<Key<'de>>()?;
        let kind = RecordKind::from_name(kind.as_str())
            .ok_or_else(|| de::Error::custom("unknown record kind"))?;
        record_of_kind(kind, de::value::MapAccessDeserializer::new(map))
    }
}

/// A record of `kind` from its fields (without `kind`).
fn record_of_kind<'de, D: Deserializer<'de>>(kind: RecordKind, d: D) -> Result<Record, D::Error> {
    Ok(match kind {
        RecordKind::Csm => Record::Csm(Deserialize::deserialize(d)?),
        RecordKind::Account => Record::Account(Deserialize::deserialize(d)?),
        RecordKind::Mrr => Record::Mrr(Deserialize::deserialize(d)?),
        RecordKind::Subscription => Record::Subscription(Deserialize::deserialize(d)?),
        RecordKind::SurveyResponse => Record::SurveyResponse(Deserialize::deserialize(d)?),
        RecordKind::Ticket => Record::Ticket(Deserialize::deserialize(d)?),
        RecordKind::Usage => Record::Usage(Deserialize::deserialize(d)?),
        RecordKind::Activity => Record::Activity(Deserialize::deserialize(d)?),
        RecordKind::Opportunity => Record::Opportunity(Deserialize::deserialize(d)?),
        RecordKind::AcquisitionSpend => Record::AcquisitionSpend(Deserialize::deserialize(d)?),
        RecordKind::FxRate => Record::FxRate(Deserialize::deserialize(d)?),
        RecordKind::Purchase => Record::Purchase(Deserialize::deserialize(d)?),
        RecordKind::Contact => Record::Contact(Deserialize::deserialize(d)?),
        RecordKind::Task => Record::Task(Deserialize::deserialize(d)?),
    })
}

/// The batch record by record: a bad record is rejected alone.
fn decode_record_by_record(bytes: &[u8]) -> Result<Vec<Decoded>, String> {
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
/// `activity_kind` and `opportunity_kind` in JSON (the domain's serde
/// names; binary batches name it `kind`).
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
    let kind = RecordKind::from_name(kind)?;
    let mut de = serde_json::Deserializer::from_str(json);
    let record = record_of_kind(kind, SkipKind(&mut de)).ok()?;
    de.end().ok()?;
    Some(record)
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

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(k) => k,
            Key::Owned(k) => k,
        }
    }
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
    pub(super) const RECORDS: &[&str] = &[
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

    fn envelope(i: usize, json: &str) -> String {
        format!(r#"{{"sheet":"S{i}","row":{i},"record":{json}}}"#)
    }

    /// Each decoded record as text, to compare two decodings.
    pub(super) fn summary(batch: &[Decoded]) -> Vec<String> {
        batch
            .iter()
            .map(|d| format!("{:?} {:?} {:?}", d.sheet, d.row, d.record))
            .collect()
    }

    /// Records with `kind` first are read in one pass, and give what the
    /// record-by-record path gives; a batch with any other record is read
    /// record by record, with the same results.
    #[test]
    fn one_pass_batches_decode_as_record_by_record_ones() {
        let kind_first: Vec<String> = RECORDS
            .iter()
            .filter(|r| r.starts_with(r#"{"kind""#))
            .enumerate()
            .map(|(i, r)| envelope(i, r))
            .collect();
        assert_eq!(kind_first.len(), 11);
        let batch = format!("[{}]", kind_first.join(","));
        let one_pass = decode_in_one_pass(batch.as_bytes()).expect("kind-first batch");
        let by_record = decode_record_by_record(batch.as_bytes()).unwrap();
        assert_eq!(summary(&one_pass), summary(&by_record));
        assert!(one_pass.iter().all(|d| d.record.is_ok()));

        let all: Vec<String> = RECORDS
            .iter()
            .enumerate()
            .map(|(i, r)| envelope(i, r))
            .collect();
        let batch = format!("[{}]", all.join(","));
        assert!(decode_in_one_pass(batch.as_bytes()).is_err());
        let decoded = decode(batch.as_bytes()).unwrap();
        assert_eq!(decoded.len(), RECORDS.len());
        assert_eq!(
            summary(&decoded),
            summary(&decode_record_by_record(batch.as_bytes()).unwrap())
        );
        assert!(decoded.iter().all(|d| d.record.is_ok()));
    }

    /// One bad record sends its batch record by record: only that record
    /// is rejected, with serde's message.
    #[test]
    fn a_bad_record_in_a_one_pass_batch_is_rejected_alone() {
        let batch = format!(
            "[{},{},{}]",
            envelope(1, RECORDS[4]),
            envelope(
                2,
                r#"{"kind":"mrr","account":"A1","month":"2024-13","mrr":"1"}"#
            ),
            envelope(3, RECORDS[6])
        );
        let decoded = decode(batch.as_bytes()).unwrap();
        assert_eq!(decoded.len(), 3);
        assert!(decoded[0].record.is_ok() && decoded[2].record.is_ok());
        let e = decoded[1].record.as_ref().unwrap_err();
        assert!(e.contains("2024-13"), "{e}");
        assert_eq!(decoded[2].row, Some(3));
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
