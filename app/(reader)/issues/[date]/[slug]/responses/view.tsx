import type { Metadata } from 'next';
import Link from '@/components/Link';
import { IssueDate } from '@/components/IssueDate';
import { notFoundMetadata, notFoundPage } from '@/components/NotFound';
import { ResponsesSection } from '@/components/ResponsesSection';
import { isIssueDate } from '@/lib/issues/dates';
import { getArticle } from '@/lib/issues/queries';
import { SLUG_PATTERN } from '@/lib/issues/slug';
import { pageMetadata } from '@/lib/metadata';
import { getThreads, type ThreadOrder } from '@/lib/responses/queries';
import { paths } from '@/lib/site';
import { rowIdOf } from '@/lib/routing/addresses';

/**
 * An article's responses on pages of their own: /issues/<date>/<slug>/responses/<oldest|newest>[/<cursor>], the
 * cursor being the last thread shown (a keyset, so every page costs the same). The article page shows the first
 * page oldest first.
 */

export type ResponsesParams = Promise<{ date: string; slug: string; order: string; cursor?: string }>;

async function load(params: ResponsesParams) {
  const { date, slug, order, cursor } = await params;
  if (!isIssueDate(date) || !SLUG_PATTERN.test(slug) || (order !== 'oldest' && order !== 'newest')) return null;
  const after = cursor === undefined ? null : rowIdOf(cursor);
  if (cursor !== undefined && after === null) return null;
  const article = await getArticle(date, slug);
  if (!article) return null;
  const page = await getThreads(article.id, order as ThreadOrder, after);
  if (after !== null && page.threads.length === 0) return null;
  return { article, page, order: order as ThreadOrder, cursor: after };
}

export async function responsesMetadata(params: ResponsesParams): Promise<Metadata> {
  const loaded = await load(params);
  if (!loaded) return notFoundMetadata;
  const { article, order, cursor } = loaded;
  return pageMetadata({
    title: `Responses to “${article.title}”`,
    description: `Readers' responses to “${article.title}”, ${order} first.`,
    path: paths.responses(article.issue.date, article.slug, order, cursor),
  });
}

export async function ResponsesPage({ params }: { params: ResponsesParams }) {
  const loaded = await load(params);
  if (!loaded) return notFoundPage();
  const { article, page, order, cursor } = loaded;
  return (
    <>
      <p className="kicker">
        <Link href={paths.issue(article.issue.date)}>
          Briefing of <IssueDate date={article.issue.date} />
        </Link>
      </p>
      <h1>
        Responses to <Link href={paths.article(article.issue.date, article.slug)}>{article.title}</Link>
      </h1>
      <ResponsesSection article={{ ...article, date: article.issue.date }} page={page} order={order} cursor={cursor} />
    </>
  );
}
