import type { Sql } from 'postgres';

/**
 * Text that varies with the input: drizzle's `in ($1, $2, …)` lists (`inArray`) and multi-row
 * `values (…), (…)`. Such statements stay unnamed; the hot ones pass their lists as one array
 * (`anyOf` in repositories/shared.ts) so that their text is fixed.
 */
const VARYING_TEXT = / in \(\$\d|\), \(/;

/**
 * The postgres.js client for drizzle, with every statement of fixed text prepared. Drizzle sends its
 * statements unnamed, and postgres.js must then ask the server for an unnamed statement's parameter
 * types before it can send the values: two round trips, and the connection pipelines nothing
 * meanwhile (25× slower per statement with 20 at a time on one connection, measured). A prepared
 * statement is parsed once per connection and then goes in one round trip, pipelined. postgres.js
 * keeps each distinct text prepared for the connection's life, hence no text that varies with the
 * input; a statement whose plan the schema invalidated is re-prepared by postgres.js itself.
 * Transactions and savepoints get the same client.
 */
export function preparing(client: Sql): Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, { ...options, prepare: !VARYING_TEXT.test(query) });
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const work = args.pop() as (tx: Sql) => unknown;
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown)(...args, (tx: Sql) => work(preparing(tx)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}
