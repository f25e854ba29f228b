import { Heading } from '@react-email/components';
import { Layout } from './Layout';
import { FinePrint, Paragraph, Quote, TextLink } from './parts';
import { styles } from './styles';

export type DigestArticle = {
  title: string;
  url: string;
  responses: { author: string; excerpt: string; url: string }[];
  /** How many more new responses there are than are listed. */
  more: number;
};

type Props = {
  siteName: string;
  subject: string;
  articles: DigestArticle[];
  preferencesUrl: string;
};

/** The hourly digest of new responses on the articles a reader follows (lib/follows/digest.ts). */
export function FollowDigestEmail({ siteName, subject, articles, preferencesUrl }: Props) {
  const count = articles.reduce((sum, article) => sum + article.responses.length + article.more, 0);
  const opening = count === 1 ? 'A new response on an article you follow:' : `${count} new responses on articles you follow:`;
  return (
    <Layout
      title={subject}
      preview={opening}
      footer={
        <FinePrint>
          You get these emails because you follow these articles on {siteName}. To unfollow them or choose which emails you get:{' '}
          <TextLink href={preferencesUrl}>{preferencesUrl}</TextLink>
        </FinePrint>
      }
    >
      <Paragraph>{opening}</Paragraph>
      {articles.map((article) => (
        <div key={article.url}>
          <Heading as="h2" className="mail-ink" style={{ ...styles.text, fontSize: '18px', fontWeight: 'bold', margin: '24px 0 8px' }}>
            <TextLink href={article.url}>{article.title}</TextLink>
          </Heading>
          {article.responses.map((response) => (
            <div key={response.url}>
              <Paragraph>
                {response.author} (<TextLink href={response.url}>read it</TextLink>):
              </Paragraph>
              <Quote>{response.excerpt}</Quote>
            </div>
          ))}
          {article.more > 0 && (
            <Paragraph>
              And {article.more} more: <TextLink href={article.url}>read them on the article</TextLink>.
            </Paragraph>
          )}
        </div>
      ))}
    </Layout>
  );
}
