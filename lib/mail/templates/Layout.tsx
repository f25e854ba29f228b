import type { ReactNode } from 'react';
import { Body, Container, Head, Hr, Html, Link, Preview, Text } from '@react-email/components';
import { absoluteUrl, siteName } from '@/lib/site';
import { DARK_MODE_CSS, styles } from './styles';

type Props = {
  /** The subject, as the document's title. */
  title: string;
  /** What an inbox shows beside the subject before the message is opened. */
  preview: string;
  children: ReactNode;
  /** Why the reader gets this message, and how to stop it: under a rule, in smaller type. */
  footer?: ReactNode;
};

/**
 * Every message's frame: the site's name, a single readable column, a footer. Declares both colour schemes, so
 * clients that support dark mode use DARK_MODE_CSS rather than inverting the colours themselves.
 */
export function Layout({ title, preview, children, footer }: Props) {
  const name = siteName();
  return (
    <Html lang="en-GB">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style>{DARK_MODE_CSS}</style>
      </Head>
      <Body className="mail-paper" style={styles.paper}>
        <Preview>{preview}</Preview>
        <Container className="mail-paper" style={styles.column}>
          {/* The plain text part starts with the message itself, as it always has. */}
          <Text className="mail-muted" style={styles.masthead} data-skip-in-text="true">
            <Link className="mail-link" href={absoluteUrl('/')} style={{ ...styles.link, color: 'inherit' }}>
              {name}
            </Link>
          </Text>
          {children}
          {footer ? (
            <>
              <Hr className="mail-rule" style={styles.rule} />
              {footer}
            </>
          ) : null}
        </Container>
      </Body>
    </Html>
  );
}
