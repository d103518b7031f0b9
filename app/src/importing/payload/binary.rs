//! Reading binary record batches (payload version 2, the format is in
//! `tenure_plugin_api::binary`). Each record's fields are handed to its
//! kind's serde struct through a small `Deserializer`, so a record is
//! checked exactly as a JSON one is, with the same messages.

use super::record_of_kind;
use crate::domain::RecordKind;
use crate::importing::ffi::Decoded;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::sync::OnceLock;
use tenure_plugin_api::binary::{ABSENT, MAGIC, tag};

type Error = serde_json::Error;

/// A batch; `Err` when the batch itself is broken (a record whose fields
/// do not decode is rejected alone).
pub(super) fn decode(bytes: &[u8]) -> Result<Vec<Decoded>, String> {
    let mut batch = Reader::new(bytes.get(MAGIC.len()..).unwrap_or_default());
    let count = batch.u32().map_err(|e| e.to_string())?;
    // A count larger than the bytes can hold is caught below, record by record.
    let mut records = Vec::with_capacity((count as usize).min(bytes.len() / 16));
    for i in 0..count {
        let length = batch.u32().and_then(|n| batch.take(n as usize));
        let body = length.map_err(|e| format!("record {i} of a binary batch: {e}"))?;
        records
            .push(decode_record(body).map_err(|e| format!("record {i} of a binary batch: {e}"))?);
    }
    if !batch.is_at_end() {
        return Err("a binary batch goes on after its last record".to_string());
    }
    Ok(records)
}

/// One record: where it came from, then its fields as the kind's struct.
fn decode_record(body: &[u8]) -> Result<Decoded, Error> {
    let mut r = Reader::new(body);
    let sheet = r.optional_text()?.map(str::to_string);
    let row = match r.byte()? {
        0 => None,
        1 => Some(r.u64()?),
        other => return Err(de::Error::custom(format!("row flag {other}"))),
    };
    let kind = r.text()?;
    let fields = r.u32()?;
    let record = match RecordKind::from_name(kind) {
        Some(kind) => {
            let record = record_of_kind(
                kind,
                Fields {
                    reader: &mut r,
                    remaining: fields,
                },
            );
            match record {
                Ok(record) if r.is_at_end() => Ok(record),
                Ok(_) => Err("the record goes on after its fields".to_string()),
                Err(e) => Err(super::without_position(&e)),
            }
        }
        None => Err(<Error as de::Error>::unknown_variant(kind, kind_names()).to_string()),
    };
    Ok(Decoded { sheet, row, record })
}

fn kind_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| RecordKind::ALL.iter().map(|k| k.name()).collect())
}

/// Bytes read from the front.
struct Reader<'de> {
    bytes: &'de [u8],
}

impl<'de> Reader<'de> {
    fn new(bytes: &'de [u8]) -> Self {
        Reader { bytes }
    }

    fn is_at_end(&self) -> bool {
        self.bytes.is_empty()
    }

    fn take(&mut self, n: usize) -> Result<&'de [u8], Error> {
        if n > self.bytes.len() {
            return Err(de::Error::custom("the binary batch ends inside a record"));
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, Error> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn text(&mut self) -> Result<&'de str, Error> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?)
            .map_err(|_| de::Error::custom("a text in the binary batch is not UTF-8"))
    }

    fn optional_text(&mut self) -> Result<Option<&'de str>, Error> {
        if self.bytes.get(..4) == Some(&ABSENT.to_le_bytes()[..]) {
            self.take(4)?;
            return Ok(None);
        }
        self.text().map(Some)
    }
}

/// A record's fields, as a map.
struct Fields<'r, 'de> {
    reader: &'r mut Reader<'de>,
    remaining: u32,
}

impl<'de> Deserializer<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        let key = self.reader.text()?;
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(FieldValue {
            reader: &mut *self.reader,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining as usize)
    }
}

/// One field's value.
struct FieldValue<'r, 'de> {
    reader: &'r mut Reader<'de>,
}

impl<'de> FieldValue<'_, 'de> {
    fn peek_tag(&self) -> Option<u8> {
        self.reader.bytes.first().copied()
    }
}

/// JSON text inside a binary value, read by serde_json.
fn json<'de, V: Visitor<'de>>(
    text: &'de str,
    read: impl FnOnce(
        &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
        V,
    ) -> Result<V::Value, Error>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = read(&mut de, visitor)?;
    de.end()?;
    Ok(value)
}

impl<'de> Deserializer<'de> for FieldValue<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.reader.byte()? {
            tag::NULL => visitor.visit_unit(),
            tag::FALSE => visitor.visit_bool(false),
            tag::TRUE => visitor.visit_bool(true),
            // As serde_json does: visitors that take only unsigned numbers
            // get them.
            tag::INT => match i64::from_le_bytes(self.reader.array()?) {
                n if n >= 0 => visitor.visit_u64(n as u64),
                n => visitor.visit_i64(n),
            },
            tag::FLOAT => visitor.visit_f64(f64::from_le_bytes(self.reader.array()?)),
            tag::TEXT => visitor.visit_borrowed_str(self.reader.text()?),
            tag::JSON => json(self.reader.text()?, |de, v| de.deserialize_any(v), visitor),
            other => Err(de::Error::custom(format!("unknown value tag {other}"))),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek_tag() == Some(tag::NULL) {
            self.reader.byte()?;
            return visitor.visit_none();
        }
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.peek_tag() {
            Some(tag::TEXT) => {
                self.reader.byte()?;
                let text = self.reader.text()?;
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(text))
            }
            Some(tag::JSON) => {
                self.reader.byte()?;
                json(
                    self.reader.text()?,
                    |de, v| de.deserialize_enum(name, variants, v),
                    visitor,
                )
            }
            _ => self.deserialize_any(visitor),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // a panic in a test is a failed test
    use super::super::tests::{RECORDS, summary as text};
    use super::*;
    use tenure_plugin_api::binary::{finish_batch, start_batch, write_record};

    /// A binary batch of `records` (JSON objects with a text `kind`).
    fn binary_batch(records: &[serde_json::Value]) -> Vec<u8> {
        let mut out = Vec::new();
        start_batch(&mut out);
        for (i, record) in records.iter().enumerate() {
            let fields = record.as_object().unwrap();
            let kind = fields["kind"].as_str().unwrap();
            let sheet = (i % 2 == 0).then_some("Receita \"2025\"");
            write_record(
                &mut out,
                sheet,
                Some(i as u64 + 2),
                kind,
                fields
                    .iter()
                    .filter(|(k, _)| *k != "kind")
                    .map(|(k, v)| (k.as_str(), v)),
            );
        }
        finish_batch(&mut out, records.len() as u32);
        out
    }

    fn json_batch(records: &[serde_json::Value]) -> Vec<u8> {
        let envelopes: Vec<serde_json::Value> = records
            .iter()
            .enumerate()
            .map(|(i, record)| {
                let sheet = (i % 2 == 0).then_some("Receita \"2025\"");
                serde_json::json!({"sheet": sheet, "row": i as u64 + 2, "record": record})
            })
            .collect();
        serde_json::to_vec(&envelopes).unwrap()
    }

    /// Every record kind, with nested custom fields, nulls, numbers and
    /// enums, decodes from binary exactly as from JSON.
    #[test]
    fn binary_batches_decode_as_json_ones() {
        let records: Vec<serde_json::Value> = RECORDS
            .iter()
            .map(|r| serde_json::from_str(r).unwrap())
            .collect();
        let binary = binary_batch(&records);
        let decoded = super::super::decode(&binary).unwrap();
        assert_eq!(decoded.len(), RECORDS.len());
        assert!(
            decoded.iter().all(|d| d.record.is_ok()),
            "{:?}",
            text(&decoded)
        );
        assert_eq!(
            text(&decoded),
            text(&super::super::decode(&json_batch(&records)).unwrap())
        );
    }

    /// The own `kind` field of a survey response, an activity and an
    /// opportunity travels as `kind` in binary (the record kind has its own
    /// place) and decodes as `survey_kind` and the others do in JSON; the
    /// JSON names are still read in binary too.
    #[test]
    fn own_kind_fields_travel_as_kind_in_binary() {
        for own in ["survey_kind", "activity_kind", "opportunity_kind"] {
            let json = RECORDS
                .iter()
                .find(|r| r.contains(&format!("\"{own}\"")))
                .unwrap();
            let record: serde_json::Value = serde_json::from_str(json).unwrap();
            let fields = record.as_object().unwrap();
            let kind = fields["kind"].as_str().unwrap();
            let expected: crate::domain::Record = serde_json::from_str(json).unwrap();
            for name in ["kind", own] {
                let mut out = Vec::new();
                start_batch(&mut out);
                write_record(
                    &mut out,
                    None,
                    Some(2),
                    kind,
                    fields
                        .iter()
                        .filter(|(k, _)| *k != "kind")
                        .map(|(k, v)| (if k == own { name } else { k.as_str() }, v)),
                );
                finish_batch(&mut out, 1);
                let decoded = super::super::decode(&out).unwrap();
                assert_eq!(decoded[0].record, Ok(expected.clone()), "{own} as {name}");
            }
        }
    }

    /// Every typed record of the plugin API, with every field set, decodes
    /// into the host's struct, from binary and from JSON (what a version-1
    /// host would get) alike: the host and the typed records agree on every
    /// field's name and value type.
    #[test]
    fn every_typed_record_decodes_with_every_field() {
        use tenure_plugin_api::{TypedRecord, records::*};

        fn put<R: TypedRecord>(batch: &mut Vec<u8>, json: &mut Vec<serde_json::Value>, record: R) {
            let mut fields = Vec::new();
            record.into_fields(&mut fields);
            assert_eq!(
                fields.len(),
                R::FIELDS.len(),
                "{}: set every field",
                R::KIND
            );
            write_record(
                batch,
                None,
                Some(2),
                R::KIND,
                fields.iter().map(|(k, v)| (*k, v)),
            );
            let record = tenure_plugin_api::FieldRecord::new(None, Some(2), R::KIND, &fields);
            json.push(serde_json::to_value(record.to_emitted()).unwrap());
        }
        let (mut batch, mut json) = (Vec::new(), Vec::new());
        start_batch(&mut batch);
        let account = Account::new("A1", "Acme")
            .domain("acme.com")
            .industry("Retail")
            .country("BR")
            .region("SP")
            .city("São Paulo")
            .employees(12)
            .plan("Pro")
            .tier("high touch")
            .csm("Ana")
            .status("churned")
            .customer_since("2024-01-15")
            .churned_on("2025-02-01")
            .churn_reason("price")
            .renewal_on("2025-06-01")
            .onboarding_completed_on("2024-02-01")
            .first_value_on("2024-03-01")
            .licenses(20)
            .acquisition_cost(Money::from_cents(350_010))
            .mrr(Money::from_cents(149_000))
            .custom("CNPJ", "00.123.456/0001-90");
        put(&mut batch, &mut json, account);
        put(&mut batch, &mut json, Mrr::new("A1", "2024-02", "1490.00"));
        let subscription = Subscription::new("A1", "2024-01-15", "12000")
            .external_id("S-9")
            .end("2025-01-15")
            .billing_period("annual")
            .product("Add-on")
            .trial_end("2024-02-15")
            .discount("1200.00")
            .discount_percent(10.0)
            .cancel_at("2024-12-15")
            .currency("USD");
        put(&mut batch, &mut json, subscription);
        let survey = SurveyResponse::new("2024-03-01", "csat", 4)
            .account("A1")
            .respondent("bia@acme.com")
            .comment("ótimo");
        put(&mut batch, &mut json, survey);
        let ticket = Ticket::new("2024-03-01T10:00:00-03:00")
            .account("A1")
            .requester("bia@acme.com")
            .external_id("T-1")
            .first_response_at("2024-03-01T10:30:00-03:00")
            .resolved_at("2024-03-02T09:00:00-03:00")
            .category("billing")
            .priority("high")
            .channel("email");
        put(&mut batch, &mut json, ticket);
        let usage = Usage::new("A1", "2024-03")
            .active_users(12)
            .total_users(20)
            .adopters(5)
            .licenses(25)
            .events(300);
        put(&mut batch, &mut json, usage);
        let activity = Activity::new("A1", "2024-03-02", "call")
            .external_id("AC-1")
            .csm("Ana")
            .minutes(30)
            .notes("renewal talk");
        put(&mut batch, &mut json, activity);
        let opportunity = Opportunity::new("A1", "cross_sell", "won")
            .external_id("O-1")
            .amount("500")
            .created_on("2024-03-01")
            .closed_on("2024-04-01");
        put(&mut batch, &mut json, opportunity);
        put(
            &mut batch,
            &mut json,
            AcquisitionSpend::new("2024-01", "4500.00").channel("ads"),
        );
        put(
            &mut batch,
            &mut json,
            tenure_plugin_api::FxRate::new("2024-01", "USD", "5.4321"),
        );
        let purchase = tenure_plugin_api::Purchase::new("A1", "2024-03-05", "120.00")
            .currency("USD")
            .refunded("20.00")
            .external_id("ch_1")
            .kind("recurring")
            .product("Pro")
            .status("refunded");
        put(&mut batch, &mut json, purchase);
        let csm = Csm::new("Ana")
            .email("ana@example.com")
            .capacity_hours(100.5)
            .active(true);
        put(&mut batch, &mut json, csm);
        let contact = Contact::new("A1", "Bia")
            .email("bia@acme.com")
            .phone("+55 11 99999-0000")
            .role("CFO")
            .is_primary(true);
        put(&mut batch, &mut json, contact);
        let task = Task::new("A1", "Call Bia", "2024-03-05")
            .csm("Ana")
            .status("done")
            .rule("nps_detractor")
            .trigger("survey:7")
            .created_on("2024-03-03")
            .done_on("2024-03-04")
            .notes("spoke");
        put(&mut batch, &mut json, task);
        finish_batch(&mut batch, json.len() as u32);
        assert_eq!(json.len(), tenure_plugin_api::records::ALL.len());

        let decoded = super::super::decode(&batch).unwrap();
        assert!(
            decoded.iter().all(|d| d.record.is_ok()),
            "{:?}",
            text(&decoded)
        );
        let from_json = super::super::decode(&serde_json::to_vec(&json).unwrap()).unwrap();
        assert_eq!(text(&decoded), text(&from_json));
        use crate::domain::{OpportunityKind, Record, SurveyKind};
        match &decoded[0].record {
            Ok(Record::Account(a)) => {
                assert_eq!(a.acquisition_cost.map(|m| m.cents()), Some(350_010));
                assert_eq!(a.mrr.map(|m| m.cents()), Some(149_000));
                assert_eq!(
                    a.custom.get("CNPJ").map(String::as_str),
                    Some("00.123.456/0001-90")
                );
            }
            other => panic!("{other:?}"),
        }
        match &decoded[3].record {
            Ok(Record::SurveyResponse(s)) => assert_eq!((s.kind, s.score), (SurveyKind::Csat, 4)),
            other => panic!("{other:?}"),
        }
        match &decoded[7].record {
            Ok(Record::Opportunity(o)) => assert_eq!(o.kind, OpportunityKind::CrossSell),
            other => panic!("{other:?}"),
        }
    }

    /// A record that does not fit its kind is rejected alone, with the
    /// message serde gives for the same record in JSON.
    #[test]
    fn bad_binary_records_are_rejected_alone_with_serdes_message() {
        let bad = [
            r#"{"kind":"mrr","account":"A1","month":"2024-02","mrr":"1","extra":1}"#,
            r#"{"kind":"mrr","account":"A1","mrr":"1"}"#,
            r#"{"kind":"mrr","account":"A1","month":"2024-13","mrr":"1"}"#,
            r#"{"kind":"payment","amount":1}"#,
            r#"{"kind":"survey_response","account":"A1","date":"2024-03-01","survey_kind":"loyalty","score":9}"#,
            r#"{"kind":"csm","name":"Ana","capacity_hours":"lots"}"#,
        ];
        for json in bad {
            let records = vec![
                serde_json::from_str(RECORDS[4]).unwrap(),
                serde_json::from_str::<serde_json::Value>(json).unwrap(),
                serde_json::from_str(RECORDS[6]).unwrap(),
            ];
            let from_binary = super::super::decode(&binary_batch(&records)).unwrap();
            let from_json = super::super::decode(&json_batch(&records)).unwrap();
            assert!(from_binary[0].record.is_ok() && from_binary[2].record.is_ok());
            assert_eq!(from_binary[2].row, Some(4));
            let (b, j) = (&from_binary[1].record, &from_json[1].record);
            assert!(b.is_err(), "{json}");
            assert_eq!(b, j, "{json}");
        }
    }

    /// Broken batches are errors, not panics.
    #[test]
    fn broken_binary_batches_are_errors() {
        let good = binary_batch(&[serde_json::from_str(RECORDS[4]).unwrap()]);
        for cut in MAGIC.len()..good.len() {
            assert!(super::super::decode(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(super::super::decode(&longer).is_err());
        let mut huge_count = good.clone();
        huge_count[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(super::super::decode(&huge_count).is_err());
        // Text that is not UTF-8 rejects its record.
        let mut not_utf8 = good.clone();
        let at = not_utf8
            .windows(2)
            .position(|w| w == b"A1")
            .expect("the account's text");
        not_utf8[at] = 0xFF;
        let decoded = super::super::decode(&not_utf8).unwrap();
        let e = decoded[0].record.as_ref().unwrap_err();
        assert!(e.contains("not UTF-8"), "{e}");
        // A bad value tag rejects its record, not the batch.
        let mut bad_tag = good;
        let at = bad_tag.len() - 1 - "1490.00".len() - 4;
        assert_eq!(bad_tag[at], tag::TEXT);
        bad_tag[at] = 9;
        let decoded = super::super::decode(&bad_tag).unwrap();
        let e = decoded[0].record.as_ref().unwrap_err();
        assert!(e.contains("unknown value tag 9"), "{e}");
    }
}
