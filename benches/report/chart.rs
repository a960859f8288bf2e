//! The dispatch figures as a bar chart, written as plain SVG
//! (docs/images/performance.svg): a handful of rectangles and labels needs
//! no plotting crate, and the file stays small, diffable text.

use std::fmt::Write as _;

use crate::{dispatch::PEERS, dispatch::Stats};

/// Clicks per second at each N: router parsed, router raw frame,
/// hand-written parsed, hand-written raw frame.
#[derive(Default)]
pub(crate) struct DispatchFigures {
    rows: Vec<(u64, [f64; 4])>,
}

impl DispatchFigures {
    pub(crate) fn push(&mut self, n: u64, stats: [&Stats; 4]) {
        self.rows.push((n, stats.map(|stats| stats.per_second)));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The chart, with the peers' figures as a last group and the targets
    /// as dashed lines.
    pub(crate) fn svg(&self, caption: &str) -> String {
        let mut groups: Vec<Group> = self
            .rows
            .iter()
            .map(|(n, figures)| Group {
                label: format!("N = {}", power_of_ten(*n)),
                bars: figures
                    .iter()
                    .enumerate()
                    .map(|(series, value)| (series, *value))
                    .collect(),
            })
            .collect();
        let [(_, dpy_parsed, dpy_raw), (_, miru_parsed, miru_raw)] = PEERS;
        groups.push(Group {
            label: "peers, N = 10⁶".to_owned(),
            bars: vec![
                (4, dpy_parsed),
                (5, dpy_raw),
                (6, miru_parsed),
                (7, miru_raw),
            ],
        });
        Chart {
            title: "Clicks per second, one core, by number of bound views",
            caption,
            series: &SERIES,
            groups: &groups,
            targets: &[
                ("target, parsed: 600,000/s", 600_000.0),
                ("target, raw frame: 400,000/s", 400_000.0),
            ],
        }
        .render()
    }
}

/// Series names and colours, in bar order.
const SERIES: [(&str, &str); 8] = [
    ("twilight-views, parsed", "#4752c4"),
    ("twilight-views, raw frame", "#8d96f0"),
    ("hand-written twilight, parsed", "#2d7d46"),
    ("hand-written twilight, raw frame", "#86c79a"),
    ("discord.py 2.7.1, parsed", "#c27c0e"),
    ("discord.py 2.7.1, raw frame", "#f0c36a"),
    ("hikari-miru 4.3.1, parsed", "#b3262c"),
    ("hikari-miru 4.3.1, raw frame", "#ec8f92"),
];

struct Group {
    label: String,
    /// (series index, clicks per second).
    bars: Vec<(usize, f64)>,
}

struct Chart<'a> {
    title: &'a str,
    caption: &'a str,
    series: &'a [(&'a str, &'a str)],
    groups: &'a [Group],
    targets: &'a [(&'a str, f64)],
}

const WIDTH: f64 = 820.0;
const PLOT_LEFT: f64 = 70.0;
const PLOT_RIGHT: f64 = 800.0;
const PLOT_TOP: f64 = 60.0;
const PLOT_BOTTOM: f64 = 360.0;
const BAR: f64 = 30.0;

impl Chart<'_> {
    fn render(&self) -> String {
        let top = self
            .groups
            .iter()
            .flat_map(|group| group.bars.iter().map(|(_, value)| *value))
            .chain(self.targets.iter().map(|(_, value)| *value))
            .fold(0.0_f64, f64::max);
        let step = tick_step(top);
        let y_max = (top / step).ceil() * step;
        let y = |value: f64| PLOT_BOTTOM - value / y_max * (PLOT_BOTTOM - PLOT_TOP);
        let legend_rows = self.series.len().div_ceil(2);
        let height = PLOT_BOTTOM + 50.0 + legend_rows as f64 * 20.0 + 30.0;

        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(
            svg,
            r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        );
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="28" font-size="16" font-weight="bold" text-anchor="middle">{}</text>"#,
            WIDTH / 2.0,
            escape(self.title)
        );
        // Grid lines and the y axis's labels.
        let mut tick = 0.0;
        while tick <= y_max + step / 2.0 {
            let at = y(tick);
            let _ = writeln!(
                svg,
                r##"<line x1="{PLOT_LEFT}" y1="{at:.1}" x2="{PLOT_RIGHT}" y2="{at:.1}" stroke="#e3e5e8"/>"##
            );
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                PLOT_LEFT - 6.0,
                at + 4.0,
                short(tick)
            );
            tick += step;
        }
        // The bars, group by group, each with its figure above it.
        let slot = (PLOT_RIGHT - PLOT_LEFT) / self.groups.len() as f64;
        for (index, group) in self.groups.iter().enumerate() {
            let width = BAR * group.bars.len() as f64;
            let left = PLOT_LEFT + slot * index as f64 + (slot - width) / 2.0;
            for (bar, (series, value)) in group.bars.iter().enumerate() {
                let x = left + BAR * bar as f64;
                let top = y(*value);
                let colour = self.series[*series].1;
                let _ = writeln!(
                    svg,
                    r#"<rect x="{:.1}" y="{top:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{}: {}/s</title></rect>"#,
                    x + 2.0,
                    BAR - 4.0,
                    PLOT_BOTTOM - top,
                    escape(self.series[*series].0),
                    short(*value)
                );
                let _ = writeln!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
                    x + BAR / 2.0,
                    top - 4.0,
                    short(*value)
                );
            }
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
                PLOT_LEFT + slot * (index as f64 + 0.5),
                PLOT_BOTTOM + 18.0,
                escape(&group.label)
            );
        }
        for (label, value) in self.targets {
            let at = y(*value);
            let _ = writeln!(
                svg,
                r##"<line x1="{PLOT_LEFT}" y1="{at:.1}" x2="{PLOT_RIGHT}" y2="{at:.1}" stroke="#5c5e66" stroke-dasharray="6 4"/>"##
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{:.1}" text-anchor="end" fill="#5c5e66">{}</text>"##,
                PLOT_RIGHT,
                at - 5.0,
                escape(label)
            );
        }
        let _ = writeln!(
            svg,
            r##"<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}" stroke="#2e3035"/>"##
        );
        // Legend in two columns.
        for (index, (name, colour)) in self.series.iter().enumerate() {
            let x = PLOT_LEFT + (index % 2) as f64 * 360.0;
            let top = PLOT_BOTTOM + 40.0 + (index / 2) as f64 * 20.0;
            let _ = writeln!(
                svg,
                r#"<rect x="{x}" y="{top}" width="14" height="14" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
                x + 20.0,
                top + 11.0,
                escape(name)
            );
        }
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" font-size="11" fill="#5c5e66" text-anchor="middle">{}</text>"##,
            WIDTH / 2.0,
            height - 12.0,
            escape(self.caption)
        );
        svg.push_str("</svg>\n");
        svg
    }
}

/// A round grid step giving four to eight lines up to `top`.
fn tick_step(top: f64) -> f64 {
    let rough = top.max(1.0) / 5.0;
    let magnitude = 10_f64.powf(rough.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|factor| factor * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(10.0 * magnitude)
}

/// `1_250_000.0` -> `"1.25M"`, `69_000.0` -> `"69k"`.
fn short(value: f64) -> String {
    if value >= 1e6 {
        format!("{}M", trim(value / 1e6))
    } else if value >= 1e3 {
        format!("{}k", trim((value / 1e3).round()))
    } else {
        trim(value)
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn power_of_ten(n: u64) -> String {
    let exponent = (n as f64).log10().round() as u32;
    if 10_u64.pow(exponent) == n {
        let superscript: String = exponent
            .to_string()
            .chars()
            .map(|digit| match digit {
                '1' => '¹',
                '2' => '²',
                '3' => '³',
                '4' => '⁴',
                '5' => '⁵',
                '6' => '⁶',
                '7' => '⁷',
                '8' => '⁸',
                '9' => '⁹',
                _ => '⁰',
            })
            .collect();
        format!("10{superscript}")
    } else {
        n.to_string()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
