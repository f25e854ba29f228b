import type { Metadata } from 'next';
import Link from 'next/link';
import { SearchForm } from '@/components/SearchForm';
import { paths } from '@/lib/site';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

export default function NotFound() {
  return (
    <>
      <h1>We can’t find that page</h1>
      <p>
        There is no issue, article or author at this address. It may have been mistyped, or the link that brought you
        here may be out of date.
      </p>
      <p>Issues have addresses by their date, like /issues/2010-09-15, and each article sits under its issue.</p>
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
