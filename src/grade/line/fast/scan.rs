//! The one search inside a JSON string: where its plain run ends, at the first `"`,
//! `\` or control char (below 0x20). The three are looked for together, 32 bytes at
//! a time with AVX2 (when the CPU has it), 16 with SSE2 (every x86-64), 8 at a time
//! in a `u64` elsewhere, so a string's bytes are read once.

/// The offset of the first `"`, `\` or control char of `bytes` from `from` on;
/// `bytes.len()` when there is none, `from` when `from` is past the end.
///
/// Keys, ids and roles end within 16 bytes: those are searched inline, and only a
/// longer string goes on in a search of its own.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(super) fn stop(bytes: &[u8], mut from: usize) -> usize {
    if from + 16 <= bytes.len() {
        // SAFETY: `from + 16 <= bytes.len()`.
        let m = unsafe { x86::hits16(bytes.as_ptr().add(from)) };
        if m != 0 {
            return from + m.trailing_zeros() as usize;
        }
        from += 16;
    }
    far(bytes, from)
}

/// [`stop`] without the inline start.
#[cfg(target_arch = "x86_64")]
fn far(bytes: &[u8], from: usize) -> usize {
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        unsafe { x86::avx2(bytes, from) }
    } else {
        x86::sse2(bytes, from)
    }
}

/// The offset of the first `"`, `\` or control char of `bytes` from `from` on;
/// `bytes.len()` when there is none, `from` when `from` is past the end.
#[cfg(not(target_arch = "x86_64"))]
pub(super) fn stop(bytes: &[u8], from: usize) -> usize {
    swar(bytes, from)
}

/// Whether `b` ends a string's plain run.
fn is_stop(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// [`stop`], eight bytes at a time in a `u64`.
pub(super) fn swar(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte's high bit is set in `hit` exactly when it is a quote, a backslash
        // or below 0x20, for the first such byte; bytes after it may be set falsely,
        // and only the lowest set bit is read.
        let quote = x ^ (ONES * u64::from(b'"'));
        let backslash = x ^ (ONES * u64::from(b'\\'));
        let hit = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (x.wrapping_sub(ONES * 0x20) & !x);
        let hit = hit & HIGH;
        if hit != 0 {
            return at + (hit.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest.iter().position(|&b| is_stop(b)).unwrap_or(rest.len())
}

#[cfg(target_arch = "x86_64")]
pub(super) mod x86 {
    use std::arch::x86_64::{
        __m128i, __m256i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };

    /// One bit per byte of the 32 at `p`, set for a stop.
    ///
    /// # Safety
    /// The CPU has AVX2 and the 32 bytes at `p` are readable.
    #[target_feature(enable = "avx2")]
    #[inline]
    unsafe fn hits32(p: *const u8) -> u32 {
        // SAFETY: the caller's promise.
        let x = unsafe { _mm256_loadu_si256(p.cast::<__m256i>()) };
        let quote = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'"' as i8));
        let backslash = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(b'\\' as i8));
        // Unsigned min(x, 0x1f) == x exactly when x <= 0x1f.
        let control = _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8(0x1f)), x);
        _mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(quote, backslash), control)) as u32
    }

    /// One bit per byte of the 16 at `p`, set for a stop.
    ///
    /// # Safety
    /// The 16 bytes at `p` are readable (SSE2 is part of x86-64).
    #[target_feature(enable = "sse2")]
    #[inline]
    pub(super) unsafe fn hits16(p: *const u8) -> u32 {
        // SAFETY: the caller's promise.
        let x = unsafe { _mm_loadu_si128(p.cast::<__m128i>()) };
        let quote = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(x, _mm_set1_epi8(b'\\' as i8));
        let control = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
    }

    /// [`super::stop`] with AVX2. The tail is searched by one more load of the last
    /// 32 bytes, overlapping what was already searched, whose bits before `at` are
    /// dropped.
    ///
    /// # Safety
    /// The CPU has AVX2.
    #[target_feature(enable = "avx2")]
    pub(in super::super) unsafe fn avx2(bytes: &[u8], from: usize) -> usize {
        let len = bytes.len();
        if from >= len {
            return from;
        }
        let p = bytes.as_ptr();
        let mut at = from;
        // 64 bytes a turn while there are, with one test for both halves.
        while at + 64 <= len {
            // SAFETY: AVX2 is there, and `at + 64 <= len`.
            let (low, high) = unsafe { (hits32(p.add(at)), hits32(p.add(at + 32))) };
            if low | high != 0 {
                let m = u64::from(low) | (u64::from(high) << 32);
                return at + m.trailing_zeros() as usize;
            }
            at += 64;
        }
        while at + 32 <= len {
            // SAFETY: AVX2 is there, and `at + 32 <= len`.
            let m = unsafe { hits32(p.add(at)) };
            if m != 0 {
                return at + m.trailing_zeros() as usize;
            }
            at += 32;
        }
        if at == len {
            return len;
        }
        if len < 32 {
            return super::swar(bytes, at);
        }
        let base = len - 32;
        // SAFETY: AVX2 is there, and `base + 32 == len`; `at - base` is in 1..32.
        let m = unsafe { hits32(p.add(base)) } >> (at - base);
        if m != 0 {
            at + m.trailing_zeros() as usize
        } else {
            len
        }
    }

    /// [`super::stop`] with SSE2, 16 bytes at a time, the tail as with AVX2.
    pub(in super::super) fn sse2(bytes: &[u8], from: usize) -> usize {
        let len = bytes.len();
        if from >= len {
            return from;
        }
        let p = bytes.as_ptr();
        let mut at = from;
        while at + 16 <= len {
            // SAFETY: `at + 16 <= len`.
            let m = unsafe { hits16(p.add(at)) };
            if m != 0 {
                return at + m.trailing_zeros() as usize;
            }
            at += 16;
        }
        if at == len {
            return len;
        }
        if len < 16 {
            return super::swar(bytes, at);
        }
        let base = len - 16;
        // SAFETY: `base + 16 == len`; `at - base` is in 1..16.
        let m = unsafe { hits16(p.add(base)) } >> (at - base);
        if m != 0 {
            at + m.trailing_zeros() as usize
        } else {
            len
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every way of searching, with the byte-by-byte reference.
    fn all_ways(bytes: &[u8], from: usize) -> Vec<(&'static str, usize)> {
        let mut ways = vec![("swar", swar(bytes, from)), ("stop", stop(bytes, from))];
        #[cfg(target_arch = "x86_64")]
        {
            ways.push(("far", far(bytes, from)));
            ways.push(("sse2", x86::sse2(bytes, from)));
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2.
                ways.push(("avx2", unsafe { x86::avx2(bytes, from) }));
            }
        }
        ways
    }

    #[track_caller]
    fn agree(bytes: &[u8], from: usize) {
        let want = bytes.get(from..).map_or(from, |rest| {
            from + rest.iter().position(|&b| is_stop(b)).unwrap_or(rest.len())
        });
        for (way, got) in all_ways(bytes, from) {
            assert_eq!(got, want, "{way} from {from} in {bytes:?}");
        }
    }

    #[test]
    fn every_way_stops_at_the_first_quote_backslash_or_control_char() {
        for (i, stop_byte) in [b'"', b'\\', 0, 0x1f, b'\n'].into_iter().enumerate() {
            for len in 0..80 {
                for at in 0..len {
                    let mut bytes: Vec<u8> = "你好a".bytes().cycle().take(len).collect();
                    bytes[at] = stop_byte;
                    // A later stop never hides the first.
                    if at + 1 < len {
                        bytes[at + 1] = [b'\\', b'"', b'"', 0, b'"'][i];
                    }
                    for from in [0, at / 2, at, at + 1, at + 2, len, len + 3] {
                        agree(&bytes, from);
                    }
                }
            }
        }
    }

    #[test]
    fn bytes_near_the_limits_of_the_classes_are_not_stops() {
        let near = [
            0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff,
        ];
        for len in 0..70 {
            let bytes: Vec<u8> = near.iter().copied().cycle().take(len).collect();
            for from in 0..=len {
                assert!(all_ways(&bytes, from).iter().all(|&(_, s)| s == len));
            }
        }
    }

    #[test]
    fn random_bytes_agree_with_the_reference() {
        let mut next = crate::text::rng(0x5eed_57a1);
        for _ in 0..3000 {
            let len = next(100);
            // Mostly plain bytes, now and then a stop.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(40) {
                    0 => b'"',
                    1 => b'\\',
                    2 => next(0x20) as u8,
                    _ => 0x20 + next(0xe0) as u8,
                })
                .collect();
            agree(&bytes, next(len + 2));
        }
    }
}
