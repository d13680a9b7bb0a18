"""`ita report --out DIR`: a static site that opens from disk with no network.

- index.html: counts, agencies by province and year, the level distribution, the
  weakest indicators nationally, trends across years, and every agency;
- agency/<id>.html: one per agency (agency_year's key): its years and tool scores, its
  indicators against its province's and the country's mean, measures with their
  status, OIT items;
- review/<id>.html: one per flagged report (or file): each flag beside a crop of its
  page with the value's box drawn, the evidence, and the file and page.

Charts are plotly with plotly.js written once into assets/ (no CDN); Thai is set in a
TLWG font copied into assets/ (fonts-thai-tlwg, which OCR already needs).
"""

from __future__ import annotations

import hashlib
import html
import shutil
from collections import defaultdict
from pathlib import Path

import duckdb

from pipeline.report import crops

FONT_CANDIDATES = ("/usr/share/fonts/truetype/tlwg/Loma.ttf", "/usr/share/fonts/truetype/tlwg/Garuda.ttf",
                   "/usr/share/fonts/truetype/tlwg/Sawasdee.ttf")
CHART_FONT = "ItaThai, Loma, Garuda, sans-serif"
ASSETS = "assets"


def esc(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:.2f}"
    return html.escape(str(v))


def slug(key: str) -> str:
    """A file name for a key (agency names are Thai and long; report ids are safe)."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{up}{ASSETS}/style.css">
<script src="{up}{ASSETS}/plotly.min.js"></script>
</head><body>
<header><nav><a href="{up}index.html">ภาพรวม (overview)</a><a href="{up}index.html#agencies">หน่วยงาน (agencies)</a>
<a href="{up}index.html#review">ตรวจทาน (review)</a></nav></header>
<h1>{esc(title)}</h1>
{body}
</body></html>
"""


def _table(cols: list[str], rows: list[tuple], num: set[int] = frozenset(), raw: set[int] = frozenset()) -> str:
    head = "".join(f"<th>{esc(c)}</th>" for c in cols)
    body = []
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            text = v if i in raw else esc(v)
            cells.append(f'<td class="num">{text}</td>' if i in num else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _chart(fig, div_id: str) -> str:
    fig.update_layout(font_family=CHART_FONT, margin=dict(l=40, r=20, t=40, b=40), height=360)
    return f'<div class="chart">{fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id)}</div>'


def _rows(con, sql, params=()) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def build_site(con: duckdb.DuckDBPyConnection, out: str) -> str:
    """Write the site under `out`; returns the path of index.html."""
    import plotly.offline

    root = Path(out)
    for sub in (ASSETS, "agency", "review", "review/img"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / ASSETS / "plotly.min.js").write_text(plotly.offline.get_plotlyjs(), encoding="utf-8")
    shutil.copyfile(Path(__file__).with_name("style.css"), root / ASSETS / "style.css")
    font = next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)
    if font:  # else the browser's own Thai font (the CSS names Loma, Garuda)
        shutil.copyfile(font, root / ASSETS / "thai.ttf")
    review = _review_pages(con, root)
    agencies = _agency_pages(con, root, review)
    _index(con, root, agencies, review)
    return str(root / "index.html")


def _index(con, root: Path, agencies: dict[str, str], review: dict[str, tuple]) -> None:
    import plotly.graph_objects as go

    n_agencies = _rows(con, "SELECT count(DISTINCT agency_key) FROM agency_year")[0][0]
    n_flags = _rows(con, "SELECT count(*) FROM flags")[0][0]
    n_reports = _rows(con, "SELECT count(*) FROM reports")[0][0]
    n_files = _rows(con, "SELECT count(*) FROM files")[0][0]
    parts = [f"""<p class="counts">หน่วยงาน (agencies): <span id="n-agencies">{n_agencies}</span> ·
รายงาน (reports): <span id="n-reports">{n_reports}</span> · ไฟล์ (files): <span id="n-files">{n_files}</span> ·
ข้อสังเกต (flags): <span id="n-flags">{n_flags}</span></p>"""]

    by_prov = _rows(con, "SELECT province, fiscal_year, count(*) FROM agency_year GROUP BY ALL ORDER BY ALL")
    fig = go.Figure()
    for fy in sorted({r[1] for r in by_prov}):
        pts = [(p, n) for p, y, n in by_prov if y == fy]
        fig.add_bar(name=str(fy), x=[p for p, _ in pts], y=[n for _, n in pts])
    fig.update_layout(barmode="stack", title="หน่วยงานตามจังหวัดและปีงบประมาณ (agencies by province and year)")
    parts.append("<h2>หน่วยงานตามจังหวัดและปี</h2>" + _chart(fig, "chart-province"))

    # each label placed by the first year whose scale has it, then its band (best first)
    levels = _rows(con, """WITH first AS (
            SELECT label, min(fiscal_year) AS fy, arg_min(band_order, fiscal_year) AS band
            FROM catalog_levels WHERE label IS NOT NULL GROUP BY label)
        SELECT a.fiscal_year, coalesce(a.level, '(ไม่ระบุ)'), count(*), coalesce(any_value(f.fy), 9999),
               coalesce(any_value(f.band), 99)
        FROM agency_year a LEFT JOIN first f ON f.label = a.level
        GROUP BY a.fiscal_year, a.level ORDER BY 1, 2""")
    fig = go.Figure()
    for fy in sorted({r[0] for r in levels}):
        pts = [(lv, n) for y, lv, n, _, _ in levels if y == fy]
        fig.add_bar(name=str(fy), x=[lv for lv, _ in pts], y=[n for _, n in pts])
    order = [key[2] for key in sorted({(r[3], r[4], r[1]) for r in levels})]
    fig.update_layout(title="การกระจายระดับผลการประเมิน (level distribution)",
                      xaxis=dict(categoryorder="array", categoryarray=list(dict.fromkeys(order))))
    parts.append("<h2>ระดับผลการประเมิน</h2>" + _chart(fig, "chart-levels"))

    weak = _rows(con, """SELECT indicator, any_value(name) AS name, round(avg(score), 2), count(*)
        FROM agency_indicators GROUP BY indicator ORDER BY 3 LIMIT 10""")
    fig = go.Figure(go.Bar(x=[r[2] for r in weak], y=[f"{r[0]}. {r[1] or ''}"[:40] for r in weak],
                           orientation="h"))
    fig.update_layout(title="ตัวชี้วัดที่อ่อนที่สุดทั้งประเทศ (weakest indicators, national mean)",
                      yaxis=dict(autorange="reversed"))
    parts.append("<h2>ตัวชี้วัดที่อ่อนที่สุด</h2>" + _chart(fig, "chart-weakest")
                 + _table(["ตัวชี้วัด", "ชื่อ", "คะแนนเฉลี่ย", "หน่วยงาน"], weak, num={0, 2, 3}))

    trend = _rows(con, """SELECT fiscal_year, round(avg(overall_score), 2), round(avg(iit), 2), round(avg(eit), 2),
        round(avg(oit), 2), count(*) FROM agency_year GROUP BY ALL ORDER BY 1""")
    fig = go.Figure()
    for i, name in enumerate(("overall", "IIT", "EIT", "OIT"), 1):
        fig.add_scatter(x=[r[0] for r in trend], y=[r[i] for r in trend], name=name, mode="lines+markers")
    fig.update_layout(title="แนวโน้มคะแนนเฉลี่ยรายปี (mean scores across years)",
                      xaxis=dict(tickmode="linear", dtick=1, tickformat="d"))
    parts.append("<h2>แนวโน้มรายปี</h2>" + _chart(fig, "chart-trend")
                 + _table(["ปีงบประมาณ", "overall", "IIT", "EIT", "OIT", "หน่วยงาน"], trend, num={1, 2, 3, 4, 5}))

    ag = _rows(con, """SELECT agency_key, agency_name, province, province_status, list(fiscal_year ORDER BY fiscal_year),
        max(overall_score) FILTER (WHERE fiscal_year = (SELECT max(fiscal_year) FROM agency_year a2
                                                          WHERE a2.agency_key = agency_year.agency_key)),
        count(conflicts) FROM agency_year GROUP BY ALL ORDER BY province, agency_name""")
    rows = [(f'<a class="agency" href="agency/{agencies[k]}.html">{esc(n)}</a>', esc(p), esc(ps),
             esc(", ".join(map(str, ys))), esc(s), c) for k, n, p, ps, ys, s, c in ag]
    parts.append('<h2 id="agencies">หน่วยงาน (agencies)</h2>'
                 + _table(["หน่วยงาน", "จังหวัด", "ที่มาของจังหวัด", "ปี", "คะแนนล่าสุด", "ค่าที่ขัดกัน"],
                          rows, num={4, 5}, raw={0, 1, 2, 3, 4}))

    rv = [(f'<a class="review" href="review/{key}.html">{esc(label)}</a>', esc(path), n)
          for key, (label, path, n) in sorted(review.items(), key=lambda kv: kv[1][1])]
    parts.append('<h2 id="review">รายงานที่มีข้อสังเกต (flagged reports)</h2>'
                 + _table(["รายงาน", "ไฟล์", "ข้อสังเกต"], rv, num={2}, raw={0, 1}))
    (root / "index.html").write_text(_page("ผล ITA (ITA results)", "\n".join(parts), 0), encoding="utf-8")


def _agency_pages(con, root: Path, review: dict[str, tuple]) -> dict[str, str]:
    import plotly.graph_objects as go

    keys = [r[0] for r in _rows(con, "SELECT DISTINCT agency_key FROM agency_year ORDER BY 1")]
    out = {}
    for key in keys:
        name = slug(key)
        out[key] = name
        years = _rows(con, """SELECT fiscal_year, overall_score, level, passed, rank, iit, eit, eit_computed, oit,
            n_reports, conflicts, report_ids, agency_name, province, province_status
            FROM agency_year WHERE agency_key = ? ORDER BY fiscal_year""", [key])
        agency, province, pstatus = years[0][12], years[0][13], years[0][14]
        parts = [f"<p>จังหวัด (province): {esc(province)} <span class=\"muted\">({esc(pstatus)})</span></p>"]
        parts.append("<h2>ผลรายปี (years and tools)</h2>" + _table(
            ["ปี", "คะแนนรวม", "ระดับ", "ผ่าน", "อันดับ", "IIT", "EIT", "EIT คำนวณ", "OIT", "รายงาน", "ค่าที่ขัดกัน"],
            [r[:11] for r in years], num={1, 4, 5, 6, 8, 9}))
        ind = _rows(con, """SELECT a.fiscal_year, a.indicator, a.name, a.score,
              (SELECT round(avg(p.score), 2) FROM agency_indicators p WHERE p.fiscal_year = a.fiscal_year
                 AND p.indicator = a.indicator AND p.province = a.province) AS province_mean,
              (SELECT round(avg(c.score), 2) FROM agency_indicators c WHERE c.fiscal_year = a.fiscal_year
                 AND c.indicator = a.indicator) AS country_mean
            FROM agency_indicators a WHERE a.agency_key = ? ORDER BY 1, 2""", [key])
        if ind:
            last = max(r[0] for r in ind)
            cur = [r for r in ind if r[0] == last]
            fig = go.Figure()
            labels = [f"{r[1]}" for r in cur]
            for i, label in ((3, "หน่วยงาน"), (4, "จังหวัด"), (5, "ประเทศ")):
                fig.add_bar(name=label, x=labels, y=[r[i] for r in cur])
            fig.update_layout(title=f"ตัวชี้วัด ปี {last}: หน่วยงาน / จังหวัด / ประเทศ", barmode="group",
                              yaxis=dict(range=[0, 100]))
            parts.append("<h2>ตัวชี้วัด (indicators against the province and the country)</h2>"
                         + _chart(fig, "chart-indicators")
                         + _table(["ปี", "ตัวชี้วัด", "ชื่อ", "คะแนน", "เฉลี่ยจังหวัด", "เฉลี่ยประเทศ"], ind,
                                  num={1, 3, 4, 5}))
        report_ids = sorted({rid for r in years for rid in r[11]})
        marks = ",".join("?" * len(report_ids))
        # measures and OIT items of one report (the same document may be loaded from
        # several files): the one with most rows, then fewest errors
        for table, title, sql, heads, num in (
            ("measures", "มาตรการ (measures and their status)",
             """SELECT m.question_code, m.indicator, m.issue, m.measure, m.responsible, m.period,
                       coalesce(m.status, '-'), m.page FROM measures m WHERE m.report_id = ? ORDER BY m.row_no""",
             ["ข้อ", "ตัวชี้วัด", "ประเด็น", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา", "สถานะ", "หน้า"], {1, 7}),
            ("oit_items", "รายการ OIT (OIT items)",
             """SELECT o.code, coalesce(c.name_th, o.name_raw), coalesce(o.status, '-'), o.page
                FROM oit_items o JOIN reports r USING (report_id)
                LEFT JOIN catalog_oit_items c ON c.fiscal_year = r.fiscal_year AND c.code = o.code
                WHERE o.report_id = ? ORDER BY try_cast(substr(o.code, 2) AS INTEGER)""",
             ["ข้อ", "ชื่อ", "สถานะ", "หน้า"], {3}),
        ):
            best = _rows(con, f"""SELECT t.report_id, any_value(rf.path) FROM {table} t
                JOIN report_facts rf USING (report_id) WHERE t.report_id IN ({marks})
                GROUP BY t.report_id ORDER BY count(*) DESC, min(rf.n_errors), t.report_id LIMIT 1""",
                         report_ids)
            if best:
                rows = _rows(con, sql, [best[0][0]])
                parts.append(f"<h2>{title}</h2><p class=\"muted\">{esc(best[0][1])}</p>"
                             + _table(heads, rows, num=num))
        links = [f'<li><a href="../review/{rid}.html">{esc(rid)}</a></li>' for rid in report_ids if rid in review]
        if links:
            parts.append("<h2>ข้อสังเกต (flags)</h2><ul>" + "".join(links) + "</ul>")
        (root / "agency" / f"{name}.html").write_text(_page(agency, "\n".join(parts), 1), encoding="utf-8")
    return out


def _review_pages(con, root: Path) -> dict[str, tuple]:
    """One page per flagged report (file-level flags: per file). Returns key → (label,
    path, n_flags)."""
    cur = con.execute("""SELECT fl.file_id, fl.report_id, fl.kind, fl.severity, fl.message, fl.evidence, fl.page,
            fl.bbox, f.path, f.media_type, r.agency_name, r.fiscal_year, r.doc_type
        FROM flags fl JOIN files f USING (file_id) LEFT JOIN reports r ON r.report_id = fl.report_id
        ORDER BY f.path, fl.report_id, CASE fl.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                 fl.page, fl.kind""")
    cols = [d[0] for d in cur.description]
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in cur.fetchall():
        f = dict(zip(cols, r))
        groups[f["report_id"] or "file-" + f["file_id"][:16]].append(f)
    rendered: dict[tuple, object] = {}
    out = {}
    for key, flags in groups.items():
        first = flags[0]
        label = f"{first['agency_name'] or '?'} {first['fiscal_year'] or ''} ({first['doc_type'] or 'file'})"
        parts = [f"<p>ไฟล์ (file): <code>{esc(first['path'])}</code> · ข้อสังเกต: "
                 f'<span class="n-flags">{len(flags)}</span></p>']
        for i, f in enumerate(flags):
            target = crops.locate(con, f)
            media = ""
            page_key = (f["file_id"], f["page"])
            if f["page"]:
                if page_key not in rendered:
                    try:
                        rendered[page_key] = crops.render_page(f["path"], f["media_type"], f["page"])
                    except Exception as e:  # a damaged file: the flag is shown without its page
                        rendered[page_key] = None
                        media = f'<p class="muted">cannot render the page: {esc(e)}</p>'
                image = rendered[page_key]
                if image is not None:
                    img_name = f"{key}-{i}.jpg"
                    crops.crop(image, target.boxes).save(root / "review" / "img" / img_name, quality=82)
                    box_note = "" if target.boxes else '<p class="muted">ไม่ทราบตำแหน่งค่า: แสดงต้นหน้า (no box: top of the page)</p>'
                    media = f'<img src="img/{img_name}" alt="page {f["page"]}">' + box_note
            if not media:
                media = (f"<pre>{esc(target.line)}</pre>" if target.line
                         else '<p class="muted">ไม่มีภาพของหน้า (no page image)</p>')
            parts.append(f"""<div class="flag" data-kind="{esc(f['kind'])}">
<div>{media}</div>
<div><p><span class="sev-{esc(f['severity'])}">{esc(f['severity'])}</span> <b>{esc(f['kind'])}</b></p>
<p>{esc(f['message'])}</p>
{f'<div class="evidence">{esc(f["evidence"])}</div>' if f['evidence'] else ''}
<p class="muted">{esc(f['path'])} · หน้า (page) {esc(f['page'] or '-')}</p></div></div>""")
        (root / "review" / f"{key}.html").write_text(_page(label, "\n".join(parts), 1), encoding="utf-8")
        out[key] = (label, first["path"], len(flags))
    return out
