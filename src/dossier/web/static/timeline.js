// /timeline: facts per period as stacked bars (axes: date, number of facts), then every dated fact in a list
// grouped by month (a list, so no two labels can collide), then the undated facts.
"use strict";
(() => {
  const C = DossierCharts;

  function who(f) {
    return Object.entries(f.roles).map(([role, ents]) => `${role}: ${ents.map(e => e.name).join(", ")}`).join("; ");
  }
  function factItem(list, f) {
    const li = C.node("li", list, undefined, {"class": "tl-fact", "data-type": f.type});
    C.node("span", li, f.type.replace("_", " "), {"class": `chip t-${f.type}`});
    if (f.when) C.node("time", li, f.when, {title: f.when_source === "stated" ? "date stated" : "article's date"});
    C.node("span", li, ` ${f.status}. `, {"class": "muted"});
    const text = who(f);
    if (text) C.node("span", li, text + ". ");
    if (f.amount) C.node("b", li, C.amountText(f.amount.value, f.amount.currency, f.amount.qualifier) + ". ");
    C.node("a", li, f.evidence.text, {href: "/documents/" + f.doc, "class": "evidence"});
  }
  function byMonth(facts) {
    const groups = new Map();
    for (const f of facts) {
      const key = f.when.length >= 7 ? f.when.slice(0, 7) : f.when.slice(0, 4);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    return groups;
  }
  function drawList(box, facts) {
    box.textContent = "";
    for (const [month, items] of byMonth(facts)) {
      const sec = C.node("section", box, undefined, {"class": "tl-month"});
      C.node("h3", sec, `${month} (${items.length})`);
      const ol = C.node("ol", sec, undefined, {"class": "tl-list"});
      for (const f of items) factItem(ol, f);
    }
  }
  // Bins: months over a short span, else years; each a stack of facts by type.
  function bins(facts) {
    const xs = facts.map(f => C.dayNum(f.when));
    const span = Math.max(...xs) - Math.min(...xs), monthly = span <= 3;
    const key = f => monthly && f.when.length >= 7 ? f.when.slice(0, 7) : f.when.slice(0, 4);
    const out = new Map();
    for (const f of facts) {
      const k = key(f);
      if (!out.has(k)) out.set(k, {key: k, v: monthly && k.length === 7 ? C.dayNum(k) : Number(k), types: {}, n: 0});
      const b = out.get(k);
      b.types[f.type] = (b.types[f.type] || 0) + 1;
      b.n += 1;
    }
    return {monthly, bins: [...out.values()].sort((a, b) => a.v - b.v)};
  }
  function drawChart(box, facts) {
    box.textContent = "";
    const W = 1000, H = 240, frame = {left: 56, top: 14, width: 920, height: 170};
    const root = C.svg("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "facts per period"}, box);
    const {monthly, bins: bs} = bins(facts);
    const unit = monthly ? 1 / 12 : 1;
    const lo = bs[0].v - unit / 2 - unit, hi = bs[bs.length - 1].v + unit / 2 + unit;
    const X = v => frame.left + (v - lo) / (hi - lo) * frame.width;
    const yTicks = C.niceTicks(Math.max(...bs.map(b => b.n)), 4);
    const ymax = yTicks[yTicks.length - 1];
    const Y = v => frame.top + frame.height - v / ymax * frame.height;
    const xTicks = C.spaced(C.timeTicks(lo, hi), X);
    C.axes(root, frame, {ticks: xTicks, scale: X, title: monthly ? "month" : "year"},
           {ticks: yTicks.map(v => ({v, label: String(v)})), scale: Y, title: "facts"});
    const bw = Math.max(2, Math.min(30, frame.width / ((hi - lo) / unit) * 0.8));
    for (const b of bs) {
      let base = 0;
      for (const [type, n] of Object.entries(b.types)) {
        const r = C.svg("rect", {x: X(b.v) - bw / 2, y: Y(base + n), width: bw, height: Y(base) - Y(base + n),
                                 fill: C.COLORS[type] || "#555", "class": "bar"}, root);
        C.svg("title", {}, r, `${b.key}: ${n} ${type.replace("_", " ")}`);
        base += n;
      }
    }
  }
  async function draw() {
    C.busy();
    const form = document.getElementById("timeline-form");
    const type = form.elements.type.value;
    const data = await C.getJSON("/api/timeline" + (type ? "?type=" + encodeURIComponent(type) : ""));
    const chart = document.getElementById("chart"), list = document.getElementById("timeline-list");
    document.getElementById("timeline-count").textContent =
      `${data.dated.length} dated, ${data.undated.length} undated`;
    document.getElementById("undated-count").textContent = `(${data.undated.length})`;
    const legend = document.getElementById("timeline-legend");
    legend.textContent = "";
    if (data.dated.length) {
      drawChart(chart, data.dated);
      C.legend(legend, [...new Set(data.dated.map(f => f.type))]);
      drawList(list, data.dated);
    } else {
      C.empty(chart, "No dated facts" + (type ? ` of type ${type.replace("_", " ")}` : "") +
                     " yet. Ingest articles (dossier ingest PATH or the Jobs page) to see facts over time.");
      list.textContent = "";
    }
    const undated = document.getElementById("undated-list");
    undated.textContent = "";
    for (const f of data.undated) factItem(undated, f);
    if (!data.undated.length) C.node("li", undated, "None.", {"class": "muted"});
    C.ready();
  }
  document.getElementById("timeline-form").addEventListener("submit", e => {
    e.preventDefault();
    const type = e.target.elements.type.value;
    history.replaceState(null, "", type ? "?type=" + encodeURIComponent(type) : location.pathname);
    draw();
  });
  draw();
})();
