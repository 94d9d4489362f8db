// Dossier's pages (the views at scale have a script each: network.js, map.js, timeline.js, claims.js, over
// charts.js). No outside code; untrusted text only ever set with textContent, never as HTML.
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
  jobs: () => initJobs("ingest-form", "jobs-body", "ingest-message"),
};
if (VIEWS[document.body.dataset.view]) VIEWS[document.body.dataset.view]();
