import { truncate } from '@/lib/site';
import { Layout } from './Layout';
import { FinePrint, TextLink } from './parts';
import { styles } from './styles';

export type BriefingArticle = {
  title: string;
  author: string;
  standfirst: string;
  /** The article page, absolute. */
  url: string;
  /** The article page's response form, absolute (…#respond). */
  respondUrl: string;
};

type Props = {
  siteName: string;
  subject: string;
  /** "15 September 2010" */
  date: string;
  /** The issue's page, absolute. */
  issueUrl: string;
  articles: BriefingArticle[];
  /**
   * The recipient's own page to change or stop the briefing; rendered once for a whole send with a stand-in address
   * that lib/sending/briefing-email.ts replaces for each recipient. Null for a staff test copy, which names nobody.
   */
  preferencesUrl: string | null;
};

/**
 * The briefing: one issue's articles, each with who wrote it, its standfirst and a link to respond to it. Plain
 * elements with short inline styles rather than React Email's components, whose tables and expanded styles cost
 * over 2 KB an article (see styles.briefing). Links marked data-heading read as their words alone in the plain
 * text; data-action ones as their label and address (render.ts).
 */
export function BriefingEmail({ siteName, subject, date, issueUrl, articles, preferencesUrl }: Props) {
  return (
    <Layout
      title={subject}
      preview={truncate(`In this issue: ${articles.map((article) => article.title).join('; ')}`, 200)}
      footer={
        preferencesUrl ? (
          <FinePrint>
            You get {siteName} because you subscribed with this address. To change what you get or stop it:{' '}
            <TextLink href={preferencesUrl}>{preferencesUrl}</TextLink>
          </FinePrint>
        ) : (
          <FinePrint>
            A test copy for staff: a subscriber&apos;s copy ends here with their own link to change or stop the briefing.
          </FinePrint>
        )
      }
    >
      <div className="mail-ink" style={styles.briefing}>
        <h1 style={styles.briefingTitle}>
          <a className="mail-link" href={issueUrl} data-heading="true" style={{ ...styles.articleLink, textDecoration: 'none' }}>
            {siteName} — {date}
          </a>
        </h1>
        {articles.map((article) => (
          <div key={article.url}>
            <h2 style={styles.articleTitle}>
              <a className="mail-link" href={article.url} data-heading="true" style={styles.articleLink}>
                {article.title}
              </a>
            </h2>
            <p className="mail-muted" style={styles.byline}>
              by {article.author}
            </p>
            {article.standfirst ? <p style={styles.standfirst}>{article.standfirst}</p> : null}
            <p style={{ margin: 0 }}>
              <a className="mail-link" href={article.respondUrl} data-action="true" style={{ ...styles.articleLink, fontWeight: 'bold' }}>
                Read and respond
              </a>
            </p>
          </div>
        ))}
      </div>
    </Layout>
  );
}
