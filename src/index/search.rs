//! The search's inverted index: for names and initials, the rows holding each character and
//! each pair of adjacent characters, and for initials also each quad (three printable
//! characters and what follows them); credit codes in order, with the prefixes many rows share
//! kept as bitsets.
//!
//! A query of one or two characters reads one posting per field, initials of three or four
//! letters the quads that start with them or one quad: exact, no row is read. A longer query
//! intersects the postings of its quads or character pairs (and the previous query's hits when
//! it grew) and checks the candidates' strings, kept in one buffer per field. A credit-code
//! prefix is a range of the code order, found by binary search.

use super::{IndexRow, PoolIndex, Query, bits};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for the integer gram keys (the default one is several times slower here).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct GramHasher(u64);

impl Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        let x = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = x ^ (x >> 32);
    }
}

type GramMap<V> = HashMap<u64, V, BuildHasherDefault<GramHasher>>;

/// A gram held by at least `rows / DENSE` rows is kept as a bitset, a rarer one as its rows;
/// turning a posting into a bitset thus costs at most `rows / DENSE` writes.
const DENSE: usize = 16;

/// The rows holding a gram.
#[derive(Debug, Clone, PartialEq)]
enum Posting {
    Bits(Vec<u64>),
    /// The rows ascending, as LEB128 varints of the gaps (the first from 0): about 1.2 bytes
    /// per row instead of 4. `last` is the last row written.
    Rows {
        gaps: Vec<u8>,
        last: u32,
    },
}

/// Bytes of `v` as a LEB128 varint.
fn varint_len(v: u32) -> u32 {
    1 + (32 - (v | 1).leading_zeros() - 1) / 7
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A `Posting::Rows` of these rows (ascending).
fn encode(rows: &[u32]) -> Posting {
    let mut gaps = Vec::with_capacity(rows.len() + rows.len() / 4);
    let mut last = 0;
    for &r in rows {
        push_varint(&mut gaps, r - last);
        last = r;
    }
    gaps.shrink_to_fit();
    Posting::Rows { gaps, last }
}

/// The rows of a `Posting::Rows`.
fn rows_of(gaps: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut row = 0u32;
    std::iter::from_fn(move || {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            let b = *gaps.get(at)?;
            at += 1;
            v |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        row += v;
        Some(row)
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Name,
    Initials,
}

impl Field {
    /// Row `i`'s text of this field, as bytes.
    fn bytes(self, ix: &PoolIndex, i: usize) -> &[u8] {
        match self {
            Field::Name => ix.names.bytes(i),
            Field::Initials => ix.initials.bytes(i),
        }
    }
}

/// One character (`b` none) or a pair of a field, as one integer.
fn gram(field: Field, a: char, b: Option<char>) -> u64 {
    let f = match field {
        Field::Name => 0u64,
        Field::Initials => 1,
    };
    (f << 42) | (u64::from(a as u32) << 21) | b.map_or(0x1F_FFFF, |b| u64::from(b as u32))
}

/// After three characters of the initials in a [`quad`]: the end of the initials, or a
/// character that is not printable ASCII.
const END: u64 = 0;
const OTHER: u64 = 127;

/// A printable ASCII character's code (space to `~`), which a quad can hold.
fn printable(c: char) -> Option<u64> {
    (c == ' ' || c.is_ascii_graphic()).then_some(u64::from(c as u32))
}

/// Three printable ASCII characters of the initials and what follows them (`next`: a printable
/// character's code, [`OTHER`] or [`END`]), as one integer. Three or four letters of a query
/// are thus one or a few postings, exact: no row is checked.
fn quad(a: char, b: char, c: char, next: u64) -> Option<u64> {
    Some((2 << 42) | (printable(a)? << 21) | (printable(b)? << 14) | (printable(c)? << 7) | next)
}

/// The grams of a row's name and initials, sorted and without repeats, into `out`.
fn grams_of(name: &str, initials: &str, out: &mut Vec<u64>) {
    out.clear();
    for (field, text) in [(Field::Name, name), (Field::Initials, initials)] {
        let mut prev = None;
        for c in text.chars() {
            out.push(gram(field, c, None));
            if let Some(p) = prev {
                out.push(gram(field, p, Some(c)));
            }
            prev = Some(c);
        }
    }
    let cs: Vec<char> = initials.chars().collect();
    for (k, w) in cs.windows(3).enumerate() {
        let next = cs
            .get(k + 3)
            .map_or(END, |&c| printable(c).unwrap_or(OTHER));
        out.extend(quad(w[0], w[1], w[2], next));
    }
    out.sort_unstable();
    out.dedup();
}

/// What a replaced row held, for `SearchIndex::update`.
pub struct OldRow<'a> {
    pub credit_code: &'a str,
    pub name: &'a str,
    pub initials: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchIndex {
    rows: usize,
    grams: GramMap<Posting>,
    /// Rows in credit-code order.
    by_code: Vec<u32>,
    /// Code prefixes shared by at least `rows / DENSE` rows, with those rows.
    dense_codes: Vec<(Box<str>, Vec<u64>)>,
}

impl SearchIndex {
    pub fn new(ix: &PoolIndex) -> SearchIndex {
        let rows = &ix.rows;
        let n = rows.len();
        let words = bits::words(n);
        let dense = |count: usize| count * DENSE >= n;
        // Count first (rows, bytes of their gaps, last row), so that each posting is
        // allocated once at its size.
        let mut scratch = Vec::new();
        let mut counts: GramMap<(u32, u32, u32)> = GramMap::default();
        for i in 0..n {
            grams_of(ix.names.get(i), ix.initials.get(i), &mut scratch);
            for g in &scratch {
                let (n, bytes, last) = counts.entry(*g).or_insert((0, 0, 0));
                *bytes += varint_len(i as u32 - *last);
                *n += 1;
                *last = i as u32;
            }
        }
        let mut grams: GramMap<Posting> = counts
            .iter()
            .map(|(&g, &(n, bytes, _))| {
                let p = if dense(n as usize) {
                    Posting::Bits(vec![0; words])
                } else {
                    Posting::Rows {
                        gaps: Vec::with_capacity(bytes as usize),
                        last: 0,
                    }
                };
                (g, p)
            })
            .collect();
        drop(counts);
        for i in 0..n {
            grams_of(ix.names.get(i), ix.initials.get(i), &mut scratch);
            let i = i as u32;
            for g in &scratch {
                match grams.get_mut(g) {
                    Some(Posting::Bits(b)) => bits::set(b, i),
                    Some(Posting::Rows { gaps, last }) => {
                        push_varint(gaps, i - *last);
                        *last = i;
                    }
                    None => {}
                }
            }
        }
        grams.shrink_to_fit();
        let mut by_code: Vec<u32> = (0..n as u32).collect();
        by_code.sort_by(|&a, &b| {
            rows[a as usize]
                .credit_code
                .cmp(&rows[b as usize].credit_code)
        });
        let code = |i: u32| rows.get(i as usize).map_or("", |r| &*r.credit_code);
        let mut dense_codes = Vec::new();
        for len in 1.. {
            let mut any = false;
            let mut start = 0;
            while start < by_code.len() {
                let Some(prefix) = code(by_code[start]).get(..len) else {
                    start += 1;
                    continue;
                };
                let run = by_code[start..]
                    .iter()
                    .take_while(|&&i| code(i).starts_with(prefix))
                    .count();
                if dense(run) {
                    any = true;
                    let mut b = vec![0; words];
                    for &i in &by_code[start..start + run] {
                        bits::set(&mut b, i);
                    }
                    dense_codes.push((prefix.into(), b));
                }
                start += run;
            }
            if !any {
                break;
            }
        }
        SearchIndex {
            rows: n,
            grams,
            by_code,
            dense_codes,
        }
    }

    /// Row `i` of `ix` was replaced (`old`: what it was) or added (`old` none): moves it
    /// between postings and in the code order. Rows were not removed nor reordered.
    pub fn update(&mut self, ix: &PoolIndex, i: u32, old: Option<OldRow<'_>>) {
        let rows = &ix.rows;
        let Some(new) = rows.get(i as usize) else {
            return;
        };
        let (mut before, mut after) = (Vec::new(), Vec::new());
        if let Some(o) = &old {
            grams_of(o.name, o.initials, &mut before);
        }
        grams_of(
            ix.names.get(i as usize),
            ix.initials.get(i as usize),
            &mut after,
        );
        for g in &before {
            if after.binary_search(g).is_err() {
                self.remove_row(*g, i);
            }
        }
        for g in &after {
            if before.binary_search(g).is_err() {
                self.add_row(*g, i);
            }
        }
        self.rows = rows.len();
        if old
            .as_ref()
            .is_some_and(|o| o.credit_code == &*new.credit_code)
        {
            return;
        }
        if old.is_some()
            && let Some(p) = self.by_code.iter().position(|&r| r == i)
        {
            self.by_code.remove(p);
        }
        let key = |r: u32| (rows.get(r as usize).map_or("", |x| &*x.credit_code), r);
        let at = self
            .by_code
            .partition_point(|&r| key(r) < (&*new.credit_code, i));
        self.by_code.insert(at, i);
        for (prefix, b) in &mut self.dense_codes {
            if new.credit_code.starts_with(&**prefix) {
                bits::set(b, i);
            } else {
                bits::clear(b, i);
            }
        }
    }

    fn add_row(&mut self, g: u64, i: u32) {
        match self.grams.get_mut(&g) {
            Some(Posting::Bits(b)) => bits::set(b, i),
            Some(Posting::Rows { gaps, last }) => {
                if i > *last {
                    push_varint(gaps, i - *last);
                    *last = i;
                } else {
                    let mut v: Vec<u32> = rows_of(gaps).collect();
                    if let Err(p) = v.binary_search(&i) {
                        v.insert(p, i);
                    }
                    self.grams.insert(g, encode(&v));
                }
            }
            None => {
                self.grams.insert(g, encode(&[i]));
            }
        }
    }

    fn remove_row(&mut self, g: u64, i: u32) {
        match self.grams.get_mut(&g) {
            Some(Posting::Bits(b)) => bits::clear(b, i),
            Some(Posting::Rows { gaps, .. }) => {
                let v: Vec<u32> = rows_of(gaps).filter(|&r| r != i).collect();
                if v.is_empty() {
                    self.grams.remove(&g);
                } else {
                    self.grams.insert(g, encode(&v));
                }
            }
            None => {}
        }
    }

    /// The rows matching `q` (the rule of `Query::matches`). `prev`: the hits of a query `q`
    /// extends, which hold all of `q`'s.
    pub fn find(&self, ix: &PoolIndex, q: &Query, prev: Option<&[u64]>) -> Vec<u64> {
        let mut out = vec![0; bits::words(self.rows)];
        if q.is_empty() {
            return out;
        }
        self.field(ix, Field::Name, &q.trimmed, prev, &mut out);
        self.field(ix, Field::Initials, &q.lower, prev, &mut out);
        self.code(&ix.rows, &q.upper, &mut out);
        out
    }

    /// `out |=` the rows whose `field` holds `pattern`.
    fn field(
        &self,
        ix: &PoolIndex,
        field: Field,
        pattern: &str,
        prev: Option<&[u64]>,
        out: &mut Vec<u64>,
    ) {
        let chars: Vec<char> = pattern.chars().collect();
        let words = out.len();
        let posting = |g: u64| self.grams.get(&g);
        match chars[..] {
            [] => {}
            [a] => or_posting(out, posting(gram(field, a, None))),
            [a, b] => or_posting(out, posting(gram(field, a, Some(b)))),
            [a, b, c] if field == Field::Initials && quad(a, b, c, END).is_some() => {
                // Every quad that starts with the three: exact.
                for next in 0..=OTHER {
                    or_posting(out, quad(a, b, c, next).and_then(posting));
                }
            }
            _ => {
                // Rows holding every quad of the initials (or every pair), then, past four
                // characters, the ones holding them in a row. Four letters are one quad: exact.
                let quads: Option<Vec<u64>> = match field {
                    Field::Initials if chars.len() >= 4 => chars
                        .windows(4)
                        .map(|w| quad(w[0], w[1], w[2], printable(w[3])?))
                        .collect(),
                    _ => None,
                };
                let grams = quads.clone().unwrap_or_else(|| {
                    chars
                        .windows(2)
                        .map(|w| gram(field, w[0], Some(w[1])))
                        .collect()
                });
                let mut cand = match prev {
                    Some(p) => p.to_vec(),
                    None => bits::all(self.rows),
                };
                cand.resize(words, 0);
                for g in grams {
                    match posting(g) {
                        None => return,
                        Some(Posting::Bits(b)) => bits::and_with(&mut cand, b),
                        Some(p @ Posting::Rows { .. }) => {
                            let mut t = vec![0; words];
                            or_posting(&mut t, Some(p));
                            bits::and_with(&mut cand, &t);
                        }
                    }
                }
                if chars.len() == 4 && quads.is_some() {
                    bits::or_with(out, &cand);
                    return;
                }
                // Ascending rows: the initials are read in memory order.
                let needle = pattern.as_bytes();
                for i in bits::iter(&cand) {
                    if holds(field.bytes(ix, i as usize), needle) {
                        bits::set(out, i);
                    }
                }
            }
        }
    }

    /// `out |=` the rows whose credit code starts with `prefix`.
    fn code(&self, rows: &[IndexRow], prefix: &str, out: &mut Vec<u64>) {
        if let Some((_, b)) = self.dense_codes.iter().find(|(p, _)| **p == *prefix) {
            bits::or_with(out, b);
            return;
        }
        let code = |i: u32| rows.get(i as usize).map_or("", |r| &*r.credit_code);
        let lo = self.by_code.partition_point(|&i| code(i) < prefix);
        let rest = &self.by_code[lo..];
        let n = rest.partition_point(|&i| code(i).starts_with(prefix));
        for &i in &rest[..n] {
            bits::set(out, i);
        }
    }
}

/// Whether `hay` holds `needle` (both short: a scan beats building a searcher).
fn holds(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    hay.len() >= needle.len()
        && (0..=hay.len() - needle.len())
            .any(|p| hay[p] == first && hay[p + 1..p + needle.len()] == *rest)
}

fn or_posting(out: &mut Vec<u64>, p: Option<&Posting>) {
    match p {
        None => {}
        Some(Posting::Bits(b)) => bits::or_with(out, b),
        Some(Posting::Rows { gaps, .. }) => {
            for i in rows_of(gaps) {
                bits::set(out, i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_round_trip() {
        let rows = [0u32, 1, 127, 128, 300, 16_511, 16_512, 2_000_000, 2_000_001];
        let mut gaps = Vec::new();
        let mut last = 0;
        let mut bytes = 0;
        for &r in &rows {
            bytes += varint_len(r - last);
            push_varint(&mut gaps, r - last);
            last = r;
        }
        assert_eq!(gaps.len(), bytes as usize);
        assert_eq!(rows_of(&gaps).collect::<Vec<_>>(), rows);
    }
}
