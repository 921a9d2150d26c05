// A tour of the API with a generated client: openapi-typescript wrote src/schema.d.ts
// from /openapi.json, openapi-fetch makes the calls. Every response below is typed by the
// schema alone (no casts): compile with `npm run check`, then run against a server:
//
//   npm run tour -- http://127.0.0.1:8000
//
// It prints one JSON line per step.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type Contingent = components["schemas"]["ContingentPublic"];

const baseUrl = process.argv[2] ?? "http://127.0.0.1:8000";
const api = createClient<paths>({ baseUrl });

function fail(step: string, error: { status?: number; title?: string; detail?: string }): never {
  throw new Error(`${step}: ${error.status ?? "?"} ${error.detail ?? error.title ?? ""}`);
}

type ContingentPage = paths["/v1/contingents"]["get"]["responses"][200]["content"]["application/json"];

/** One page of contingents: the first, or the one a `links.next` cursor names. */
async function contingentPage(limit: number, cursor: string | null): Promise<ContingentPage> {
  const query: paths["/v1/contingents"]["get"]["parameters"]["query"] =
    cursor === null ? { limit } : { limit, cursor };
  const { data, error } = await api.GET("/v1/contingents", { params: { query } });
  if (error) fail("list contingents", error);
  return data;
}

/** Every contingent: the first page, then `links.next` followed to the end. */
async function everyContingent(limit: number): Promise<{ items: Contingent[]; pages: number }> {
  const items: Contingent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await contingentPage(limit, cursor);
    items.push(...page.data);
    pages += 1;
    cursor = page.links.next === null ? null : new URL(page.links.next).searchParams.get("cursor");
  } while (cursor !== null);
  return { items, pages };
}

async function main(): Promise<void> {
  const { items, pages } = await everyContingent(7);
  const nations = [...new Set(items.map((c) => c.nation.code))].sort();
  const arrived = items.filter((c) => c.status === "arrived").length;
  console.log(JSON.stringify({ step: "contingents", count: items.length, pages, nations, arrived }));

  const { data: one, error } = await api.GET("/v1/officials/{slug}", {
    params: { path: { slug: "joseph-boinnet" }, query: { include: "nation" } },
  });
  if (error) fail("get official", error);
  const official = one.data;
  // `object` tells the full nation record from a link: the compiler narrows on it.
  const nation = official.nation;
  if (nation === null || nation.object !== "nation") {
    throw new Error(`include=nation gave ${JSON.stringify(nation)}`);
  }
  console.log(
    JSON.stringify({
      step: "official",
      slug: official.slug,
      name: official.name,
      nation: nation.code,
      nation_name: nation.name,
      nation_roles: nation.roles,
      positions: official.positions.length,
    }),
  );

  const { data: found, error: searchError } = await api.GET("/v1/search", {
    params: { query: { q: "Jamaica", limit: 5 } },
  });
  if (searchError) fail("search", searchError);
  console.log(
    JSON.stringify({
      step: "search",
      total: found.meta.total,
      hits: found.data.map((h) => `${h.kind}/${h.slug}`),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
