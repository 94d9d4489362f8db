// /map: Leaflet (vendored) over Natural Earth's country shapes (world-atlas, TopoJSON turned into GeoJSON with
// topojson-client), no tile server. Countries are shaded by facts (a choropleth with a legend); geocoded places
// (entities of type place only: /api/places) are dots sized by mentions, with popups linking to the entity.
"use strict";
(() => {
  const C = DossierCharts;
  const ANTARCTICA = "010";  // ISO 3166 numeric; no news facts there, and its ring wraps the whole world
  const SHADES = ["#f1f3f5", "#dbe4ff", "#bac8ff", "#91a7ff", "#5c7cfa", "#3b5bdb", "#233e9c"];

  // Class breaks from 1 to the largest count, each about twice the last: [1, 2, 5, 10, 20, ...].
  function breaks(max) {
    const out = [1];
    for (const step of [2, 5, 10, 20, 50, 100, 200, 500, 1000]) if (step <= max && out.length < SHADES.length - 1) out.push(step);
    return out;
  }
  function shade(n, bs) {
    if (!n) return SHADES[0];
    let i = 0;
    while (i + 1 < bs.length && n >= bs[i + 1]) i++;
    return SHADES[i + 1];
  }
  // A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps from +180 to -180 and would be drawn
  // as a band across the world: carry its longitudes on past 180 instead.
  function unwrap(ring) {
    for (let i = 1; i < ring.length; i++) {
      const d = ring[i][0] - ring[i - 1][0];
      if (d > 180) ring[i][0] -= 360;
      else if (d < -180) ring[i][0] += 360;
    }
  }
  function shapes(world) {
    const all = topojson.feature(world, world.objects.countries);
    all.features = all.features.filter(f => f.id !== ANTARCTICA);
    for (const f of all.features) {
      const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const poly of polys) poly.forEach(unwrap);
    }
    return all;
  }
  function countryPopup(name, c) {
    const div = C.node("div", null, undefined, {"class": "popup"});
    C.node("b", div, name);
    if (!c) { C.node("div", div, "No facts or mentions.", {"class": "muted"}); return div; }
    const p = C.node("div", div);
    C.node("a", p, `${c.facts} facts`, {href: "/facts?country=" + encodeURIComponent(c.country)});
    C.node("span", p, ` naming an actor of ${c.name}; mentioned ${c.mentions} times`);
    return div;
  }
  function placePopup(p) {
    const div = C.node("div", null, undefined, {"class": "popup"});
    C.node("a", div, p.name, {href: "/entities/" + p.id});
    C.node("div", div, `${p.country || "?"}, ${p.mentions} mentions`, {"class": "muted"});
    C.node("a", C.node("div", div), "its facts and mentions", {href: "/entities/" + p.id});
    return div;
  }
  function legend(bs) {
    const box = document.getElementById("map-legend");
    box.textContent = "";
    const ul = C.node("ul", box, undefined, {"class": "legend shades"});
    C.node("li", ul, "Facts naming an actor of the country:", {"class": "muted"});
    const labels = ["none"].concat(bs.map((b, i) => i + 1 < bs.length ? (bs[i + 1] - 1 > b ? `${b}–${bs[i + 1] - 1}` : `${b}`) : `${b}+`));
    labels.forEach((label, i) => {
      const li = C.node("li", ul);
      C.node("span", li, undefined, {"class": `swatch shade-${i}`});
      C.node("span", li, label);
    });
    const li = C.node("li", ul);
    C.node("span", li, undefined, {"class": "swatch dot"});
    C.node("span", li, "place (size: mentions)");
  }
  function placeList(places) {
    const ol = document.getElementById("place-list");
    ol.textContent = "";
    document.getElementById("place-count").textContent = `(${places.length})`;
    for (const p of places) {
      const li = C.node("li", ol, undefined, {"class": "place"});
      C.node("a", li, `${p.name} (${p.country || "?"})`, {href: "/entities/" + p.id, "data-id": p.id});
      C.node("span", li, ` ${p.mentions} mentions`, {"class": "muted"});
    }
    if (!places.length) C.node("li", ol, "No geocoded places yet: they appear when articles name towns or cities.", {"class": "empty"});
  }
  async function draw() {
    const [world, stats, places] = await Promise.all([
      C.getJSON("/static/vendor/world-atlas/countries-110m.json"), C.getJSON("/api/countries"), C.getJSON("/api/places")]);
    const byNumeric = new Map(stats.filter(c => c.numeric).map(c => [c.numeric, c]));
    const byName = new Map(stats.map(c => [c.name, c]));
    const bs = breaks(Math.max(1, ...stats.map(c => c.facts)));
    const map = L.map("chart", {worldCopyJump: false, minZoom: 1, maxZoom: 9, attributionControl: true});
    map.attributionControl.setPrefix(false);
    map.fitBounds([[-50, -165], [72, 175]]);  // a view first: Leaflet's vector layers need one
    L.geoJSON(shapes(world), {
      attribution: "Country shapes: Natural Earth",
      style: f => {
        const c = byNumeric.get(f.id) || byName.get(f.properties.name);
        return {className: "country", weight: 0.6, color: "#8a94a6", fillOpacity: 1, fillColor: shade(c ? c.facts : 0, bs)};
      },
      onEachFeature: (f, layer) => layer.bindPopup(() => countryPopup(f.properties.name, byNumeric.get(f.id) || byName.get(f.properties.name))),
    }).addTo(map);
    const maxM = Math.max(1, ...places.map(p => p.mentions));
    for (const p of places) {
      L.circleMarker([p.lat, p.lon], {className: "place", radius: 3 + 9 * Math.sqrt(p.mentions / maxM), weight: 1,
                                      color: "#7a2e00", fillColor: "#fd7e14", fillOpacity: 0.85})
        .bindPopup(() => placePopup(p)).bindTooltip(p.name).addTo(map);
    }
    legend(bs);
    placeList(places);
    C.ready();
  }
  draw();
})();
