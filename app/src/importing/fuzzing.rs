//! Doors for the fuzz harness (issue 20): what the host decodes from a
//! plugin, reached exactly as the import does, so that mutants of real
//! batches can be fed to it (`app/tests/fuzz_decoders.rs`, a short pass on
//! every `cargo test`; `app/examples/fuzz_decoders.rs`, the long one). Not
//! part of the library's API.

use super::isolation::{pool::Hello, wire};
use super::{FileDescription, RowProblem};
use tenure_plugin_api::{EmittedRecord, PluginInfo};

/// What a decoding pass found (so the work cannot be optimised away, and
/// so the harness can tell that mutants reach the record decoders).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// Records that decoded into a domain record.
    pub records: usize,
    /// Records refused one by one (the batch itself was fine).
    pub rejected: usize,
    /// Field errors the domain validation found in the decoded records.
    pub invalid: usize,
    /// Batches, frames or documents refused as a whole.
    pub refused: usize,
}

/// A record batch as the decoding thread reads it (JSON or binary, by its
/// first bytes), then each record through the domain validation the store
/// runs before writing.
pub fn decode_batch(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    match super::payload::decode(bytes) {
        Ok(batch) => {
            for d in batch {
                match d.record {
                    Ok(record) => {
                        out.records += 1;
                        out.invalid += crate::domain::validate::validate(&record).len();
                    }
                    Err(_) => out.rejected += 1,
                }
            }
        }
        Err(_) => out.refused += 1,
    }
    out
}

/// The JSON documents a plugin answers with, read as the host reads them:
/// `info` (and the child's hello), `describe`'s description, a problem.
pub fn decode_documents(bytes: &[u8]) -> Decoded {
    let mut out = Decoded::default();
    let refused = [
        serde_json::from_slice::<PluginInfo>(bytes).is_err(),
        serde_json::from_slice::<Hello>(bytes).is_err(),
        serde_json::from_slice::<FileDescription>(bytes).is_err(),
        serde_json::from_slice::<RowProblem>(bytes).is_err(),
    ];
    out.refused = refused.iter().filter(|r| **r).count();
    out
}

/// A child's whole answer stream, frame by frame, as the parent reads it:
/// record frames through [`decode_batch`], the others through
/// [`decode_documents`] or their fixed layouts.
pub fn decode_stream(bytes: &[u8]) -> Decoded {
    let mut input = bytes;
    let mut out = Decoded::default();
    loop {
        match wire::read_frame(&mut input) {
            Ok(Some((wire::RECORDS, body))) => add(&mut out, decode_batch(&body)),
            Ok(Some((wire::HELLO | wire::PROBLEM, body))) => add(&mut out, decode_documents(&body)),
            Ok(Some((wire::DESCRIBED, body))) if body.len() >= 4 => {
                add(&mut out, decode_documents(&body[4..]))
            }
            Ok(Some((tag, body))) => {
                // Requests too: the child reads them with the same framing.
                if matches!(tag, wire::DETECT | wire::DESCRIBE | wire::IMPORT)
                    && wire::parse_request(&body).is_none()
                {
                    out.refused += 1;
                }
            }
            Ok(None) => return out,
            Err(_) => {
                out.refused += 1;
                return out;
            }
        }
    }
}

fn add(into: &mut Decoded, more: Decoded) {
    into.records += more.records;
    into.rejected += more.rejected;
    into.invalid += more.invalid;
    into.refused += more.refused;
}

/// `records` as the JSON batch a plugin sends a host of payload version 1.
pub fn json_batch(records: &[EmittedRecord]) -> Vec<u8> {
    serde_json::to_vec(records).unwrap_or_default()
}

/// `records` as the binary batch (payload version 2) the glue writes: the
/// record kind beside the fields, a record's own kind field as `kind`.
pub fn binary_batch(records: &[EmittedRecord]) -> Vec<u8> {
    use tenure_plugin_api::binary;
    let mut out = Vec::new();
    binary::start_batch(&mut out);
    let mut count = 0u32;
    for r in records {
        let Some(object) = r.record.as_object() else {
            continue;
        };
        let kind = object.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        let own = tenure_plugin_api::own_kind_field(kind);
        let fields = object
            .iter()
            .filter(|(k, _)| k.as_str() != "kind")
            .map(|(k, v)| (if Some(k.as_str()) == own { "kind" } else { k }, v));
        binary::write_record(&mut out, r.sheet.as_deref(), r.row, kind, fields);
        count += 1;
    }
    binary::finish_batch(&mut out, count);
    out
}

/// One frame, as the child writes it.
pub fn frame(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = wire::write_frame(&mut out, tag, &[body]);
    out
}

/// The tags of the frames a child sends, for building seed streams.
pub mod tags {
    pub use super::wire::{DESCRIBED, DONE, HELLO, PROBLEM, PROGRESS, RECORDS};
}
