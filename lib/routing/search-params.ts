/** What Next gives a page for its query string: a name given twice (?q=a&q=b) arrives as a list. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * One value per name, the first, as a form would send it. Pages read their query through this, so a repeated
 * parameter in a hand-made address is an ordinary value and never a list that a query or a string method chokes on.
 */
export async function singleValues<Names extends string>(params: Promise<RawSearchParams>): Promise<Partial<Record<Names, string>>> {
  const values: Partial<Record<string, string>> = {};
  for (const [name, value] of Object.entries(await params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[name] = first;
  }
  return values as Partial<Record<Names, string>>;
}
