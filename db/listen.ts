import type { Client } from 'pg';

/**
 * LISTEN on PostgreSQL needs a connection of its own, held open for the life of the process. This one notices
 * when that connection is lost — an error, the server ending it, or (through a query every 30 s with a timeout)
 * a connection a firewall silently forgot — and reconnects with backoff, reporting the gap so that the caller can
 * distrust what it learnt before.
 */

const HEARTBEAT_MS = 30_000;
const TIMEOUT_MS = 10_000;

export type Listeners = { clients: Set<Client>; closed: boolean };

export function createListeners(): Listeners {
  return { clients: new Set(), closed: false };
}

export async function closeListeners(listeners: Listeners): Promise<void> {
  listeners.closed = true;
  await Promise.all([...listeners.clients].map((client) => client.end().catch(() => {})));
  listeners.clients.clear();
}

export async function listenOnPostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
  onGap: () => void,
  listeners: Listeners,
): Promise<void> {
  const { Client } = await import('pg');

  const connect = async () => {
    const client = new Client({
      connectionString: url,
      application_name: 'briefings-listen',
      keepAlive: true,
      keepAliveInitialDelayMillis: TIMEOUT_MS,
      query_timeout: TIMEOUT_MS,
    });
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) onMessage(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${JSON.stringify(channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (listeners.closed) return void (await client.end().catch(() => {}));
    listeners.clients.add(client);

    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      clearInterval(heartbeat);
      listeners.clients.delete(client);
      client.end().catch(() => {});
      reconnect(200);
    };
    const heartbeat = setInterval(() => client.query('select 1').catch(onLost), HEARTBEAT_MS);
    heartbeat.unref();
    client.on('error', onLost);
    client.on('end', onLost);
  };

  const reconnect = (delay: number) => {
    if (listeners.closed) return;
    setTimeout(() => {
      connect().then(onGap, () => reconnect(Math.min(delay * 2, 10_000)));
    }, delay).unref();
  };

  await connect();
}
