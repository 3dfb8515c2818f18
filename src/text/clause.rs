//! Clauses and negation in a normalised answer. Normalisation removes punctuation, so
//! "不知道,您去问经理" and "不知道您…" read the same; the newer parts of the phrase
//! language need to tell them apart. [`Context`] finds, lazily and once per answer,
//! where the original text had a clause break, and [`Context::negated`] says whether a
//! phrase at some place is negated right before it (没风险, 没有任何风险, 不需要评估,
//! 不能给您保证), within its clause.
//!
//! What counts as a break: the punctuation that ends or divides a clause (，、；。！？：
//! and their ASCII forms, …, —, ～, line breaks) and whitespace between Chinese chars,
//! which casual typing uses for a comma. Quotation marks and brackets are not breaks.
//!
//! The negation test, chosen from real answers: a negator (不 没 无 非 未 别 莫 毫无
//! 并非 勿) followed by at most [`MAX_FILLERS`] filler words (有 任何 什么 能 会 给您
//! …, see [`FILLERS`]) and then the phrase, all in one clause. An A-not-A question
//! (有没有, 是不是, 要不要) is not a negation, nor is a negator inside a fixed word that
//! negates nothing (对不起, 不好意思, 差不多, 没关系).

use std::cell::OnceCell;
use std::sync::LazyLock;

use super::normalize::Normalized;

/// Words that negate what follows them.
#[rustfmt::skip]
pub const NEGATORS: &[&str] = &[
    "毫无", "并非", "谈不上", "算不上", "称不上", "很难", "难以", "不", "没", "无", "非", "未",
    "别", "莫", "勿",
];

/// Words that may stand between a negator and the phrase it negates: 没(有)(任何)风险,
/// 不(能)(给您)保证, 不(作)保证, 没(法)保证, 不(需要)评估.
#[rustfmt::skip]
pub const FILLERS: &[&str] = &[
    "有", "任何", "什么", "啥", "一点", "一丁点", "半点", "丝毫", "太大", "多大", "太多",
    "多少", "太", "大", "多", "能", "可能", "会", "敢", "法", "用", "必", "需", "要",
    "需要", "必要", "存在", "作", "做", "给您", "给你", "跟您", "向您", "对您", "替您",
    "帮您", "百分之百", "100", "一定", "完全", "绝对", "是", "再", "都", "也", "可以",
    "说", "想", "您", "办法",
];

/// Words that make what follows them a question rather than a claim: 是否保本,
/// 能否保证. (An A-not-A form, 有没有写明保本, 会不会亏, does the same.)
const QUESTIONING: &[&str] = &["是否", "能否", "可否", "有无"];

/// At most this many fillers between a negator and the phrase.
pub const MAX_FILLERS: usize = 3;

/// The word lists as chars, built once: the negation test runs for every required
/// occurrence of every answer.
struct Words {
    negators: Vec<Vec<char>>,
    fillers: Vec<Vec<char>>,
    not_negating: Vec<Vec<char>>,
    questioning: Vec<Vec<char>>,
    /// Every char a negator starts with, for a quick look before the full test.
    negator_chars: Vec<char>,
    /// Every char a negator or a filler ends with: a negated phrase has one right
    /// before it.
    tail_chars: Vec<char>,
    /// The most chars a negator and its fillers can span before a phrase.
    reach: usize,
    /// [`Words::negator_chars`] and [`Words::tail_chars`] in the BMP, as one bit
    /// per char: looked up for every char of the BMP when `grade` builds its char
    /// table, where a search of the lists took a millisecond.
    negator_bits: Bits,
    tail_bits: Bits,
}

/// One bit per char of the BMP.
struct Bits(Box<[u64]>);

impl Bits {
    fn new(chars: &[char]) -> Bits {
        let mut words = vec![0_u64; 0x1_0000 / 64];
        for &c in chars {
            if let Some(w) = words.get_mut(c as usize / 64) {
                *w |= 1 << (c as usize % 64);
            }
        }
        Bits(words.into_boxed_slice())
    }

    /// Whether `c`'s bit is set; `None` beyond the BMP.
    fn get(&self, c: char) -> Option<bool> {
        let w = self.0.get(c as usize / 64)?;
        Some(w >> (c as usize % 64) & 1 == 1)
    }
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let chars =
        |list: &[&str]| -> Vec<Vec<char>> { list.iter().map(|w| w.chars().collect()).collect() };
    let negators = chars(NEGATORS);
    let fillers = chars(FILLERS);
    let longest = |l: &[Vec<char>]| l.iter().map(Vec::len).max().unwrap_or(0);
    let reach = longest(&negators) + MAX_FILLERS * longest(&fillers);
    let mut negator_chars: Vec<char> = negators.iter().filter_map(|n| n.first().copied()).collect();
    negator_chars.sort_unstable();
    negator_chars.dedup();
    let mut tail_chars: Vec<char> = negators
        .iter()
        .chain(&fillers)
        .filter_map(|w| w.last().copied())
        .collect();
    tail_chars.sort_unstable();
    tail_chars.dedup();
    Words {
        negators,
        fillers,
        not_negating: chars(NOT_NEGATING),
        questioning: chars(QUESTIONING),
        negator_bits: Bits::new(&negator_chars),
        tail_bits: Bits::new(&tail_chars),
        negator_chars,
        tail_chars,
        reach,
    }
});

/// Whether `c` is the first char of a negator.
pub fn starts_negator(c: char) -> bool {
    let w = &*WORDS;
    w.negator_bits
        .get(c)
        .unwrap_or_else(|| w.negator_chars.binary_search(&c).is_ok())
}

/// Whether `c` is the last char of a negator or of a filler.
pub fn ends_negation_word(c: char) -> bool {
    let w = &*WORDS;
    w.tail_bits
        .get(c)
        .unwrap_or_else(|| w.tail_chars.binary_search(&c).is_ok())
}

/// The most normalised chars before a phrase that [`may_be_negated`] looks at: a
/// negator further back than this negates nothing.
pub fn negation_reach() -> usize {
    WORDS.reach
}

/// Whether [`Context::negated`] could say yes for a phrase starting at normalised
/// char `start`, given the sorted positions of the chars of the text that
/// [`starts_negator`] (`negators`) and that [`ends_negation_word`] (`tails`).
/// `false` is its answer: a negated phrase has a negator within reach before it and
/// a negator or filler right before it. `true` means the full test must decide.
pub fn may_be_negated(negators: &[u32], tails: &[u32], start: u32) -> bool {
    let Some(before) = start.checked_sub(1) else {
        return false;
    };
    let from = start.saturating_sub(to_u32(WORDS.reach));
    let i = negators.partition_point(|&p| p < from);
    negators.get(i).is_some_and(|&p| p < start) && tails.binary_search(&before).is_ok()
}

/// Fixed words with a negator char that negate nothing after them.
#[rustfmt::skip]
const NOT_NEGATING: &[&str] = &[
    "对不起", "不好意思", "差不多", "没关系", "没问题", "不客气", "了不起", "不错", "不少",
    "不断", "不仅", "不但", "不过", "不然", "不管", "非常", "无论", "别人", "别的", "未来",
];

/// Whether `c` in the original text divides clauses.
pub fn is_break_char(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '；'
            | ';'
            | '。'
            | '．'
            | '｡'
            | '！'
            | '!'
            | '？'
            | '?'
            | '：'
            | ':'
            | '…'
            | '—'
            | '～'
            | '~'
            | '\n'
            | '\r'
            | PART_SEPARATOR
    )
}

/// Where one answer's clauses end.
#[derive(Debug, Default)]
pub struct Breaks {
    /// Normalised char indices `b` such that a clause break lies between char `b - 1`
    /// and char `b`, in increasing order.
    pub at: Vec<u32>,
    /// The breaks (and the text's end, as `norm.text`'s length) made by a question mark.
    pub questions: Vec<u32>,
}

/// The clause breaks of `norm`; `raw` is the text it was made from.
pub fn breaks(raw: &str, norm: &Normalized) -> Breaks {
    let mut out: Vec<u32> = Vec::new();
    let mut questions: Vec<u32> = Vec::new();
    let origin = &norm.origin;
    let mut next = 0usize; // first normalised char whose origin is past the raw char
    let mut prev: Option<char> = None;
    let mut chars = raw.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        while next < origin.len() && origin[next] <= i {
            next += 1;
        }
        let is_break = is_break_char(c)
            || (c.is_whitespace() && {
                let after = chars.peek().map(|&(_, c)| c);
                !prev.is_some_and(|p| p.is_ascii()) || !after.is_some_and(|a| a.is_ascii())
            });
        if is_break && next > 0 {
            let b = u32::try_from(next).unwrap_or(u32::MAX);
            if next < origin.len() && out.last() != Some(&b) {
                out.push(b);
            }
            if matches!(c, '?' | '？') && questions.last() != Some(&b) {
                questions.push(b);
            }
        }
        if !c.is_whitespace() {
            prev = Some(c);
        }
    }
    Breaks { at: out, questions }
}

/// True when a break lies in `[from, to]`: between chars `from - 1` and `to`.
pub fn break_within(breaks: &[u32], from: u32, to: u32) -> bool {
    let i = breaks.partition_point(|&b| b < from);
    breaks.get(i).is_some_and(|&b| b <= to)
}

/// One answer, normalised, with its breaks and chars computed when first asked for.
pub struct Context<'a> {
    raw: &'a dyn Fn() -> String,
    norm: &'a Normalized,
    breaks: OnceCell<Breaks>,
    chars: OnceCell<Vec<char>>,
}

impl<'a> Context<'a> {
    /// `raw` builds the original text `norm` came from; it is called at most once, and
    /// only when a break is asked for.
    pub fn new(raw: &'a dyn Fn() -> String, norm: &'a Normalized) -> Context<'a> {
        Context {
            raw,
            norm,
            breaks: OnceCell::new(),
            chars: OnceCell::new(),
        }
    }

    pub fn normalized(&self) -> &'a Normalized {
        self.norm
    }

    pub fn breaks(&self) -> &[u32] {
        &self.all_breaks().at
    }

    fn all_breaks(&self) -> &Breaks {
        self.breaks.get_or_init(|| breaks(&(self.raw)(), self.norm))
    }

    /// Whether the clause holding normalised char `pos` asks a question: it ends with
    /// a question mark, or its last char is 吗 or 呢 or 吧. A negation inside a
    /// question (您没遇到什么麻烦吧?有没有不方便的地方?) asserts nothing.
    pub fn in_question(&self, pos: u32) -> bool {
        let b = self.all_breaks();
        let len = to_u32(self.chars().len());
        let end = b.at.iter().copied().find(|&x| x > pos).unwrap_or(len);
        b.questions.contains(&end)
            || end
                .checked_sub(1)
                .and_then(|i| self.chars().get(i as usize))
                .is_some_and(|c| matches!(c, '吗' | '呢' | '吧'))
    }

    fn chars(&self) -> &[char] {
        self.chars.get_or_init(|| self.norm.text.chars().collect())
    }

    /// Whether the normalised span `[start, end)` crosses a clause break.
    pub fn crosses_break(&self, start: u32, end: u32) -> bool {
        end > start + 1 && break_within(self.breaks(), start + 1, end - 1)
    }

    /// Whether the phrase starting at normalised char `start` is negated right before
    /// it, within its clause (see the module doc).
    pub fn negated(&self, start: u32) -> bool {
        let chars = self.chars();
        let Ok(start) = usize::try_from(start) else {
            return false;
        };
        if start == 0 || start > chars.len() {
            return false;
        }
        // Most phrases have no negator anywhere near: say so without the full test.
        let words = &*WORDS;
        let from = start.saturating_sub(words.reach);
        if !chars[from..start]
            .iter()
            .any(|c| words.negator_chars.binary_search(c).is_ok())
        {
            return false;
        }
        self.negated_from(chars, start, 0)
    }

    /// Looks for a negator ending at `at`, or a filler ending there with a negator
    /// further back.
    fn negated_from(&self, chars: &[char], at: usize, fillers: usize) -> bool {
        // A break right before `at` ends the search: what lies before is another clause.
        if break_within(self.breaks(), to_u32(at), to_u32(at)) {
            return false;
        }
        let words = &*WORDS;
        for neg in &words.negators {
            if let Some(s) = ends_with(chars, at, neg)
                && self.is_negator(chars, s, at)
            {
                return true;
            }
        }
        if fillers == MAX_FILLERS {
            return false;
        }
        words.fillers.iter().any(|f| {
            ends_with(chars, at, f)
                .is_some_and(|s| s > 0 && self.negated_from(chars, s, fillers + 1))
        })
    }

    /// Whether the negator at `[s, e)` really negates: not A-not-A, not inside a fixed
    /// word.
    fn is_negator(&self, chars: &[char], s: usize, e: usize) -> bool {
        // A-not-A: 有没有, 是不是, 要不要, 可不可以.
        if e == s + 1 && s > 0 && chars.get(s - 1).is_some() && chars.get(s - 1) == chars.get(e) {
            return false;
        }
        !WORDS.not_negating.iter().any(|w| covers(chars, s, w))
    }
}

/// Where `word` starts when it ends at char `at` of `chars`.
fn ends_with(chars: &[char], at: usize, word: &[char]) -> Option<usize> {
    let s = at.checked_sub(word.len())?;
    // The last char first: it rules out nearly every word without a slice compare.
    if chars.get(at.checked_sub(1)?) != word.last() {
        return None;
    }
    (chars.get(s..at)? == word).then_some(s)
}

/// Whether some occurrence of `word` in `chars` covers char `i`.
fn covers(chars: &[char], i: usize, word: &[char]) -> bool {
    let lo = (i + 1).saturating_sub(word.len());
    (lo..=i).any(|s| chars.get(s..s + word.len()) == Some(word))
}

impl Context<'_> {
    /// Whether the phrase starting at normalised char `start` is asked about rather
    /// than claimed: an A-not-A form (有没有, 写没写, 会不会) or 是否/能否 stands
    /// before it within its clause and a few chars, or the phrase itself starts the
    /// second half of one (会「不会亏」), or it is the first of two alternatives
    /// offered in its clause (收益是承诺的还是只作参考的).
    pub fn questioned(&self, start: u32) -> bool {
        let chars = self.chars();
        let Ok(start) = usize::try_from(start) else {
            return false;
        };
        let from = start.saturating_sub(QUESTION_REACH);
        let clause_from = self
            .breaks()
            .iter()
            .rev()
            .map(|&b| b as usize)
            .find(|&b| b <= start)
            .unwrap_or(0);
        let from = from.max(clause_from);
        // An A-not-A whose negator sits at `i`, anywhere from `from` to the phrase's
        // first char.
        let a_not_a = (from.max(1)..=start.min(chars.len().saturating_sub(2))).any(|i| {
            matches!(chars[i], '不' | '没') && chars[i - 1] == chars[i + 1] && i + 1 < chars.len()
        });
        let clause_end = self
            .breaks()
            .iter()
            .map(|&b| b as usize)
            .find(|&b| b > start)
            .unwrap_or(chars.len());
        let till = (start + ALTERNATIVE_REACH).min(clause_end);
        let contains = |word: &[char], range: std::ops::Range<usize>| {
            range
                .into_iter()
                .any(|i| chars.get(i..i + word.len()) == Some(word))
        };
        a_not_a
            || WORDS.questioning.iter().any(|q| contains(q, from..start))
            || contains(&['还', '是'], start..till.saturating_sub(1))
    }
}

/// Chars that say nothing beside a phrase: particles, 是, demonstratives, and the
/// politeness that does not make a flat refusal less flat (抱歉, 您好, 亲).
const FILLER_CHARS: &[char] = &[
    '的', '哦', '噢', '喔', '呢', '哈', '啊', '呀', '哟', '吧', '了', '嘛', '啦', '嗯', '额', '呃',
    '是', '这', '那', '个', '亲', '抱', '歉', '您', '好', '对', '起', '意', '思', '真', '很', '也',
    '就', '还', '都',
];

/// At most this many other chars may stand beside a phrase that must be alone.
pub const ALONE_EXTRA: usize = 3;

impl Context<'_> {
    /// Whether the occurrence `[start, end)` is all its part (the answer, or one turn
    /// of a transcript) says: at most [`ALONE_EXTRA`] chars outside it that are not
    /// [`FILLER_CHARS`].
    pub fn alone(&self, start: u32, end: u32) -> bool {
        let chars = self.chars();
        let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
            return false;
        };
        let part_start = chars[..start.min(chars.len())]
            .iter()
            .rposition(|&c| c == PART_SEPARATOR)
            .map_or(0, |i| i + 1);
        let part_end = chars
            .get(end..)
            .and_then(|rest| rest.iter().position(|&c| c == PART_SEPARATOR))
            .map_or(chars.len(), |i| end + i);
        let other = chars[part_start..start.min(chars.len())]
            .iter()
            .chain(chars.get(end..part_end).unwrap_or(&[]))
            .filter(|c| !FILLER_CHARS.contains(c))
            .count();
        other <= ALONE_EXTRA
    }
}

/// What `grade` joins a transcript's turns with: a private-use char, which
/// normalisation keeps and no phrase contains; it ends a clause and a part.
pub const PART_SEPARATOR: char = '\u{E000}';

/// How far after a phrase a 还是 makes it one of two alternatives.
const ALTERNATIVE_REACH: usize = 10;

/// How far before a phrase a question form makes it a question.
const QUESTION_REACH: usize = 6;

/// Whether the phrase ending at normalised char `end` is negated by what follows it
/// (保证不了: "cannot guarantee"), within its clause.
impl Context<'_> {
    pub fn negated_after(&self, end: u32) -> bool {
        let chars = self.chars();
        let Ok(e) = usize::try_from(end) else {
            return false;
        };
        ["不了", "不到"].iter().any(|w| {
            chars
                .get(e..e + 2)
                .is_some_and(|c| c.iter().copied().eq(w.chars()))
                && !break_within(self.breaks(), end, end + 1)
        })
    }
}

/// Whether a normalised phrase is itself a negative form (不好意思, 不保证, 没问题):
/// such a phrase is not "negated" by its own first char.
pub fn is_negative_form(phrase: &str) -> bool {
    NEGATORS.iter().any(|n| phrase.starts_with(n))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
