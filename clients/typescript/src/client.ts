// A small client of the MSS Facts API. Its types come from src/schema.d.ts, which
// `npm run generate` writes from the API's own /openapi.json (never edited by hand).
import type { paths } from "./schema";

type Json<P extends keyof paths> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": infer Body } } } };
}
  ? Body
  : never;

export type ContingentPage = Json<"/v1/contingents">;
export type Contingent = ContingentPage["data"][number];
export type Official = Json<"/v1/officials/{slug}">["data"];
export type SearchPage = Json<"/v1/search">;
export type SearchHit = SearchPage["data"][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string },
  ) {
    super(`${status}: ${problem.detail ?? problem.title ?? "request failed"}`);
  }
}

export class MssFactsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private async get<T>(path: string, query: Record<string, string> = {}): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const response = await this.fetchFn(url, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new ApiError(response.status, (await response.json()) as object);
    return (await response.json()) as T;
  }

  /** Every contingent (one page of up to `limit`). */
  async listContingents(limit = 100): Promise<Contingent[]> {
    const page = await this.get<ContingentPage>("/v1/contingents", { limit: String(limit) });
    return page.data;
  }

  /** One official by slug. */
  async getOfficial(slug: string): Promise<Official> {
    const item = await this.get<Json<"/v1/officials/{slug}">>(
      `/v1/officials/${encodeURIComponent(slug)}`,
    );
    return item.data;
  }

  /** Full-text search across every kind of record. */
  async search(q: string): Promise<SearchHit[]> {
    const page = await this.get<SearchPage>("/v1/search", { q });
    return page.data;
  }
}

// Uses of the typed fields: these fail to compile if the schema changes shape.
export function describeContingent(c: Contingent): string {
  const count = c.personnel ? `${c.personnel.value} ${c.personnel.unit}` : "an unknown number";
  return `${c.slug}: ${count}, ${c.status ?? "status not given"}`;
}

export function officialTitles(o: Official): string[] {
  // Fields other than slug and url may be left out with `fields=`, so they are optional.
  return (o.positions ?? []).map((p) => p.title);
}
