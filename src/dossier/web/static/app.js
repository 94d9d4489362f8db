// Dossier's pages: charts drawn as SVG from the JSON API. No outside code; untrusted text only ever set
// with textContent, never as HTML.
"use strict";
const SVG = "http://www.w3.org/2000/svg";
const COLORS = {aid: "#2f6fdf", funding: "#12a150", agreement: "#d9480f", procurement: "#ae3ec9", production: "#e8a317",
                spending_target: "#0c8599", meeting: "#868e96", policy: "#c92a2a"};

function el(tag, attrs, parent, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}
function html(tag, parent, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}
async function getJSON(url) { const r = await fetch(url); if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); }
function svgIn(id, w, h) { const box = document.getElementById(id); box.textContent = ""; return el("svg", {viewBox: `0 0 ${w} ${h}`, role: "img"}, box); }
function dayNum(s) { const p = (s || "").split("-").map(Number); return p[0] + ((p[1] || 7) - 1) / 12 + ((p[2] || 15) - 1) / 365; }

function dropEmptyParams(formId) {
  const f = document.getElementById(formId);
  if (f) f.addEventListener("submit", () => { for (const i of f.querySelectorAll("input, select")) if (!i.value) i.disabled = true; });
}

async function drawTimeline(chartId, listId) {
  const facts = await getJSON("/api/timeline");
  const W = 1000, H = 260, pad = 40;
  const svg = svgIn(chartId, W, H);
  const list = document.getElementById(listId);
  if (!facts.length) { el("text", {x: 20, y: 40}, svg, "No dated facts yet."); return; }
  const xs = facts.map(f => dayNum(f.date || f.doc_published));
  const lo = Math.min(...xs) - 0.1, hi = Math.max(...xs) + 0.1;
  const X = v => pad + (v - lo) / (hi - lo) * (W - 2 * pad);
  el("line", {x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: "#999"}, svg);
  for (let y = Math.ceil(lo); y <= hi; y++) { el("text", {x: X(y), y: H - pad + 18, "font-size": 12, "text-anchor": "middle"}, svg, String(y)); }
  const types = Object.keys(COLORS);
  facts.forEach((f, i) => {
    const c = el("circle", {cx: X(xs[i]), cy: 30 + types.indexOf(f.type) * 22, r: 6, fill: COLORS[f.type] || "#333", "class": "mark"}, svg);
    el("title", {}, c, `${f.type} (${f.status}) ${f.date || f.doc_published}: ${f.evidence.text}`);
    const li = html("li", list);
    html("b", li, (f.date || f.doc_published) + " ");
    html("span", li, `${f.type} (${f.status}): `);
    html("a", li, f.evidence.text, {href: "/documents/" + f.doc});
  });
  types.forEach((t, j) => el("text", {x: 4, y: 34 + j * 22, "font-size": 10, fill: COLORS[t]}, svg, t));
}

function initClaims(formId, chartId, bodyId) {
  const form = document.getElementById(formId);
  const run = async () => {
    const p = new URLSearchParams(new FormData(form));
    const rows = await getJSON("/api/aggregates/claims?" + p.toString());
    const body = document.getElementById(bodyId);
    body.textContent = "";
    for (const r of rows) {
      const tr = html("tr", body, undefined, {"class": "claim"});
      html("td", tr, r.published || r.date || "undated");
      html("td", tr, `${r.amount_qualifier === "exact" ? "" : r.amount_qualifier.replace("_", " ") + " "}${Number(r.amount_value).toLocaleString("en")} ${r.amount_currency}`);
      html("td", tr, r.amount_eur ? "€" + Math.round(r.amount_eur).toLocaleString("en") : "");
      html("td", tr, r.status);
      const src = html("td", tr); html("a", src, r.title || r.source, {href: "/documents/" + r.doc});
      html("td", tr, r.evidence_text);
    }
    const W = 1000, H = 260, pad = 50, svg = svgIn(chartId, W, H);
    const pts = rows.filter(r => r.amount_eur);
    if (!pts.length) { el("text", {x: 20, y: 40}, svg, "No claims with an amount for this pair."); return; }
    const xs = pts.map((r, i) => r.published ? dayNum(r.published) : i), ys = pts.map(r => r.amount_eur);
    const xlo = Math.min(...xs) - 0.1, xhi = Math.max(...xs) + 0.1, yhi = Math.max(...ys) * 1.15;
    const X = v => pad + (v - xlo) / (xhi - xlo) * (W - 2 * pad), Y = v => H - pad - v / yhi * (H - 2 * pad);
    el("line", {x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, stroke: "#999"}, svg);
    pts.forEach((r, i) => {
      const c = el("circle", {cx: X(xs[i]), cy: Y(ys[i]), r: 7, fill: "#2f6fdf", "class": "mark"}, svg);
      el("title", {}, c, `${r.published || "undated"}: ${r.amount_qualifier} ${r.amount_value} ${r.amount_currency} (${r.source})`);
      el("text", {x: X(xs[i]) + 9, y: Y(ys[i]) + 4, "font-size": 11}, svg, "€" + (ys[i] / 1e6).toFixed(0) + "m");
    });
  };
  form.addEventListener("submit", e => { e.preventDefault(); run(); });
  run();
}

async function drawNetwork(chartId) {
  const g = await getJSON("/api/network");
  const W = 1000, H = 620, svg = svgIn(chartId, W, H);
  if (!g.nodes.length) { el("text", {x: 20, y: 40}, svg, "No facts yet."); return; }
  const idx = new Map(g.nodes.map((n, i) => [n.id, i]));
  const P = g.nodes.map((n, i) => ({x: W / 2 + 250 * Math.cos(2 * Math.PI * i / g.nodes.length), y: H / 2 + 220 * Math.sin(2 * Math.PI * i / g.nodes.length), vx: 0, vy: 0}));
  for (let step = 0; step < 300; step++) {  // a small force layout: repulsion, springs, gravity
    for (let i = 0; i < P.length; i++) for (let j = i + 1; j < P.length; j++) {
      const dx = P[i].x - P[j].x, dy = P[i].y - P[j].y, d2 = dx * dx + dy * dy + 0.01, f = 2000 / d2;
      P[i].vx += dx * f; P[i].vy += dy * f; P[j].vx -= dx * f; P[j].vy -= dy * f;
    }
    for (const l of g.links) {
      const a = P[idx.get(l.source)], b = P[idx.get(l.target)], dx = b.x - a.x, dy = b.y - a.y;
      a.vx += dx * 0.01; a.vy += dy * 0.01; b.vx -= dx * 0.01; b.vy -= dy * 0.01;
    }
    for (const p of P) { p.vx += (W / 2 - p.x) * 0.005; p.vy += (H / 2 - p.y) * 0.005; p.x += Math.max(-20, Math.min(20, p.vx)); p.y += Math.max(-20, Math.min(20, p.vy)); p.vx *= 0.5; p.vy *= 0.5;
      p.x = Math.max(30, Math.min(W - 30, p.x)); p.y = Math.max(20, Math.min(H - 20, p.y)); }
  }
  for (const l of g.links) {
    const a = P[idx.get(l.source)], b = P[idx.get(l.target)];
    const line = el("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "#aab", "stroke-width": Math.min(8, 1 + l.facts)}, svg);
    el("title", {}, line, `${l.facts} facts: ${l.types.join(", ")}`);
  }
  g.nodes.forEach((n, i) => {
    const a = el("a", {href: "/entities/" + n.id, "class": "node"}, svg);
    el("circle", {cx: P[i].x, cy: P[i].y, r: 5 + Math.min(12, n.facts), fill: n.type === "country" ? "#2f6fdf" : n.type === "person" ? "#e03131" : "#2b8a3e"}, a);
    el("text", {x: P[i].x + 8, y: P[i].y - 8, "font-size": 12}, a, n.name);
  });
}

async function drawMap(chartId, listId) {
  const places = await getJSON("/api/places");
  const W = 1000, H = 520, svg = svgIn(chartId, W, H);
  const list = document.getElementById(listId);
  if (!places.length) { el("text", {x: 20, y: 40}, svg, "No geocoded places yet."); return; }
  const lats = places.map(p => p.lat), lons = places.map(p => p.lon);
  const la0 = Math.min(...lats) - 3, la1 = Math.max(...lats) + 3, lo0 = Math.min(...lons) - 5, lo1 = Math.max(...lons) + 5;
  const X = v => 40 + (v - lo0) / (lo1 - lo0) * (W - 80), Y = v => H - 30 - (v - la0) / (la1 - la0) * (H - 60);
  for (let l = Math.ceil(lo0 / 5) * 5; l <= lo1; l += 5) { el("line", {x1: X(l), y1: 10, x2: X(l), y2: H - 30, stroke: "#eee"}, svg); el("text", {x: X(l), y: H - 12, "font-size": 10, "text-anchor": "middle"}, svg, l + "°"); }
  for (let l = Math.ceil(la0 / 5) * 5; l <= la1; l += 5) { el("line", {x1: 40, y1: Y(l), x2: W - 40, y2: Y(l), stroke: "#eee"}, svg); el("text", {x: 20, y: Y(l) + 4, "font-size": 10}, svg, l + "°"); }
  for (const p of places) {
    const a = el("a", {href: "/entities/" + p.id, "class": "place"}, svg);
    el("circle", {cx: X(p.lon), cy: Y(p.lat), r: 4 + Math.min(10, p.mentions), fill: "#e8590c", opacity: 0.8}, a);
    el("text", {x: X(p.lon) + 8, y: Y(p.lat) + 4, "font-size": 12}, a, p.name);
    const li = html("li", list); html("a", li, `${p.name} (${p.country || "?"}) ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}`, {href: "/entities/" + p.id});
  }
}

function jobRow(body, j) {
  const tr = html("tr", body, undefined, {"class": "job", "data-status": j.status});
  const id = html("td", tr); html("a", id, j.id, {href: "/api/jobs/" + j.id});
  html("td", tr, j.status, {"class": "status"});
  html("td", tr, `${j.done} / ${j.total}`);
  const c = j.counts || {};
  for (const v of [c.new || 0, c.unchanged || 0, (c.duplicate || 0) + (c.near_duplicate || 0), c.facts || 0]) html("td", tr, String(v));
  const fails = html("td", tr);
  for (const f of j.failures) html("div", fails, `${f.source}: ${f.reason}`);
  if (j.error) html("div", fails, j.error);
  html("td", tr, j.created);
}

function initJobs(formId, bodyId, messageId) {
  const form = document.getElementById(formId), message = document.getElementById(messageId);
  let timer = null;
  const refresh = async () => {
    const jobs = await getJSON("/api/jobs");
    const body = document.getElementById(bodyId);
    body.textContent = "";
    for (const j of jobs) jobRow(body, j);
    const busy = jobs.some(j => j.status === "queued" || j.status === "running");
    clearTimeout(timer);
    if (busy) timer = setTimeout(refresh, 1000);
  };
  form.addEventListener("submit", async e => {
    e.preventDefault();
    const data = new FormData(form), token = data.get("token");
    data.delete("token");
    const r = await fetch("/api/ingest", {method: "POST", body: data, headers: {Authorization: "Bearer " + token}});
    const answer = await r.json();
    message.textContent = r.ok ? `job ${answer.id} queued` : `refused (${r.status}): ${answer.detail}`;
    refresh();
  });
  refresh();
}

// Each page names its view on <body data-view>; inline scripts are not allowed (Content-Security-Policy).
const VIEWS = {
  facts: () => dropEmptyParams("fact-filters"),
  timeline: () => drawTimeline("chart", "timeline-list"),
  claims: () => initClaims("claims-form", "chart", "claims-body"),
  network: () => drawNetwork("chart"),
  map: () => drawMap("chart", "place-list"),
  jobs: () => initJobs("ingest-form", "jobs-body", "ingest-message"),
};
if (VIEWS[document.body.dataset.view]) VIEWS[document.body.dataset.view]();
