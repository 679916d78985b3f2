//! The pinyin of names, read by words: a character's reading depends on the word it is in (长城
//! cháng but 成长 zhǎng, 厦门 xià but 大厦 shà, 重庆 chóng but 重工 zhòng), so names are first
//! matched against a table of words whose reading differs from their characters' first dictionary
//! readings (`assets/pinyin_words.txt`, longest word first), and only the characters outside
//! those words are read one by one.

use pinyin::ToPinyin;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../assets/pinyin_words.txt");

/// The longest word in the table, in characters.
const MAX_WORD: usize = 6;

struct Words {
    readings: FxHashMap<&'static str, &'static str>,
    /// Bit per Basic Multilingual Plane character: whether some word reads it otherwise than its
    /// first reading. Every word holds one.
    differs: Vec<u64>,
    /// The pairs of neighbouring characters, one of them read otherwise, that the words hold.
    /// A word can only be where one of them is, so most names are read character by character
    /// without looking words up.
    pairs: FxHashSet<u64>,
}

fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

fn words() -> &'static Words {
    static WORDS_TABLE: OnceLock<Words> = OnceLock::new();
    WORDS_TABLE.get_or_init(|| {
        let mut table = Words {
            readings: FxHashMap::default(),
            differs: vec![0u64; 0x10000 / 64],
            pairs: FxHashSet::default(),
        };
        for line in WORDS.lines().filter(|l| !l.starts_with('#')) {
            let Some((word, reading)) = line.split_once(' ') else {
                continue;
            };
            let chars: Vec<char> = word.chars().collect();
            for (k, syllable) in reading.split(' ').enumerate().take(chars.len()) {
                let ch = chars[k];
                if first_reading(ch).is_some_and(|f| f == syllable) {
                    continue;
                }
                if let Some(c) = bmp(ch) {
                    table.differs[c / 64] |= 1 << (c % 64);
                }
                if k > 0 {
                    table.pairs.insert(pair(chars[k - 1], ch));
                }
                if let Some(next) = chars.get(k + 1) {
                    table.pairs.insert(pair(ch, *next));
                }
            }
            table.readings.insert(word, reading);
        }
        table
    })
}

fn bmp(ch: char) -> Option<usize> {
    let c = ch as usize;
    (c < 0x10000).then_some(c)
}

impl Words {
    fn differs(&self, ch: char) -> bool {
        bmp(ch).is_some_and(|c| self.differs[c / 64] & (1 << (c % 64)) != 0)
    }

    fn is_word_pair(&self, a: char, b: char) -> bool {
        (self.differs(a) || self.differs(b)) && self.pairs.contains(&pair(a, b))
    }
}

/// One character of a name and its syllable in the name (toneless, ü as v), if it has one.
struct Reading<'a> {
    ch: char,
    syllable: Option<std::borrow::Cow<'a, str>>,
}

/// Calls `each` for every character of `s`, in order, with its reading in `s`: the longest
/// word of the table at each place first (leftmost, longest), the character alone otherwise.
fn read(s: &str, mut each: impl FnMut(Reading<'_>)) {
    let table = words();
    let alone = |ch: char, each: &mut dyn FnMut(Reading<'_>)| {
        each(Reading {
            ch,
            syllable: first_reading(ch),
        })
    };
    let mut prev = None;
    let holds_a_word = s.chars().any(|ch| {
        let hit = prev.is_some_and(|p| table.is_word_pair(p, ch));
        prev = Some(ch);
        hit
    });
    if !holds_a_word {
        s.chars().for_each(|ch| alone(ch, &mut each));
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let end = |i: usize| chars.get(i).map_or(s.len(), |(b, _)| *b);
    // For each place, the next place where a word's pair starts: a word starting here must
    // reach it.
    let mut next_pair = vec![usize::MAX; chars.len() + 1];
    for i in (0..chars.len().saturating_sub(1)).rev() {
        next_pair[i] = if table.is_word_pair(chars[i].1, chars[i + 1].1) {
            i
        } else {
            next_pair[i + 1]
        };
    }
    let mut at = 0;
    while at < chars.len() {
        let longest = MAX_WORD.min(chars.len() - at);
        let shortest = next_pair[at].saturating_sub(at).saturating_add(2);
        let word = (shortest..=longest).rev().find_map(|len| {
            let reading = table.readings.get(&s[chars[at].0..end(at + len)])?;
            Some((len, *reading))
        });
        match word {
            Some((len, syllables)) => {
                for ((_, ch), syllable) in chars[at..at + len].iter().zip(syllables.split(' ')) {
                    each(Reading {
                        ch: *ch,
                        syllable: Some(syllable.into()),
                    });
                }
                at += len;
            }
            None => {
                alone(chars[at].1, &mut each);
                at += 1;
            }
        }
    }
}

/// The character's first dictionary reading, toneless, with ü written v (so that lü sorts
/// right after lu, as in a dictionary).
fn first_reading(ch: char) -> Option<std::borrow::Cow<'static, str>> {
    let plain = ch.to_pinyin()?.plain();
    // ü is the only letter of a toneless reading outside ASCII.
    Some(if plain.is_ascii() {
        plain.into()
    } else {
        plain.replace('ü', "v").into()
    })
}

/// A key that sorts names in pinyin order, read by words: `长城` → `chang cheng `.
pub fn pinyin_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    read(s, |r| match r.syllable {
        Some(syllable) => {
            out.push_str(&syllable);
            out.push(' ');
        }
        None => out.extend(r.ch.to_lowercase()),
    });
    out
}

/// Lowercase pinyin initials of `s`, read by words: `长城汽车` → `ccqc`. ASCII letters and
/// digits are kept (lowercased); other characters without a reading are skipped. Where a
/// character could be read with another initial (its first dictionary reading, or the other
/// reading of a common heteronym), a second spelling follows after a space, so that either
/// finds the name: `长城汽车` → `ccqc zcqc`.
pub fn pinyin_initials(s: &str) -> String {
    let mut primary = String::new();
    let mut other = String::new();
    read(s, |r| {
        let first = if r.ch.is_ascii_alphanumeric() {
            Some(r.ch.to_ascii_lowercase())
        } else {
            r.syllable.as_deref().and_then(|p| p.chars().next())
        };
        let Some(first) = first else { return };
        primary.push(first);
        let alt = HETERONYMS
            .iter()
            .find(|(c, _)| *c == r.ch)
            .and_then(|(_, letters)| letters.chars().find(|l| *l != first))
            .or_else(|| first_reading(r.ch).and_then(|p| p.chars().next()))
            .unwrap_or(first);
        other.push(alt);
    });
    if other != primary {
        primary.push(' ');
        primary.push_str(&other);
    }
    primary
}

/// Characters common in company and place names that are read two ways with different
/// initials, for names where the word table does not decide (长 in a name of its own).
const HETERONYMS: &[(char, &str)] = &[
    ('长', "cz"),
    ('重', "zc"),
    ('行', "xh"),
    ('藏', "cz"),
    ('乐', "ly"),
    ('朝', "cz"),
    ('厦', "xs"),
    ('曾', "zc"),
    ('单', "ds"),
    ('石', "sd"),
    ('传', "cz"),
    ('解', "jx"),
    ('会', "hk"),
    ('参', "cs"),
    ('省', "sx"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Real place and company names whose characters read differently by word, each with its
    /// reading written by hand.
    const NAMES: &[(&str, &str)] = &[
        ("长城汽车", "chang cheng qi che "),
        ("长沙银行", "chang sha yin hang "),
        ("成长科技", "cheng zhang ke ji "),
        ("重庆钢铁", "chong qing gang tie "),
        ("三一重工", "san yi zhong gong "),
        ("重型机械", "zhong xing ji xie "),
        ("厦门航空", "xia men hang kong "),
        ("国贸大厦", "guo mao da sha "),
        ("成都数据", "cheng du shu ju "),
        ("武都花椒", "wu du hua jiao "),
        ("乐都农业", "le du nong ye "),
        ("都江堰水利", "du jiang yan shui li "),
        ("音乐之声", "yin yue zhi sheng "),
        ("六安电力", "lu an dian li "),
        ("蚌埠玻璃", "beng bu bo li "),
        ("尉犁棉业", "yu li mian ye "),
        ("伽师瓜果", "jia shi gua guo "),
        ("西藏药业", "xi zang yao ye "),
        ("单县羊汤", "shan xian yang tang "),
        ("番禺电子", "pan yu dian zi "),
        ("铅山纸业", "yan shan zhi ye "),
        ("中国银行", "zhong guo yin hang "),
        ("绿洲农业", "lv zhou nong ye "),
    ];

    #[test]
    fn names_read_by_words() {
        for (name, key) in NAMES {
            assert_eq!(pinyin_key(name), *key, "{name}");
        }
    }

    #[test]
    fn names_sort_in_pinyin_order_of_their_words() {
        let mut names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        names.sort_by_cached_key(|n| pinyin_key(n));
        assert_eq!(
            names,
            [
                "蚌埠玻璃",
                "长城汽车",
                "长沙银行",
                "成都数据",
                "成长科技",
                "重庆钢铁",
                "都江堰水利",
                "国贸大厦",
                "伽师瓜果",
                "乐都农业",
                "六安电力",
                "绿洲农业",
                "番禺电子",
                "三一重工",
                "单县羊汤",
                "武都花椒",
                "西藏药业",
                "厦门航空",
                "铅山纸业",
                "音乐之声",
                "尉犁棉业",
                "中国银行",
                "重型机械",
            ]
        );
    }

    #[test]
    fn other_text_is_kept_lowercased() {
        assert_eq!(pinyin_key("ABC科技2号"), "abcke ji 2hao ");
        assert_eq!(pinyin_key(""), "");
    }

    #[test]
    fn initials_follow_the_words_and_keep_the_other_spelling() {
        assert_eq!(pinyin_initials("长城汽车"), "ccqc zcqc");
        assert_eq!(pinyin_initials("成长科技"), "czkj cckj");
        assert_eq!(pinyin_initials("厦门航空"), "xmhk smhk");
        assert_eq!(pinyin_initials("国贸大厦"), "gmds gmdx");
        assert_eq!(pinyin_initials("尉犁棉业"), "ylmy wlmy");
        assert_eq!(pinyin_initials("乌鲁木齐长风"), "wlmqcf wlmqzf");
        assert_eq!(pinyin_initials("新疆克拉玛依"), "xjklmy");
        assert_eq!(pinyin_initials("兰州ABC科技（有限）"), "lzabckjyx");
    }
}
