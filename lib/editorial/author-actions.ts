'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { idField } from '@/lib/actions/fields';
import { guarded } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import { createAuthor, updateAuthor } from './authors';
import { editorialPaths } from './paths';

/** The authors page's forms (/admin/authors): thin actions around lib/editorial/authors.ts's commands. */

const name = z.string({ error: 'Please enter the author’s name.' });
const bio = z.string().default('');

export const createAuthorFromForm = guarded({ access: 'edit-issues', schema: z.object({ name, bio }) }, async (input, { user }) => {
  const created = await perform(user, createAuthor, input);
  redirect(`${editorialPaths.author(created.id)}?done=author-created#results`);
});

export const saveAuthor = guarded(
  { access: 'edit-issues', schema: z.object({ authorId: idField, name, slug: z.string().default(''), bio }) },
  async (input, { user }) => {
    await perform(user, updateAuthor, input);
    redirect(`${editorialPaths.author(input.authorId)}?done=author-saved#results`);
  },
);
