//! Text encodings: sniffed from the first bytes, decoded to UTF-8 while
//! streaming.
//!
//! - A BOM decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE. A UTF-16 BOM followed
//!   by UTF-32 code units (a real-world mismatch) is read as UTF-32.
//! - Without a BOM: UTF-16 by its NUL pattern, UTF-8 when the bytes are
//!   valid UTF-8, otherwise Windows-1252 (a superset of Latin-1 for text).

use std::io::{self, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    Windows1252,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Utf32Le => "UTF-32LE",
            TextEncoding::Utf32Be => "UTF-32BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// What the first bytes of a file say about its encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub encoding: TextEncoding,
    /// Bytes of byte-order mark to skip.
    pub bom_len: usize,
}

/// Whether `bytes` (from offset 0) look like UTF-32 code units of text:
/// `le` picks the byte order. Needs at least two code units.
fn looks_utf32(bytes: &[u8], le: bool) -> bool {
    let units: Vec<&[u8]> = bytes.chunks_exact(4).take(256).collect();
    if units.len() < 2 {
        return false;
    }
    units.iter().all(|u| {
        let v = if le {
            u32::from_le_bytes([u[0], u[1], u[2], u[3]])
        } else {
            u32::from_be_bytes([u[0], u[1], u[2], u[3]])
        };
        v != 0 && v <= 0x10FFFF && char::from_u32(v).is_some()
    })
}

/// Valid UTF-8, allowing a sequence cut at the end of the sample.
fn valid_utf8_prefix(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // A cut sequence only counts as valid in a sample cut from a larger
        // file (a whole small file ending mid-sequence is not UTF-8).
        Err(e) => {
            e.error_len().is_none() && bytes.len() >= 4096 && bytes.len() - e.valid_up_to() < 4
        }
    }
}

/// Sniff the encoding from the first bytes of a file (64 KiB is plenty).
pub fn sniff(head: &[u8]) -> Sniffed {
    let s = |encoding, bom_len| Sniffed { encoding, bom_len };
    if head.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) {
        return s(TextEncoding::Utf32Le, 4);
    }
    if head.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        return s(TextEncoding::Utf32Be, 4);
    }
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return s(TextEncoding::Utf8, 3);
    }
    if head.starts_with(&[0xFE, 0xFF]) || head.starts_with(&[0xFF, 0xFE]) {
        // A 2-byte BOM, but the text after it may be UTF-32 (mismatched BOM).
        let rest = &head[2..];
        if looks_utf32(rest, true) {
            return s(TextEncoding::Utf32Le, 2);
        }
        if looks_utf32(rest, false) {
            return s(TextEncoding::Utf32Be, 2);
        }
        return if head[0] == 0xFE {
            s(TextEncoding::Utf16Be, 2)
        } else {
            s(TextEncoding::Utf16Le, 2)
        };
    }
    // No BOM: UTF-16 text in ASCII range has a NUL in every other byte.
    let sample = &head[..head.len().min(4096)];
    if sample.len() >= 4 {
        let pairs = sample.len() / 2;
        let even_nul = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_nul = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|b| **b == 0)
            .count();
        if odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs {
            return s(TextEncoding::Utf16Le, 0);
        }
        if even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs {
            return s(TextEncoding::Utf16Be, 0);
        }
    }
    if valid_utf8_prefix(head) {
        s(TextEncoding::Utf8, 0)
    } else {
        s(TextEncoding::Windows1252, 0)
    }
}

/// Decode a whole byte slice (a head sample, a small file) to text.
pub fn decode_all(bytes: &[u8], sniffed: Sniffed) -> String {
    let mut out = Vec::new();
    let mut reader = DecodingReader::new(&bytes[sniffed.bom_len.min(bytes.len())..], sniffed);
    if reader.read_to_end(&mut out).is_err() {
        return String::new();
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

enum Mode {
    /// UTF-8 already: bytes pass through.
    Pass,
    Rs(Box<encoding_rs::Decoder>),
    Utf32 {
        le: bool,
    },
}

/// A reader that turns bytes in a sniffed encoding into UTF-8, in chunks
/// (the BOM must already be skipped from `inner`).
pub struct DecodingReader<R: Read> {
    inner: R,
    mode: Mode,
    input: Vec<u8>,
    input_len: usize,
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

const CHUNK: usize = 64 * 1024;

impl<R: Read> DecodingReader<R> {
    pub fn new(inner: R, sniffed: Sniffed) -> Self {
        let mode = match sniffed.encoding {
            TextEncoding::Utf8 => Mode::Pass,
            TextEncoding::Utf16Le => Mode::Rs(Box::new(
                encoding_rs::UTF_16LE.new_decoder_without_bom_handling(),
            )),
            TextEncoding::Utf16Be => Mode::Rs(Box::new(
                encoding_rs::UTF_16BE.new_decoder_without_bom_handling(),
            )),
            TextEncoding::Windows1252 => Mode::Rs(Box::new(
                encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling(),
            )),
            TextEncoding::Utf32Le => Mode::Utf32 { le: true },
            TextEncoding::Utf32Be => Mode::Utf32 { le: false },
        };
        DecodingReader {
            inner,
            mode,
            input: vec![0; CHUNK],
            input_len: 0,
            out: Vec::with_capacity(CHUNK * 3),
            out_pos: 0,
            eof: false,
        }
    }

    /// Decode the next chunk into `out`; false at the end of input.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() {
            if self.eof {
                return Ok(false);
            }
            let n = self.inner.read(&mut self.input[self.input_len..])?;
            if n == 0 {
                self.eof = true;
            }
            self.input_len += n;
            let last = self.eof;
            match &mut self.mode {
                Mode::Pass => {
                    self.out.extend_from_slice(&self.input[..self.input_len]);
                    self.input_len = 0;
                }
                Mode::Rs(decoder) => {
                    let need = decoder
                        .max_utf8_buffer_length(self.input_len)
                        .unwrap_or(self.input_len * 3 + 16);
                    self.out.resize(need, 0);
                    let (_, read, written, _) =
                        decoder.decode_to_utf8(&self.input[..self.input_len], &mut self.out, last);
                    self.out.truncate(written);
                    self.input.copy_within(read..self.input_len, 0);
                    self.input_len -= read;
                }
                Mode::Utf32 { le } => {
                    let whole = self.input_len / 4 * 4;
                    let mut tmp = [0u8; 4];
                    for u in self.input[..whole].chunks_exact(4) {
                        let arr = [u[0], u[1], u[2], u[3]];
                        let v = if *le {
                            u32::from_le_bytes(arr)
                        } else {
                            u32::from_be_bytes(arr)
                        };
                        let c = char::from_u32(v).unwrap_or('\u{FFFD}');
                        self.out
                            .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                    }
                    self.input.copy_within(whole..self.input_len, 0);
                    self.input_len -= whole;
                    if last && self.input_len > 0 {
                        self.out.extend_from_slice("\u{FFFD}".as_bytes());
                        self.input_len = 0;
                    }
                }
            }
        }
        Ok(true)
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.out_pos >= self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_boms_and_fallbacks() {
        assert_eq!(sniff(b"\xEF\xBB\xBFa,b").encoding, TextEncoding::Utf8);
        assert_eq!(sniff(b"\xFF\xFEa\0,\0b\0").encoding, TextEncoding::Utf16Le);
        assert_eq!(sniff(b"\xFE\xFF\0a\0,\0b").encoding, TextEncoding::Utf16Be);
        assert_eq!(sniff(b"a,b\n\xe9").encoding, TextEncoding::Windows1252);
        assert_eq!(sniff("a,é".as_bytes()).encoding, TextEncoding::Utf8);
        let s = sniff(b"\xFE\xFF\"\0\0\0a\0\0\0");
        assert_eq!((s.encoding, s.bom_len), (TextEncoding::Utf32Le, 2));
    }

    #[test]
    fn decodes_windows_1252_and_utf16() {
        let s = sniff(b"Raz\xe3o,\x80");
        assert_eq!(decode_all(b"Raz\xe3o,\x80", s), "Razão,€");
        let bytes = b"\xFF\xFEa\0\xe7\0";
        assert_eq!(decode_all(bytes, sniff(bytes)), "aç");
    }
}
