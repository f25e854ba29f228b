'use client';

import { useState, type FormEvent } from 'react';
import { BODY_MAX, checkBody } from '@/lib/responses/rules';

/**
 * Says "too long" before posting a response that is over the limit, with the server's own words: a paste of
 * megabytes would otherwise be refused by the framework's body limit before the action could say anything.
 * Without JavaScript the server says it (or, past the body limit, proxy.ts's page does).
 */
export function useLengthCheck(): { tooLong: string | undefined; onSubmit: (event: FormEvent<HTMLFormElement>) => void } {
  const [tooLong, setTooLong] = useState<string>();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const text = new FormData(event.currentTarget).get('body');
    const checked = checkBody(text);
    if (!checked.ok && typeof text === 'string' && [...text.trim()].length > BODY_MAX) {
      event.preventDefault();
      setTooLong(checked.error);
    } else {
      setTooLong(undefined);
    }
  };
  return { tooLong, onSubmit };
}
