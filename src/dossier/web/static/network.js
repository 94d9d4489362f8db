// /network: actors linked by the facts they share, drawn with Cytoscape.js (vendored). The server filters (fact
// type, minimum shared facts, top N actors by degree); the browser lays out what is left with `cose`.
"use strict";
(() => {
  const C = DossierCharts;
  const KIND = {country: "#2f6fdf", organization: "#2b8a3e", person: "#e03131", place: "#e8590c", equipment: "#7048e8"};
  const LABELLED = 20;  // names drawn for the most connected actors; the others show theirs on hover
  const form = document.getElementById("network-form");
  let cy = null;

  function elements(g) {
    const ranked = [...g.nodes].sort((a, b) => b.degree - a.degree);
    const named = new Set(ranked.slice(0, LABELLED).map(n => n.id));
    const nodes = g.nodes.map(n => ({data: {id: n.id, name: n.name, label: named.has(n.id) ? n.name : "",
                                            kind: n.type, degree: n.degree, facts: n.facts}}));
    const links = g.links.map((l, i) => ({data: {id: "l" + i, source: l.source, target: l.target, facts: l.facts,
                                                 types: l.types.join(", ")}}));
    return nodes.concat(links);
  }
  function style(g) {
    const maxDeg = Math.max(2, ...g.nodes.map(n => n.degree)), maxW = Math.max(2, ...g.links.map(l => l.facts));
    return [
      {selector: "node", style: {"background-color": n => KIND[n.data("kind")] || "#555", label: "data(label)",
                                 width: `mapData(degree, 1, ${maxDeg}, 10, 46)`, height: `mapData(degree, 1, ${maxDeg}, 10, 46)`,
                                 "font-size": 11, "text-valign": "top", "text-margin-y": -3, color: "#1d2330",
                                 "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6}},
      {selector: "node.hover", style: {label: "data(name)", "z-index": 10, "font-weight": "bold"}},
      {selector: "edge", style: {width: `mapData(facts, 1, ${maxW}, 1, 8)`, "line-color": "#a9b2c3", opacity: 0.65,
                                 "curve-style": "haystack"}},
      {selector: "edge.hover", style: {"line-color": "#f0b429", opacity: 1}},
    ];
  }
  function list(g) {
    const ol = document.getElementById("network-list");
    ol.textContent = "";
    for (const n of [...g.nodes].sort((a, b) => b.degree - a.degree)) {
      const li = C.node("li", ol, undefined, {"class": "actor", "data-kind": n.type});
      C.node("a", li, n.name, {href: "/entities/" + n.id});
      C.node("span", li, ` ${n.degree} partners, ${n.facts} facts`, {"class": "muted"});
    }
  }
  function draw(box, g) {
    if (cy) cy.destroy();
    box.textContent = "";
    cy = cytoscape({container: box, elements: elements(g), style: style(g), minZoom: 0.2, maxZoom: 4});
    cy.on("mouseover", "node, edge", e => e.target.addClass("hover"));
    cy.on("mouseout", "node, edge", e => e.target.removeClass("hover"));
    cy.on("tap", "node", e => { window.location.href = "/entities/" + encodeURIComponent(e.target.id()); });
    cy.one("layoutstop", () => { box.dataset.nodes = String(cy.nodes().length); C.ready(); });
    cy.layout({name: "cose", animate: false, randomize: true, nodeRepulsion: () => 9000, idealEdgeLength: () => 60,
               numIter: 1000, padding: 20, nodeDimensionsIncludeLabels: true}).run();
    window.dossierNetwork = cy;  // for the browser tests
  }
  async function run() {
    C.busy();
    const p = new URLSearchParams();
    for (const k of ["type", "min_weight", "top"]) if (form.elements[k].value) p.set(k, form.elements[k].value);
    history.replaceState(null, "", "?" + p.toString());
    const g = await C.getJSON("/api/network?" + p.toString());
    const box = document.getElementById("chart");
    document.getElementById("network-count").textContent =
      `${g.nodes.length} of ${g.total_nodes} linked actors, ${g.links.length} of ${g.total_links} links`;
    list(g);
    if (!g.nodes.length) {
      if (cy) { cy.destroy(); cy = null; }
      box.dataset.nodes = "0";
      C.empty(box, "No two actors share a fact" + (p.get("type") ? " of this type" : "") +
                   (Number(p.get("min_weight")) > 1 ? " that often" : "") + " yet. Loosen the filters or ingest more articles.");
      C.ready();
      return;
    }
    draw(box, g);
  }
  form.addEventListener("submit", e => { e.preventDefault(); run(); });
  run();
})();
