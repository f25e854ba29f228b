import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { signInNetworks } from '@/db/schema';

/** The networks each address has signed in from (see signInNetworks in db/schema.ts for why). */

export async function isKnownNetwork(email: string, network: string): Promise<boolean> {
  const [row] = await (
    await getDb()
  )
    .select({ email: signInNetworks.email })
    .from(signInNetworks)
    .where(and(eq(signInNetworks.email, email), eq(signInNetworks.network, network)));
  return row !== undefined;
}

/** Called when a link is used: this address has now signed in from this network (see signInNetworks). */
export async function rememberSignInNetwork(email: string, network: string): Promise<void> {
  await (
    await getDb()
  )
    .insert(signInNetworks)
    .values({ email, network })
    .onConflictDoUpdate({ target: [signInNetworks.email, signInNetworks.network], set: { lastSignedInAt: new Date() } });
}
