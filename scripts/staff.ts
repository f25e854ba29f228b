import { ne } from 'drizzle-orm';
import { getConnection } from '@/db/client';
import { migrate } from '@/db/migrate';
import { userRoles, users, type UserRole } from '@/db/schema';
import { aRole } from '@/lib/moderation/access';
import { COMMAND_LINE } from '@/lib/commands/actor';
import { execute } from '@/lib/commands/execute';
import { Refusal } from '@/lib/commands/refusal';
import { changeRole } from '@/lib/moderation/roles';
import { runScript } from './run';

/**
 * `npm run staff -- grant EMAIL ROLE | revoke EMAIL | list`: who is staff, from the command line — how the first
 * admin is made. Logged as done by "command line". On the embedded database, stop the server first (the lock's
 * message says so); on PostgreSQL it may run beside the server, which hears of the change and shows the badge.
 */

const USAGE = `Usage:
  npm run staff -- grant EMAIL ROLE   give the account with this address a role (${userRoles.filter((role) => role !== 'reader').join(', ')})
  npm run staff -- revoke EMAIL       make them a reader again
  npm run staff -- list               list everyone who is staff`;

async function main(args: string[]): Promise<number> {
  const [command, email, role] = args;
  const valid =
    (command === 'grant' && args.length === 3) || (command === 'revoke' && args.length === 2) || (command === 'list' && args.length === 1);
  if (!valid) {
    console.error(args.includes('--help') ? '' : 'Unexpected arguments.\n');
    console.error(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  if (command === 'grant' && !userRoles.includes(role as UserRole)) {
    console.error(`“${role}” is not a role. Roles: ${userRoles.join(', ')}.`);
    return 2;
  }
  const connection = await getConnection();
  return connection.exclusive(async () => {
    await migrate(connection);
    if (command === 'list') {
      const staff = await connection.db
        .select({ email: users.email, role: users.role })
        .from(users)
        .where(ne(users.role, 'reader'))
        .orderBy(users.email);
      for (const person of staff) console.log(`${person.role.padEnd(10)} ${person.email}`);
      if (staff.length === 0) console.log('No staff yet: npm run staff -- grant EMAIL admin');
      return 0;
    }
    const newRole = command === 'grant' ? (role as UserRole) : 'reader';
    try {
      const outcome = await execute(changeRole, COMMAND_LINE, { email: email!, role: newRole });
      console.log(`${outcome.email} is now ${aRole(newRole)}.`);
    } catch (error) {
      // Asking for the role someone has already is not a failure here: the command line is often run twice.
      if (!(error instanceof Refusal && error.code === 'conflict')) throw error;
      console.log(`${error.message.replace(/\.$/, '')}; nothing changed.`);
    }
    return 0;
  });
}

runScript(main);
