// What the views at scale (network.js, map.js, timeline.js, claims.js) share: DOM and SVG builders that set
// untrusted text only with textContent, the fact-type colours, nice axis ticks, euro and date labels, axes with
// units, an empty state, and the ready marker (<body data-ready>) that tests and benchmarks/ui_speed.py wait for.
"use strict";
const DossierCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLORS = {aid: "#2f6fdf", funding: "#12a150", agreement: "#d9480f", procurement: "#ae3ec9",
                  production: "#e8a317", spending_target: "#0c8599", meeting: "#868e96", policy: "#c92a2a"};

  function svg(tag, attrs, parent, text) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function node(tag, parent, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  async function getJSON(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }
  function busy() { delete document.body.dataset.ready; }
  // Drawn: marked in the next animation frame (after layout, before paint), as a performance mark too.
  function ready() {
    requestAnimationFrame(() => { performance.mark("dossier-ready"); document.body.dataset.ready = "1"; });
  }
  function empty(box, text) {
    box.textContent = "";
    node("p", box, text, {"class": "empty"});
  }

  // Years as numbers: "2024-03" is 2024 + 2/12, a year alone sits mid-year.
  function dayNum(s) {
    const p = String(s || "").split("-").map(Number);
    return p[0] + ((p[1] || 7) - 1) / 12 + ((p[2] || 1) - 1) / 365;
  }
  // About `n` round ticks from 0 to at least `max` (1, 2 or 5 times a power of ten apart).
  function niceTicks(max, n = 5) {
    if (!(max > 0)) return [0, 1];
    const raw = max / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * p).find(s => s >= raw);
    const ticks = [];
    for (let v = 0; v < max + step; v += step) ticks.push(v);
    return ticks;
  }
  function euro(v) {
    const a = Math.abs(v);
    if (a >= 1e9) return `€${+(v / 1e9).toFixed(a >= 1e10 ? 0 : 1)} bn`;
    if (a >= 1e6) return `€${+(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)} m`;
    if (a >= 1e3) return `€${+(v / 1e3).toFixed(0)} k`;
    return `€${Math.round(v)}`;
  }
  // Date ticks between two dayNum values: years, or months ("2024-03") when the span is short.
  function timeTicks(lo, hi) {
    const out = [];
    if (hi - lo > 2.5) {
      const step = Math.max(1, Math.ceil((hi - lo) / 10));
      for (let y = Math.ceil(lo); y <= hi; y += step) out.push({v: y, label: String(y)});
      return out;
    }
    const every = hi - lo > 1 ? 3 : 1;
    for (let m = Math.ceil(lo * 12); m <= hi * 12; m++) {
      if (m % every) continue;
      const y = Math.floor(m / 12), mo = m - y * 12 + 1;
      out.push({v: m / 12, label: `${y}-${String(mo).padStart(2, "0")}`});
    }
    return out;
  }
  // Left and bottom axes with their ticks, tick labels and a title each (say the unit in the title).
  // frame: {left, top, width, height}; x/y: {ticks: [{v, label}], scale: v => px, title}.
  function axes(root, frame, x, y) {
    const g = svg("g", {"class": "axes"}, root);
    const bottom = frame.top + frame.height;
    svg("line", {x1: frame.left, y1: bottom, x2: frame.left + frame.width, y2: bottom, "class": "axis-line"}, g);
    svg("line", {x1: frame.left, y1: frame.top, x2: frame.left, y2: bottom, "class": "axis-line"}, g);
    for (const t of y.ticks) {
      const py = y.scale(t.v);
      svg("line", {x1: frame.left, y1: py, x2: frame.left + frame.width, y2: py, "class": "grid"}, g);
      svg("text", {x: frame.left - 6, y: py + 4, "text-anchor": "end", "class": "tick y-tick"}, g, t.label);
    }
    for (const t of x.ticks) {
      const px = x.scale(t.v);
      svg("line", {x1: px, y1: bottom, x2: px, y2: bottom + 5, "class": "axis-line"}, g);
      svg("text", {x: px, y: bottom + 18, "text-anchor": "middle", "class": "tick x-tick"}, g, t.label);
    }
    svg("text", {x: frame.left + frame.width / 2, y: bottom + 38, "text-anchor": "middle", "class": "axis-title x-title"},
        g, x.title);
    svg("text", {x: 14, y: frame.top + frame.height / 2, "text-anchor": "middle", "class": "axis-title y-title",
                 transform: `rotate(-90 14 ${frame.top + frame.height / 2})`}, g, y.title);
    return g;
  }
  // Keeps every tick whose label does not run into the previous kept one (labels ~7 px a character).
  function spaced(ticks, scale, charPx = 7) {
    const out = [];
    let end = -Infinity;
    for (const t of ticks) {
      const half = String(t.label).length * charPx / 2 + 4, px = scale(t.v);
      if (px - half > end) { out.push(t); end = px + half; }
    }
    return out;
  }
  function legend(box, types) {
    const ul = node("ul", box, undefined, {"class": "legend types"});
    for (const t of types) {
      const li = node("li", ul);
      node("span", li, undefined, {"class": `swatch t-${t}`});
      node("span", li, t.replace("_", " "));
    }
    return ul;
  }
  function amountText(value, currency, qualifier) {
    const q = qualifier && qualifier !== "exact" ? qualifier.replace("_", " ") + " " : "";
    return `${q}${Number(value).toLocaleString("en")} ${currency}`;
  }
  return {COLORS, svg, node, getJSON, busy, ready, empty, dayNum, niceTicks, euro, timeTicks, axes, spaced, legend,
          amountText};
})();
