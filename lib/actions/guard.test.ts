import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { currentUser } from '@/lib/auth/session';
import { postResponse } from '@/lib/responses/actions';
import { ECHO_LIMIT, guarded, refused } from './guard';

/**
 * What a refused form is given back: only the fields the action's schema names, none longer than ECHO_LIMIT,
 * whichever way it was refused (by the guard's own checks or by the action).
 */

vi.mock('next/navigation', () => import('@/test/request').then((mocks) => mocks.navigation()));
vi.mock('next/headers', () => import('@/test/request').then((mocks) => mocks.headers()));
vi.mock('@/lib/auth', () => import('@/test/request').then((mocks) => mocks.auth()));
vi.mock('@/lib/auth/session', (importActual) => import('@/test/request').then((mocks) => mocks.session(importActual)));

const HUGE = 'x'.repeat(3 * 1024 * 1024);

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

beforeEach(() => {
  vi.mocked(currentUser).mockResolvedValue(null);
});

describe('a refused form', () => {
  it('gets back a posted response cut to the limit, and none of the fields the action does not take', async () => {
    const state = await postResponse(undefined, form({ articleId: '1', body: HUGE, smuggled: HUGE, $ACTION_KEY: 'k' }));
    expect(state.status).toBe('error');
    expect(state.fieldErrors?.body).toMatch(/characters long; the limit is 5,000/);
    expect(Object.keys(state.values ?? {}).sort()).toEqual(['articleId', 'body']);
    expect(state.values?.body).toBe(HUGE.slice(0, ECHO_LIMIT));
  });

  it('gets back what it sent when that is within the limit', async () => {
    const action = guarded({ access: 'anyone', schema: z.object({ note: z.string(), count: z.coerce.number() }) }, async () => {
      throw new Error('not reached: the schema refuses first');
    });
    const note = 'n'.repeat(ECHO_LIMIT);
    const state = await action(undefined, form({ note, count: 'many', other: 'x' }));
    expect(state.fieldErrors).toHaveProperty('count');
    expect(state.values).toEqual({ note, count: 'many' });
  });

  it('is bounded however the action refuses it', async () => {
    const action = guarded({ access: 'anyone', schema: z.object({ note: z.string() }) }, async (_input, { formData }) =>
      refused('No.', formData),
    );
    const state = await action(undefined, form({ note: HUGE, extra: 'e' }));
    expect(state.values).toEqual({ note: HUGE.slice(0, ECHO_LIMIT) });
  });
});
