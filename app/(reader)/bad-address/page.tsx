import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { WaysOn } from '@/components/WaysOn';
import { ADDRESS_HELP, ADDRESS_PROBLEM_HEADER, readAddressProblem, type AddressProblem } from '@/lib/routing/addresses';

// Reached only through proxy.ts, which rewrites malformed addresses here with status 400 and says what was wrong in
// a request header (a direct request to /bad-address is answered 404 by the proxy).
export const metadata: Metadata = { title: 'That address is not one of ours', robots: { index: false } };

const LABEL: Record<AddressProblem['kind'], string> = {
  date: 'an issue date',
  slug: 'an article name',
  cursor: 'a page position',
  author: 'an author name',
};

export default async function BadAddressPage() {
  const problem = readAddressProblem((await headers()).get(ADDRESS_PROBLEM_HEADER));
  const known = problem?.kind;
  const value = problem?.value;
  const shown = value && value.length > 60 ? `${value.slice(0, 59)}…` : value;
  return (
    <>
      <h1>That address is not one of ours</h1>
      {known && shown ? (
        <p>
          “{shown}” is not {LABEL[known]}. {ADDRESS_HELP[known]}
        </p>
      ) : (
        <p>The address you followed is not in a form this site uses.</p>
      )}
      <WaysOn />
    </>
  );
}
