import type { Session } from './session';

/**
 * What a dump should hold, table by table, so that a restore (or a move) can prove it stored all of it: each
 * table's row count and an md5 over its rows, and each sequence's position. The digest is of the rows' text, in
 * the order of their own md5s (no collation, no key needed), under fixed settings for the types whose text depends
 * on them (times, floats, bytes) — so PGlite and any PostgreSQL server compute the same one for the same rows.
 */

export type TableSum = { schema: string; name: string; kind: 'table' | 'sequence'; rows: number; md5: string };

/** Session settings that fix how values print; set before digests are computed on either side. */
export const DIGEST_SETTINGS = `
  set TimeZone = 'UTC';
  set DateStyle = 'ISO, MDY';
  set IntervalStyle = 'postgres';
  set extra_float_digits = 1;
  set bytea_output = 'hex';`;

/** Every table (partitions, not their parents) and sequence outside the system schemas. */
const RELATIONS = `
  select n.nspname as schema, c.relname as name, case c.relkind when 'S' then 'sequence' else 'table' end as kind
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'S') and c.relpersistence <> 't'
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'`;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function digestQuery(relation: Pick<TableSum, 'schema' | 'name' | 'kind'>): string {
  const target = `${quote(relation.schema)}.${quote(relation.name)}`;
  if (relation.kind === 'sequence') {
    return `select 1::bigint as rows, pg_catalog.md5(last_value::text || ':' || is_called::text) as md5 from ${target}`;
  }
  return (
    `select count(*)::bigint as rows, pg_catalog.md5(coalesce(pg_catalog.string_agg(h, '' order by h), '')) as md5 ` +
    `from (select pg_catalog.md5(r::text) collate "C" as h from ${target} r) digests`
  );
}

const byName = (a: TableSum, b: TableSum) => (a.schema + '.' + a.name < b.schema + '.' + b.name ? -1 : 1);

/** The digests of every table and sequence the session sees (settings fixed for the rest of the session). */
export async function digestDatabase(session: Session): Promise<TableSum[]> {
  await session.exec(DIGEST_SETTINGS);
  const relations = (await session.query(RELATIONS)) as Pick<TableSum, 'schema' | 'name' | 'kind'>[];
  const sums: TableSum[] = [];
  for (const relation of relations) {
    const [row] = await session.query(digestQuery(relation));
    sums.push({ schema: relation.schema, name: relation.name, kind: relation.kind, rows: Number(row!.rows), md5: String(row!.md5) });
  }
  return sums.sort(byName);
}

export type Difference = { relation: string; expected?: TableSum; actual?: TableSum };

/** Every table or sequence whose rows or digest differ, or that is on one side only. */
export function compareDigests(expected: TableSum[], actual: TableSum[]): Difference[] {
  const key = (sum: TableSum) => `${sum.schema}.${sum.name}`;
  const theirs = new Map(actual.map((sum) => [key(sum), sum]));
  const differences: Difference[] = [];
  for (const sum of expected) {
    const other = theirs.get(key(sum));
    theirs.delete(key(sum));
    if (!other || other.rows !== sum.rows || other.md5 !== sum.md5) differences.push({ relation: key(sum), expected: sum, actual: other });
  }
  for (const [relation, other] of theirs) differences.push({ relation, actual: other });
  return differences;
}

/**
 * SQL that fails (raises) unless the database holds exactly `expected`: run by a restore inside its transaction,
 * after the dump, so that a restore that does not verify stores nothing. Works in psql and in PGlite alike.
 */
export function verificationSql(expected: TableSum[]): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  // One row per relation: what the dump listed beside what the database now holds.
  const rows = expected.map((sum, index) => {
    const query = digestQuery(sum);
    return (
      `select ${literal(sum.schema + '.' + sum.name)} as relation, ${sum.rows}::bigint as want_rows, ${literal(sum.md5)} as want_md5, ` +
      `got.rows as got_rows, got.md5 as got_md5 from (${query}) got` +
      (index < expected.length - 1 ? ' union all' : '')
    );
  });
  return `${DIGEST_SETTINGS}
do $verify$
declare
  wrong text;
  present bigint;
begin
  select string_agg(relation || ' (' || got_rows || ' rows, expected ' || want_rows || ')', ', ') into wrong from (
    ${rows.length ? rows.join('\n    ') : "select '' as relation, 0::bigint as want_rows, '' as want_md5, 0::bigint as got_rows, '' as got_md5 where false"}
  ) sums where got_rows <> want_rows or got_md5 <> want_md5;
  if wrong is not null then
    raise exception 'The restored database does not match the dump''s checksums: %', wrong;
  end if;
  select count(*) into present from (${RELATIONS}) relations;
  if present <> ${expected.length} then
    raise exception 'The restored database has % tables and sequences; the dump listed ${expected.length}.', present;
  end if;
end
$verify$;
`;
}
