import type { CSSProperties } from 'react';

/**
 * The site's colours (app/globals.css), for mail. Every style that sets a text colour sets its background too: a
 * client that darkens backgrounds for dark mode (or inverts the whole message) then changes the pair together, and
 * never leaves dark text on a dark page. Clients that honour prefers-color-scheme get the site's dark colours from
 * DARK_MODE_CSS instead, by class name.
 */
const colours = {
  light: { paper: '#fdfcf9', ink: '#1b1b1b', muted: '#4d4a45', rule: '#d9d4ca', link: '#0b3d6e', buttonText: '#ffffff' },
  dark: { paper: '#16181b', ink: '#ebe8e2', muted: '#bdb8ae', rule: '#3a3d42', link: '#a9d1ff', buttonText: '#16181b' },
};

const { light, dark } = colours;

export const DARK_MODE_CSS = `@media (prefers-color-scheme: dark) {
  .mail-paper { background-color: ${dark.paper} !important; }
  .mail-ink { background-color: ${dark.paper} !important; color: ${dark.ink} !important; }
  .mail-muted { background-color: ${dark.paper} !important; color: ${dark.muted} !important; }
  .mail-link { background-color: ${dark.paper} !important; color: ${dark.link} !important; }
  .mail-button { background-color: ${dark.link} !important; border-color: ${dark.link} !important; color: ${dark.buttonText} !important; }
  .mail-rule { border-color: ${dark.rule} !important; }
}`;

const serif = "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, serif";
const sans = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

const text: CSSProperties = {
  backgroundColor: light.paper,
  color: light.ink,
  fontFamily: serif,
  fontSize: '17px',
  lineHeight: '1.5',
  margin: '0 0 16px',
};

export const styles = {
  paper: { backgroundColor: light.paper, margin: 0 },
  column: { backgroundColor: light.paper, maxWidth: '36em', padding: '24px 16px' },
  masthead: { backgroundColor: light.paper, color: light.muted, fontFamily: sans, fontSize: '14px', lineHeight: '1.4', margin: '0 0 24px' },
  text,
  quote: { ...text, borderLeft: `3px solid ${light.rule}`, paddingLeft: '12px' },
  finePrint: {
    backgroundColor: light.paper,
    color: light.muted,
    fontFamily: sans,
    fontSize: '14px',
    lineHeight: '1.5',
    margin: '0 0 12px',
  },
  link: { backgroundColor: light.paper, color: light.link, textDecorationLine: 'underline' },
  // A solid block with a border of its own colour: if a client inverts it, label and block invert together.
  button: {
    backgroundColor: light.link,
    border: `2px solid ${light.link}`,
    borderRadius: '4px',
    color: light.buttonText,
    fontFamily: sans,
    fontSize: '17px',
    fontWeight: 'bold',
    padding: '12px 20px',
    textDecoration: 'none',
  },
  rule: { border: 'none', borderTop: `1px solid ${light.rule}`, margin: '24px 0' },
  // The briefing (BriefingEmail.tsx) repeats its article markup up to 50 times, under Gmail's 102 KB clipping limit:
  // the type is set once on the wrapper and inherited, and each article sets only what differs from it.
  briefing: { backgroundColor: light.paper, color: light.ink, fontFamily: serif, fontSize: '17px', lineHeight: '1.5' },
  briefingTitle: { fontSize: '26px', lineHeight: '1.25', margin: '0 0 8px' },
  articleTitle: { fontSize: '21px', lineHeight: '1.3', margin: '32px 0 4px' },
  byline: { backgroundColor: light.paper, color: light.muted, fontSize: '15px', margin: '0 0 8px' },
  standfirst: { margin: '0 0 12px' },
  articleLink: { backgroundColor: light.paper, color: light.link },
} satisfies Record<string, CSSProperties>;
