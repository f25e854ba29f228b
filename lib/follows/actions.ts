'use server';

import { z } from 'zod';
import { idField } from '@/lib/actions/fields';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { followArticle, unfollowArticle } from './commands';

/**
 * The Follow / Unfollow button under an article (components/FollowButton.tsx). Signed-in readers only (a reader
 * signed out is sent to sign in and back to the article, from the form's returnTo); a suspended or banned reader
 * may not start following, but may stop (on the preferences page). The state returned says which the reader now
 * is, so the button can turn into the other.
 */
export const changeFollow = guarded(
  {
    access: 'signed-in',
    schema: z.object({
      articleId: idField,
      follow: z.enum(['yes', 'no'], { error: 'Choose follow or unfollow.' }),
      returnTo: z.string().optional(),
    }),
  },
  async (input, { user }) => {
    if (input.follow === 'yes') {
      await perform(user, followArticle, { articleId: input.articleId });
      return { status: 'done', message: 'You follow this article: new responses come in an email digest.', values: { follow: 'yes' } };
    }
    await perform(user, unfollowArticle, { articleId: input.articleId });
    return { status: 'done', message: 'You no longer follow this article.', values: { follow: 'no' } };
  },
);
