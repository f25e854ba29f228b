import { Feed } from 'feed';
import { articleHtml, escapeHtml } from '@/lib/issues/body';
import { formatIssueDate } from '@/lib/issues/dates';
import { paths } from '@/lib/site';

export type FeedArticle = {
  date: string;
  publishedAt: string;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  authorSlug: string;
  authorName: string;
};

/**
 * The feed library wraps text in CDATA but only defuses the first "]]>" in it; a second would end the section
 * and let the rest be read as markup. A zero-width space between the brackets keeps the text as it reads.
 */
function cdataSafe(text: string): string {
  return text.replaceAll(']]>', ']]\u200b>');
}

/** RSS 2.0 with each article's full text. HTML fields are built from escaped text only. Pure: tested directly. */
export function buildRss(site: { name: string; url: (path: string) => string }, articles: FeedArticle[]): string {
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
      content: articleHtml(article.standfirst, article.body),
      author: [{ name: cdataSafe(article.authorName), link: site.url(paths.author(article.authorSlug)) }],
      category: [{ name: `Briefing of ${formatIssueDate(article.date)}` }],
    });
  }
  return feed.rss2();
}
