import type { Metadata } from 'next';
import { notFoundPage } from '@/components/NotFound';
import { AuthorView, authorMetadata, loadAuthorPage } from './view';

// Rendered on first request and cached until an import or edit expires it (see lib/cache/handler.ts).
export const revalidate = 300;
export const generateStaticParams = () => [];

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return authorMetadata(await loadAuthorPage((await params).slug, null), null);
}

export default async function AuthorPage({ params }: Props) {
  const page = await loadAuthorPage((await params).slug, null);
  return page ? <AuthorView page={page} cursor={null} /> : notFoundPage();
}
