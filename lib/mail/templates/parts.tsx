import type { ReactNode } from 'react';
import { Button, Link, Section, Text } from '@react-email/components';
import { styles } from './styles';

/** A paragraph of the message. */
export function Paragraph({ children }: { children: ReactNode }) {
  return (
    <Text className="mail-ink" style={styles.text}>
      {children}
    </Text>
  );
}

/** Someone else's words, set off by a rule at the left (a reply, in the reply email). */
export function Quote({ children }: { children: ReactNode }) {
  return (
    <Text className="mail-ink mail-rule" style={styles.quote}>
      {children}
    </Text>
  );
}

/** Smaller, quieter text: the footer's why-you-get-this and how to stop it. */
export function FinePrint({ children }: { children: ReactNode }) {
  return (
    <Text className="mail-muted" style={styles.finePrint}>
      {children}
    </Text>
  );
}

/** A link in running text. */
export function TextLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link className="mail-link" href={href} style={styles.link}>
      {children}
    </Link>
  );
}

/**
 * The one thing to do, as a button, with its address written out below for clients that show no button. In the
 * plain text it is the label and the address on a line of its own (the `action` format in render.ts).
 */
export function ActionButton({ href, label }: { href: string; label: string }) {
  return (
    <Section style={{ margin: '24px 0' }}>
      <Button className="mail-button" href={href} style={styles.button} data-action="true">
        {label}
      </Button>
      <Text className="mail-muted" style={{ ...styles.finePrint, margin: '12px 0 0', wordBreak: 'break-all' }} data-skip-in-text="true">
        <TextLink href={href}>{href}</TextLink>
      </Text>
    </Section>
  );
}
