//! Sets of rows, one bit per row: row `i` is bit `i % 64` of word `i / 64`.

pub fn words(rows: usize) -> usize {
    rows.div_ceil(64)
}

pub fn has(bits: &[u64], i: u32) -> bool {
    bits.get(i as usize / 64)
        .is_some_and(|w| (w >> (i % 64)) & 1 != 0)
}

pub fn set(bits: &mut Vec<u64>, i: u32) {
    let w = i as usize / 64;
    if w >= bits.len() {
        bits.resize(w + 1, 0);
    }
    bits[w] |= 1 << (i % 64);
}

pub fn clear(bits: &mut [u64], i: u32) {
    if let Some(w) = bits.get_mut(i as usize / 64) {
        *w &= !(1 << (i % 64));
    }
}

pub fn count(bits: &[u64]) -> usize {
    bits.iter().map(|w| w.count_ones() as usize).sum()
}

/// Rows in both (missing words are empty).
pub fn and_count(a: &[u64], b: &[u64]) -> usize {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x & y).count_ones() as usize)
        .sum()
}

/// `a &= b` (missing words of `b` are empty).
pub fn and_with(a: &mut [u64], b: &[u64]) {
    for (i, w) in a.iter_mut().enumerate() {
        *w &= b.get(i).copied().unwrap_or(0);
    }
}

/// `a |= b`.
pub fn or_with(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x |= y;
    }
}

/// Every one of `n` rows.
pub fn all(n: usize) -> Vec<u64> {
    let mut v = vec![u64::MAX; words(n)];
    if !n.is_multiple_of(64)
        && let Some(last) = v.last_mut()
    {
        *last = (1u64 << (n % 64)) - 1;
    }
    v
}

/// The rows in `bits`, ascending.
pub fn iter(bits: &[u64]) -> impl Iterator<Item = u32> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let b = rest.trailing_zeros();
                rest &= rest - 1;
                w as u32 * 64 + b
            })
        })
    })
}
