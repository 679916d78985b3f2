//! The word lists of the demo pool, compiled in from `assets/demo/` and parsed once per run.
//!
//! Every file is plain UTF-8, one entry a line, fields separated by `|`; blank lines and lines
//! starting with `#` are skipped.

use crate::store::StoreError;

/// The eight state-supported high-tech fields (国家重点支持的高新技术领域).
pub const HTE_FIELDS: [&str; 8] = [
    "电子信息",
    "生物与新医药",
    "航空航天",
    "新材料",
    "高技术服务",
    "新能源与节能",
    "资源与环境",
    "先进制造与自动化",
];

/// A district (区县) the demo places enterprises in.
pub struct District {
    /// GB/T 2260 code, 6 digits.
    pub code: &'static str,
    /// Full name, e.g. `乌鲁木齐市达坂城区`.
    pub name: &'static str,
    /// `新疆` or `甘肃`.
    pub province: &'static str,
    /// Words an enterprise name may start with, most likely first.
    pub prefixes: Vec<&'static str>,
    pub city_programme: &'static str,
    pub district_programme: &'static str,
    pub weight: u32,
    pub townships: Vec<&'static str>,
    pub roads: Vec<&'static str>,
    /// Indices into [`Words::industries`] of the district's typical industries.
    pub focus: Vec<usize>,
}

impl District {
    /// The province's full name, as it begins an address.
    pub fn province_full(&self) -> &'static str {
        if self.province == "甘肃" {
            "甘肃省"
        } else {
            "新疆维吾尔自治区"
        }
    }

    /// The two-digit province code.
    pub fn province_code(&self) -> &'static str {
        self.code.get(..2).unwrap_or("65")
    }
}

/// An industry word of enterprise names.
pub struct Industry {
    /// The word in the name, e.g. `石化`.
    pub word: &'static str,
    /// The industry stored on the enterprise.
    pub industry: &'static str,
    /// Index into [`HTE_FIELDS`], if the industry is in one of them.
    pub field: Option<usize>,
}

/// One text tagged with a high-tech field (`None`: suits any enterprise).
pub struct Tagged {
    pub field: Option<usize>,
    pub text: &'static str,
}

/// All word lists.
pub struct Words {
    pub districts: Vec<District>,
    pub industries: Vec<Industry>,
    /// Brand words, with the province they belong to (`None`: any).
    pub brands: Vec<(&'static str, Option<&'static str>)>,
    pub surnames: Vec<&'static str>,
    pub given: Vec<&'static str>,
    pub uyghur_given: Vec<&'static str>,
    pub uyghur_father: Vec<&'static str>,
    pub techs: Vec<Tagged>,
    pub objects: Vec<Tagged>,
    pub actions: Vec<&'static str>,
    /// (level code, province or `*`, programme)
    pub programmes: Vec<(&'static str, &'static str, &'static str)>,
    pub visit_notes: Vec<&'static str>,
    pub attendees: Vec<&'static str>,
    /// Request texts by category code, in [`crate::domain::RequestCategory::ALL`] order.
    pub requests: Vec<Vec<&'static str>>,
    pub resolved: Vec<&'static str>,
    pub unresolvable: Vec<&'static str>,
    pub risks: Vec<&'static str>,
    /// Reasons for showing a better colour than computed.
    pub override_down: Vec<&'static str>,
    /// Reasons for showing a worse colour than computed.
    pub override_up: Vec<&'static str>,
    pub enterprise_notes: Vec<&'static str>,
    /// Why a pool membership is leaving.
    pub pool_leaving: Vec<&'static str>,
    /// Why a pool membership is frozen.
    pub pool_frozen: Vec<&'static str>,
    /// (kind, name template with `{year}`)
    pub activities: Vec<(&'static str, &'static str)>,
}

const DISTRICTS: &str = include_str!("../../assets/demo/districts.txt");
const INDUSTRIES: &str = include_str!("../../assets/demo/industries.txt");
const BRANDS: &str = include_str!("../../assets/demo/brands.txt");
const SURNAMES: &str = include_str!("../../assets/demo/surnames.txt");
const GIVEN: &str = include_str!("../../assets/demo/given.txt");
const UYGHUR: &str = include_str!("../../assets/demo/uyghur_names.txt");
const TOPICS: &str = include_str!("../../assets/demo/project_topics.txt");
const PROGRAMMES: &str = include_str!("../../assets/demo/programmes.txt");
const TEXTS: &str = include_str!("../../assets/demo/texts.txt");
const ACTIVITIES: &str = include_str!("../../assets/demo/activities.txt");

/// The entries of a list file: non-blank lines not starting with `#`, trimmed.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn bad(file: &str, line: &str, why: &str) -> StoreError {
    StoreError::BadValue(format!("demo word list {file}: {why}: {line:?}"))
}

/// Splits a line into exactly `N` `|`-separated fields (the last field may be empty).
fn fields<const N: usize>(file: &str, line: &'static str) -> Result<[&'static str; N], StoreError> {
    let mut out = [""; N];
    let mut parts = line.split('|');
    for slot in &mut out {
        *slot = parts
            .next()
            .ok_or_else(|| bad(file, line, "too few fields"))?
            .trim();
    }
    if parts.next().is_some() {
        return Err(bad(file, line, "too many fields"));
    }
    Ok(out)
}

fn list(text: &'static str) -> Vec<&'static str> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

fn field_index(file: &str, line: &str, name: &str) -> Result<Option<usize>, StoreError> {
    if name.is_empty() || name == "*" {
        return Ok(None);
    }
    HTE_FIELDS
        .iter()
        .position(|f| *f == name)
        .map(Some)
        .ok_or_else(|| bad(file, line, "unknown high-tech field"))
}

fn non_empty<T>(file: &str, v: Vec<T>) -> Result<Vec<T>, StoreError> {
    if v.is_empty() {
        Err(bad(file, "", "list is empty"))
    } else {
        Ok(v)
    }
}

/// A parsed list of `T` (errors name the file and the line).
type Parsed<T> = Result<Vec<T>, StoreError>;

/// The technologies, objects and actions of `project_topics.txt`.
type Topics = (Vec<Tagged>, Vec<Tagged>, Vec<&'static str>);

/// The texts of `texts.txt`, by kind.
struct Texts {
    requests: Vec<Vec<&'static str>>,
    visit_notes: Vec<&'static str>,
    attendees: Vec<&'static str>,
    resolved: Vec<&'static str>,
    unresolvable: Vec<&'static str>,
    risks: Vec<&'static str>,
    override_down: Vec<&'static str>,
    override_up: Vec<&'static str>,
    enterprise_notes: Vec<&'static str>,
    pool_leaving: Vec<&'static str>,
    pool_frozen: Vec<&'static str>,
}

/// `industries.txt`: word, industry, HTE field.
fn industries() -> Parsed<Industry> {
    let mut industries = Vec::new();
    for line in lines(INDUSTRIES) {
        let [word, industry, field] = fields::<3>("industries.txt", line)?;
        industries.push(Industry {
            word,
            industry,
            field: field_index("industries.txt", line, field)?,
        });
    }
    Ok(industries)
}

/// `districts.txt`: one district a line, its focus industries named by their word.
fn districts(industries: &[Industry]) -> Parsed<District> {
    let mut districts = Vec::new();
    for line in lines(DISTRICTS) {
        let [
            code,
            name,
            province,
            prefixes,
            city,
            district,
            weight,
            towns,
            roads,
            focus,
        ] = fields::<10>("districts.txt", line)?;
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("districts.txt", line, "region code is not 6 digits"));
        }
        let weight = weight
            .parse()
            .map_err(|_| bad("districts.txt", line, "weight is not a number"))?;
        let mut focus_idx = Vec::new();
        for word in list(focus) {
            let i = industries
                .iter()
                .position(|ind| ind.word == word)
                .ok_or_else(|| bad("districts.txt", line, "unknown focus industry"))?;
            focus_idx.push(i);
        }
        let d = District {
            code,
            name,
            province,
            prefixes: list(prefixes),
            city_programme: city,
            district_programme: district,
            weight,
            townships: list(towns),
            roads: list(roads),
            focus: focus_idx,
        };
        if d.prefixes.is_empty() || d.townships.is_empty() || d.roads.is_empty() {
            return Err(bad(
                "districts.txt",
                line,
                "empty prefix, township or road list",
            ));
        }
        districts.push(d);
    }
    Ok(districts)
}

/// `uyghur_names.txt`: given names and father's names.
fn uyghur() -> Result<(Vec<&'static str>, Vec<&'static str>), StoreError> {
    let mut uyghur_given = Vec::new();
    let mut uyghur_father = Vec::new();
    for line in lines(UYGHUR) {
        match fields::<2>("uyghur_names.txt", line)? {
            ["given", n] => uyghur_given.push(n),
            ["father", n] => uyghur_father.push(n),
            _ => return Err(bad("uyghur_names.txt", line, "unknown kind")),
        }
    }
    Ok((uyghur_given, uyghur_father))
}

/// `project_topics.txt`: technologies and objects (tagged by field) and actions.
fn topics() -> Result<Topics, StoreError> {
    let mut techs = Vec::new();
    let mut objects = Vec::new();
    let mut actions = Vec::new();
    for line in lines(TOPICS) {
        let [kind, field, text] = fields::<3>("project_topics.txt", line)?;
        let field = field_index("project_topics.txt", line, field)?;
        match kind {
            "tech" => techs.push(Tagged { field, text }),
            "object" => objects.push(Tagged { field, text }),
            "action" => actions.push(text),
            _ => return Err(bad("project_topics.txt", line, "unknown kind")),
        }
    }
    Ok((techs, objects, actions))
}

/// `programmes.txt`: level, province, programme.
fn programmes() -> Parsed<(&'static str, &'static str, &'static str)> {
    let mut programmes = Vec::new();
    for line in lines(PROGRAMMES) {
        let [level, province, name] = fields::<3>("programmes.txt", line)?;
        programmes.push((level, province, name));
    }
    Ok(programmes)
}

/// `texts.txt`: kind, then the text (a request's with its category).
fn texts() -> Result<Texts, StoreError> {
    let categories = crate::domain::RequestCategory::ALL;
    let mut requests: Vec<Vec<&'static str>> = vec![Vec::new(); categories.len()];
    let mut visit_notes = Vec::new();
    let mut attendees = Vec::new();
    let mut resolved = Vec::new();
    let mut unresolvable = Vec::new();
    let mut risks = Vec::new();
    let mut override_down = Vec::new();
    let mut override_up = Vec::new();
    let mut enterprise_notes = Vec::new();
    let mut pool_leaving = Vec::new();
    let mut pool_frozen = Vec::new();
    for line in lines(TEXTS) {
        let (kind, rest) = line
            .split_once('|')
            .ok_or_else(|| bad("texts.txt", line, "no kind"))?;
        match kind {
            "visit_note" => visit_notes.push(rest),
            "attendees" => attendees.push(rest),
            "resolved" => resolved.push(rest),
            "unresolvable" => unresolvable.push(rest),
            "risk" => risks.push(rest),
            "override_down" => override_down.push(rest),
            "override_up" => override_up.push(rest),
            "note" => enterprise_notes.push(rest),
            "pool_leaving" => pool_leaving.push(rest),
            "pool_frozen" => pool_frozen.push(rest),
            "request" => {
                let (cat, text) = rest
                    .split_once('|')
                    .ok_or_else(|| bad("texts.txt", line, "no request category"))?;
                let i = categories
                    .iter()
                    .position(|c| c.code() == cat)
                    .ok_or_else(|| bad("texts.txt", line, "unknown request category"))?;
                requests[i].push(text);
            }
            _ => return Err(bad("texts.txt", line, "unknown kind")),
        }
    }
    if requests.iter().any(Vec::is_empty) {
        return Err(bad("texts.txt", "", "a request category has no text"));
    }
    Ok(Texts {
        requests,
        visit_notes,
        attendees,
        resolved,
        unresolvable,
        risks,
        override_down,
        override_up,
        enterprise_notes,
        pool_leaving,
        pool_frozen,
    })
}

/// `brands.txt`: a brand word, with the province it belongs to after `|`.
fn brands() -> Vec<(&'static str, Option<&'static str>)> {
    let mut brands = Vec::new();
    for line in lines(BRANDS) {
        match line.split_once('|') {
            Some((brand, province)) => brands.push((brand.trim(), Some(province.trim()))),
            None => brands.push((line, None)),
        }
    }
    brands
}

/// `activities.txt`: kind, name template.
fn activities() -> Parsed<(&'static str, &'static str)> {
    let mut activities = Vec::new();
    for line in lines(ACTIVITIES) {
        let [kind, name] = fields::<2>("activities.txt", line)?;
        activities.push((kind, name));
    }
    Ok(activities)
}

impl Words {
    /// Parses the compiled-in lists.
    pub fn load() -> Result<Words, StoreError> {
        let industries = non_empty("industries.txt", industries()?)?;
        let districts = non_empty("districts.txt", districts(&industries)?)?;
        let (uyghur_given, uyghur_father) = uyghur()?;
        let (techs, objects, actions) = topics()?;
        let programmes = programmes()?;
        let t = texts()?;
        let brands = brands();
        let activities = activities()?;
        Ok(Words {
            districts,
            industries,
            brands: non_empty("brands.txt", brands)?,
            surnames: non_empty("surnames.txt", lines(SURNAMES).collect())?,
            given: non_empty("given.txt", lines(GIVEN).collect())?,
            uyghur_given: non_empty("uyghur_names.txt", uyghur_given)?,
            uyghur_father: non_empty("uyghur_names.txt", uyghur_father)?,
            techs: non_empty("project_topics.txt", techs)?,
            objects: non_empty("project_topics.txt", objects)?,
            actions: non_empty("project_topics.txt", actions)?,
            programmes: non_empty("programmes.txt", programmes)?,
            visit_notes: non_empty("texts.txt", t.visit_notes)?,
            attendees: non_empty("texts.txt", t.attendees)?,
            requests: t.requests,
            resolved: non_empty("texts.txt", t.resolved)?,
            unresolvable: non_empty("texts.txt", t.unresolvable)?,
            risks: non_empty("texts.txt", t.risks)?,
            override_down: non_empty("texts.txt", t.override_down)?,
            override_up: non_empty("texts.txt", t.override_up)?,
            enterprise_notes: non_empty("texts.txt", t.enterprise_notes)?,
            pool_leaving: non_empty("texts.txt", t.pool_leaving)?,
            pool_frozen: non_empty("texts.txt", t.pool_frozen)?,
            activities: non_empty("activities.txt", activities)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_and_codes_are_gansu_or_xinjiang() {
        let w = Words::load().unwrap();
        assert!(w.districts.len() >= 20);
        for d in &w.districts {
            assert!(
                d.code.starts_with("65") || d.code.starts_with("62"),
                "{}",
                d.code
            );
            assert_eq!(d.code.starts_with("65"), d.province == "新疆", "{}", d.name);
        }
        assert!(w.industries.iter().any(|i| i.field.is_none()));
        for (f, name) in HTE_FIELDS.iter().enumerate() {
            assert!(w.industries.iter().any(|i| i.field == Some(f)), "{name}");
        }
        assert!(
            w.districts
                .iter()
                .any(|d| d.prefixes.contains(&"新疆克拉玛依"))
        );
    }
}
