import type { Metadata } from 'next';
import { notFoundPage } from '@/components/NotFound';
import { AuthorView, authorMetadata, loadAuthorPage } from '../../view';

// Later pages of an author's articles; the cursor is the last article shown (issue date and id), a keyset.
export const revalidate = 300;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ slug: string; cursor: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, cursor } = await params;
  return authorMetadata(await loadAuthorPage(slug, cursor), cursor);
}

export default async function AuthorEarlierPage({ params }: Props) {
  const { slug, cursor } = await params;
  const page = await loadAuthorPage(slug, cursor);
  return page ? <AuthorView page={page} cursor={cursor} /> : notFoundPage();
}
