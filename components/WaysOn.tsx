import Link from '@/components/Link';
import { SearchForm } from '@/components/SearchForm';
import { paths } from '@/lib/site';

/** Where to go from a page that could not show what was asked for. */
export function WaysOn() {
  return (
    <>
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
