import Link from '@/components/Link';
import type { ArticleSummary } from '@/lib/issues/queries';
import { paths } from '@/lib/site';
import { ResponseCount } from './ResponseCount';

/** An issue's articles as a list of headlines with standfirst and author. */
export function ArticleList({
  date,
  articles,
  counts,
  headingLevel = 2,
}: {
  date: string;
  articles: ArticleSummary[];
  /** Published responses per article id. */
  counts: Record<number, number>;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="article-list">
      {articles.map((article) => (
        <li key={article.slug}>
          <Heading>
            <Link href={paths.article(date, article.slug)}>{article.title}</Link>
          </Heading>
          <p className="standfirst">{article.standfirst}</p>
          <p className="byline">
            By <Link href={paths.author(article.author.slug)}>{article.author.name}</Link>
            {' · '}
            <Link href={`${paths.article(date, article.slug)}#responses`}>
              <ResponseCount count={counts[article.id] ?? 0} />
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}
