"""A one-file interactive HTML report over the claims and the derived tables.

``perfclaims report [--claims outputs/claims.parquet] [--out outputs]``
writes ``<out>/report.html``: four plotly charts (claims per hardware, speedup
per hardware, fps per hardware kind, implied utilization against peak), a
table of the claims that exceed their hardware's peak, and the Epoch AI
credit. plotly.js is inlined, so the file works offline.
"""
from __future__ import annotations

import argparse
import html
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


# -- charts ----------------------------------------------------------------------------

def fig_claims_per_hardware(claims: pd.DataFrame) -> go.Figure:
    on_hw = claims[claims["hardware"].notna()]
    order = on_hw["hardware"].value_counts().index.tolist()
    fig = _figure("Claims per hardware, by claim type", barmode="stack",
                  xaxis=dict(categoryorder="array", categoryarray=order), yaxis_title="claims")
    counts = on_hw.groupby(["claim_type", "hardware"]).size().rename("n").reset_index()
    for claim_type, g in counts.groupby("claim_type"):
        fig.add_bar(x=g["hardware"], y=g["n"], name=claim_type,
                    hovertemplate="%{x}<br>" + claim_type + ": %{y}<extra></extra>")
    return _note_if_empty(fig, on_hw)


def _points_per_group(fig: go.Figure, df: pd.DataFrame, group: str, y: str) -> None:
    """One box per group, most claims first and claims without hardware last,
    with every claim drawn as a hoverable point."""
    counts = df[group].value_counts()
    order = [g for g in counts.index if g != NO_HARDWARE] + [g for g in counts.index if g == NO_HARDWARE]
    fig.update_xaxes(categoryorder="array", categoryarray=order)
    for name in order:
        g = df[df[group] == name]
        fig.add_box(y=g[y], name=name, boxpoints="all", jitter=0.4, pointpos=0,
                    customdata=hover_text(g), hovertemplate="%{customdata}<br>%{y}<extra></extra>",
                    showlegend=False)


def fig_speedup_by_hardware(claims: pd.DataFrame) -> go.Figure:
    df = claims[claims["claim_type"] == "speedup"].copy()
    df["hardware"] = df["hardware"].fillna(NO_HARDWARE)
    fig = _figure("Reported speedups per hardware (log scale)",
                  yaxis=dict(type="log", title="speedup (x)"))
    _points_per_group(fig, df, "hardware", "value")
    return _note_if_empty(fig, df)


def fig_fps_by_kind(claims: pd.DataFrame, facts: pd.DataFrame) -> go.Figure:
    df = claims[claims["claim_type"] == "fps"].join(facts["kind"], on="hardware")
    df["kind"] = df["kind"].fillna(NO_HARDWARE)
    fig = _figure("Frames per second by hardware kind", yaxis=dict(type="log", title="fps (Hz)"))
    _points_per_group(fig, df, "kind", "value")
    return _note_if_empty(fig, df)


def fig_utilization(vs_specs: pd.DataFrame) -> go.Figure:
    df = vs_specs[vs_specs["implied_utilization_pct"].notna()]
    fig = _figure("Implied utilization of claimed FLOP/s and OP/s against the hardware's peak",
                  xaxis=dict(type="log", title="peak of the hardware used (FLOP/s or OP/s, x count)"),
                  yaxis=dict(title="implied utilization (%)", rangemode="tozero"))
    fig.add_hline(y=100, line_dash="dash", line_color="#d62728", annotation_text="100% of peak")
    for flag, (name, colour, symbol) in FLAG_STYLE.items():
        g = df[df["flag"].isna()] if flag is None else df[df["flag"] == flag]
        fig.add_scatter(x=g["peak_total"], y=g["implied_utilization_pct"], mode="markers", name=name,
                        marker=dict(color=colour, symbol=symbol, size=12),
                        customdata=hover_text(g, g["hardware"] + " x" + g["count_used"].astype(str)),
                        hovertemplate="%{customdata}<br>implied %{y:.1f}%<extra></extra>")
    stated = df[df["stated_utilization_pct"].notna()]
    fig.add_scatter(x=stated["peak_total"], y=stated["stated_utilization_pct"], mode="markers",
                    name="the paper's stated utilization",
                    marker=dict(symbol="diamond-open", size=14, color="#2ca02c"),
                    customdata=hover_text(stated, "stated: " + stated["stated_utilization_text"]),
                    hovertemplate="%{customdata}<br>stated %{y:.1f}%<extra></extra>")
    return _note_if_empty(fig, df)


# -- page ------------------------------------------------------------------------------------

def impossible_claims_html(vs_specs: pd.DataFrame) -> str:
    bad = vs_specs[vs_specs["flag"] == "exceeds_peak"]
    if bad.empty:
        return "<p>None: no checkable claim exceeds its hardware's peak.</p>"
    table = pd.DataFrame({
        "paper": bad["title"], "claim": bad["text"], "hardware": bad["hardware"],
        "count": bad["count_used"].astype(str) + bad["count_assumed"].map({True: " (assumed)", False: ""}),
        "precision": bad["precision"].fillna("(none named)"),
        "implied utilization": bad["implied_utilization_pct"].map("{:.0f}%".format),
        "sentence": bad["sentence"]})
    return table.to_html(index=False, escape=True, classes="claims", border=0)


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>perfclaims report</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Arial, sans-serif; margin: 2em auto;
       max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }} .figure {{ margin: 1.5em 0; }}
table.claims {{ border-collapse: collapse; font-size: 0.9em; }}
table.claims th, table.claims td {{ border-bottom: 1px solid #ddd; padding: 4px 8px;
       text-align: left; vertical-align: top; }}
footer {{ margin-top: 2em; font-size: 0.9em; color: #555; }}
</style></head>
<body>
<h1>Performance claims in ML papers</h1>
<p>{intro}</p>
<p>Hover over a point to see the paper and the sentence it comes from; drag to zoom,
double-click to reset. The data behind each chart is in <code>outputs/</code>:
<code>claims</code>, <code>hardware_summary</code>, <code>claims_vs_specs</code>,
<code>cross_hardware</code> and <code>by_kind_and_year</code> (Parquet and CSV).</p>
{figures}
<h2>Claims that exceed their hardware's peak</h2>
<p>Implied utilization = claimed rate / (dense peak at the claim's precision x hardware count);
above 100% the claim is impossible as stated (or the extracted hardware, count or precision is wrong).</p>
{impossible}
<footer>Peak FLOP/s, release years and other hardware figures: derived from
<a href="{epoch_url}">Epoch AI, Machine Learning Hardware dataset</a> (CC BY 4.0), with vendor
datasheet corrections (see <code>extract/data/hardware_specs.csv</code>).</footer>
</body></html>
"""


def _intro(claims: pd.DataFrame, vs_specs: pd.DataFrame) -> str:
    checked = vs_specs["implied_utilization_pct"].notna().sum()
    return (f"{len(claims)} quantitative claims from {claims['doc_id'].nunique()} papers "
            "(the papers with at least one claim), "
            f"{claims['hardware'].notna().sum()} of them attributed to one of "
            f"{claims['hardware'].nunique()} hardware models. "
            f"{len(vs_specs)} claims state an absolute FLOP/s or OP/s rate; {checked} of them "
            "could be checked against the hardware's peak.")


def render(claims_table) -> str:
    """The whole report page for a claims table (pa.Table or DataFrame)."""
    claims, facts = plain_claims_frame(claims_table), hardware_facts()
    vs_specs = build_tables(claims_table)["claims_vs_specs"].to_pandas()
    figures = {"claims-per-hardware": fig_claims_per_hardware(claims),
               "speedup-by-hardware": fig_speedup_by_hardware(claims),
               "fps-by-kind": fig_fps_by_kind(claims, facts),
               "utilization-vs-peak": fig_utilization(vs_specs)}
    divs = [fig.to_html(full_html=False, include_plotlyjs=(i == 0), div_id=div_id,
                        config={"displaylogo": False})
            for i, (div_id, fig) in enumerate(figures.items())]
    return PAGE.format(intro=html.escape(_intro(claims, vs_specs)),
                       figures="\n".join(f'<div class="figure">{d}</div>' for d in divs),
                       impossible=impossible_claims_html(vs_specs), epoch_url=EPOCH_URL)


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
