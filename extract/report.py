"""A one-file interactive HTML report over the claims and the derived tables.

``perfclaims report [--claims outputs/claims.parquet] [--out outputs]``
writes ``<out>/report.html``: plotly charts (claims per hardware; speedups
per hardware by baseline kind; cross-hardware ratios; throughput, latency
and fps per hardware; implied utilization against peak), the claims that
exceed their hardware's peak, a searchable and filterable claims table
linking each claim to its paper, and the Epoch AI credit. plotly.js is
inlined, so the file works offline.

It scales: axes span robust percentiles (outliers are listed, not drawn),
per-hardware charts show the most named hardware and pool the rest, large
groups are drawn from precomputed quartiles, and the table holds at most
``TABLE_ROWS_MAX`` claims (those with hardware first), so the page of a
1.5M-claim table stays a few MB.
"""
from __future__ import annotations

import argparse
import html
import json
import math
import re
import textwrap
from pathlib import Path
from typing import Optional

import pandas as pd
import plotly.graph_objects as go

from .tables import build_tables, plain_claims_frame, hardware_facts, read_claims_file
from .write import atomic_write_text

EPOCH_URL = "https://epoch.ai/data/machine-learning-hardware"
NO_HARDWARE = "(no hardware named)"
FLAG_STYLE = {  # claims_vs_specs.flag -> legend name, marker colour, marker symbol
    None: ("within peak", "#1f77b4", "circle"),
    "exceeds_peak": ("exceeds peak (impossible as stated)", "#d62728", "x"),
}
LAYOUT = dict(template="plotly_white", height=460, margin=dict(l=60, r=20, t=50, b=120),
              font=dict(family="system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"))


# -- hover text ----------------------------------------------------------------------

def _escape(text) -> str:
    """For plotly's hover labels: ``<``, ``>`` and ``&`` escaped so text is
    never markup; quotes kept as they are (plotly shows ``&quot;`` literally)."""
    return html.escape(str(text), quote=False)


def _wrap(text: str, width: int = 90) -> str:
    return "<br>".join(textwrap.wrap(_escape(text), width)) or ""


def hover_text(df: pd.DataFrame, detail: Optional[pd.Series] = None) -> list[str]:
    """Per row: bold paper title, the claim's span, the sentence (and ``detail``)."""
    rows = []
    for i, r in enumerate(df.itertuples()):
        extra = f"<br>{_escape(detail.iloc[i])}" if detail is not None else ""
        rows.append(f"<b>{_wrap(r.title)}</b><br><i>{_escape(r.text)}</i>{extra}<br>{_wrap(r.sentence)}")
    return rows


def _figure(title: str, **layout) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, **{**LAYOUT, **layout})
    return fig


def _note_if_empty(fig: go.Figure, df: pd.DataFrame) -> go.Figure:
    if df.empty:
        fig.add_annotation(text="no claims of this kind", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5)
    return fig


# -- robust statistics ------------------------------------------------------------------

# A group with more points than this is drawn as a box of precomputed
# quartiles (no points): a 1.5M-claim table must give a page of a few MB.
POINTS_MAX = 150
TOP_HARDWARE = 20          # hardware shown in per-hardware charts; the rest is one "other" group
TABLE_ROWS_MAX = 20_000    # claims in the searchable table (claims with hardware first)
OUTLIERS_LISTED = 40


def robust_range(values: pd.Series, log: bool = True) -> tuple[float, float]:
    """Axis bounds that one wild value cannot set ("30 orders of magnitude"
    would squash every box against the axis): Tukey's far-out fences,
    3 interquartile ranges beyond the quartiles, on log10 values (with the
    range taken as at least one decade), kept within the data and widened by
    a quarter decade. On a linear axis the same on the values."""
    v = values[values > 0] if log else values.dropna()
    if v.empty:
        return (0.5, 2.0) if log else (0.0, 1.0)
    x = v.map(math.log10) if log else v
    q1, q3 = x.quantile([0.25, 0.75])
    iqr = max(q3 - q1, 1.0 if log else 0.0) or 1.0
    lo, hi = max(x.min(), q1 - 3 * iqr), min(x.max(), q3 + 3 * iqr)
    pad = 0.25 if log else (hi - lo) / 10 or 1.0
    lo, hi = lo - pad, hi + pad
    return (10 ** lo, 10 ** hi) if log else (float(lo), float(hi))


def split_outliers(df: pd.DataFrame, y: str, bounds: tuple[float, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    inside = df[y].between(*bounds)
    return df[inside], df[~inside]


def _group_order(df: pd.DataFrame, group: str, top: int = TOP_HARDWARE) -> tuple[pd.DataFrame, list[str]]:
    """Groups by size, at most ``top`` of them, the rest pooled as "other (N)";
    claims without hardware last."""
    counts = df[group].value_counts()
    named = [g for g in counts.index if g != NO_HARDWARE]
    keep = named[:top]
    df = df.copy()
    rest = [g for g in named if g not in keep]
    if rest:
        other = f"other ({len(rest)} hardware)"
        df.loc[df[group].isin(rest), group] = other
        keep.append(other)
    if NO_HARDWARE in counts.index:
        keep.append(NO_HARDWARE)
    return df, keep


def _add_box(fig: go.Figure, g: pd.DataFrame, y: str, name: str, **trace) -> None:
    """One box: every point with its hover text for a small group, the
    group's quartiles and whiskers (1.5 IQR, within the data) for a large one."""
    if len(g) <= POINTS_MAX:
        fig.add_box(y=g[y], name=name, boxpoints="all", jitter=0.4, pointpos=0,
                    customdata=hover_text(g), hovertemplate="%{customdata}<br>%{y}<extra></extra>", **trace)
        return
    q1, med, q3 = g[y].quantile([0.25, 0.5, 0.75])
    iqr = q3 - q1
    lo = g.loc[g[y] >= q1 - 1.5 * iqr, y].min()
    hi = g.loc[g[y] <= q3 + 1.5 * iqr, y].max()
    fig.add_box(name=name, x=[name], q1=[q1], median=[med], q3=[q3],
                lowerfence=[lo], upperfence=[hi], boxpoints=False,
                hovertemplate=f"{_escape(name)}: {len(g):,} claims<br>median %{{median:.3g}}<extra></extra>", **trace)


# -- charts ----------------------------------------------------------------------------

def fig_claims_per_hardware(claims: pd.DataFrame) -> go.Figure:
    on_hw = claims[claims["hardware"].notna()]
    df, order = _group_order(on_hw, "hardware", top=30)
    fig = _figure(f"Claims per hardware, by claim type (the {min(30, on_hw['hardware'].nunique())} most "
                  "named; the rest pooled)", barmode="stack", height=620,
                  yaxis=dict(categoryorder="array", categoryarray=order[::-1], automargin=True),
                  xaxis_title="claims", margin=dict(l=220, r=20, t=50, b=60))
    counts = df.groupby(["claim_type", "hardware"]).size().rename("n").reset_index()
    for claim_type, g in counts.groupby("claim_type"):
        fig.add_bar(y=g["hardware"], x=g["n"], name=claim_type, orientation="h",
                    hovertemplate="%{y}<br>" + claim_type + ": %{x}<extra></extra>")
    return _note_if_empty(fig, on_hw)


BASELINE_KINDS = ("vs CPU or serial code", "vs other hardware", "vs another method", "no baseline named")
_CPU_BASELINE = re.compile(r"\b(?:CPUs?|single[- ]thread\w*|sequential|serial|NumPy|SciPy|scikit|"
                           r"MATLAB|Xeon|EPYC|Core i\d)\b", re.I)


def baseline_kind(baseline, baseline_hardware) -> str:
    """What a speedup is measured against: speedups over a CPU or serial
    implementation are 10-1000x, over a tuned GPU method 1.1-3x; boxing them
    together invites a wrong reading."""
    if isinstance(baseline_hardware, str) and baseline_hardware:
        return BASELINE_KINDS[0] if _CPU_BASELINE.search(baseline_hardware) else BASELINE_KINDS[1]
    if isinstance(baseline, str) and baseline:
        return BASELINE_KINDS[0] if _CPU_BASELINE.search(baseline) else BASELINE_KINDS[2]
    return BASELINE_KINDS[3]


KIND_COLOURS = dict(zip(BASELINE_KINDS, ("#d62728", "#9467bd", "#1f77b4", "#7f7f7f")))


def fig_speedup_by_hardware(claims: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Speedups per hardware, one box per baseline kind; (figure, outliers not drawn)."""
    df = claims[claims["claim_type"] == "speedup"].copy()
    df["hardware"] = df["hardware"].fillna(NO_HARDWARE)
    df["baseline_kind"] = [baseline_kind(b, h) for b, h in zip(df["baseline"], df["baseline_hardware"])]
    bounds = robust_range(df["value"])
    drawn, outliers = split_outliers(df, "value", bounds)
    drawn, order = _group_order(drawn, "hardware", top=15)
    fig = _figure("Reported speedups per hardware, by what they are measured against (log scale)",
                  boxmode="group", height=560,
                  xaxis=dict(categoryorder="array", categoryarray=order),
                  yaxis=dict(type="log", title="speedup (x)", range=[math.log10(b) for b in bounds]))
    for kind in BASELINE_KINDS:
        k = drawn[drawn["baseline_kind"] == kind]
        if k.empty:
            continue
        first = True
        for name in order:
            g = k[k["hardware"] == name]
            if g.empty:
                continue
            g = g.assign(_x=name)
            if len(g) <= POINTS_MAX:
                fig.add_box(x=g["_x"], y=g["value"], name=kind, legendgroup=kind, showlegend=first,
                            offsetgroup=kind, marker_color=KIND_COLOURS[kind], boxpoints="all", jitter=0.4,
                            pointpos=0, customdata=hover_text(g),
                            hovertemplate="%{customdata}<br>%{y}<extra></extra>")
            else:
                q1, med, q3 = g["value"].quantile([0.25, 0.5, 0.75])
                iqr = q3 - q1
                fig.add_box(x=[name], q1=[q1], median=[med], q3=[q3], name=kind, legendgroup=kind,
                            showlegend=first, offsetgroup=kind, marker_color=KIND_COLOURS[kind],
                            lowerfence=[g.loc[g["value"] >= q1 - 1.5 * iqr, "value"].min()],
                            upperfence=[g.loc[g["value"] <= q3 + 1.5 * iqr, "value"].max()], boxpoints=False)
            first = False
    return _note_if_empty(fig, df), outliers


def _per_hardware(claims: pd.DataFrame, claim_type: str, unit: str, title: str, axis: str) -> tuple[go.Figure, pd.DataFrame]:
    df = claims[(claims["claim_type"] == claim_type) & (claims["unit"] == unit) & claims["hardware"].notna()]
    bounds = robust_range(df["value"])
    drawn, outliers = split_outliers(df, "value", bounds)
    drawn, order = _group_order(drawn, "hardware", top=15)
    fig = _figure(title, xaxis=dict(categoryorder="array", categoryarray=order),
                  yaxis=dict(type="log", title=axis, range=[math.log10(b) for b in bounds]))
    for name in order:
        _add_box(fig, drawn[drawn["hardware"] == name], "value", name, showlegend=False)
    return _note_if_empty(fig, df), outliers


def fig_throughput_by_hardware(claims: pd.DataFrame, unit: str) -> tuple[go.Figure, pd.DataFrame]:
    return _per_hardware(claims, "throughput", unit, f"Throughput per hardware, {unit} (log scale)", unit)


def fig_latency_by_hardware(claims: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    return _per_hardware(claims, "latency", "s", "Latency and run time per hardware (log scale)", "seconds")


def fig_fps_by_kind(claims: pd.DataFrame, facts: pd.DataFrame) -> go.Figure:
    df = claims[claims["claim_type"] == "fps"].join(facts["kind"], on="hardware")
    df["kind"] = df["kind"].fillna(NO_HARDWARE)
    bounds = robust_range(df["value"])
    drawn, _ = split_outliers(df, "value", bounds)
    fig = _figure("Frames per second by hardware kind (log scale)",
                  yaxis=dict(type="log", title="fps (Hz)", range=[math.log10(b) for b in bounds]))
    counts = drawn["kind"].value_counts()
    order = [g for g in counts.index if g != NO_HARDWARE] + [g for g in counts.index if g == NO_HARDWARE]
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    for name in order:
        _add_box(fig, drawn[drawn["kind"] == name], "value", name, showlegend=False)
    return _note_if_empty(fig, df)


def fig_utilization(vs_specs: pd.DataFrame) -> go.Figure:
    df = vs_specs[vs_specs["implied_utilization_pct"].notna()]
    if len(df) > 5000:   # a sample keeps the page small; the table has them all
        df = df.sample(5000, random_state=0)
    values = pd.concat([df["implied_utilization_pct"], df["stated_utilization_pct"].dropna(), pd.Series([1.0, 100.0])])
    fig = _figure("Implied utilization of claimed FLOP/s and OP/s against the hardware's peak",
                  xaxis=dict(type="log", title="peak of the hardware used (FLOP/s or OP/s, x count)"),
                  yaxis=dict(title="implied utilization (%)", type="log",
                             range=[math.log10(b) for b in robust_range(values)]))
    fig.add_hline(y=100, line_dash="dash", line_color="#d62728", annotation_text="100% of peak")
    for flag, (name, colour, symbol) in FLAG_STYLE.items():
        g = df[df["flag"].isna()] if flag is None else df[df["flag"] == flag]
        fig.add_scatter(x=g["peak_total"], y=g["implied_utilization_pct"], mode="markers", name=name,
                        marker=dict(color=colour, symbol=symbol, size=10),
                        customdata=hover_text(g, g["hardware"] + " x" + g["count_used"].astype(str)),
                        hovertemplate="%{customdata}<br>implied %{y:.1f}%<extra></extra>")
    stated = df[df["stated_utilization_pct"].notna()]
    fig.add_scatter(x=stated["peak_total"], y=stated["stated_utilization_pct"], mode="markers",
                    name="the paper's stated utilization",
                    marker=dict(symbol="diamond-open", size=12, color="#2ca02c"),
                    customdata=hover_text(stated, "stated: " + stated["stated_utilization_text"]),
                    hovertemplate="%{customdata}<br>stated %{y:.1f}%<extra></extra>")
    return _note_if_empty(fig, df)


def fig_cross_hardware(cross: pd.DataFrame) -> go.Figure:
    """Median ratio for each pair of hardware a paper compares (stated
    comparisons and same-paper pairs of one claim type and unit)."""
    df = cross[cross["ratio"].notna() & (cross["ratio"] > 0)]
    pairs = (df.groupby(["hardware", "other_hardware"]).agg(ratio=("ratio", "median"), n=("ratio", "size"))
               .reset_index())
    top = pd.concat([pairs["hardware"], pairs["other_hardware"]]).value_counts().index[:20].tolist()
    pairs = pairs[pairs["hardware"].isin(top) & pairs["other_hardware"].isin(top)]
    fig = _figure("Cross-hardware comparisons: median ratio, hardware (rows) over other hardware "
                  "(columns), log colour", height=620, margin=dict(l=220, r=20, t=60, b=200))
    if not pairs.empty:
        grid = pairs.pivot(index="hardware", columns="other_hardware", values="ratio")
        counts = pairs.pivot(index="hardware", columns="other_hardware", values="n")
        z = grid.map(lambda v: math.log10(v) if pd.notna(v) else None)
        fig.add_heatmap(z=z.values.tolist(), x=list(grid.columns), y=list(grid.index),
                        customdata=[[f"{grid.iat[i, j]:.3g}x over {int(counts.iat[i, j])} comparison(s)"
                                     if pd.notna(grid.iat[i, j]) else "" for j in range(grid.shape[1])]
                                    for i in range(grid.shape[0])],
                        colorscale="RdBu", zmid=0, colorbar=dict(title="log10 ratio"),
                        hovertemplate="%{y} vs %{x}: %{customdata}<extra></extra>")
    return _note_if_empty(fig, pairs)


# -- page ------------------------------------------------------------------------------------

def _one_line(text) -> str:
    return " ".join(str(text).split())


def impossible_claims_html(vs_specs: pd.DataFrame) -> str:
    bad = vs_specs[vs_specs["flag"] == "exceeds_peak"]
    if bad.empty:
        return "<p>None: no checkable claim exceeds its hardware's peak.</p>"
    table = pd.DataFrame({
        "paper": bad["title"].map(_one_line), "claim": bad["text"], "hardware": bad["hardware"],
        "count": bad["count_used"].astype(str) + bad["count_assumed"].map({True: " (assumed)", False: ""}),
        "precision": bad["precision"].fillna("(none named)"),
        "implied utilization": bad["implied_utilization_pct"].map("{:.0f}%".format),
        "sentence": bad["sentence"].map(_one_line)})
    return table.head(500).to_html(index=False, escape=True, classes="claims", border=0)


def outliers_html(outliers: pd.DataFrame) -> str:
    if outliers.empty:
        return ""
    rows = outliers.sort_values("value", ascending=False).head(OUTLIERS_LISTED)
    items = "".join(
        f"<li>{html.escape(str(r.text))} ({r.value:.3g} {html.escape(str(r.unit))}) in "
        + (f'<a href="{html.escape(str(r.url))}">{html.escape(_one_line(r.title))}</a>'
           if isinstance(r.url, str) else html.escape(_one_line(r.title))) + "</li>"
        for r in rows.itertuples())
    more = f" ({len(outliers) - len(rows)} more in the claims table)" if len(outliers) > len(rows) else ""
    return (f'<details class="outliers"><summary>{len(outliers)} value(s) outside the axis (past 3 '
            f"interquartile ranges from the quartiles), not drawn{more}</summary><ul>{items}</ul></details>")


TABLE_COLUMNS = ("title", "url", "claim_type", "value", "unit", "qualifier", "hardware", "hardware_count",
                 "baseline", "text", "sentence")


def claims_table_data(claims: pd.DataFrame) -> tuple[list[list], int]:
    """Rows for the searchable table: claims with hardware first, at most
    ``TABLE_ROWS_MAX``; (rows, claims in all)."""
    order = claims.assign(_no_hw=claims["hardware"].isna()).sort_values("_no_hw", kind="stable")
    shown = order.head(TABLE_ROWS_MAX)
    rows = []
    for r in shown.itertuples():
        sentence = _one_line(r.sentence)
        rows.append([_one_line(r.title), r.url if isinstance(r.url, str) else "", r.claim_type,
                     float(f"{r.value:.4g}"), r.unit, r.qualifier,
                     r.hardware if isinstance(r.hardware, str) else "",
                     int(r.hardware_count) if pd.notna(r.hardware_count) else "",
                     r.baseline if isinstance(r.baseline, str) else "", r.text,
                     sentence if len(sentence) <= 300 else sentence[:297] + "…"])
    return rows, len(claims)


TABLE_SCRIPT = """<script>
(function () {
  const cols = COLS, rows = ROWS, page = 100;
  const q = document.getElementById('q'), type = document.getElementById('type'),
        hw = document.getElementById('hw'), body = document.getElementById('rows'),
        info = document.getElementById('info'), more = document.getElementById('more');
  const ix = Object.fromEntries(cols.map((c, i) => [c, i]));
  const uniq = k => [...new Set(rows.map(r => r[ix[k]]).filter(v => v !== ''))].sort();
  for (const [sel, k] of [[type, 'claim_type'], [hw, 'hardware']])
    for (const v of uniq(k)) { const o = document.createElement('option'); o.value = o.textContent = v; sel.append(o); }
  let shown = 0, hits = [];
  function cell(tr, text) { const td = document.createElement('td'); td.textContent = text; tr.append(td); return td; }
  function render(n) {
    for (const r of hits.slice(shown, n)) {
      const tr = document.createElement('tr');
      const t = cell(tr, '');
      if (r[ix.url]) { const a = document.createElement('a'); a.href = r[ix.url]; a.textContent = r[ix.title];
                       a.rel = 'noopener'; t.append(a); } else t.textContent = r[ix.title];
      cell(tr, r[ix.claim_type]); cell(tr, r[ix.text]); cell(tr, r[ix.value] + ' ' + r[ix.unit]);
      cell(tr, r[ix.qualifier]); cell(tr, r[ix.hardware] + (r[ix.hardware_count] !== '' ? ' x' + r[ix.hardware_count] : ''));
      cell(tr, r[ix.baseline]); cell(tr, r[ix.sentence]);
      body.append(tr);
    }
    shown = Math.min(n, hits.length);
    info.textContent = hits.length + ' matching claims' + (hits.length ? ', showing ' + shown : '');
    more.hidden = shown >= hits.length;
  }
  function update() {
    const words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    hits = rows.filter(r => (!type.value || r[ix.claim_type] === type.value)
      && (!hw.value || r[ix.hardware] === hw.value)
      && words.every(w => (r[ix.title] + ' ' + r[ix.sentence] + ' ' + r[ix.baseline]).toLowerCase().includes(w)));
    body.replaceChildren(); shown = 0; render(page);
  }
  q.addEventListener('input', update); type.addEventListener('change', update);
  hw.addEventListener('change', update); more.addEventListener('click', () => render(shown + page));
  update();
})();
</script>"""


def claims_table_html(claims: pd.DataFrame) -> str:
    rows, total = claims_table_data(claims)
    note = (f"the {len(rows):,} claims with hardware first, of {total:,} in all (every claim is in "
            "<code>claims.parquet</code>)" if len(rows) < total else f"all {total:,} claims")
    # </ cannot end the script early: JSON escapes "/" after "<"
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    script = TABLE_SCRIPT.replace("COLS", json.dumps(list(TABLE_COLUMNS))).replace("ROWS", data)
    return f"""<p>Search and filter {note}; each title links to its paper.</p>
<div class="filters"><input id="q" type="search" placeholder="search titles, sentences, baselines" size="40">
<select id="type"><option value="">every claim type</option></select>
<select id="hw"><option value="">every hardware</option></select> <span id="info"></span></div>
<table class="claims"><thead><tr><th>paper</th><th>type</th><th>claim</th><th>value</th><th>qualifier</th>
<th>hardware</th><th>baseline</th><th>sentence</th></tr></thead><tbody id="rows"></tbody></table>
<button id="more" hidden>show more</button>
{script}"""


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>perfclaims report</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em auto;
       max-width: 1280px; padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }} .figure {{ margin: 1.5em 0; }}
table.claims {{ border-collapse: collapse; font-size: 0.85em; }}
table.claims th, table.claims td {{ border-bottom: 1px solid #ddd; padding: 4px 8px;
       text-align: left; vertical-align: top; }}
.filters {{ margin: 0.5em 0 1em; display: flex; gap: 0.6em; flex-wrap: wrap; align-items: center; }}
details.outliers {{ font-size: 0.9em; margin: -0.5em 0 1.5em; }}
footer {{ margin-top: 2em; font-size: 0.9em; color: #555; }}
</style></head>
<body>
<h1>Performance claims in ML papers</h1>
<p>{intro}</p>
<p>Hover over a point or box for the paper and the sentence (large groups show their quartiles);
drag to zoom, double-click to reset. Axes end at Tukey's far-out fences (3 interquartile ranges past the quartiles, on a
log scale); values outside are listed under each chart. The data behind each chart is in the output folder:
<code>claims</code>, <code>hardware_summary</code>, <code>claims_vs_specs</code>,
<code>cross_hardware</code> and <code>by_kind_and_year</code> (Parquet and CSV).</p>
{figures}
<h2>Claims that exceed their hardware's peak</h2>
<p>Implied utilization = claimed rate / (dense peak at the claim's precision x hardware count);
above 100% the claim is impossible as stated (or the extracted hardware, count or precision is wrong).</p>
{impossible}
<h2>All claims</h2>
{table}
<footer>Peak FLOP/s, release years and other hardware figures: derived from
<a href="{epoch_url}">Epoch AI, Machine Learning Hardware dataset</a> (CC BY 4.0), with vendor
datasheet corrections (see <code>extract/data/hardware_specs.csv</code>).</footer>
</body></html>
"""


def _intro(claims: pd.DataFrame, vs_specs: pd.DataFrame) -> str:
    checked = vs_specs["implied_utilization_pct"].notna().sum()
    return (f"{len(claims):,} quantitative claims from {claims['doc_id'].nunique():,} papers "
            "(the papers with at least one claim), "
            f"{claims['hardware'].notna().sum():,} of them attributed to one of "
            f"{claims['hardware'].nunique():,} hardware models. "
            f"{len(vs_specs):,} claims state an absolute FLOP/s or OP/s rate; {checked:,} of them "
            "could be checked against the hardware's peak.")


def render(claims_table, tables: Optional[dict] = None) -> str:
    """The whole report page for a claims table (pa.Table or DataFrame);
    ``tables``: the derived tables when already built (else built here)."""
    claims, facts = plain_claims_frame(claims_table), hardware_facts()
    tables = tables or build_tables(claims_table)
    vs_specs = tables["claims_vs_specs"].to_pandas()
    cross = tables["cross_hardware"].to_pandas()
    speedup, speedup_out = fig_speedup_by_hardware(claims)
    tokens, tokens_out = fig_throughput_by_hardware(claims, "token/s")
    flops, flops_out = fig_throughput_by_hardware(claims, "FLOP/s")
    latency, latency_out = fig_latency_by_hardware(claims)
    figures = [("claims-per-hardware", fig_claims_per_hardware(claims), None),
               ("speedup-by-hardware", speedup, speedup_out),
               ("cross-hardware", fig_cross_hardware(cross), None),
               ("throughput-tokens", tokens, tokens_out),
               ("throughput-flops", flops, flops_out),
               ("latency-by-hardware", latency, latency_out),
               ("fps-by-kind", fig_fps_by_kind(claims, facts), None),
               ("utilization-vs-peak", fig_utilization(vs_specs), None)]
    divs = []
    for i, (div_id, fig, out) in enumerate(figures):
        div = fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=div_id,
                          config={"displaylogo": False})
        divs.append(f'<div class="figure">{div}</div>' + (outliers_html(out) if out is not None else ""))
    return PAGE.format(intro=html.escape(_intro(claims, vs_specs)), figures="\n".join(divs),
                       impossible=impossible_claims_html(vs_specs), table=claims_table_html(claims),
                       epoch_url=EPOCH_URL)


def write_report(page: str, path: Path) -> Path:
    """Write ``page`` to ``path`` atomically (a locked temp of its own beside
    it, then rename: concurrent runs never share a temp)."""
    return atomic_write_text(page, path)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="perfclaims report",
                                     description="Write <out>/report.html, a self-contained "
                                                 "interactive report over a claims table.")
    parser.add_argument("--claims", type=Path, default=None,
                        help="claims table (Parquet), default <out>/claims.parquet")
    parser.add_argument("--out", type=Path, default=Path("outputs"), help="output directory, default %(default)s")
    args = parser.parse_args(argv)
    claims = read_claims_file(args.claims or args.out / "claims.parquet")
    path = write_report(render(claims), args.out / "report.html")
    print(f"report -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
