//! One enterprise and the rows that hang off it: pool memberships, certificates, yearly figures
//! and activity attendance (projects, visits and requests have their own modules).

use super::{Gen, Stmts};
use crate::domain::credit_code;
use crate::domain::{Batch, CertKind, Honour, Pool, PoolStatus, Tier};
use crate::store::StoreError;
use crate::text::pinyin_initials;
use rusqlite::params;
use time::Month;

/// What the rows of one enterprise share.
pub(super) struct Ent {
    id: [u8; 26],
    pub index: usize,
    pub district: usize,
    pub commissioner: usize,
    /// Founding day, relative to today.
    pub founded: i32,
    pub tier: Tier,
    /// Index into `HTE_FIELDS`, if known.
    pub field: Option<usize>,
}

impl Ent {
    /// The enterprise's id.
    pub fn id(&self) -> &str {
        std::str::from_utf8(&self.id).unwrap_or_default()
    }
}

/// Weights of the name suffixes after an industry word that already says 技术/科技.
const PLAIN_SUFFIXES: [(&str, u32); 3] =
    [("有限公司", 5), ("有限责任公司", 3), ("股份有限公司", 1)];
/// Weights of the name suffixes after other industry words.
const TECH_SUFFIXES: [(&str, u32); 5] = [
    ("科技有限公司", 10),
    ("有限责任公司", 3),
    ("股份有限公司", 2),
    ("科技股份有限公司", 1),
    ("技术有限公司", 1),
];

impl Gen<'_> {
    pub(super) fn enterprise(&mut self, st: &mut Stmts<'_>, i: usize) -> Result<(), StoreError> {
        let w = self.w;
        let mut id = [0u8; 26];
        self.id().array_to_str(&mut id);

        // Every 40th enterprise is in Karamay and named 新疆克拉玛依…, so that `xjkl` finds some.
        let karamay = if i.is_multiple_of(40) {
            w.districts.iter().position(|d| d.code == "650203")
        } else {
            None
        };
        let district = match karamay {
            Some(d) => d,
            None => {
                let k = super::weighted(&mut self.rng, &self.covered_weights);
                self.covered.get(k).copied().unwrap_or(0)
            }
        };
        let d = &w.districts[district];
        let local = &self.by_district[district];
        let commissioner = match local.len() {
            0 => 0,
            len => local[self.rng.usize(..len)],
        };

        let tier = if i < Tier::ALL.len() {
            Tier::ALL[i]
        } else {
            Tier::ALL[self.weighted(&[45, 25, 25, 5])]
        };
        let founded = match tier {
            Tier::Hte | Tier::Leader => -self.between(1100, 7300),
            Tier::Innovative => -self.between(400, 7300),
            Tier::Tsme if self.pct(4) => -self.between(30, 364),
            Tier::Tsme => -self.between(365, 7300),
        };
        let industry = match d.focus.len() {
            len if len > 0 && self.pct(50) => d.focus[self.rng.usize(..len)],
            _ => self.rng.usize(..w.industries.len()),
        };
        let field = if self.pct(6) {
            None
        } else {
            w.industries[industry].field
        };
        let name = self.enterprise_name(district, industry, karamay.is_some());
        let initials = pinyin_initials(&name);
        let code = self.credit_code(d.code, founded)?;
        let township = self.pick(&d.townships);
        let road = self.pick(&d.roads);
        let number = self.between(1, 999);
        let address = if self.pct(40) {
            let room = self.between(1, 24) * 100 + self.between(1, 20);
            format!(
                "{}{}{}{}号{}室",
                d.province_full(),
                d.name,
                road,
                number,
                room
            )
        } else {
            format!("{}{}{}{}号", d.province_full(), d.name, road, number)
        };
        let contact = self.person(d.province == "新疆");
        let phone = self.phone();
        let specialized = i == 3
            || match tier {
                Tier::Leader => self.pct(50),
                Tier::Hte => self.pct(20),
                Tier::Innovative => self.pct(15),
                Tier::Tsme => self.pct(3),
            };
        let little_giant = specialized && (i == 3 || self.pct(20));
        let honours = match (specialized, little_giant) {
            (true, true) => format!(
                "{},{}",
                Honour::Specialized.code(),
                Honour::LittleGiant.code()
            ),
            (true, false) => Honour::Specialized.code().to_string(),
            _ => String::new(),
        };
        let notes = if self.pct(6) {
            self.pick(&w.enterprise_notes)
        } else {
            ""
        };

        let e = Ent {
            id,
            index: i,
            district,
            commissioner,
            founded,
            tier,
            field,
        };
        st.enterprise.execute(params![
            e.id(),
            code,
            name,
            initials,
            d.code,
            d.name,
            township,
            address,
            w.industries[industry].industry,
            field.map(|f| super::words::HTE_FIELDS[f]),
            self.days.get(founded),
            contact,
            phone,
            self.commissioners
                .get(commissioner)
                .map(|c| super::id_str(&c.id)),
            tier.code(),
            honours,
            notes,
            self.stamp,
        ])?;
        self.summary.enterprises += 1;

        self.memberships(st, &e)?;
        self.certificates(st, &e, specialized, little_giant)?;
        self.figures(st, &e)?;
        self.projects(st, &e)?;
        self.visits(st, &e)?;
        self.requests(st, &e)?;
        self.attendance(st, &e)?;
        Ok(())
    }

    /// A unique name: prefix (province or city), brand, industry word, company form.
    fn enterprise_name(&mut self, district: usize, industry: usize, karamay: bool) -> String {
        let w = self.w;
        let d = &w.districts[district];
        let word = w.industries[industry].word;
        let technical = word.ends_with("技术") || word.ends_with("科技");
        let mut prefix = "";
        let mut brand = "";
        let mut suffix = "";
        for attempt in 0..40 {
            prefix = if karamay {
                "新疆克拉玛依"
            } else {
                let k = self.weighted(&[60, 28, 12][..d.prefixes.len().min(3)]);
                d.prefixes.get(k).copied().unwrap_or("新疆")
            };
            suffix = if technical {
                PLAIN_SUFFIXES[self.weighted(&PLAIN_SUFFIXES.map(|s| s.1))].0
            } else {
                TECH_SUFFIXES[self.weighted(&TECH_SUFFIXES.map(|s| s.1))].0
            };
            brand = self.brand(d.province);
            let second = if attempt >= 8 || self.pct(25) {
                self.brand(d.province)
            } else {
                ""
            };
            let second = if second == brand { "" } else { second };
            let name = [prefix, brand, second, word, suffix].concat();
            if !self.names.contains(&name) {
                self.names.insert(name.clone());
                return name;
            }
        }
        // Very large pools: number the brand.
        let mut k = 2;
        loop {
            let name = format!("{prefix}{brand}{k}{word}{suffix}");
            if !self.names.contains(&name) {
                self.names.insert(name.clone());
                return name;
            }
            k += 1;
        }
    }

    /// A brand word that fits the province.
    fn brand(&mut self, province: &str) -> &'static str {
        let brands = &self.w.brands;
        let mut brand = "";
        for _ in 0..8 {
            let Some(&(b, only)) = brands.get(self.rng.usize(..brands.len().max(1))) else {
                break;
            };
            brand = b;
            if only.is_none_or(|p| p == province) {
                break;
            }
        }
        brand
    }

    /// A unique credit code of an enterprise (`91`) registered in `region`: firms founded since
    /// the 2015 reform have an `MA…` organisation part, older ones their GB 11714 code.
    fn credit_code(&mut self, region: &str, founded: i32) -> Result<String, StoreError> {
        const WEIGHTS_11714: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
        let alphabet = credit_code::ALPHABET.as_bytes();
        let reform = self.days.off_ymd(2015, Month::October, 1);
        for _ in 0..1000 {
            let mut first17 = String::with_capacity(17);
            first17.push_str("91");
            first17.push_str(region);
            if founded >= reform {
                first17.push_str("MA");
                first17.push(char::from(b"789ABCDEF"[self.rng.usize(..9)]));
                for _ in 0..6 {
                    first17.push(char::from(alphabet[self.rng.usize(..alphabet.len())]));
                }
            } else {
                let mut sum = 0;
                for (k, weight) in WEIGHTS_11714.iter().enumerate() {
                    let digit = if k == 0 {
                        self.rng.u32(2..=9)
                    } else {
                        self.rng.u32(..10)
                    };
                    sum += digit * weight;
                    first17.push(char::from_digit(digit, 10).unwrap_or('0'));
                }
                first17.push(match 11 - sum % 11 {
                    10 => 'X',
                    11 => '0',
                    c => char::from_digit(c, 10).unwrap_or('0'),
                });
            }
            let code = credit_code::complete(&first17)
                .map_err(|e| StoreError::BadValue(format!("demo credit code {first17}: {e}")))?;
            if self.codes.insert(code.clone()) {
                return Ok(code);
            }
        }
        Err(StoreError::BadValue(
            "demo: could not draw a unique credit code".into(),
        ))
    }

    /// The current pool membership; some enterprises left a pool before and re-entered one.
    fn memberships(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let pool_weights: [u32; 3] = match e.tier {
            Tier::Tsme => [30, 60, 10],
            Tier::Innovative => [70, 15, 15],
            Tier::Hte => [60, 0, 40],
            Tier::Leader => [30, 0, 70],
        };
        let (pool, batch) = if e.index < 12 {
            (Pool::ALL[e.index % 3], Batch::ALL[e.index % 4])
        } else {
            (
                Pool::ALL[self.weighted(&pool_weights)],
                Batch::ALL[self.weighted(&[20, 40, 25, 15])],
            )
        };
        let roll = match e.index {
            6 => 97,
            7 => 88,
            8 => 92,
            _ => self.rng.u32(..100),
        };
        let young = e.founded + 30 > -400;
        let mut entered = self.between((e.founded + 30).max(-1460), -7);
        let status = match roll {
            0..86 => PoolStatus::In,
            86..90 => PoolStatus::Leaving,
            90..94 => PoolStatus::Frozen,
            _ if young => PoolStatus::In,
            _ => {
                // Left an earlier pool, then entered the current one.
                let old_entered = self.between((e.founded + 30).max(-1800), -400);
                let left = self.between(old_entered + 90, -60);
                entered = self.between(left, -20);
                let old_pool = Pool::ALL[(e.index + 1 + self.rng.usize(..2)) % 3];
                let old_batch = Batch::ALL[self.rng.usize(..4)];
                let old_pool = if old_pool == pool {
                    Pool::ALL[(e.index + 2) % 3]
                } else {
                    old_pool
                };
                self.membership_row(
                    st,
                    e,
                    old_pool,
                    old_batch,
                    PoolStatus::Out,
                    old_entered,
                    Some(left),
                )?;
                PoolStatus::In
            }
        };
        self.membership_row(st, e, pool, batch, status, entered, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn membership_row(
        &mut self,
        st: &mut Stmts<'_>,
        e: &Ent,
        pool: Pool,
        batch: Batch,
        status: PoolStatus,
        entered: i32,
        left: Option<i32>,
    ) -> Result<(), StoreError> {
        // Leaving and frozen say since when and why. The day and the reason come from the
        // enterprise's index, not the generator, so the rest of the demo stays as it was.
        let reasons = match status {
            PoolStatus::Leaving => Some(&self.w.pool_leaving),
            PoolStatus::Frozen => Some(&self.w.pool_frozen),
            PoolStatus::In | PoolStatus::Out => None,
        };
        let (status_on, reason) = match reasons {
            Some(list) => {
                let span = (-1 - entered).max(1) as usize;
                let on = entered + 1 + ((e.index * 37) % span) as i32;
                (Some(on.min(-1)), Some(list[e.index % list.len()]))
            }
            None => (None, None),
        };
        let mut id = [0u8; 26];
        let id = self.id().array_to_str(&mut id);
        st.membership.execute(params![
            &*id,
            e.id(),
            pool.code(),
            batch.code(),
            status.code(),
            self.days.get(entered),
            self.days.opt(left),
            self.stamp,
            self.days.opt(status_on),
            reason,
        ])?;
        Ok(())
    }

    /// HTE certificates for HTE-tier enterprises (one expiring tomorrow), tech SME registrations
    /// for the others, and the honours' certificates.
    fn certificates(
        &mut self,
        st: &mut Stmts<'_>,
        e: &Ent,
        specialized: bool,
        little_giant: bool,
    ) -> Result<(), StoreError> {
        let d = &self.w.districts[e.district];
        let province = d.province_code();
        let region = d.code;
        if matches!(e.tier, Tier::Hte | Tier::Leader) {
            let (issued, expires) = if self.expiry_tomorrow_done {
                let issued = -self.between(0, 1094);
                (issued, self.years_later(issued, 3))
            } else {
                self.expiry_tomorrow_done = true;
                let tomorrow = self.days.date(1);
                let issued = tomorrow
                    .replace_year(tomorrow.year() - 3)
                    .map_or(1 - 1095, |d| self.days.off(d));
                (issued, 1)
            };
            let year = self.days.date(issued).year();
            let serial = self.serial(CertKind::Hte, year, province);
            let number = format!("GR{year}{province}{serial:06}");
            self.certificate_row(st, e, CertKind::Hte, &number, issued, Some(expires))?;
        } else if self.pct(85) {
            let this_year = self.today.year();
            let year = if self.today.ordinal() > 120 {
                this_year
            } else {
                this_year - 1
            };
            let lo = self.days.off_ymd(year, Month::March, 1);
            let hi = self.days.off_ymd(year, Month::November, 30).min(-1);
            let issued = self.between(lo, hi);
            let expires = self.days.off_ymd(year, Month::December, 31);
            let serial = self.serial(CertKind::Tsme, year, region);
            let number = format!("{year}{region}{serial:08}");
            self.certificate_row(st, e, CertKind::Tsme, &number, issued, Some(expires))?;
        }
        if specialized {
            let issued = -self.between(30, 1000);
            let year = self.days.date(issued).year();
            let serial = self.serial(CertKind::Specialized, year, province);
            let number = format!("ZJTX{year}{province}{serial:04}");
            let expires = self.years_later(issued, 3);
            self.certificate_row(st, e, CertKind::Specialized, &number, issued, Some(expires))?;
        }
        if little_giant {
            let issued = -self.between(30, 1000);
            let year = self.days.date(issued).year();
            let serial = self.serial(CertKind::LittleGiant, year, "");
            let number = format!("XJR{year}{serial:05}");
            let expires = self.years_later(issued, 3);
            self.certificate_row(st, e, CertKind::LittleGiant, &number, issued, Some(expires))?;
        }
        Ok(())
    }

    /// The same calendar day `years` later (28 Feb for 29 Feb), relative to today.
    fn years_later(&self, off: i32, years: i32) -> i32 {
        let d = self.days.date(off);
        self.days
            .off_ymd(d.year() + years, d.month(), d.day())
            .max(off + 365 * years - 1)
    }

    fn certificate_row(
        &mut self,
        st: &mut Stmts<'_>,
        e: &Ent,
        kind: CertKind,
        number: &str,
        issued: i32,
        expires: Option<i32>,
    ) -> Result<(), StoreError> {
        let mut id = [0u8; 26];
        let id = self.id().array_to_str(&mut id);
        st.certificate.execute(params![
            &*id,
            e.id(),
            kind.code(),
            number,
            self.days.get(issued),
            self.days.opt(expires),
            self.stamp,
        ])?;
        Ok(())
    }

    /// Three years of figures (the three years before today's); years before the founding and
    /// some missing values are NULL.
    fn figures(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let last_year = self.today.year() - 1;
        let founded_year = self.days.date(e.founded).year();
        let (lo, hi, staff_lo, staff_hi) = match e.tier {
            Tier::Leader => (5.0e7, 3.0e8, 150.0, 600.0),
            Tier::Hte => (1.0e7, 2.5e8, 30.0, 600.0),
            Tier::Innovative => (5.0e6, 1.5e8, 15.0, 400.0),
            Tier::Tsme => (2.0e6, 8.0e7, 10.0, 300.0),
        };
        let mut sales = self.log_uniform(lo, hi);
        let mut staff = self.log_uniform(staff_lo, staff_hi);
        let mut net = sales * (0.3 + 0.9 * self.rng.f64());
        let profile = self.weighted(&[25, 40, 35]);
        let zero_sales = self.pct(2);
        let rd_share = match e.tier {
            Tier::Hte | Tier::Leader => 0.03 + 0.06 * self.rng.f64(),
            _ => 0.01 + 0.08 * self.rng.f64(),
        };
        let rd_domestic_share = 0.6 + 0.4 * self.rng.f64();
        let scitech_share = 0.05 + 0.35 * self.rng.f64();
        let hightech_share = if self.pct(80) {
            0.6 + 0.38 * self.rng.f64()
        } else {
            0.3 + 0.3 * self.rng.f64()
        };
        let mut ip1 = i64::from(match e.tier {
            Tier::Tsme => self.rng.u32(..=1),
            _ => self.rng.u32(..=4),
        });
        let mut ip2 = i64::from(self.rng.u32(..=8));
        let missing = if self.pct(5) {
            Some((self.rng.i32(..3), self.rng.u32(..3)))
        } else {
            None
        };
        for k in 0..3 {
            let year = last_year - 2 + k;
            let mut id = [0u8; 26];
            let id = self.id().array_to_str(&mut id);
            if year < founded_year {
                let none: Option<i64> = None;
                st.figure.execute(params![
                    &*id,
                    e.id(),
                    year,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    None::<f64>,
                    none,
                    None::<&str>,
                    self.stamp,
                ])?;
                continue;
            }
            if k > 0 {
                let g = match profile {
                    0 => 0.15 + 0.30 * self.rng.f64(),
                    1 => 0.15 * self.rng.f64(),
                    _ => -0.25 + 0.28 * self.rng.f64(),
                };
                sales *= 1.0 + g;
                net *= 1.0 + 0.8 * g + 0.1 * (self.rng.f64() - 0.5);
                staff *= 1.0 + 0.5 * g;
            }
            let s = if zero_sales { 0 } else { sales.round() as i64 };
            let total_income = s + (s as f64 * 0.08 * self.rng.f64()) as i64;
            let hightech = (total_income as f64 * hightech_share) as i64;
            let rd = if zero_sales {
                i64::from(self.between(20, 200)) * 10_000
            } else {
                (s as f64 * rd_share * (0.85 + 0.3 * self.rng.f64())) as i64
            };
            let rd_domestic = (rd as f64 * rd_domestic_share) as i64;
            let net_assets = net.max(1.0e5).round() as i64;
            let liabilities = (net_assets as f64 * (0.2 + 1.3 * self.rng.f64())) as i64;
            let staff_n = (staff.round() as i64).clamp(10, 600);
            let scitech = ((staff_n as f64 * scitech_share).round() as i64).max(1);
            if self.pct(40) {
                ip1 += i64::from(self.rng.u32(..=2));
            }
            ip2 += i64::from(self.rng.u32(..=4));
            let transferred = i64::from(self.rng.u32(..=8));
            let mgmt = if self.pct(92) {
                Some(8.0 + f64::from(self.rng.u32(..=100)) / 10.0)
            } else {
                None
            };
            let incident = match self.rng.u32(..100) {
                0 => Some(1_i64),
                1..7 => None,
                _ => Some(0),
            };
            let due = self.days.off_ymd(year + 1, Month::May, 31);
            let filed = match self.rng.u32(..100) {
                0..85 => Some(self.between(due - 130, due)),
                85..90 => Some(self.between(due + 1, due + 100)),
                _ => None,
            }
            .filter(|f| *f <= 0);
            let gap = missing.filter(|(y, _)| *y == k).map(|(_, what)| what);
            let keep = |v: i64, group: u32| (gap != Some(group)).then_some(v);
            st.figure.execute(params![
                &*id,
                e.id(),
                year,
                keep(staff_n, 0),
                keep(scitech, 0),
                Some(s),
                Some(total_income),
                keep(hightech, 1),
                keep(rd, 1),
                keep(rd_domestic, 1),
                keep(net_assets, 2),
                keep(net_assets + liabilities, 2),
                keep(liabilities, 2),
                Some(ip1),
                Some(ip2),
                Some(transferred),
                mgmt,
                incident,
                self.days.opt(filed),
                self.stamp,
            ])?;
        }
        Ok(())
    }

    /// Attendance at 0–4 past activities held after the founding.
    fn attendance(&mut self, st: &mut Stmts<'_>, e: &Ent) -> Result<(), StoreError> {
        let want = self.weighted(&[35, 30, 20, 10, 5]);
        let n = self.activities.len();
        if n == 0 {
            return Ok(());
        }
        let mut chosen = [usize::MAX; 4];
        let mut count = 0;
        for _ in 0..want * 3 {
            if count >= want {
                break;
            }
            let a = self.rng.usize(..n);
            let held = self.activities[a].held;
            if held > 0 || held < e.founded || chosen[..count].contains(&a) {
                continue;
            }
            chosen[count] = a;
            count += 1;
            let mut id = [0u8; 26];
            let id = self.id().array_to_str(&mut id);
            st.attendance.execute(params![
                &*id,
                super::id_str(&self.activities[a].id),
                e.id(),
                self.stamp
            ])?;
        }
        Ok(())
    }
}
