import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchForm } from '@/components/SearchForm';
import { ADDRESS_HELP, type AddressProblem } from '@/lib/routing/addresses';
import { paths } from '@/lib/site';

// Reached through proxy.ts, which rewrites malformed addresses here with status 400.
export const metadata: Metadata = { title: 'That address is not one of ours', robots: { index: false } };

type Props = { searchParams: Promise<{ kind?: string; value?: string }> };

const LABEL: Record<AddressProblem['kind'], string> = {
  date: 'an issue date',
  slug: 'an article name',
  cursor: 'a page position',
  author: 'an author name',
};

export default async function BadAddressPage({ searchParams }: Props) {
  const { kind, value } = await searchParams;
  const known = kind && kind in ADDRESS_HELP ? (kind as AddressProblem['kind']) : undefined;
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
      <ul>
        <li>
          <Link href={paths.home}>Read the latest issue</Link>
        </li>
        <li>
          <Link href={paths.archive()}>Browse every issue in the archive</Link>
        </li>
      </ul>
      <SearchForm />
    </>
  );
}
