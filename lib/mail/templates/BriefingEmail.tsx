import { Heading, Link, Section } from '@react-email/components';
import { Layout } from './Layout';
import { FinePrint, Paragraph, TextLink } from './parts';
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
  unsubscribeUrl: string | null;
};

/** The briefing: one issue's articles, each with who wrote it, its standfirst and a link to respond to it. */
export function BriefingEmail({ siteName, subject, date, issueUrl, articles, unsubscribeUrl }: Props) {
  return (
    <Layout
      title={subject}
      preview={`In this issue: ${articles.map((article) => article.title).join('; ')}`}
      footer={
        unsubscribeUrl ? (
          <FinePrint>
            You get {siteName} because you subscribed with this address. To change what you get or stop it:{' '}
            <TextLink href={unsubscribeUrl}>{unsubscribeUrl}</TextLink>
          </FinePrint>
        ) : (
          <FinePrint>
            A test copy for staff: a subscriber&apos;s copy ends here with their own link to change or stop the briefing.
          </FinePrint>
        )
      }
    >
      <Heading as="h1" className="mail-ink" style={styles.heading}>
        <Link className="mail-ink" href={issueUrl} data-heading="true" style={{ ...styles.heading, margin: 0, textDecoration: 'none' }}>
          {siteName} — {date}
        </Link>
      </Heading>
      {articles.map((article) => (
        <Section key={article.url} style={styles.article}>
          <Heading as="h2" className="mail-ink" style={styles.articleTitle}>
            <Link
              className="mail-link"
              href={article.url}
              data-heading="true"
              style={{ ...styles.articleTitle, ...styles.link, margin: 0 }}
            >
              {article.title}
            </Link>
          </Heading>
          <FinePrint>by {article.author}</FinePrint>
          <Paragraph>{article.standfirst}</Paragraph>
          <Link className="mail-link" href={article.respondUrl} style={{ ...styles.link, ...styles.respond }} data-action="true">
            Read and respond
          </Link>
        </Section>
      ))}
    </Layout>
  );
}
