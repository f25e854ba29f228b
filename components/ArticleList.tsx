import Link from 'next/link';
import type { ArticleSummary } from '@/lib/issues/queries';
import { paths } from '@/lib/site';

/** An issue's articles as a list of headlines with standfirst and author. */
export function ArticleList({ date, articles, headingLevel = 2 }: { date: string; articles: ArticleSummary[]; headingLevel?: 2 | 3 }) {
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
          </p>
        </li>
      ))}
    </ul>
  );
}
