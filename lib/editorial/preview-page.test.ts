import { describe, expect, it, vi } from 'vitest';
import { insertArticle, insertPerson, signInAs } from '@/test/moderation';
import { withRealIssueForActions } from '@/test/real-issue';
import { articlePreviewStatus } from './preview-page';

/**
 * The preview's status, which proxy.ts sets: 404 to anyone who may not edit, however the address is spelled — Next
 * routes `/admin/articles/%31/preview` and `/admin/articles/01/preview` to the same page, whose "not found" text
 * would otherwise go out with 200 — and 404, never a database error, for an id no article can have.
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const { db, site } = withRealIssueForActions();

const spellings = (id: number) => [
  `/admin/articles/${id}/preview`,
  `/admin/articles/${encodeURIComponent(String(id)).replace(/\d/g, (digit) => `%3${digit}`)}/preview`,
  `/admin/articles/0${id}/preview`,
  '/admin/articles/abc/preview',
  '/admin/articles/%/preview',
];

describe('articlePreviewStatus', () => {
  it('answers 404 to a signed-out visitor, a reader and a moderator, whichever way the address is spelled', async () => {
    const id = await insertArticle(db(), site());
    for (const caller of [null, await insertPerson(db(), 'reader'), await insertPerson(db(), 'moderator')]) {
      signInAs(db(), caller);
      for (const pathname of spellings(id)) expect(await articlePreviewStatus(pathname), pathname).toBe(404);
    }
  });

  it('lets an editor see an article that exists, by any spelling of its id, and answers 404 for the rest', async () => {
    const id = await insertArticle(db(), site());
    signInAs(db(), await insertPerson(db(), 'editor'));
    const [plain, encoded, leadingZero, letters, broken] = spellings(id);
    expect(await articlePreviewStatus(plain!)).toBeNull();
    expect(await articlePreviewStatus(encoded!)).toBeNull();
    for (const pathname of [leadingZero!, letters!, broken!]) expect(await articlePreviewStatus(pathname), pathname).toBe(404);
  });

  it('answers 404, not a database error, for an id past the integer column', async () => {
    signInAs(db(), await insertPerson(db(), 'editor'));
    for (const id of ['2147483648', '9999999999', '99999999999999999999'])
      expect(await articlePreviewStatus(`/admin/articles/${id}/preview`), id).toBe(404);
  });

  it('says nothing about other addresses', async () => {
    signInAs(db(), null);
    for (const pathname of ['/admin/articles/1', '/admin/articles/1/revisions', '/admin/articles/1/preview/x', '/issues/2010-09-15'])
      expect(await articlePreviewStatus(pathname), pathname).toBeNull();
  });
});
