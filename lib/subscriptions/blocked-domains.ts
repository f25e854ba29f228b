import { domainToASCII } from 'node:url';

/**
 * Whether the address's domain is one of the blocked domains (moderation_settings.blocked_email_domains) or under
 * one: blocking "example.com" blocks "mail.example.com" too. Entries are compared as an address is stored (lower
 * case, IDN in its xn-- form), whatever way they were typed.
 */
export function blockedDomainOf(email: string, blocked: readonly string[]): string | null {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  for (const entry of blocked) {
    const name = domainToASCII(
      entry
        .trim()
        .replace(/^[@.]+/, '')
        .replace(/\.$/, '')
        .toLowerCase(),
    );
    if (name && (domain === name || domain.endsWith(`.${name}`))) return name;
  }
  return null;
}
