//! Short labels for narrow table columns (`高新技术企业` → `高企`), and place names cut from the
//! left (`乌鲁木齐市沙依巴克区` → `沙依巴克区`) so the informative end stays visible.

use crate::domain::{Batch, Pool, Tier};
use crate::i18n::Lang;
use crate::i18n::choice_text::Choice;
use crate::text;

/// The tier in a few columns: 科小/创新/高企/领军, TSME/Innov./HTE/Leader.
pub fn tier_short(t: Tier, l: Lang) -> &'static str {
    Choice::short(t, l).unwrap_or(t.label(l))
}

/// The pool in a few columns: 高企库/科小库/项目库, HTE/TSME/Proj.
pub fn pool_short(p: Pool, l: Lang) -> &'static str {
    Choice::short(p, l).unwrap_or(p.label(l))
}

/// A membership's status in a few columns (在库, 退出中, 已出库, 冻结).
pub fn status_short(s: crate::domain::PoolStatus, l: Lang) -> &'static str {
    Choice::short(s, l).unwrap_or(s.label(l))
}

/// The batch in a few columns.
pub fn batch_short(b: Batch, l: Lang) -> &'static str {
    Choice::short(b, l).unwrap_or(b.label(l))
}

/// The widest of some labels, in display columns.
pub fn widest<'a>(labels: impl IntoIterator<Item = &'a str>) -> u16 {
    labels
        .into_iter()
        .map(text::width)
        .max()
        .unwrap_or(0)
        .min(u16::MAX as usize) as u16
}

/// A place name fitted to `cols`: the leading province/city part is dropped
/// (`乌鲁木齐市沙依巴克区` → `沙依巴克区`), the same for every row so the column reads alike (the
/// detail shows the full name), then the rest is cut with `…`.
pub fn fit_place(s: &str, cols: usize) -> String {
    // A GB/T 2260 district's own name (the district column holds the table's full name).
    if let crate::domain::districts::Resolution::Found(d) =
        crate::domain::districts::table().resolve(s)
    {
        return text::fit(d.name, cols);
    }
    // Where a leading level of the address ends (not `州` alone: 兰州, 杭州 are city names).
    const ENDS: [&str; 6] = ["省", "自治区", "自治州", "地区", "市", "盟"];
    let mut rest = s;
    loop {
        let cut = ENDS
            .iter()
            .filter_map(|e| rest.find(e).map(|i| i + e.len()))
            // Never down to a bare suffix: 乌鲁木齐市新市区 → 新市区, not 区.
            .filter(|&end| rest[end..].chars().count() >= 2)
            .min();
        match cut {
            Some(end) => rest = &rest[end..],
            None => break,
        }
    }
    text::fit(rest, cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_drop_their_city_first() {
        assert_eq!(fit_place("乌鲁木齐市沙依巴克区", 10), "沙依巴克区");
        assert_eq!(
            fit_place("乌鲁木齐市沙依巴克区", 20),
            text::fit("沙依巴克区", 20)
        );
        assert_eq!(fit_place("石河子市", 10), text::fit("石河子市", 10));
        assert_eq!(fit_place("乌鲁木齐市新市区", 10), text::fit("新市区", 10));
        assert_eq!(fit_place("兰州市城关区", 8), "城关区  ");
        assert_eq!(fit_place("兰州市城关区", 10), "城关区    ");
        assert_eq!(fit_place("伊犁哈萨克自治州伊宁市", 10), "伊宁市    ");
        assert_eq!(fit_place("新疆维吾尔自治区乌鲁木齐市天山区", 8), "天山区  ");
        assert_eq!(fit_place("沙依巴克区", 6), "沙依… ");
        assert_eq!(fit_place("Haidian District", 8), "Haidian…");
    }

    #[test]
    fn short_labels_are_short() {
        for l in [Lang::Zh, Lang::En] {
            assert!(widest(Tier::ALL.iter().map(|t| tier_short(*t, l))) <= 6);
            assert!(widest(Pool::ALL.iter().map(|p| pool_short(*p, l))) <= 6);
            assert!(widest(Batch::ALL.iter().map(|b| batch_short(*b, l))) <= 7);
        }
        assert_eq!(tier_short(Tier::Hte, Lang::Zh), "高企");
        assert_eq!(pool_short(Pool::Tsme, Lang::Zh), "科小库");
    }
}
