// Dossier's lists: name suggestions for filter boxes (a <datalist> filled from /api/suggest), filter forms that
// leave empty parameters out of the URL (so a view's URL holds only its state), and the fact-correction forms
// (POST /api/facts/{id}/correct with the token). Untrusted text is only ever set with textContent or value.
"use strict";
(function () {
  function suggestions(input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null, last = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = input.value.trim();
        if (q === last) return;
        last = q;
        const r = await fetch(`/api/suggest?kind=${encodeURIComponent(input.dataset.suggest)}&q=${encodeURIComponent(q)}`);
        if (!r.ok) return;
        list.textContent = "";
        for (const name of await r.json()) {
          const o = document.createElement("option");
          o.value = name;
          list.appendChild(o);
        }
      }, 150);
    });
  }

  function dropEmpty(form) {
    // empty fields stay out of the URL; enabled again at once, for forms a view's script submits itself
    form.addEventListener("submit", () => {
      const emptied = [...form.querySelectorAll("input, select")].filter(i => !i.value && !i.disabled);
      for (const i of emptied) i.disabled = true;
      setTimeout(() => { for (const i of emptied) i.disabled = false; }, 0);
    });
  }

  // "donor: Germany; recipient: Ukraine, Poland" -> {donor: ["Germany"], recipient: ["Ukraine", "Poland"]}
  function parseRoles(text) {
    const roles = {};
    for (const part of text.split(";")) {
      const at = part.indexOf(":");
      if (at < 0) continue;
      const role = part.slice(0, at).trim();
      if (role) roles[role] = part.slice(at + 1).split(",").map(s => s.trim()).filter(Boolean);
    }
    return roles;
  }

  function correction(form) {
    const data = new FormData(form), body = {};
    const was = form.querySelector("input[name=wrong]").defaultChecked, now = data.get("wrong") === "on";
    if (now !== was) body.wrong = now;
    for (const k of ["type", "status", "date", "note"]) if (data.get(k)) body[k] = data.get(k).trim();
    const amount = (data.get("amount") || "").replace(/[, _]/g, "");
    if (amount) {
      body.amount = {value: Number(amount)};
      if (data.get("currency")) body.amount.currency = data.get("currency").trim().toUpperCase();
    }
    if ((data.get("roles") || "").trim()) body.roles = parseRoles(data.get("roles"));
    return body;
  }

  function correctForm(form) {
    const token = form.querySelector("input[name=token]"), message = form.querySelector(".correct-message");
    token.value = sessionStorage.getItem("dossier-token") || "";
    form.addEventListener("submit", async e => {
      e.preventDefault();
      const body = correction(form);
      if (body.amount && !Number.isFinite(body.amount.value)) { message.textContent = "the amount is not a number"; return; }
      if (!Object.keys(body).length) { message.textContent = "nothing to correct"; return; }
      sessionStorage.setItem("dossier-token", token.value);
      const r = await fetch(`/api/facts/${encodeURIComponent(form.dataset.fact)}/correct`, {
        method: "POST", body: JSON.stringify(body),
        headers: {"Content-Type": "application/json", Authorization: "Bearer " + token.value}});
      const answer = await r.json().catch(() => ({}));
      if (r.ok) {
        message.textContent = "saved";
        setTimeout(() => location.reload(), 400);
      } else {
        const d = answer.detail;
        message.textContent = `not saved (${r.status}): ` + (Array.isArray(d) ? d.map(x => `${x.loc.slice(1).join(".")}: ${x.msg}`).join("; ") : d);
      }
    });
  }

  for (const input of document.querySelectorAll("input[data-suggest]")) suggestions(input);
  for (const form of document.querySelectorAll("form.filters[method=get]")) dropEmpty(form);
  for (const form of document.querySelectorAll("form.correct-form")) correctForm(form);
})();
