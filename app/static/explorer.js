// The explorer: reads only the public JSON API (same origin) and renders with the DOM
// (textContent, never HTML from data). Evidence links open the excerpt highlighted
// inside its source text (#evidence/SOURCE/START-END).
"use strict";

const API = document.documentElement.dataset.api || "";

async function getJson(path) {
  const response = await fetch(API + path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// --- dates and quantities, shown honestly -------------------------------------------

const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December"];

function dateText(d) {
  if (!d || (!d.earliest_on && !d.latest_on && !d.text)) return "date not reported";
  const words = d.text ? `“${d.text}”, ` : "";
  if (!d.earliest_on && d.latest_on) return `${words}on or before ${d.latest_on}`;
  if (!d.earliest_on) return `“${d.text}” (not pinned to a day)`;
  if (!d.latest_on) return `${words}on or after ${d.earliest_on}`;
  const [y, m, day] = (d.earliest_on || "").split("-");
  let shown;
  if (d.precision === "day") shown = `${Number(day)} ${MONTHS[Number(m) - 1]} ${y}`;
  else if (d.precision === "month") shown = `${MONTHS[Number(m) - 1]} ${y}`;
  else if (d.precision === "year") shown = y;
  else shown = d.earliest_on ? `between ${d.earliest_on} and ${d.latest_on}` : "unknown";
  return shown;
}

function dateNote(d) {
  if (!d) return "";
  const parts = [];
  if (d.text) parts.push(`source: “${d.text}”`);
  if (d.precision && d.precision !== "day") parts.push(`precision: ${d.precision}`);
  if (d.earliest_on && d.latest_on && d.earliest_on !== d.latest_on) {
    parts.push(`any day from ${d.earliest_on} to ${d.latest_on}`);
  }
  if (d.inferred) parts.push(`inferred${d.inference_reason ? `: ${d.inference_reason}` : ""}`);
  return parts.join("; ");
}

const QUALIFIERS = { exact: "", approximately: "about ", at_least: "at least ",
  more_than: "more than ", at_most: "at most ", fewer_than: "fewer than " };

function quantityText(q) {
  if (!q || q.value === null || q.value === undefined) return "not reported";
  const qualifier = QUALIFIERS[q.qualifier] ?? `${q.qualifier} `;
  return `${qualifier}${q.value.toLocaleString("en")} ${q.unit || ""}`.trim();
}

// --- evidence ------------------------------------------------------------------------

function evidenceLinks(evidence) {
  const span = el("span", { class: "evidence" });
  (evidence || []).forEach((e, i) => {
    if (e.verified && e.start !== null) {
      span.append(el("a", { href: `#evidence/${e.source}/${e.start}-${e.end}`,
        title: `Evidence: the exact words in ${e.source}` }, `[source ${i + 1}]`));
    } else {
      span.append(el("a", { href: e.source_url, class: "claim", rel: "noopener noreferrer",
        title: `Claim of ${e.source} (text not stored): ${e.claim || ""}` },
      `[claim ${i + 1}]`));
    }
  });
  return span;
}

async function showEvidence(source, id) {
  const section = document.getElementById("evidence");
  const body = document.getElementById("evidence-body");
  section.hidden = false;
  body.replaceChildren(el("p", {}, "Loading the source text…"));
  try {
    const { data } = await getJson(`/v1/sources/${encodeURIComponent(source)}/excerpts/${id}?context=600`);
    const check = data.text_intact && data.excerpt_matches
      ? el("p", { class: "check-ok" }, "✓ The stored text matches its SHA-256 and the excerpt is at these offsets.")
      : el("p", { class: "check-bad" }, "✗ The stored text or the excerpt no longer matches.");
    const text = el("div", { class: "source-text", tabindex: "0", role: "document",
      "aria-label": `Text of ${data.source}` },
    data.start > data.before.length ? "… " : "", data.before,
    el("mark", {}, data.excerpt), data.after,
    data.end + data.after.length < data.text_length ? " …" : "");
    const cited = el("ul", {}, ...data.cited_by.map((c) => el("li", {},
      el("a", { href: c.url }, `${c.kind}/${c.key}`),
      c.supports.length ? ` supports: ${c.supports.join(", ")}` : " (the whole record)")));
    body.replaceChildren(
      el("p", {}, "Source: ", el("a", { href: data.source_url }, data.source),
        ` (characters ${data.start}–${data.end} of ${data.text_length})`),
      check, text, el("h3", {}, "Cited by"), cited);
  } catch (error) {
    body.replaceChildren(el("p", { class: "check-bad" }, `Could not load the evidence: ${error.message}`));
  }
  document.getElementById("evidence-h").focus();
}

// A strength point's sources: its claims and excerpts, each with its page.
async function showFigure(slug) {
  const section = document.getElementById("evidence");
  const body = document.getElementById("evidence-body");
  section.hidden = false;
  body.replaceChildren(el("p", {}, "Loading the figure…"));
  try {
    const { data: f } = await getJson(`/v1/strength/${encodeURIComponent(slug)}`);
    const whose = f.nation ? f.nation.name : "the whole mission";
    const items = f.evidence.map((e) => el("li", {},
      el("a", { href: e.source_url, rel: "noopener noreferrer" }, e.source), ": ",
      e.excerpt ? `“${e.excerpt}”` : e.claim,
      e.verified ? "" : " (claim; the page's text is not stored)"));
    body.replaceChildren(
      el("p", {}, `${quantityText(f)} for ${whose}, as of ${dateText(f.as_of)}`,
        f.basis ? ` (${f.basis})` : "", "."),
      dateNote(f.as_of) ? el("p", { class: "precision" }, dateNote(f.as_of)) : null,
      el("p", {}, `Independent reports: ${f.corroboration.sources}`,
        f.corroboration.disputed ? "; disputed by another source." : "."),
      el("ul", { id: "figure-sources" }, ...items));
  } catch (error) {
    body.replaceChildren(el("p", { class: "check-bad" }, `Could not load the figure: ${error.message}`));
  }
  document.getElementById("evidence-h").focus();
}

function route() {
  const match = /^#evidence\/([a-z0-9-]+)\/(\d+-\d+)$/.exec(location.hash);
  if (match) showEvidence(match[1], match[2]);
  const figure = /^#strength\/([a-z0-9-]+)$/.exec(location.hash);
  if (figure) showFigure(figure[1]);
}

// Every record of a list, following links.next.
async function getAll(path) {
  const out = [];
  let next = path;
  while (next) {
    const body = await getJson(next.startsWith("http") ? new URL(next).pathname + new URL(next).search : next);
    out.push(...body.data);
    next = body.links.next;
  }
  return out;
}

// --- sections -------------------------------------------------------------------------

function fact(list, term, value, evidence) {
  list.append(el("dt", {}, term), el("dd", {}, value, evidence ? evidenceLinks(evidence) : null));
}

async function renderMission() {
  const [{ data: m }, { data: stats }] = await Promise.all([getJson("/v1/mission"), getJson("/v1/stats")]);
  const list = document.getElementById("mission-facts");
  const role = (r) => m.participations.filter((p) => p.role === r);
  fact(list, "Name", `${m.name}${m.acronym ? ` (${m.acronym})` : ""}`, m.evidence);
  if (m.purpose) fact(list, "Purpose", m.purpose);
  if (m.host_nation) fact(list, "Host nation", m.host_nation.name);
  if (m.lead_nation) fact(list, "Led by", m.lead_nation.name, role("lead")[0]?.evidence);
  if (m.authorised_by) fact(list, "Authorised by", m.authorised_by.name);
  if (m.partner_organisation) fact(list, "Works with", m.partner_organisation.name);
  fact(list, "Personnel reported", quantityText(stats.personnel_total));
  // Nations that send people (police, military or other personnel), each counted once:
  // the host, the lead role and supporters without personnel are not contributions.
  const contributing = new Set(
    m.participations
      .filter((p) => p.role.endsWith("_contributor"))
      .map((p) => p.nation.code),
  );
  fact(list, "Contributing nations", String(contributing.size));
  return stats;
}

async function renderTimeline() {
  const { data } = await getJson("/v1/contingents?limit=500");
  const list = document.getElementById("timeline-list");
  const when = (c) => c.arrived || c.deployed || c.departed;
  data.sort((a, b) => (when(a)?.earliest_on || "9999").localeCompare(when(b)?.earliest_on || "9999"));
  for (const c of data) {
    const d = when(c);
    const verb = c.returned ? "returned home" : c.arrived ? "arrived" : c.deployed ? "deployed" : c.departed ? "departed" : "planned";
    list.append(el("li", { class: c.status === "planned" ? "planned" : "done" },
      el("h3", {}, `${dateText(d)}: ${c.nation.name}, ${quantityText(c.personnel)}`),
      el("p", {}, el("span", { class: "status" }, c.status), " ",
        c.status === "planned" ? "Planned deployment" : `Contingent ${verb}`,
        c.arrival_place ? ` at ${c.arrival_place}` : "",
        evidenceLinks(c.evidence)),
      dateNote(d) ? el("p", { class: "precision" }, dateNote(d)) : null));
  }
}

function renderPersonnel(stats) {
  const rows = stats.personnel_by_nation;
  const width = 640, barLeft = 150, rowHeight = 28;
  const max = Math.max(1, ...rows.map((r) => r.total?.value || 0));
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${rows.length * rowHeight + 10}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "personnel-title");
  const title = document.createElementNS(svg.namespaceURI, "title");
  title.id = "personnel-title";
  title.textContent = "Reported personnel by nation: " + rows.map((r) =>
    `${r.nation.name}, ${quantityText(r.total)}`).join("; ");
  svg.append(title);
  rows.forEach((r, i) => {
    const y = i * rowHeight + 5;
    const label = document.createElementNS(svg.namespaceURI, "text");
    label.setAttribute("x", "0");
    label.setAttribute("y", String(y + 17));
    label.textContent = r.nation.name;
    svg.append(label);
    const value = r.total?.value;
    const value_text = document.createElementNS(svg.namespaceURI, "text");
    if (value) {
      const bar = document.createElementNS(svg.namespaceURI, "rect");
      const w = Math.max(2, ((width - barLeft - 230) * value) / max);
      bar.setAttribute("x", String(barLeft));
      bar.setAttribute("y", String(y + 4));
      bar.setAttribute("width", String(w));
      bar.setAttribute("height", "16");
      bar.setAttribute("class", "bar");
      svg.append(bar);
      value_text.setAttribute("x", String(barLeft + w + 6));
      value_text.textContent = quantityText(r.total);
    } else {
      value_text.setAttribute("x", String(barLeft));
      value_text.setAttribute("class", "none");
      value_text.textContent = `no figure reported (${r.roles.join(", ").replaceAll("_", " ")})`;
    }
    value_text.setAttribute("y", String(y + 17));
    svg.append(value_text);
  });
  document.getElementById("personnel-chart").replaceChildren(svg);
  document.getElementById("personnel-caption").textContent =
    `Total reported: ${quantityText(stats.personnel_total)}.`;
}

async function renderEvents() {
  const events = await getAll("/v1/events?limit=500");
  const list = document.getElementById("event-list");
  for (const e of events) {
    list.append(el("li", { class: e.kind === "planned_deployment" ? "planned" : "done" },
      el("h3", {}, `${dateText(e.date)}: ${e.title}`),
      el("p", {}, el("span", { class: "status" }, e.kind.replaceAll("_", " ")),
        e.place ? ` ${e.place}` : "", e.amount ? ` (${e.amount.value.toLocaleString("en")} ${e.amount.currency})` : "",
        evidenceLinks(e.evidence)),
      dateNote(e.date) ? el("p", { class: "precision" }, dateNote(e.date)) : null));
  }
}

const SERIES_COLOURS = ["#0b5cad", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#116329", "#6e7781"];

async function renderStrength() {
  const points = (await getAll("/v1/strength?limit=500")).filter((f) => f.as_of.earliest_on);
  const width = 720, height = 320, left = 60, right = 150, top = 10, bottom = 40;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const ns = svg.namespaceURI;
  const make = (tag, attrs) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    return node;
  };
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-labelledby", "strength-title");
  const title = make("title", { id: "strength-title" });
  title.textContent = `Reported strength over time: ${points.length} figures.`;
  svg.append(title);
  const day = (f) => Date.parse(f.as_of.earliest_on);
  const t0 = Math.min(...points.map(day)), t1 = Math.max(...points.map(day), t0 + 1);
  const vmax = Math.max(1, ...points.map((f) => f.value));
  const x = (f) => left + ((day(f) - t0) / (t1 - t0)) * (width - left - right);
  const y = (v) => height - bottom - (v / vmax) * (height - top - bottom);
  svg.append(make("line", { class: "axis", x1: left, y1: height - bottom, x2: width - right, y2: height - bottom }));
  svg.append(make("line", { class: "axis", x1: left, y1: top, x2: left, y2: height - bottom }));
  for (const [v, label] of [[0, "0"], [vmax, vmax.toLocaleString("en")]]) {
    const t = make("text", { x: 4, y: y(v) + 4 });
    t.textContent = label;
    svg.append(t);
  }
  for (const [when, anchor] of [[t0, left], [t1, width - right]]) {
    const t = make("text", { x: anchor - 30, y: height - bottom + 18 });
    t.textContent = new Date(when).toISOString().slice(0, 10);
    svg.append(t);
  }
  const series = [...new Set(points.map((f) => f.nation?.name || "Whole mission"))];
  series.forEach((name, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const mine = points.filter((f) => (f.nation?.name || "Whole mission") === name);
    if (mine.length > 1) {
      svg.append(make("polyline", { fill: "none", stroke: colour, "stroke-width": 1.5,
        points: mine.map((f) => `${x(f)},${y(f.value)}`).join(" ") }));
    }
    for (const f of mine) {
      const link = make("a", { href: `#strength/${f.slug}`, class: "figure-point" });
      const bound = !["exact", "approximately"].includes(f.qualifier);
      const dot = make("circle", { cx: x(f), cy: y(f.value), r: 5, stroke: colour,
        fill: bound ? "#fff" : colour, class: `point${bound ? " bound" : ""}` });
      const tip = make("title", {});
      tip.textContent = `${name}: ${quantityText(f)}, as of ${dateText(f.as_of)}`;
      dot.append(tip);
      link.append(dot);
      svg.append(link);
    }
    const key = make("text", { x: width - right + 10, y: top + 16 + i * 18, style: `fill: ${colour}` });
    key.textContent = name;
    svg.append(key);
  });
  document.getElementById("strength-chart").replaceChildren(svg);
  document.getElementById("strength-caption").textContent =
    `${points.length} dated figures from /v1/strength; undated figures are not drawn.`;
}

function renderPledges(stats) {
  const body = document.querySelector("#pledge-table tbody");
  // The API lists nations by code; a reader looks a nation up by its name.
  const rows = [...stats.pledged_and_sent].sort((a, b) => a.nation.name.localeCompare(b.nation.name, "en"));
  for (const row of rows) {
    const pledged = row.pledges.length
      ? row.pledges.map((p) => `${quantityText(p.personnel)} (${p.kind}, ${dateText(p.made)})`).join("; ")
      : "no pledge reported";
    const latest = row.latest_strength
      ? el("a", { href: `#strength/${row.latest_strength.figure}` },
        `${quantityText(row.latest_strength)}, ${dateText(row.latest_strength.as_of)}`)
      : "not reported";
    body.append(el("tr", {},
      el("th", { scope: "row" }, row.nation.name),
      el("td", {}, pledged),
      el("td", {}, `${quantityText(row.sent)} (${row.contingents_sent})`),
      el("td", {}, latest)));
  }
}

function claimValue(value) {
  if (value === null || value === undefined) return "not stated";
  if (typeof value !== "object") return String(value);
  if ("qualifier" in value && "value" in value) return quantityText(value);
  if ("precision" in value || "earliest_on" in value) return dateText(value);
  return JSON.stringify(value);
}

async function renderConflicts() {
  const conflicts = await getAll("/v1/conflicts?limit=500");
  const box = document.getElementById("conflict-list");
  for (const c of conflicts) {
    box.append(el("div", { class: "conflict" },
      el("h3", {}, c.slug.replaceAll("-", " ")),
      el("p", {}, c.description),
      el("ul", {}, ...c.claims.map((side) => el("li", {},
        el("a", { href: side.record.url }, `${side.record.kind}/${side.record.slug}`),
        ` ${side.field}: ${claimValue(side.value)}`, evidenceLinks(side.evidence))))));
  }
}

async function renderQuotes() {
  const { data } = await getJson("/v1/quotes?limit=500&include=speaker");
  const box = document.getElementById("quote-list");
  for (const q of data) {
    box.append(el("figure", { class: "quote" },
      el("blockquote", {}, `“${q.text}”`),
      el("figcaption", {}, "— ", el("a", { href: q.speaker.url }, q.speaker.name || q.speaker.slug),
        q.venue ? `, ${q.venue}` : "", `, ${dateText(q.date)}`, evidenceLinks(q.evidence))));
  }
}

async function search(event) {
  event.preventDefault();
  const q = document.getElementById("search-q").value.trim();
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  if (!q) return;
  status.textContent = "Searching…";
  try {
    const { data, meta } = await getJson(`/v1/search?q=${encodeURIComponent(q)}&limit=20`);
    list.replaceChildren(...data.map((hit) => el("li", {},
      el("a", { href: hit.url }, hit.title), ` (${hit.kind})`)));
    status.textContent = `${meta.total} result${meta.total === 1 ? "" : "s"} for “${q}”.`;
  } catch (error) {
    status.textContent = `Search failed: ${error.message}`;
  }
}

async function main() {
  document.getElementById("search-form").addEventListener("submit", search);
  window.addEventListener("hashchange", route);
  const { data: dataset } = await getJson("/v1/dataset");
  document.getElementById("dataset").textContent =
    `Dataset version ${dataset.version}, loaded ${dataset.loaded_at.slice(0, 10)}.`;
  const stats = await renderMission();
  renderPersonnel(stats);
  renderPledges(stats);
  await Promise.all([renderTimeline(), renderEvents(), renderStrength(), renderConflicts(),
    renderQuotes()]);
  document.body.dataset.ready = "true";
  route();
}

main().catch((error) => {
  document.getElementById("dataset").textContent = `The API could not be read: ${error.message}`;
  document.body.dataset.ready = "error";
});
