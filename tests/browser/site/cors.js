// Served from a different origin than the API: fetches it cross-origin and renders rows.
"use strict";
const api = new URLSearchParams(location.search).get("api");

async function getJson(path) {
  const response = await fetch(api + path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function main() {
  const [contingents, search] = await Promise.all([
    getJson("/v1/contingents?limit=500"),
    getJson("/v1/search?q=kenya&limit=5"),
  ]);
  const body = document.querySelector("#contingents tbody");
  for (const c of contingents.data) {
    const row = document.createElement("tr");
    for (const value of [c.slug, c.nation.name, c.status]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    }
    body.append(row);
  }
  for (const hit of search.data) {
    const item = document.createElement("li");
    item.textContent = `${hit.kind}: ${hit.title}`;
    document.getElementById("hits").append(item);
  }
  document.getElementById("state").textContent = `total ${contingents.meta.total}`;
}

main().catch((error) => {
  console.error(error.message);
  document.getElementById("state").textContent = "failed";
});
