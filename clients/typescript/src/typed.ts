// Compile-time guard: every GET operation's JSON body (and each of its top-level fields)
// must be a typed shape, not `any`, `unknown` or an open `{ [key: string]: ... }` object.
// If the schema leaves one untyped, `tsc` fails naming the path.
import type { paths } from "./schema";

type IsAny<T> = 0 extends 1 & T ? true : false;
type OpenObject<T> = T extends object ? (string extends keyof T ? true : false) : false;
type Loose<T> = IsAny<T> extends true
  ? true
  : unknown extends T
    ? true
    : OpenObject<NonNullable<T>>;

type JsonOk<P> = P extends {
  get: { responses: { 200: { content: { "application/json": infer Body } } } };
}
  ? Body
  : never;

type LooseField<B> = { [K in keyof B]: Loose<B[K]> extends true ? K : never }[keyof B];

type Untyped = {
  [P in keyof paths]: [JsonOk<paths[P]>] extends [never]
    ? never
    : Loose<JsonOk<paths[P]>> extends true
      ? P
      : [LooseField<JsonOk<paths[P]>>] extends [never]
        ? never
        : `${P & string} field ${LooseField<JsonOk<paths[P]>> & string}`;
}[keyof paths];

export const everyResponseIsTyped: [Untyped] extends [never] ? true : Untyped = true;
