//! The protocol between Tenure and a plugin's child process: frames of
//! one tag byte, a little-endian `u32` length and that many bytes. Batches
//! travel as the plugin wrote them (the binary payload); the parent decodes.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest frame either side accepts (a batch is far smaller; a
/// longer length is a broken stream, not a reason to allocate).
pub const MAX_FRAME: usize = 64 << 20;

// Parent → child.
pub const DETECT: u8 = b'd';
pub const DESCRIBE: u8 = b's';
pub const IMPORT: u8 = b'i';
// Child → parent.
pub const HELLO: u8 = b'H';
pub const LOAD_ERROR: u8 = b'E';
pub const DETECTED: u8 = b'D';
pub const DESCRIBED: u8 = b'S';
pub const RECORDS: u8 = b'R';
pub const PROBLEM: u8 = b'P';
pub const PROGRESS: u8 = b'G';
pub const DONE: u8 = b'Z';

/// `detect`'s "no answer" (a panic the glue caught).
pub const NO_ANSWER: u8 = 255;

pub fn write_frame(out: &mut dyn Write, tag: u8, parts: &[&[u8]]) -> io::Result<()> {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let len = u32::try_from(len)
        .ok()
        .filter(|l| *l as usize <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "frame too large"))?;
    out.write_all(&[tag])?;
    out.write_all(&len.to_le_bytes())?;
    for part in parts {
        out.write_all(part)?;
    }
    out.flush()
}

/// The next frame; `Ok(None)` at a clean end of the stream.
pub fn read_frame(input: &mut dyn Read) -> io::Result<Option<(u8, Vec<u8>)>> {
    let mut head = [0u8; 5];
    let mut got = 0;
    while got < head.len() {
        match input.read(&mut head[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes"),
        ));
    }
    let mut body = vec![0u8; len];
    input.read_exact(&mut body)?;
    Ok(Some((head[0], body)))
}

/// A request's body: the file's path, then the rest (head or options).
pub fn request(path: &Path, rest: &[u8]) -> Vec<u8> {
    let path = tenure_plugin_api::glue::path_bytes(path);
    let mut body = Vec::with_capacity(4 + path.len() + rest.len());
    body.extend_from_slice(&(path.len() as u32).to_le_bytes());
    body.extend_from_slice(&path);
    body.extend_from_slice(rest);
    body
}

/// [`request`] read back.
pub fn parse_request(body: &[u8]) -> Option<(PathBuf, &[u8])> {
    let len = u32::from_le_bytes(body.get(..4)?.try_into().ok()?) as usize;
    let path = body.get(4..4usize.checked_add(len)?)?;
    let rest = body.get(4 + len..)?;
    Some((path_from_bytes(path), rest))
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_a_clean_end_is_none() {
        let mut buf = Vec::new();
        write_frame(&mut buf, RECORDS, &[b"ab", b"cde"]).unwrap();
        write_frame(&mut buf, DONE, &[]).unwrap();
        assert_eq!(buf.len(), 5 + 5 + 5);
        let mut input = &buf[..];
        assert_eq!(
            read_frame(&mut input).unwrap(),
            Some((RECORDS, b"abcde".to_vec()))
        );
        assert_eq!(read_frame(&mut input).unwrap(), Some((DONE, Vec::new())));
        assert_eq!(read_frame(&mut input).unwrap(), None);
    }

    #[test]
    fn a_cut_frame_or_a_huge_length_is_an_error_not_an_allocation() {
        let mut cut: &[u8] = &[RECORDS, 3, 0];
        assert!(read_frame(&mut cut).is_err());
        let mut huge: &[u8] = &[RECORDS, 0xff, 0xff, 0xff, 0xff];
        assert!(read_frame(&mut huge).is_err());
        let mut short_body: &[u8] = &[RECORDS, 4, 0, 0, 0, 1];
        assert!(read_frame(&mut short_body).is_err());
    }

    #[test]
    fn requests_carry_the_path_and_the_rest() {
        let body = request(Path::new("/tmp/a b.csv"), b"{\"x\":1}");
        let (path, rest) = parse_request(&body).unwrap();
        assert_eq!(path, PathBuf::from("/tmp/a b.csv"));
        assert_eq!(rest, b"{\"x\":1}");
        assert!(parse_request(&[9, 0, 0, 0, b'a']).is_none());
        assert!(parse_request(&[]).is_none());
    }
}
