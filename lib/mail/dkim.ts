import type DKIM from 'nodemailer/lib/dkim';
import { config } from '@/lib/config';

/**
 * The headers a DKIM signature covers. nodemailer's own list leaves out List-Unsubscribe-Post, and Gmail and Yahoo
 * honour one-click unsubscribe only when both List-Unsubscribe headers are signed (RFC 8058 section 4). A name
 * listed but absent from a message is simply not signed.
 */
export const DKIM_HEADER_FIELDS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
] as const;

/** nodemailer's dkim option when DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY are set (config requires all three or none). */
export function dkimOptions(): DKIM.Options | undefined {
  const { DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY } = config();
  if (!DKIM_DOMAIN || !DKIM_SELECTOR || !DKIM_PRIVATE_KEY) return undefined;
  return {
    domainName: DKIM_DOMAIN,
    keySelector: DKIM_SELECTOR,
    privateKey: DKIM_PRIVATE_KEY,
    headerFieldNames: DKIM_HEADER_FIELDS.join(':'),
  };
}
