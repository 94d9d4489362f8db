// /claims: one quantity as each source reported it. A scatter of amounts in euros (y, with ticks and unit) by
// publication date (x); each point links to the article it came from. The table lists every claim, undated
// ones and those without a euro value included.
"use strict";
(() => {
  const C = DossierCharts;
  const form = document.getElementById("claims-form");

  function row(body, r) {
    const tr = C.node("tr", body, undefined, {"class": "claim"});
    C.node("td", tr, r.published || r.date || "undated");
    C.node("td", tr, C.amountText(r.amount_value, r.amount_currency, r.amount_qualifier) +
                     (r.cumulative ? " (total to date)" : ""));
    C.node("td", tr, r.amount_eur ? "€" + Math.round(r.amount_eur).toLocaleString("en") : "");
    C.node("td", tr, r.status);
    C.node("a", C.node("td", tr), r.title || r.source, {href: "/documents/" + r.doc});
    C.node("td", tr, r.evidence_text);
  }
  function when(r) { return r.published || r.date; }
  // Two claims on one day with about the same amount would hide each other: step the later one sideways.
  function dodge(placed, x, y) {
    while (placed.some(p => Math.abs(p.x - x) < 13 && Math.abs(p.y - y) < 13)) x += 13;
    const at = {x, y};
    placed.push(at);
    return at;
  }
  function drawChart(box, pts) {
    box.textContent = "";
    const W = 1000, H = 300, frame = {left: 84, top: 16, width: 860, height: 220};
    const root = C.svg("svg", {viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "claims in euros by date"}, box);
    const xs = pts.map(r => C.dayNum(when(r)));
    const pad = Math.max(1 / 12, (Math.max(...xs) - Math.min(...xs)) * 0.05);
    const lo = Math.min(...xs) - pad, hi = Math.max(...xs) + pad;
    const X = v => frame.left + (v - lo) / (hi - lo) * frame.width;
    const yTicks = C.niceTicks(Math.max(...pts.map(r => r.amount_eur)), 5);
    const ymax = yTicks[yTicks.length - 1];
    const Y = v => frame.top + frame.height - v / ymax * frame.height;
    C.axes(root, frame, {ticks: C.spaced(C.timeTicks(lo, hi), X), scale: X, title: "publication date"},
           {ticks: yTicks.map(v => ({v, label: C.euro(v)})), scale: Y, title: "amount (EUR)"});
    const placed = [];
    pts.forEach((r, i) => {
      const at = dodge(placed, X(xs[i]), Y(r.amount_eur));
      const a = C.svg("a", {href: "/documents/" + r.doc, "class": "claim-point"}, root);
      C.svg("circle", {cx: at.x, cy: at.y, r: 6, "class": r.cumulative ? "mark hollow" : "mark"}, a);
      C.svg("title", {}, a, `${when(r)}: ${C.amountText(r.amount_value, r.amount_currency, r.amount_qualifier)}` +
                             ` (≈ ${C.euro(r.amount_eur)}), ${r.source}`);
    });
  }
  async function run() {
    C.busy();
    const p = new URLSearchParams();
    for (const k of ["donor", "recipient", "type"]) if (form.elements[k].value) p.set(k, form.elements[k].value);
    history.replaceState(null, "", "?" + p.toString());
    const rows = await C.getJSON("/api/aggregates/claims?" + p.toString());
    const body = document.getElementById("claims-body");
    body.textContent = "";
    for (const r of rows) row(body, r);
    const pts = rows.filter(r => r.amount_eur && when(r));
    const box = document.getElementById("chart");
    if (pts.length) drawChart(box, pts);
    else C.empty(box, rows.length ? "These claims have no date or no euro value to plot; they are listed below."
                                  : "No claims with an amount for this donor and recipient. Choose a pair above.");
    const off = rows.length - pts.length;
    document.getElementById("claims-note").textContent =
      `${rows.length} claims${off ? `, ${off} without a date or euro value not plotted` : ""}.`;
    C.ready();
  }
  async function pairs() {
    const list = await C.getJSON("/api/aggregates/pairs?type=" + encodeURIComponent(form.elements.type.value));
    const sel = document.getElementById("claims-pair");
    for (const p of list.slice(0, 100)) {
      C.node("option", sel, `${p.donor_name} → ${p.recipient_name} (${p.claims} claims, ${p.plotted} dated)`,
             {value: JSON.stringify([p.donor_name, p.recipient_name])});
    }
    sel.addEventListener("change", () => {
      if (!sel.value) return;
      [form.elements.donor.value, form.elements.recipient.value] = JSON.parse(sel.value);
      run();
    });
    return list;
  }
  form.addEventListener("submit", e => { e.preventDefault(); run(); });
  pairs().then(list => {
    // no pair asked for: show the one with the most claims
    if (!form.elements.donor.value && !form.elements.recipient.value && list.length) {
      [form.elements.donor.value, form.elements.recipient.value] = [list[0].donor_name, list[0].recipient_name];
      document.getElementById("claims-pair").selectedIndex = 1;
    }
    return run();
  });
})();
