//! The metrics snapshot: the loaded [`Dataset`] written next to the database
//! (`FILE.db-metrics`) in columns, so that a new process answers without
//! re-reading and re-assembling every table.
//!
//! It is never trusted blindly. Its header holds a tag made of the
//! database's content fingerprint ([`Store::content_tag`]), the day it was
//! built for (figures depend on today), the format version and the
//! identity of the program that wrote it (so a new build never reads an old
//! layout); a checksum covers the body, and every length and offset is
//! checked before use. Anything that does not match is rebuilt from SQLite.
//!
//! Adding a field to [`Dataset`], [`Account`] or a row type breaks the
//! exhaustive patterns below on purpose: write it here too and bump
//! [`FORMAT`].

use super::{Dataset, PerAccount, ScoreCache};
use crate::domain::{AccountStatus, Date, Money, Month, SubscriptionTerms, SurveyKind};
use crate::metrics::commitments::Subscriptions;
use crate::metrics::fx::Rates;
use crate::metrics::health::HealthWeights;
use crate::metrics::prospects::Prospects;
use crate::metrics::purchases::{PurchaseRow, Purchases};
use crate::store::Store;
use crate::store::dataset_rows::{ActivityRow, OppRow, SurveyRow, TicketRow, UsageRow};
use crate::store::queries::StoredAccount;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"TENUMSNP";
/// Bumped whenever the layout below changes.
const FORMAT: u32 = 4;
/// Magic, format and tag; the body follows, then its checksum.
const HEADER: usize = 8 + 4 + 8;

/// Where the snapshot of the database at `db` lives.
pub fn snapshot_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-metrics");
    PathBuf::from(name)
}

/// The tag a snapshot must carry to be read for `store` today.
pub fn current_tag(store: &Store) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    store.content_tag().ok()?.hash(&mut h);
    Date::today().days().hash(&mut h);
    FORMAT.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // The program's own identity: a rebuilt binary may lay out or compute
    // the dataset differently.
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    meta.len().hash(&mut h);
    meta.modified().ok()?.hash(&mut h);
    Some(h.finish())
}

/// Reads the snapshot at `path` if it carries `tag`; `None` when it is
/// missing, stale or damaged.
///
/// The body is a run of sections (the accounts, each kind of per-account
/// rows, the rest), each read whole in one sequential read and decoded from
/// the slice: a number column is one bounds check and a straight copy, rows
/// are zipped from their columns without intermediate vectors, and at most
/// one section's bytes (~30 MB at 100,000 accounts × 36 months) are held
/// beside the dataset. A damaged section is caught by the bounds checks or,
/// at the end, by the checksum, before anything is returned. (Not
/// memory-mapped: a file truncated by another program while mapped would
/// kill the process with SIGBUS instead of meaning "rebuild".)
pub fn read(path: &Path, tag: u64) -> Option<Dataset> {
    let file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut src = Sections {
        file,
        left: len,
        sum: Sum::default(),
        buf: Vec::new(),
    };
    let mut header = [0u8; HEADER];
    src.exact(&mut header)?;
    let mut h = Dec { buf: &header };
    if h.take(8)? != MAGIC || h.u32()? != FORMAT || h.u64()? != tag {
        return None;
    }
    src.sum = Sum::default();
    let data = decode(&mut src)?;
    let body_sum = src.sum.finish();
    let mut stored = [0u8; 8];
    src.exact(&mut stored)?;
    (u64::from_le_bytes(stored) == body_sum && src.left == 0 && data.is_consistent())
        .then_some(data)
}

/// The snapshot file after its header, read section by section.
struct Sections {
    file: std::fs::File,
    /// Bytes left in the file: no length read from it may ask for more.
    left: u64,
    sum: Sum,
    /// The bytes of the section being decoded.
    buf: Vec<u8>,
}

impl Sections {
    fn exact(&mut self, buf: &mut [u8]) -> Option<()> {
        self.left = self.left.checked_sub(buf.len() as u64)?;
        self.file.read_exact(buf).ok()?;
        self.sum.add(buf);
        Some(())
    }

    /// Reads the next section and decodes all of it with `f`.
    fn get<T>(&mut self, f: impl FnOnce(&mut Dec<'_>) -> Option<T>) -> Option<T> {
        let mut n = [0u8; 8];
        self.exact(&mut n)?;
        let n = u64::from_le_bytes(n);
        if n > self.left {
            return None;
        }
        let n = usize::try_from(n).ok()?;
        // One buffer for every section, grown to the largest: the pages of
        // a fresh buffer per section cost more to fault in than to read.
        let mut buf = std::mem::take(&mut self.buf);
        if buf.len() < n {
            buf.resize(n, 0);
        }
        let value = self.exact(&mut buf[..n]).and_then(|()| {
            let mut d = Dec { buf: &buf[..n] };
            let value = f(&mut d)?;
            d.buf.is_empty().then_some(value)
        });
        self.buf = buf;
        value
    }
}

/// Writes the snapshot of `data` with `tag`, atomically (a temporary file
/// renamed over the old one).
pub fn write(path: &Path, tag: u64, data: &Dataset) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&tag.to_le_bytes())?;
        let mut w = Enc {
            w: out,
            sum: Sum::default(),
        };
        encode(&mut w, data)?;
        let sum = w.sum.finish();
        let mut out = w.w;
        out.write_all(&sum.to_le_bytes())?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The body's checksum: every 8-byte word of the whole body folded in
/// turn, the last few bytes one by one. Fed in pieces by the writer, it
/// gives what one pass over the body gives the reader.
#[derive(Default)]
struct Sum {
    s: u64,
    pending: [u8; 8],
    /// Bytes waiting in `pending` for a whole word.
    n: usize,
}

impl Sum {
    fn word(&mut self, w: [u8; 8]) {
        self.s = self.s.rotate_left(5) ^ u64::from_le_bytes(w);
    }

    fn add(&mut self, bytes: &[u8]) {
        let mut bytes = bytes;
        if self.n > 0 {
            let take = (8 - self.n).min(bytes.len());
            let (head, tail) = bytes.split_at(take);
            for (slot, b) in self.pending.iter_mut().skip(self.n).zip(head) {
                *slot = *b;
            }
            self.n += take;
            bytes = tail;
            if self.n < 8 {
                return;
            }
            self.word(self.pending);
            self.n = 0;
        }
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.word(w);
        }
        let rest = chunks.remainder();
        for (slot, b) in self.pending.iter_mut().zip(rest) {
            *slot = *b;
        }
        self.n = rest.len();
    }

    fn finish(&self) -> u64 {
        let mut s = self.s;
        for &b in self.pending.iter().take(self.n) {
            s = s.rotate_left(5) ^ u64::from(b);
        }
        s
    }
}

struct Enc<W: Write> {
    w: W,
    sum: Sum,
}

impl<W: Write> Enc<W> {
    /// A section: its length, then what `f` writes (see [`read`]).
    fn section(&mut self, f: impl FnOnce(&mut Enc<Vec<u8>>) -> IoResult) -> IoResult {
        let mut inner = Enc {
            w: Vec::new(),
            sum: Sum::default(),
        };
        f(&mut inner)?;
        self.len(inner.w.len())?;
        self.bytes(&inner.w)
    }
    fn bytes(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.sum.add(b);
        self.w.write_all(b)
    }
    fn u8(&mut self, v: u8) -> std::io::Result<()> {
        self.bytes(&[v])
    }
    fn bool(&mut self, v: bool) -> std::io::Result<()> {
        self.u8(v as u8)
    }
    fn i32(&mut self, v: i32) -> std::io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn u64(&mut self, v: u64) -> std::io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn i64(&mut self, v: i64) -> std::io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn f64(&mut self, v: f64) -> std::io::Result<()> {
        self.u64(v.to_bits())
    }
    fn len(&mut self, n: usize) -> std::io::Result<()> {
        self.u64(n as u64)
    }
    fn str(&mut self, s: &str) -> std::io::Result<()> {
        self.len(s.len())?;
        self.bytes(s.as_bytes())
    }
    fn opt_str(&mut self, s: &Option<String>) -> std::io::Result<()> {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1)?;
                self.str(s)
            }
        }
    }
    fn opt_i64(&mut self, v: Option<i64>) -> std::io::Result<()> {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1)?;
                self.i64(v)
            }
        }
    }
    fn opt_date(&mut self, v: Option<Date>) -> std::io::Result<()> {
        self.opt_i64(v.map(|d| i64::from(d.days())))
    }
    fn strs<'a>(&mut self, list: impl ExactSizeIterator<Item = &'a String>) -> std::io::Result<()> {
        self.len(list.len())?;
        for s in list {
            self.str(s)?;
        }
        Ok(())
    }
    /// A column of fixed-width numbers, written in one piece.
    fn column<T: Copy, const N: usize>(
        &mut self,
        values: impl ExactSizeIterator<Item = T>,
        to_bytes: impl Fn(T) -> [u8; N],
    ) -> std::io::Result<()> {
        self.len(values.len())?;
        let mut buf = Vec::with_capacity(values.len().min(1 << 16) * N);
        for v in values {
            buf.extend_from_slice(&to_bytes(v));
            if buf.len() >= (1 << 16) * N {
                self.bytes(&buf)?;
                buf.clear();
            }
        }
        self.bytes(&buf)
    }
}

/// A reader over the checked body: every read is bounded by what is left.
struct Dec<'a> {
    buf: &'a [u8],
}

/// The `N`-byte words of a column slice (its length is a multiple of `N`).
fn words<const N: usize>(bytes: &[u8]) -> impl Iterator<Item = [u8; N]> + '_ {
    bytes.chunks_exact(N).map(|c| {
        let mut a = [0u8; N];
        a.copy_from_slice(c);
        a
    })
}

/// The common length of columns that make up one kind of row.
fn same_len(lens: &[usize]) -> Option<usize> {
    let first = *lens.first()?;
    lens.iter().all(|&l| l == first).then_some(first)
}

impl<'a> Dec<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, tail) = self.buf.split_at_checked(n)?;
        self.buf = tail;
        Some(head)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.array()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_bits(self.u64()?))
    }
    /// A count of items at least `min_bytes` each, bounded by the file.
    fn len(&mut self, min_bytes: u64) -> Option<usize> {
        let n = self.u64()?;
        if n.checked_mul(min_bytes.max(1))? > self.buf.len() as u64 {
            return None;
        }
        usize::try_from(n).ok()
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len(1)?;
        std::str::from_utf8(self.take(n)?).ok().map(String::from)
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.bool()? {
            Some(self.str()?)
        } else {
            None
        })
    }
    fn opt_i64(&mut self) -> Option<Option<i64>> {
        Some(if self.bool()? {
            Some(self.i64()?)
        } else {
            None
        })
    }
    fn opt_date(&mut self) -> Option<Option<Date>> {
        Some(match self.opt_i64()? {
            None => None,
            Some(d) => Some(Date::from_days(i32::try_from(d).ok()?)),
        })
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.len(8)?;
        (0..n).map(|_| self.str()).collect()
    }
    /// The bytes of a column of `N`-byte numbers, in place.
    fn raw<const N: usize>(&mut self) -> Option<&'a [u8]> {
        let n = self.len(N as u64)?;
        self.take(n.checked_mul(N)?)
    }
    fn column<T, const N: usize>(&mut self, from_bytes: impl Fn([u8; N]) -> T) -> Option<Vec<T>> {
        Some(words::<N>(self.raw::<N>()?).map(from_bytes).collect())
    }
}

fn survey_kind_code(k: SurveyKind) -> u8 {
    match k {
        SurveyKind::Nps => 0,
        SurveyKind::Csat => 1,
        SurveyKind::Ces => 2,
    }
}

fn survey_kind(code: u8) -> Option<SurveyKind> {
    [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]
        .get(usize::from(code))
        .copied()
}

fn status_code(s: Option<AccountStatus>) -> u8 {
    match s {
        None => 0,
        Some(AccountStatus::Active) => 1,
        Some(AccountStatus::Churned) => 2,
        Some(AccountStatus::Prospect) => 3,
    }
}

fn status(code: u8) -> Option<Option<AccountStatus>> {
    match code {
        0 => Some(None),
        1 => Some(Some(AccountStatus::Active)),
        2 => Some(Some(AccountStatus::Churned)),
        3 => Some(Some(AccountStatus::Prospect)),
        _ => None,
    }
}

type IoResult = std::io::Result<()>;

fn put_accounts<W: Write>(w: &mut Enc<W>, list: &[StoredAccount]) -> IoResult {
    w.len(list.len())?;
    for s in list {
        let StoredAccount {
            id,
            source,
            account,
            converted_on,
        } = s;
        w.i64(*id)?;
        w.str(source)?;
        w.opt_date(*converted_on)?;
        let crate::domain::Account {
            external_id,
            name,
            domain,
            industry,
            country,
            region,
            city,
            employees,
            plan,
            tier,
            csm,
            status,
            customer_since,
            churned_on,
            churn_reason,
            renewal_on,
            onboarding_completed_on,
            first_value_on,
            licenses,
            acquisition_cost,
            mrr,
            custom,
        } = account;
        w.str(external_id)?;
        w.str(name)?;
        for text in [domain, industry, country, region, city, plan, tier, csm] {
            w.opt_str(text)?;
        }
        w.opt_i64(*employees)?;
        w.u8(status_code(*status))?;
        for day in [customer_since, churned_on] {
            w.opt_date(*day)?;
        }
        w.opt_str(churn_reason)?;
        for day in [renewal_on, onboarding_completed_on, first_value_on] {
            w.opt_date(*day)?;
        }
        w.opt_i64(*licenses)?;
        w.opt_i64(acquisition_cost.map(Money::cents))?;
        w.opt_i64(mrr.map(Money::cents))?;
        w.len(custom.len())?;
        for (k, v) in custom {
            w.str(k)?;
            w.str(v)?;
        }
    }
    Ok(())
}

fn get_accounts(r: &mut Dec<'_>) -> Option<Vec<StoredAccount>> {
    let n = r.len(16)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.i64()?;
        let source = r.str()?;
        let converted_on = r.opt_date()?;
        let external_id = r.str()?;
        let name = r.str()?;
        let mut texts: [Option<String>; 8] = Default::default();
        for t in &mut texts {
            *t = r.opt_str()?;
        }
        let [domain, industry, country, region, city, plan, tier, csm] = texts;
        let employees = r.opt_i64()?;
        let status = status(r.u8()?)?;
        let customer_since = r.opt_date()?;
        let churned_on = r.opt_date()?;
        let churn_reason = r.opt_str()?;
        let renewal_on = r.opt_date()?;
        let onboarding_completed_on = r.opt_date()?;
        let first_value_on = r.opt_date()?;
        let licenses = r.opt_i64()?;
        let acquisition_cost = r.opt_i64()?.map(Money::from_cents);
        let mrr = r.opt_i64()?.map(Money::from_cents);
        let pairs = r.len(16)?;
        let mut custom = BTreeMap::new();
        for _ in 0..pairs {
            let k = r.str()?;
            custom.insert(k, r.str()?);
        }
        out.push(StoredAccount {
            id,
            source,
            converted_on,
            account: crate::domain::Account {
                external_id,
                name,
                domain,
                industry,
                country,
                region,
                city,
                employees,
                plan,
                tier,
                csm,
                status,
                customer_since,
                churned_on,
                churn_reason,
                renewal_on,
                onboarding_completed_on,
                first_value_on,
                licenses,
                acquisition_cost,
                mrr,
                custom,
            },
        });
    }
    Some(out)
}

/// The per-account rows of one kind, one column per field.
trait Columns: Sized {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult;
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>>;
}

impl Columns for SurveyRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let f = |r: &SurveyRow| {
            let SurveyRow { day, kind, score } = *r;
            (day, kind, score)
        };
        w.column(rows.iter().map(|r| f(r).0), i32::to_le_bytes)?;
        w.column(rows.iter().map(|r| survey_kind_code(f(r).1)), |v| [v])?;
        w.column(rows.iter().map(|r| f(r).2), i8::to_le_bytes)
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (day, kind, score) = (r.raw::<4>()?, r.raw::<1>()?, r.raw::<1>()?);
        same_len(&[day.len() / 4, kind.len(), score.len()])?;
        words::<4>(day)
            .zip(kind)
            .zip(score)
            .map(|((d, &k), &s)| {
                Some(SurveyRow {
                    day: i32::from_le_bytes(d),
                    kind: survey_kind(k)?,
                    score: i8::from_le_bytes([s]),
                })
            })
            .collect()
    }
}

impl Columns for TicketRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let f = |r: &TicketRow| {
            let TicketRow {
                opened,
                first_response,
                resolved,
                category,
            } = *r;
            (opened, first_response, resolved, category)
        };
        w.column(rows.iter().map(|r| f(r).0), i64::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).1), i64::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).2), i64::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).3), u32::to_le_bytes)
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (opened, first, resolved, category) =
            (r.raw::<8>()?, r.raw::<8>()?, r.raw::<8>()?, r.raw::<4>()?);
        same_len(&[
            opened.len() / 8,
            first.len() / 8,
            resolved.len() / 8,
            category.len() / 4,
        ])?;
        Some(
            words::<8>(opened)
                .zip(words::<8>(first))
                .zip(words::<8>(resolved))
                .zip(words::<4>(category))
                .map(|(((o, f), r), c)| TicketRow {
                    opened: i64::from_le_bytes(o),
                    first_response: i64::from_le_bytes(f),
                    resolved: i64::from_le_bytes(r),
                    category: u32::from_le_bytes(c),
                })
                .collect(),
        )
    }
}

impl Columns for UsageRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let f = |r: &UsageRow| {
            let UsageRow {
                month,
                active_users,
                total_users,
                adopters,
                licenses,
            } = *r;
            [month, active_users, total_users, adopters, licenses]
        };
        for field in 0..5 {
            w.column(rows.iter().map(|r| f(r)[field]), i32::to_le_bytes)?;
        }
        Ok(())
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (month, active, total, adopters, licenses) = (
            r.raw::<4>()?,
            r.raw::<4>()?,
            r.raw::<4>()?,
            r.raw::<4>()?,
            r.raw::<4>()?,
        );
        same_len(&[
            month.len(),
            active.len(),
            total.len(),
            adopters.len(),
            licenses.len(),
        ])?;
        Some(
            words::<4>(month)
                .zip(words::<4>(active))
                .zip(words::<4>(total))
                .zip(words::<4>(adopters))
                .zip(words::<4>(licenses))
                .map(|((((m, a), t), ad), l)| UsageRow {
                    month: i32::from_le_bytes(m),
                    active_users: i32::from_le_bytes(a),
                    total_users: i32::from_le_bytes(t),
                    adopters: i32::from_le_bytes(ad),
                    licenses: i32::from_le_bytes(l),
                })
                .collect(),
        )
    }
}

impl Columns for ActivityRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let f = |r: &ActivityRow| {
            let ActivityRow { day, kind } = *r;
            (day, kind)
        };
        w.column(rows.iter().map(|r| f(r).0), i32::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).1), u32::to_le_bytes)
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (day, kind) = (r.raw::<4>()?, r.raw::<4>()?);
        same_len(&[day.len(), kind.len()])?;
        Some(
            words::<4>(day)
                .zip(words::<4>(kind))
                .map(|(d, k)| ActivityRow {
                    day: i32::from_le_bytes(d),
                    kind: u32::from_le_bytes(k),
                })
                .collect(),
        )
    }
}

impl Columns for OppRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let flags = |r: &OppRow| {
            let OppRow {
                expansion,
                renewal,
                won,
                lost,
                closed: _,
            } = *r;
            expansion as u8 | (renewal as u8) << 1 | (won as u8) << 2 | (lost as u8) << 3
        };
        w.column(rows.iter().map(flags), |v| [v])?;
        w.column(rows.iter().map(|r| r.closed), i32::to_le_bytes)
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (flags, closed) = (r.raw::<1>()?, r.raw::<4>()?);
        same_len(&[flags.len(), closed.len() / 4])?;
        Some(
            flags
                .iter()
                .zip(words::<4>(closed))
                .map(|(&f, c)| OppRow {
                    expansion: f & 1 != 0,
                    renewal: f & 2 != 0,
                    won: f & 4 != 0,
                    lost: f & 8 != 0,
                    closed: i32::from_le_bytes(c),
                })
                .collect(),
        )
    }
}

impl Columns for PurchaseRow {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        let f = |r: &PurchaseRow| {
            let PurchaseRow { day, net, cur } = *r;
            (day, net, cur)
        };
        w.column(rows.iter().map(|r| f(r).0), i32::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).1), i64::to_le_bytes)?;
        w.column(rows.iter().map(|r| f(r).2), u16::to_le_bytes)
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let (day, net, cur) = (r.raw::<4>()?, r.raw::<8>()?, r.raw::<2>()?);
        same_len(&[day.len() / 4, net.len() / 8, cur.len() / 2])?;
        Some(
            words::<4>(day)
                .zip(words::<8>(net))
                .zip(words::<2>(cur))
                .map(|((d, n), c)| PurchaseRow {
                    day: i32::from_le_bytes(d),
                    net: i64::from_le_bytes(n),
                    cur: u16::from_le_bytes(c),
                })
                .collect(),
        )
    }
}

/// Subscriptions are few (one or two per account at most): row by row.
impl Columns for SubscriptionTerms {
    fn put<W: Write>(w: &mut Enc<W>, rows: &[Self]) -> IoResult {
        w.len(rows.len())?;
        for t in rows {
            let SubscriptionTerms {
                start,
                end,
                amount,
                period_months,
                trial_end,
                discount,
                discount_percent,
                cancel_at,
            } = *t;
            w.i32(start.days())?;
            w.opt_date(end)?;
            w.i64(amount.cents())?;
            w.i32(period_months)?;
            w.opt_date(trial_end)?;
            w.opt_i64(discount.map(Money::cents))?;
            w.opt_i64(discount_percent.map(|p| p.to_bits() as i64))?;
            w.opt_date(cancel_at)?;
        }
        Ok(())
    }
    fn get(r: &mut Dec<'_>) -> Option<Vec<Self>> {
        let n = r.len(4 + 1 + 8 + 4 + 1 + 1 + 1 + 1)?;
        (0..n)
            .map(|_| {
                Some(SubscriptionTerms {
                    start: Date::from_days(r.i32()?),
                    end: r.opt_date()?,
                    amount: Money::from_cents(r.i64()?),
                    period_months: r.i32()?,
                    trial_end: r.opt_date()?,
                    discount: r.opt_i64()?.map(Money::from_cents),
                    discount_percent: r.opt_i64()?.map(|b| f64::from_bits(b as u64)),
                    cancel_at: r.opt_date()?,
                })
            })
            .collect()
    }
}

fn put_per_account<W: Write, T: Columns>(w: &mut Enc<W>, p: &PerAccount<T>) -> IoResult {
    w.column(p.off.iter().copied(), u32::to_le_bytes)?;
    T::put(w, &p.rows)
}

fn get_per_account<T: Columns>(r: &mut Dec<'_>) -> Option<PerAccount<T>> {
    Some(PerAccount {
        off: r.column(u32::from_le_bytes)?,
        rows: T::get(r)?,
    })
}

fn put_opt_per_account<W: Write, T: Columns>(
    w: &mut Enc<W>,
    p: &Option<PerAccount<T>>,
) -> IoResult {
    match p {
        None => w.u8(0),
        Some(p) => {
            w.u8(1)?;
            put_per_account(w, p)
        }
    }
}

fn get_opt_per_account<T: Columns>(r: &mut Dec<'_>) -> Option<Option<PerAccount<T>>> {
    Some(if r.bool()? {
        Some(get_per_account(r)?)
    } else {
        None
    })
}

/// Purchases with their currencies, exchange rates and lapse settings, as
/// `metrics/purchases.rs` built them from SQLite.
fn put_purchases<W: Write>(w: &mut Enc<W>, p: &Purchases) -> IoResult {
    let Purchases {
        rows,
        currencies,
        rates,
        lapse_factor,
        lapse_days,
        latest_day,
    } = p;
    put_opt_per_account(w, rows)?;
    w.strs(currencies.iter())?;
    let Rates {
        reporting,
        by_month,
    } = rates;
    w.str(reporting)?;
    let mut list: Vec<(&String, i32, i128)> =
        by_month.iter().map(|((c, m), r)| (c, *m, *r)).collect();
    list.sort_unstable();
    w.len(list.len())?;
    for (currency, month, rate) in list {
        w.str(currency)?;
        w.i32(month)?;
        w.bytes(&rate.to_le_bytes())?;
    }
    w.f64(*lapse_factor)?;
    w.i32(*lapse_days)?;
    w.opt_i64(latest_day.map(i64::from))
}

fn get_purchases(r: &mut Dec<'_>) -> Option<Purchases> {
    let rows = get_opt_per_account(r)?;
    let currencies = r.strs()?;
    let reporting = r.str()?;
    let n = r.len(8 + 4 + 16)?;
    let mut by_month = HashMap::with_capacity(n);
    for _ in 0..n {
        let currency = r.str()?;
        let month = r.i32()?;
        by_month.insert((currency, month), i128::from_le_bytes(r.array()?));
    }
    let lapse_factor = r.f64()?;
    let lapse_days = r.i32()?;
    let latest_day = match r.opt_i64()? {
        None => None,
        Some(d) => Some(i32::try_from(d).ok()?),
    };
    Some(Purchases {
        rows,
        currencies,
        rates: Rates {
            reporting,
            by_month,
        },
        lapse_factor,
        lapse_days,
        latest_day,
    })
}

fn put_weights<W: Write>(w: &mut Enc<W>, weights: &HealthWeights) -> IoResult {
    let HealthWeights {
        usage,
        adoption,
        satisfaction,
        support,
        engagement,
        revenue_trend,
    } = *weights;
    for v in [
        usage,
        adoption,
        satisfaction,
        support,
        engagement,
        revenue_trend,
    ] {
        w.f64(v)?;
    }
    Ok(())
}

fn get_weights(r: &mut Dec<'_>) -> Option<HealthWeights> {
    Some(HealthWeights {
        usage: r.f64()?,
        adoption: r.f64()?,
        satisfaction: r.f64()?,
        support: r.f64()?,
        engagement: r.f64()?,
        revenue_trend: r.f64()?,
    })
}

fn put_prospects<W: Write>(w: &mut Enc<W>, p: &Prospects) -> IoResult {
    let Prospects {
        accounts,
        ids: _,
        converted,
    } = p;
    put_accounts(w, accounts)?;
    let mut converted: Vec<(i64, i32)> = converted.iter().map(|(k, v)| (*k, *v)).collect();
    converted.sort_unstable();
    w.column(converted.iter().map(|c| c.0), i64::to_le_bytes)?;
    w.column(converted.iter().map(|c| c.1), i32::to_le_bytes)
}

fn get_prospects(r: &mut Dec<'_>) -> Option<Prospects> {
    let accounts = get_accounts(r)?;
    let ids: HashSet<i64> = accounts.iter().map(|a| a.id).collect();
    let keys = r.column(i64::from_le_bytes)?;
    let months = r.column(i32::from_le_bytes)?;
    if keys.len() != months.len() {
        return None;
    }
    Some(Prospects {
        accounts,
        ids,
        converted: keys.into_iter().zip(months).collect(),
    })
}

fn encode<W: Write>(w: &mut Enc<W>, data: &Dataset) -> IoResult {
    let Dataset {
        accounts,
        has_revenue,
        has_spend,
        mrr_first,
        mrr_off,
        mrr_vals,
        first_positive,
        since_day,
        churned_day,
        renewal_day,
        marked_churned,
        today_day,
        onboarded_day,
        first_value_day,
        acquisition_cost,
        spend,
        surveys,
        tickets,
        anonymous_surveys,
        anonymous_tickets,
        usage,
        activities,
        opps,
        categories,
        activity_kinds,
        currency,
        gross_margin,
        activation_days,
        weights,
        default_month,
        span,
        // Rebuilt from `accounts` on reading.
        index_of_id: _,
        custom_keys: _,
        // Not part of the data: timings are the load's and ICP tiers are
        // attached by the ICP module after loading.
        timings: _,
        // The health scores when they were computed before the write: they
        // depend on nothing but this dataset and today, which the tag holds.
        score_cache,
        prospects,
        purchases,
        subscriptions,
        // Read from SQLite beside the snapshot (metrics/fx_mrr.rs).
        mrr_missing: _,
    } = data;
    w.section(|w| put_accounts(w, accounts))?;
    w.section(|w| {
        w.bool(*has_revenue)?;
        w.bool(*has_spend)?;
        w.column(mrr_first.iter().copied(), i32::to_le_bytes)?;
        w.column(mrr_off.iter().copied(), u32::to_le_bytes)?;
        w.column(mrr_vals.iter().copied(), i64::to_le_bytes)?;
        for days in [
            first_positive,
            since_day,
            churned_day,
            renewal_day,
            onboarded_day,
            first_value_day,
        ] {
            w.column(days.iter().copied(), i32::to_le_bytes)?;
        }
        w.column(marked_churned.iter().map(|&b| b as u8), |v| [v])?;
        w.i32(*today_day)?;
        w.column(acquisition_cost.iter().copied(), i64::to_le_bytes)?;
        let mut spend: Vec<(i32, i64)> = spend.iter().map(|(k, v)| (*k, *v)).collect();
        spend.sort_unstable();
        w.column(spend.iter().map(|s| s.0), i32::to_le_bytes)?;
        w.column(spend.iter().map(|s| s.1), i64::to_le_bytes)
    })?;
    w.section(|w| put_per_account(w, surveys))?;
    w.section(|w| put_per_account(w, tickets))?;
    w.section(|w| put_per_account(w, usage))?;
    w.section(|w| put_per_account(w, activities))?;
    w.section(|w| put_per_account(w, opps))?;
    w.section(|w| {
        // The records of no account (issue #24), as one pseudo-account.
        let one = |n: usize| vec![0, n as u32];
        put_per_account(
            w,
            &PerAccount {
                off: one(anonymous_surveys.len()),
                rows: anonymous_surveys.clone(),
            },
        )?;
        put_per_account(
            w,
            &PerAccount {
                off: one(anonymous_tickets.len()),
                rows: anonymous_tickets.clone(),
            },
        )?;
        w.strs(categories.iter())?;
        w.strs(activity_kinds.iter())?;
        w.str(currency)?;
        w.f64(*gross_margin)?;
        w.i32(*activation_days)?;
        put_weights(w, weights)?;
        w.i32(default_month.index())?;
        match span {
            None => w.u8(0),
            Some((a, b)) => {
                w.u8(1)?;
                w.i32(a.index())?;
                w.i32(b.index())
            }
        }
    })?;
    w.section(|w| put_prospects(w, prospects))?;
    w.section(|w| put_purchases(w, purchases))?;
    w.section(|w| put_opt_per_account(w, &subscriptions.rows))?;
    w.section(|w| put_scores(w, score_cache.get()))
}

fn put_scores<W: Write>(w: &mut Enc<W>, cache: Option<&ScoreCache>) -> IoResult {
    let Some(c) = cache else {
        return w.u8(0);
    };
    w.u8(1)?;
    w.i32(c.first)?;
    w.len(c.months)?;
    w.column(c.scores.iter().copied(), |v| [v])
}

/// The health score cache, if the snapshot holds one (`Some(None)`: none).
fn get_scores(r: &mut Dec<'_>) -> Option<Option<ScoreCache>> {
    if !r.bool()? {
        return Some(None);
    }
    let first = r.i32()?;
    let months = usize::try_from(r.u64()?).ok()?;
    let scores = r.column(|[b]: [u8; 1]| b)?;
    Some(Some(ScoreCache {
        first,
        months,
        scores,
    }))
}

fn decode(src: &mut Sections) -> Option<Dataset> {
    let accounts = src.get(get_accounts)?;
    let core = src.get(|r| {
        let has_revenue = r.bool()?;
        let has_spend = r.bool()?;
        let mrr_first = r.column(i32::from_le_bytes)?;
        let mrr_off = r.column(u32::from_le_bytes)?;
        let mrr_vals = r.column(i64::from_le_bytes)?;
        let mut days = Vec::with_capacity(6);
        for _ in 0..6 {
            days.push(r.column(i32::from_le_bytes)?);
        }
        let marked_churned = r.column(|[b]: [u8; 1]| b != 0)?;
        let today_day = r.i32()?;
        let acquisition_cost = r.column(i64::from_le_bytes)?;
        let spend_months = r.column(i32::from_le_bytes)?;
        let spend_cents = r.column(i64::from_le_bytes)?;
        if spend_months.len() != spend_cents.len() {
            return None;
        }
        let spend: HashMap<i32, i64> = spend_months.into_iter().zip(spend_cents).collect();
        Some((
            (has_revenue, has_spend, mrr_first, mrr_off, mrr_vals),
            days,
            (marked_churned, today_day, acquisition_cost, spend),
        ))
    })?;
    let ((has_revenue, has_spend, mrr_first, mrr_off, mrr_vals), days, rest) = core;
    let (marked_churned, today_day, acquisition_cost, spend) = rest;
    let mut days = days.into_iter();
    let mut next = || days.next();
    let (first_positive, since_day, churned_day, renewal_day, onboarded_day, first_value_day) =
        (next()?, next()?, next()?, next()?, next()?, next()?);
    let surveys = src.get(get_per_account)?;
    let tickets = src.get(get_per_account)?;
    let usage = src.get(get_per_account)?;
    let activities = src.get(get_per_account)?;
    let opps = src.get(get_per_account)?;
    let tail = src.get(|r| {
        let anonymous_surveys: PerAccount<SurveyRow> = get_per_account(r)?;
        let anonymous_tickets: PerAccount<TicketRow> = get_per_account(r)?;
        if !anonymous_surveys.is_consistent(1) || !anonymous_tickets.is_consistent(1) {
            return None;
        }
        let categories = r.strs()?;
        let activity_kinds = r.strs()?;
        let currency = r.str()?;
        let gross_margin = r.f64()?;
        let activation_days = r.i32()?;
        let weights = get_weights(r)?;
        let default_month = Month::from_index(r.i32()?);
        let span = match r.u8()? {
            0 => None,
            1 => Some((Month::from_index(r.i32()?), Month::from_index(r.i32()?))),
            _ => return None,
        };
        Some((
            (anonymous_surveys.rows, anonymous_tickets.rows),
            (categories, activity_kinds, currency),
            (gross_margin, activation_days, weights, default_month, span),
        ))
    })?;
    let ((anonymous_surveys, anonymous_tickets), names, settings) = tail;
    let (categories, activity_kinds, currency) = names;
    let (gross_margin, activation_days, weights, default_month, span) = settings;
    let prospects = src.get(get_prospects)?;
    let purchases = src.get(get_purchases)?;
    let subscriptions = Subscriptions {
        rows: src.get(get_opt_per_account)?,
    };
    let scores = src.get(get_scores)?;
    let index_of_id: HashMap<i64, u32> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, i as u32))
        .collect();
    let custom_keys: BTreeSet<String> = accounts
        .iter()
        .flat_map(|s| s.account.custom.keys().cloned())
        .collect();
    Some(Dataset {
        accounts,
        has_revenue,
        has_spend,
        mrr_first,
        mrr_off,
        mrr_vals,
        first_positive,
        since_day,
        churned_day,
        renewal_day,
        marked_churned,
        today_day,
        onboarded_day,
        first_value_day,
        acquisition_cost,
        spend,
        surveys,
        tickets,
        anonymous_surveys,
        anonymous_tickets,
        usage,
        activities,
        opps,
        categories,
        activity_kinds,
        currency,
        gross_margin,
        activation_days,
        weights,
        default_month,
        span,
        index_of_id,
        custom_keys,
        timings: Vec::new(),
        score_cache: scores.map_or_else(std::sync::OnceLock::new, std::sync::OnceLock::from),
        prospects,
        purchases,
        subscriptions,
        mrr_missing: Default::default(),
    })
}

impl<T> PerAccount<T> {
    /// `n + 1` offsets, rising, ending at the number of rows.
    fn is_consistent(&self, n: usize) -> bool {
        self.off.len() == n + 1
            && self.off.first() == Some(&0)
            && self.off.windows(2).all(|w| w[0] <= w[1])
            && self.off.last().map(|&l| l as usize) == Some(self.rows.len())
    }
}

impl Dataset {
    /// Every per-account column has one entry per account and every offset
    /// table fits its rows, so no index computed from them can fall outside.
    fn is_consistent(&self) -> bool {
        let n = self.accounts.len();
        let per_account = [
            self.mrr_first.len(),
            self.first_positive.len(),
            self.since_day.len(),
            self.churned_day.len(),
            self.renewal_day.len(),
            self.marked_churned.len(),
            self.onboarded_day.len(),
            self.first_value_day.len(),
            self.acquisition_cost.len(),
        ];
        let mrr_ok = self.mrr_off.len() == n + 1
            && self.mrr_off.first() == Some(&0)
            && self.mrr_off.windows(2).all(|w| w[0] <= w[1])
            && self.mrr_off.last().map(|&l| l as usize) == Some(self.mrr_vals.len());
        per_account.iter().all(|&l| l == n)
            && mrr_ok
            && self.surveys.is_consistent(n)
            && self.tickets.is_consistent(n)
            && self.usage.is_consistent(n)
            && self.activities.is_consistent(n)
            && self.opps.is_consistent(n)
            && self
                .tickets
                .rows
                .iter()
                .all(|t| (t.category as usize) < self.categories.len())
            && self
                .activities
                .rows
                .iter()
                .all(|a| (a.kind as usize) < self.activity_kinds.len())
            && self.purchases.rows.as_ref().is_none_or(|p| {
                p.is_consistent(n)
                    && p.rows
                        .iter()
                        .all(|r| usize::from(r.cur) < self.purchases.currencies.len())
            })
            && self
                .subscriptions
                .rows
                .as_ref()
                .is_none_or(|s| s.is_consistent(n))
            && self.score_cache.get().is_none_or(|c| self.scores_fit(c))
    }

    /// A score cache covers exactly the span's months for every account,
    /// as [`Dataset::ensure_scores`] builds it.
    fn scores_fit(&self, c: &ScoreCache) -> bool {
        let (first, months) = self.score_months();
        c.first == first
            && c.months == months
            && self.accounts.len().checked_mul(months) == Some(c.scores.len())
            && c.scores.iter().all(|&v| v <= 100 || v == u8::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoParams, generate};
    use crate::domain::{Account, FxRate, MrrRecord, Purchase, Record, Subscription};
    use crate::metrics::Query;
    use crate::store::ChangeSetMeta;

    fn demo_file(dir: &Path) -> Store {
        let mut store = Store::open(&dir.join("t.db")).unwrap();
        let params = DemoParams {
            accounts: 150,
            months: 18,
            seed: 11,
            end: Month::parse("2025-06").unwrap(),
        };
        generate(&mut store, &params, &mut |_| true).unwrap();
        store
    }

    /// Every figure family, as JSON, so two datasets can be compared whole.
    fn figures(data: &Dataset) -> String {
        let month = Query::month(data.default_month());
        let year = Query::range(Month::parse("2024-07").unwrap(), data.default_month());
        let by_plan: Vec<_> = data.report_by(&month, "plan").unwrap();
        let health: Vec<String> = data
            .account_health(&month)
            .unwrap()
            .iter()
            .map(|h| format!("{h:?}"))
            .collect();
        format!(
            "{}\n{}\n{:?}\n{:?}\n{:?}\n{:?}\n{}",
            serde_json::to_string(&data.report(&month).unwrap()).unwrap(),
            serde_json::to_string(&by_plan.iter().map(|(s, r)| (s, r)).collect::<Vec<_>>())
                .unwrap(),
            data.series(&year).unwrap(),
            data.cohorts(&year).unwrap(),
            data.back_test(&month).unwrap(),
            data.span(),
            health.join("\n"),
        )
    }

    #[test]
    fn a_snapshot_gives_back_every_figure_of_the_tables() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_file(dir.path());
        let from_sqlite = Dataset::load(&store).unwrap();
        assert!(Dataset::cached(&store).is_none(), "no snapshot yet");
        let first = Dataset::load_cached(&store).unwrap();
        assert!(snapshot_path(&dir.path().join("t.db")).exists());
        let again = Dataset::cached(&store).expect("the snapshot is current");
        assert_eq!(again.load_timings().first().map(|t| t.0), Some("snapshot"));
        let expected = figures(&from_sqlite);
        assert!(expected.contains("\"mrr\""));
        assert_eq!(figures(&first), expected);
        assert_eq!(figures(&again), expected);
        assert_eq!(again.accounts.len(), from_sqlite.accounts.len());
        assert_eq!(again.prospects.accounts, from_sqlite.prospects.accounts);
    }

    #[test]
    fn health_scores_computed_before_the_write_come_back_and_only_when_they_fit() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_file(dir.path());
        let data = Dataset::load(&store).unwrap();
        data.precompute_health();
        let path = snapshot_path(&dir.path().join("t.db"));
        let tag = current_tag(&store).unwrap();
        write(&path, tag, &data).unwrap();
        let back = read(&path, tag).expect("the snapshot is current");
        let cache = back.score_cache.get().expect("the scores came back");
        let written = data.score_cache.get().unwrap();
        assert_eq!(cache.scores, written.scores);
        assert_eq!((cache.first, cache.months), (written.first, written.months));
        let (lo, hi) = back.span().expect("the demo has dated records");
        assert_eq!(cache.months as i32, hi.index() - lo.index() + 1);
        // Every cached score is the one computed from the records.
        let mut scored = 0;
        for a in 0..back.accounts.len() {
            for k in 0..cache.months as i32 {
                let m = cache.first + k;
                assert_eq!(
                    back.cached_score(a, m),
                    back.score_at(a, m),
                    "account {a}, month {m}"
                );
                scored += usize::from(back.score_at(a, m).is_some());
            }
        }
        assert!(scored > 1_000, "{scored} scores");
        // A cache one account short, or with a value no score takes, is refused.
        let mut short = written.clone();
        short.scores.truncate(short.scores.len() - cache.months);
        let mut odd = written.clone();
        odd.scores[0] = 101;
        for bad in [short, odd] {
            let mut again = read(&path, tag).unwrap();
            again.score_cache = std::sync::OnceLock::from(bad);
            assert!(!again.is_consistent());
        }
        // Without scores computed, the snapshot has none and the series
        // computes them as before.
        let fresh = Dataset::load(&store).unwrap();
        write(&path, tag, &fresh).unwrap();
        assert!(read(&path, tag).unwrap().score_cache.get().is_none());
    }

    #[test]
    fn the_window_writes_again_a_snapshot_that_lacks_the_health_scores() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_file(dir.path());
        let path = snapshot_path(&dir.path().join("t.db"));
        let tag = current_tag(&store).unwrap();
        // The command line's load writes a snapshot without scores.
        Dataset::load_cached(&store).unwrap();
        let written = std::fs::read(&path).unwrap();
        let (data, due) = Dataset::load_deferring_snapshot(&store).unwrap();
        assert_eq!(data.load_timings().first().map(|t| t.0), Some("snapshot"));
        // Nothing to add before the scores are computed: the file stays.
        due.expect("scores are missing").write(&store, &data);
        assert_eq!(std::fs::read(&path).unwrap(), written);
        let (data, due) = Dataset::load_deferring_snapshot(&store).unwrap();
        data.precompute_health();
        due.expect("scores are still missing").write(&store, &data);
        assert!(read(&path, tag).unwrap().score_cache.get().is_some());
        let (again, due) = Dataset::load_deferring_snapshot(&store).unwrap();
        assert!(due.is_none(), "a snapshot with scores is not written again");
        assert_eq!(figures(&again), figures(&Dataset::load(&store).unwrap()));
    }

    #[test]
    fn a_write_or_a_setting_makes_the_snapshot_stale() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = demo_file(dir.path());
        let before = Dataset::load_cached(&store).unwrap();
        let month = before.default_month();
        let account = before.accounts[0].account.external_id.clone();
        let mrr_before = before.report(&Query::month(month)).unwrap().mrr;
        // Raise one account's MRR in the latest month by 1,234.56.
        let current = before
            .report(&Query::month(month).with_filter("external_id", &account))
            .unwrap()
            .mrr;
        let source = before.accounts[0].source.clone();
        let mut cs = store
            .change_set(ChangeSetMeta::new("test", &source))
            .unwrap();
        cs.write(&Record::Mrr(MrrRecord {
            account: account.clone(),
            month,
            mrr: current + Money::from_cents(123_456),
        }))
        .unwrap();
        cs.commit().unwrap();
        assert!(
            Dataset::cached(&store).is_none(),
            "an import makes it stale"
        );
        let after = Dataset::load_cached(&store).unwrap();
        assert_eq!(
            after.report(&Query::month(month)).unwrap().mrr,
            mrr_before + Money::from_cents(123_456)
        );
        assert!(Dataset::cached(&store).is_some());
        store.settings().set("gross_margin", "0.5").unwrap();
        assert!(
            Dataset::cached(&store).is_none(),
            "a setting makes it stale"
        );
        assert_eq!(Dataset::load_cached(&store).unwrap().gross_margin(), 0.5);
    }

    #[test]
    fn a_damaged_snapshot_is_rebuilt_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = demo_file(dir.path());
        let expected = figures(&Dataset::load_cached(&store).unwrap());
        let path = snapshot_path(&dir.path().join("t.db"));
        let good = std::fs::read(&path).unwrap();
        let tag = current_tag(&store).unwrap();
        let mut damaged = Vec::new();
        // One flipped bit in the body, in the header's tag, a truncation,
        // a length field claiming 2^62 items, and an empty file.
        let mut flipped = good.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0x10;
        damaged.push(flipped);
        let mut retagged = good.clone();
        retagged[12] ^= 1;
        damaged.push(retagged);
        damaged.push(good[..good.len() - 9].to_vec());
        let mut huge = good.clone();
        huge[20..28].copy_from_slice(&(1u64 << 62).to_le_bytes());
        damaged.push(huge);
        damaged.push(Vec::new());
        for (i, bytes) in damaged.iter().enumerate() {
            std::fs::write(&path, bytes).unwrap();
            assert!(read(&path, tag).is_none(), "damaged copy {i} was read");
            assert!(Dataset::cached(&store).is_none());
            // The next load reads SQLite and writes a good snapshot again.
            assert_eq!(figures(&Dataset::load_cached(&store).unwrap()), expected);
            assert!(read(&path, tag).is_some(), "copy {i}: rebuilt");
        }
    }

    #[test]
    fn purchases_rates_and_subscriptions_come_back_from_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let buy = |a: &str, date: &str, cents: i64, currency: Option<&str>| {
            Record::Purchase(Purchase {
                account: a.into(),
                date: Date::parse_iso(date).unwrap(),
                amount: Money::from_cents(cents),
                currency: currency.map(String::from),
                refunded: None,
                external_id: None,
                kind: None,
                product: None,
                status: None,
            })
        };
        let mut records: Vec<Record> = ["A", "B", "S"]
            .iter()
            .map(|id| {
                Record::Account(Account {
                    external_id: (*id).into(),
                    name: (*id).into(),
                    ..Default::default()
                })
            })
            .collect();
        records.extend([
            buy("A", "2026-01-10", 10_000, None),
            buy("A", "2026-03-10", 15_000, None),
            buy("B", "2026-03-05", 1_000, Some("USD")),
            Record::FxRate(FxRate {
                month: Month::parse("2026-03").unwrap(),
                currency: "USD".into(),
                rate: "5.25".into(),
            }),
            Record::Subscription(Subscription {
                account: "S".into(),
                start: Date::parse_iso("2026-01-01").unwrap(),
                external_id: None,
                end: None,
                amount: Money::from_cents(30_000),
                billing_period: None,
                product: None,
                trial_end: None,
                discount: Some(Money::from_cents(0)),
                discount_percent: None,
                cancel_at: None,
                currency: None,
            }),
        ]);
        let mut cs = store.change_set(ChangeSetMeta::new("test", "t")).unwrap();
        for r in &records {
            cs.write(r).unwrap();
        }
        cs.commit().unwrap();
        let from_sqlite = Dataset::load_cached(&store).unwrap();
        // A current snapshot is read without querying purchases, rates or
        // subscriptions again: whatever they say below came from the file.
        let again = Dataset::cached(&store).expect("the snapshot is current");
        assert_eq!(again.load_timings().first().map(|t| t.0), Some("snapshot"));
        let march = Query::month(Month::parse("2026-03").unwrap());
        let p = again.purchase_figures(&march).unwrap();
        // By hand: A 150.00 + B US$ 10.00 × 5.25 = 52.50 → 202.50; two
        // customers, two orders; A bought before March (repeat, 150.00
        // returning), B did not.
        assert_eq!(p.revenue, Ok(Money::from_cents(20_250)));
        assert_eq!((p.purchasing_customers, p.orders), (2, 2));
        assert_eq!(p.repeat_customer_rate, Some(0.5));
        assert_eq!(p.returning_revenue, Ok(Money::from_cents(15_000)));
        // S's 300.00 a month subscription is March's whole MRR.
        let report = again.report(&march).unwrap();
        assert_eq!(report.mrr, Money::from_cents(30_000));
        assert_eq!(figures(&again), figures(&from_sqlite));
        assert_eq!(
            serde_json::to_string(&report).unwrap(),
            serde_json::to_string(&from_sqlite.report(&march).unwrap()).unwrap()
        );
    }
}
