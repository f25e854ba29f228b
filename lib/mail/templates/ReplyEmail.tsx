import { Layout } from './Layout';
import { ActionButton, FinePrint, Paragraph, Quote, TextLink } from './parts';

type Props = {
  siteName: string;
  /** The replier's name as readers see it. */
  replier: string;
  articleTitle: string;
  /** The reply as plain text, cut to a length. */
  excerpt: string;
  replyUrl: string;
  unsubscribeUrl: string;
};

/** Tells a reader that someone replied to their response (lib/responses/notify.ts). */
export function ReplyEmail({ siteName, replier, articleTitle, excerpt, replyUrl, unsubscribeUrl }: Props) {
  const opening = `${replier} replied to your response on “${articleTitle}”:`;
  return (
    <Layout
      title={`${replier} replied to you on “${articleTitle}”`}
      preview={`${opening} ${excerpt}`}
      footer={
        <FinePrint>
          You get these emails because you respond on {siteName}. To stop them: <TextLink href={unsubscribeUrl}>{unsubscribeUrl}</TextLink>
        </FinePrint>
      }
    >
      <Paragraph>{opening}</Paragraph>
      <Quote>{excerpt}</Quote>
      <ActionButton href={replyUrl} label="Read the reply" />
    </Layout>
  );
}
