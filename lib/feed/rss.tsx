import { Feed } from 'feed';
import { ArticleBody } from '@/lib/articles/markup';
import { formatIssueDate } from '@/lib/issues/dates';
import { paths } from '@/lib/site';

export type FeedArticle = {
  date: string;
  publishedAt: string;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  invitation: string;
  authorSlug: string;
  authorName: string;
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for a field feed readers read as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * The article's full text as HTML: the standfirst in italics, the body through the site's own renderer (so the
 * feed shows what the page shows, raw HTML in the markup dropped), then the invitation. React escapes the text.
 * React's server renderer is loaded when called: Next refuses it imported statically anywhere in the app.
 */
export async function articleHtml(
  article: Pick<FeedArticle, 'standfirst' | 'body' | 'invitation'>,
  resolve?: (path: string) => string,
): Promise<string> {
  const { renderToStaticMarkup } = await import('react-dom/server');
  return renderToStaticMarkup(
    <>
      <p>
        <em>{article.standfirst}</em>
      </p>
      <ArticleBody markup={article.body} resolve={resolve} />
      {article.invitation && <p>{article.invitation}</p>}
    </>,
  );
}

/**
 * The feed library wraps text in CDATA but only defuses the first "]]>" in it; a second would end the section
 * and let the rest be read as markup. A zero-width space between the brackets keeps the text as it reads.
 */
function cdataSafe(text: string): string {
  return text.replaceAll(']]>', ']]\u200b>');
}

/** RSS 2.0 with each article's full text. HTML fields are built from escaped text and the
 * article markup's renderer only. Pure: tested directly. */
export async function buildRss(site: { name: string; url: (path: string) => string }, articles: FeedArticle[]): Promise<string> {
  const feed = new Feed({
    title: cdataSafe(site.name),
    description: cdataSafe(`${site.name}: new articles every fortnight.`),
    id: site.url(paths.home),
    link: site.url(paths.home),
    language: 'en-GB',
    updated: articles[0] ? new Date(articles[0].publishedAt) : new Date(0),
    generator: 'Briefings',
    feedLinks: { rss: site.url(paths.feed) },
    copyright: cdataSafe(`© ${site.name}`),
  });
  for (const article of articles) {
    const link = site.url(paths.article(article.date, article.slug));
    feed.addItem({
      title: cdataSafe(article.title),
      id: link,
      link,
      date: new Date(article.publishedAt),
      // Feed readers treat the description as HTML: escape it like the content.
      description: escapeHtml(article.standfirst),
      // Links to this site's own pages are made whole: a feed reader shows the text away from the site.
      content: await articleHtml(article, site.url),
      author: [{ name: cdataSafe(article.authorName), link: site.url(paths.author(article.authorSlug)) }],
      category: [{ name: `Briefing of ${formatIssueDate(article.date)}` }],
    });
  }
  return feed.rss2();
}
