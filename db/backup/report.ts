import type { Difference, TableSum } from './verify';

/** What the backup commands print: totals, and for a move every table beside its copy. */

export function totals(relations: TableSum[]): string {
  const tables = relations.filter((relation) => relation.kind === 'table');
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  const sequences = relations.length - tables.length;
  return `${tables.length} tables (${rows} rows) and ${sequences} sequences`;
}

export function comparisonLines(source: TableSum[], differences: Difference[]): string[] {
  const wrong = new Set(differences.map((difference) => difference.relation));
  const width = Math.max(...source.map((sum) => sum.schema.length + sum.name.length + 1), 10);
  const lines = source.map((sum) => {
    const name = `${sum.schema}.${sum.name}`;
    const what = sum.kind === 'sequence' ? 'sequence' : `${sum.rows} rows`;
    return `  ${name.padEnd(width)}  ${what.padStart(12)}  md5 ${sum.md5.slice(0, 12)}  ${wrong.has(name) ? 'DIFFERS' : 'same'}`;
  });
  for (const difference of differences) if (!difference.expected) lines.push(`  ${difference.relation}: only in the target`);
  return lines;
}
