//! The back (裏面): the plan itself — who warns, where to go and how, when to leave, what
//! to do when the person cannot be reached, the hazards at home, and the plan's dates.

use super::boxes::table_head;
use super::{Sheet, BODY, LABEL, NOT_GIVEN};
use crate::model::wareki::parse_date;
use crate::model::EvacuationMeans;
use crate::policy::Field;
use crate::print::furniture::{both_dates, Furniture, MARGIN};
use crate::print::page::Page;

impl Sheet<'_, '_> {
    /// Lays out the back page.
    pub(super) fn back(&mut self, furniture: &Furniture) -> Page {
        let mut page = Page::a4();
        let left = MARGIN;
        let width = page.width - 2.0 * MARGIN;
        let mut y = furniture.header(&mut page) + 1.5;
        let p = self.person();
        let name = self.text(Field::Name);
        page.text(left, y + 4.0, 11.0, format!("（裏面）　氏名：{name}"));
        y += 8.0;
        let plan_shown = self.allowed(Field::Plan);
        let plan = p.plan.clone();
        let text_of = |t: &str| -> String {
            if plan_shown {
                t.to_string()
            } else {
                NOT_GIVEN.to_string()
            }
        };
        let empty = String::new();
        let warning = match &plan {
            Some(pl) => {
                let method = pl
                    .warning_method
                    .map(|m| format!("（伝達方法：{}）", m.label()))
                    .unwrap_or_default();
                text_of(&format!("{}{method}", pl.warning_contact))
            }
            None => text_of(&empty),
        };
        self.field_box(
            &mut page,
            left,
            y,
            width,
            14.0,
            30.0,
            "避難情報の伝達者・問合せ先",
            &warning,
        );
        y += 16.0;

        // Destinations.
        let heading = "避難先";
        let cols: [(&str, f32); 4] = [("順", 8.0), ("種類", 28.0), ("名称", 62.0), ("住所", 0.0)];
        y = table_head(&mut page, left, y, width, &cols, ("名称", "避難先 名称"));
        let dests = plan
            .as_ref()
            .map(|p| p.destinations.clone())
            .unwrap_or_default();
        let rows = 3;
        for i in 0..rows {
            page.frame(left, y, width, 6.5, 0.5);
            if !plan_shown {
                if i == 0 {
                    page.text(left + 9.0, y + 4.6, BODY, NOT_GIVEN);
                }
            } else if let Some(d) = dests.get(i) {
                let kind = d.kind_label();
                let mut x = left;
                for ((_, w), t) in
                    cols.iter()
                        .zip([(i + 1).to_string(), kind, d.name.clone(), d.address.clone()])
                {
                    let w = if *w == 0.0 { left + width - x } else { *w };
                    self.cell(&mut page, x, y, w, &t, heading);
                    x += w;
                }
            }
            y += 6.5;
        }
        if plan_shown && dests.len() > rows {
            let rest = dests[rows..]
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    format!(
                        "{}. {} {} {}",
                        i + rows + 1,
                        d.kind_label(),
                        d.name,
                        d.address
                    )
                })
                .collect();
            self.overflow.push((heading.to_string(), rest));
            page.text(left + 1.2, y + 3.5, LABEL, "ほかの避難先は別紙");
            y += 4.5;
        }
        y += 2.0;

        // The route box takes what the sections below leave (room to draw a map by hand);
        // they take 86 mm, and the sharing statement and the 免責 under them 30 more.
        let route = plan.as_ref().map_or(String::new(), |p| p.route.clone());
        let route_h = (Furniture::content_bottom(&page) - y - 116.0).max(30.0);
        self.field_box(
            &mut page,
            left,
            y,
            width,
            route_h,
            30.0,
            "避難経路（地図・目印）",
            &text_of(&route),
        );
        y += route_h;

        // Means.
        let means = plan.as_ref().and_then(|p| p.means);
        let options: Vec<(&str, bool)> = EvacuationMeans::ALL
            .iter()
            .map(|m| (m.label(), means == Some(*m)))
            .collect();
        self.tick_row(
            &mut page,
            y,
            8.0,
            30.0,
            "避難方法",
            (5.2, 5.4),
            &options,
            plan_shown,
        );
        y += 8.0;
        let timing = plan
            .as_ref()
            .map_or(String::new(), |p| p.departure_timing.clone());
        self.field_box(
            &mut page,
            left,
            y,
            width,
            12.0,
            30.0,
            "避難を始める時期",
            &text_of(&timing),
        );
        y += 12.0;
        let unreachable = plan
            .as_ref()
            .map_or(String::new(), |p| p.if_unreachable.clone());
        self.field_box(
            &mut page,
            left,
            y,
            width,
            14.0,
            30.0,
            "連絡が取れないとき",
            &text_of(&unreachable),
        );
        y += 14.0;

        // Hazards.
        let hz = p.hazard_zones;
        self.tick_row(
            &mut page,
            y,
            8.0,
            30.0,
            "自宅の災害リスク",
            (5.2, 5.4),
            &[
                ("浸水想定区域", hz.flood),
                ("土砂災害警戒区域", hz.landslide),
                ("津波浸水想定区域", hz.tsunami),
            ],
            self.allowed(Field::HazardZones),
        );
        y += 10.0;

        // Registration and the plan's own dates.
        let reg = &p.registration;
        let reg_text = format!(
            "{}{}{}",
            reg.route.label(),
            reg.date
                .as_deref()
                .map(|d| format!("　登録日 {d}"))
                .unwrap_or_default(),
            if reg.source.is_empty() {
                String::new()
            } else {
                format!("　情報源 {}", reg.source)
            }
        );
        self.field_box(&mut page, left, y, width, 7.0, 30.0, "登録方式", &reg_text);
        y += 7.0;
        let drafted = plan.as_ref().map_or(String::new(), |p| {
            let who = if p.drafted_by_role.is_empty() {
                p.drafted_by.clone()
            } else {
                format!("{}（{}）", p.drafted_by, p.drafted_by_role)
            };
            match self.sheet.made_by {
                "" => who,
                route => format!("作成区分：{route}　{who}"),
            }
        });
        self.field_box(
            &mut page,
            left,
            y,
            width,
            7.0,
            30.0,
            "計画作成者",
            &text_of(&drafted),
        );
        y += 7.0;
        let date = |d: Option<&String>| -> String {
            d.and_then(|d| parse_date(d).ok())
                .map(|d| both_dates(d).replacen('（', "\n（", 1))
                .unwrap_or_else(|| "　　年　　月　　日".to_string())
        };
        let third = width / 3.0;
        let dates = [
            (
                "作成日",
                date(plan.as_ref().and_then(|p| p.created_on.as_ref())),
            ),
            (
                "更新日",
                date(plan.as_ref().and_then(|p| p.updated_on.as_ref())),
            ),
            (
                "最終確認日",
                date(plan.as_ref().and_then(|p| p.verified_on.as_ref())),
            ),
        ];
        for (i, (label, t)) in dates.iter().enumerate() {
            let t = if plan_shown {
                t.clone()
            } else {
                NOT_GIVEN.to_string()
            };
            self.field_box(
                &mut page,
                left + third * i as f32,
                y,
                third,
                11.0,
                16.0,
                label,
                &t,
            );
        }
        y += 13.0;
        // To whom the plan goes, and the municipality's 免責: on every sheet.
        let sharing = self.sheet.sharing.to_string();
        let disclaimer = self.sheet.disclaimer.to_string();
        self.field_box(
            &mut page,
            left,
            y,
            width,
            15.0,
            30.0,
            "計画情報の提供",
            &sharing,
        );
        y += 15.0;
        self.field_box(
            &mut page,
            left,
            y,
            width,
            14.0,
            30.0,
            "ご注意（免責）",
            &disclaimer,
        );
        y += 15.0;
        if plan.is_none() && plan_shown {
            page.text(
                left,
                y + 4.0,
                BODY,
                "※ 個別避難計画はまだ作成されていません。この用紙に記入して作成できます。",
            );
            y += 6.0;
        }
        if !self.overflow.is_empty() {
            page.text(
                left,
                y + 4.0,
                BODY,
                "※ 枠に収まらない内容は別紙に続きます。",
            );
        }
        page
    }
}
