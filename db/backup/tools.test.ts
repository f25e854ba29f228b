import { expect, test } from 'vitest';
import { clientConnection, findPgTool } from './tools';

test('a missing pg_dump is named, with how to install it', () => {
  expect(() => findPgTool('pg_dump', ['/nonexistent/pg_dump'])).toThrow(/pg_dump was not found.*apt-get install -y postgresql-client/s);
  expect(findPgTool('psql', ['/nonexistent/psql', process.execPath])).toBe(process.execPath);
});

test('the password reaches the client programs through the environment, never their command line', () => {
  const { url, env } = clientConnection('postgres://briefings:p%40ss@db.example.org:5432/briefings?sslmode=require');
  expect(url).toBe('postgres://briefings@db.example.org:5432/briefings?sslmode=require');
  expect(env.PGPASSWORD).toBe('p@ss');
});
