import { describeStoredEmail } from '@/lib/accounts/email-address';

function listed(scripts: string[]): string {
  return scripts.length < 2 ? scripts.join('') : `${scripts.slice(0, -1).join(', ')} and ${scripts.at(-1)}`;
}

/**
 * An address on a staff page, shown so that a look-alike cannot pass for the address it imitates: as stored (an
 * IDN domain in its xn-- form, which no Latin domain shares); for an international address also in its own
 * letters, with the alphabets it uses named in words (so the note does not rely on colour); and, for one stored
 * before today's rules, why they would refuse it. <bdi> keeps a right-to-left address from reordering the text
 * around it.
 */
export function StoredEmail({ email }: { email: string }) {
  const shown = describeStoredEmail(email);
  return (
    <>
      <bdi className="stored-email">{shown.stored}</bdi>
      {shown.international && (
        <span className="email-note">
          <strong>International address</strong> ({listed(shown.international.scripts)}): <bdi>{shown.international.unicode}</bdi>
        </span>
      )}
      {shown.refused && (
        <span className="email-note email-note--warning">
          <strong>Refused for new accounts:</strong> {shown.refused}
        </span>
      )}
    </>
  );
}
