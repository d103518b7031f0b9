//! Payload version 2: record batches in a compact binary form, which costs
//! both sides a fraction of JSON's writing and reading (see `README.md`,
//! "Binary record batches"). A plugin sends them only to a host whose
//! `TenureHostV1::payload_version` is 2 or more; everything else (info,
//! options, descriptions, problems, and JSON record batches, which a
//! version-2 host still reads) stays as in version 1.
//!
//! Integers are little-endian.
//!
//! ```text
//! batch  := "TNB2" count:u32 record{count}
//! record := length:u32 body          (length of body, to skip a bad record)
//! body   := sheet:opt_text row:opt_u64 kind:text fields:u32 (key:text value){fields}
//! text   := length:u32 UTF-8 bytes
//! opt_text := length:u32 bytes | 0xFFFF_FFFF (absent)
//! opt_u64  := 0 | 1 value:u64
//! value  := 0 null | 1 false | 2 true | 3 i64 | 4 f64 | 5 text
//!         | 6 text holding any JSON value (objects, arrays, numbers beyond i64)
//! ```
//!
//! Field names are the canonical ones of the schema (`tenure_schema`) and
//! values those of the JSON payload. The record kind is not a field: it has
//! its place in the record, so the own `kind` field of a survey response,
//! an activity or an opportunity travels as `kind` (JSON, where `kind` is
//! the tag, names it `survey_kind`, `activity_kind`, `opportunity_kind`;
//! the host accepts those names here too).

use serde_json::Value;

/// The first bytes of a binary record batch (a JSON batch starts with `[`).
pub const MAGIC: &[u8; 4] = b"TNB2";
/// `opt_text` length of an absent text.
pub const ABSENT: u32 = u32::MAX;

/// The tags of a field value.
pub mod tag {
    pub const NULL: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const TRUE: u8 = 2;
    pub const INT: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const TEXT: u8 = 5;
    pub const JSON: u8 = 6;
}

/// Starts a batch in the empty `out`; [`finish_batch`] writes the count.
pub fn start_batch(out: &mut Vec<u8>) {
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&0u32.to_le_bytes());
}

/// Writes the number of records into the batch `out` holds.
pub fn finish_batch(out: &mut [u8], count: u32) {
    if let Some(slot) = out.get_mut(MAGIC.len()..MAGIC.len() + 4) {
        slot.copy_from_slice(&count.to_le_bytes());
    }
}

/// Appends one record.
pub fn write_record<'v>(
    out: &mut Vec<u8>,
    sheet: Option<&str>,
    row: Option<u64>,
    kind: &str,
    fields: impl Iterator<Item = (&'v str, &'v Value)>,
) {
    let length_at = reserve_u32(out);
    match sheet {
        Some(sheet) => write_text(out, sheet),
        None => out.extend_from_slice(&ABSENT.to_le_bytes()),
    }
    match row {
        Some(row) => {
            out.push(1);
            out.extend_from_slice(&row.to_le_bytes());
        }
        None => out.push(0),
    }
    write_text(out, kind);
    let count_at = reserve_u32(out);
    let mut count = 0u32;
    for (key, value) in fields {
        write_text(out, key);
        write_value(out, value);
        count += 1;
    }
    patch_u32(out, count_at, count);
    let length = out.len() - length_at - 4;
    patch_u32(out, length_at, u32::try_from(length).unwrap_or(u32::MAX));
}

fn write_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::Null => out.push(tag::NULL),
        Value::Bool(false) => out.push(tag::FALSE),
        Value::Bool(true) => out.push(tag::TRUE),
        Value::Number(n) => match (n.as_i64(), n.is_f64().then(|| n.as_f64()).flatten()) {
            (Some(i), _) => {
                out.push(tag::INT);
                out.extend_from_slice(&i.to_le_bytes());
            }
            (None, Some(f)) => {
                out.push(tag::FLOAT);
                out.extend_from_slice(&f.to_le_bytes());
            }
            // An integer beyond i64: its JSON text keeps it exact.
            (None, None) => {
                out.push(tag::JSON);
                write_text(out, &n.to_string());
            }
        },
        Value::String(text) => {
            out.push(tag::TEXT);
            write_text(out, text);
        }
        Value::Array(_) | Value::Object(_) => {
            out.push(tag::JSON);
            write_text(out, &value.to_string());
        }
    }
}

fn write_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&u32::try_from(text.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

fn reserve_u32(out: &mut Vec<u8>) -> usize {
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    at
}

fn patch_u32(out: &mut [u8], at: usize, value: u32) {
    out[at..at + 4].copy_from_slice(&value.to_le_bytes());
}
