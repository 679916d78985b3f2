//! The figures form: an enterprise's yearly figures (staff, income, R&D, assets, IP), the year
//! chosen first (its stored values fill the form).

use super::{Field, FieldKind, Form, FormKind, Opening, Presets, Spec, no_check, parse_wan, wan};
use crate::domain::dates::parse_user_date;
use crate::domain::hte::YearFigures;
use crate::i18n::{Lang, Msg};
use crate::store::edit::Edit;
use crate::store::format_date;
use time::Date;

pub(super) const FIGURES: Spec = Spec {
    heading: |_, l| Msg::FormFigures.text(l).into(),
    fields,
    label,
    presets,
    check: no_check,
    edit,
};

/// The figures typed in, in the form's order, after the year.
const FIGURES_FIELDS: [(&str, Msg, FieldKind); 15] = [
    ("staff", Msg::LblStaff, FieldKind::Number),
    ("scitech_staff", Msg::LblScitech, FieldKind::Number),
    ("sales", Msg::LblSales, FieldKind::Amount),
    ("total_income", Msg::FormTotalIncome, FieldKind::Amount),
    (
        "hightech_income",
        Msg::FormHightechIncome,
        FieldKind::Amount,
    ),
    ("rd_spend", Msg::LblRd, FieldKind::Amount),
    ("rd_domestic", Msg::FormRdDomestic, FieldKind::Amount),
    ("net_assets", Msg::LblNetAssets, FieldKind::Amount),
    ("total_assets", Msg::FormTotalAssets, FieldKind::Amount),
    ("liabilities", Msg::FormLiabilities, FieldKind::Amount),
    ("ip_class1", Msg::FormIp1, FieldKind::Number),
    ("ip_class2", Msg::FormIp2, FieldKind::Number),
    ("results_transferred", Msg::FormResults, FieldKind::Number),
    (
        "annual_report_filed",
        Msg::FormAnnualReport,
        FieldKind::Date,
    ),
    ("rd_mgmt_score", Msg::FormRdMgmt, FieldKind::Number),
];

fn label(_: &FormKind, key: &str, l: Lang) -> String {
    let msg = match key {
        "year" => Some(Msg::ColYear),
        "major_incident" => Some(Msg::FormIncident),
        _ => FIGURES_FIELDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, m, _)| *m),
    };
    super::word(msg, key, l)
}

fn opt_num<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// A year's figures as the form shows them (empty values when none are stored).
fn figure_values(f: Option<&YearFigures>) -> Vec<(String, String)> {
    let d = YearFigures::default();
    let f = f.unwrap_or(&d);
    vec![
        ("staff".into(), opt_num(f.staff)),
        ("scitech_staff".into(), opt_num(f.scitech_staff)),
        ("sales".into(), wan(f.sales)),
        ("total_income".into(), wan(f.total_income)),
        ("hightech_income".into(), wan(f.hightech_income)),
        ("rd_spend".into(), wan(f.rd_spend)),
        ("rd_domestic".into(), wan(f.rd_domestic)),
        ("net_assets".into(), wan(f.net_assets)),
        ("total_assets".into(), wan(f.total_assets)),
        ("liabilities".into(), wan(f.liabilities)),
        ("ip_class1".into(), opt_num(f.ip_class1)),
        ("ip_class2".into(), opt_num(f.ip_class2)),
        ("results_transferred".into(), opt_num(f.results_transferred)),
        (
            "annual_report_filed".into(),
            f.annual_report_filed.map(format_date).unwrap_or_default(),
        ),
        (
            "rd_mgmt_score".into(),
            f.rd_mgmt_score
                .map(|v| format!("{v:.0}"))
                .unwrap_or_default(),
        ),
        (
            "major_incident".into(),
            f.major_incident
                .map(|b| if b { "yes" } else { "no" })
                .unwrap_or_default()
                .into(),
        ),
    ]
}

fn fields(_: &FormKind, o: &Opening) -> Vec<Field> {
    let l = o.lang;
    let last = o.today.year() - 1;
    let years: Vec<(String, String)> = (last - 3..=o.today.year())
        .rev()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    let values = figure_values(o.data.figures.iter().find(|x| x.year == last));
    let value = |key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut f = vec![Field::new(
        "year",
        FieldKind::Choice(years),
        last.to_string(),
    )];
    for (key, _, kind) in FIGURES_FIELDS {
        f.push(Field::new(key, kind, value(key)));
    }
    let yes_no = FieldKind::Choice(vec![
        (String::new(), Msg::LblUnknown.text(l).into()),
        ("no".into(), Msg::No.text(l).into()),
        ("yes".into(), Msg::Yes.text(l).into()),
    ]);
    f.push(Field::new(
        "major_incident",
        yes_no,
        value("major_incident"),
    ));
    f
}

fn presets(_: &FormKind, o: &Opening) -> Presets {
    let year = o.today.year();
    (
        (year - 4..=year)
            .map(|y| {
                (
                    y.to_string(),
                    figure_values(o.data.figures.iter().find(|x| x.year == y)),
                )
            })
            .collect(),
        Some("year".to_string()),
    )
}

fn edit(form: &Form, today: Date) -> Option<Edit> {
    let FormKind::Figures { enterprise_id } = &form.kind else {
        return None;
    };
    let num = |k: &str| form.value(k).trim().parse::<i64>().ok();
    let amt = |k: &str| parse_wan(form.value(k));
    Some(Edit::SaveFigures {
        enterprise_id: enterprise_id.clone(),
        figures: YearFigures {
            year: form.value("year").parse().ok()?,
            staff: num("staff"),
            scitech_staff: num("scitech_staff"),
            sales: amt("sales"),
            total_income: amt("total_income"),
            hightech_income: amt("hightech_income"),
            rd_spend: amt("rd_spend"),
            rd_domestic: amt("rd_domestic"),
            net_assets: amt("net_assets"),
            total_assets: amt("total_assets"),
            liabilities: amt("liabilities"),
            ip_class1: num("ip_class1"),
            ip_class2: num("ip_class2"),
            results_transferred: num("results_transferred"),
            rd_mgmt_score: num("rd_mgmt_score").map(|v| v.clamp(0, 20) as f64),
            major_incident: match form.value("major_incident") {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            annual_report_filed: parse_user_date(form.value("annual_report_filed"), today).ok(),
        },
    })
}
