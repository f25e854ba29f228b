'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { responseModes } from '@/db/schema';
import { idField } from '@/lib/actions/fields';
import { guarded, refused, type FormState } from '@/lib/actions/guard';
import { perform } from '@/lib/actions/perform';
import type { CurrentUser } from '@/lib/auth/session';
import { Refusal } from '@/lib/commands/refusal';
import { articleFieldsSchema, fieldsOfForm, type ArticleFields } from './article-fields';
import { autosaveArticle, discardAutosave, restoreRevision, saveArticle } from './article-commands';
import { articlePaths } from './article-paths';

/**
 * The article editor's forms. The form's text is checked here, not by `guarded`'s schema, so that whatever happens
 * to a post — a field refused, a conflict with another editor's save, a preview — the editor's whole text is first
 * kept in their autosave (a refused form's echo is cut at ECHO_LIMIT, which a long body passes); the page then
 * shows it from there, without JavaScript too.
 */

const text = z.string().optional().default('');

/** The editor's form as posted: every field as text, checked by articleFieldsSchema once it is kept. */
const posted = z.object({
  articleId: idField,
  version: idField,
  title: text,
  slug: text,
  standfirst: text,
  body: text,
  invitation: text,
  author: text,
  newAuthorName: text,
  responsesMode: text,
  responsesNote: text,
});

type Posted = z.infer<typeof posted>;

/** What was typed, as an autosave keeps it: unchecked (it is the editor's own), but in the fields' shape. */
function typed(input: Posted): ArticleFields {
  return {
    title: input.title,
    slug: input.slug,
    standfirst: input.standfirst,
    body: input.body,
    invitation: input.invitation,
    authorId: /^[1-9]\d{0,9}$/.test(input.author) ? Number(input.author) : null,
    newAuthorName: input.author === 'new' ? input.newAuthorName : '',
    responsesMode: responseModes.find((mode) => mode === input.responsesMode) ?? 'open',
    responsesNote: input.responsesNote,
  };
}

function keep(user: CurrentUser, input: Posted) {
  return perform(user, autosaveArticle, { articleId: input.articleId, baseVersion: input.version, fields: typed(input) });
}

const editor = (articleId: number, query: string) => `${articlePaths.editor(articleId)}?${query}`;

/** Save (or, with intent=preview, show what the post would look like, saving nothing to the article). */
export const saveArticleForm = guarded(
  { access: 'edit-issues', schema: posted.extend({ intent: z.enum(['save', 'preview']).optional().default('save') }) },
  async (input, { user }): Promise<FormState> => {
    if (input.intent === 'preview') {
      await keep(user, input);
      redirect(editor(input.articleId, 'preview=1#preview'));
    }
    const checked = articleFieldsSchema.safeParse(input);
    if (!checked.success) {
      await keep(user, input);
      const fieldErrors: Record<string, string> = {};
      for (const issue of checked.error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
      return refused('Please correct the form: nothing is saved yet.', undefined, fieldErrors);
    }
    try {
      const saved = await perform(user, saveArticle, {
        articleId: input.articleId,
        version: input.version,
        fields: fieldsOfForm(checked.data),
      });
      redirect(editor(input.articleId, `done=${saved.changed.length ? 'saved' : 'unchanged'}#results`));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error; // a redirect, or a bug
      await keep(user, input);
      // Another editor's save came in between: the page shows both, with this editor's text in the form.
      if (error.code === 'conflict' && !error.field) redirect(editor(input.articleId, 'conflict=1#conflict'));
      return refused(error.message, undefined, error.field ? { [error.field]: error.message } : undefined);
    }
  },
);

/** The editor's scratch copy, sent every few seconds while they type (with JavaScript). */
export const autosaveArticleDraft = guarded({ access: 'edit-issues', schema: posted }, async (input, { user }): Promise<FormState> => {
  await keep(user, input);
  return { status: 'done' };
});

/** "Discard them" / "Take theirs": the editor's unsaved copy goes, and the editor shows the article as saved. */
export const discardArticleDraft = guarded({ access: 'edit-issues', schema: z.object({ articleId: idField }) }, async (input, { user }) => {
  await perform(user, discardAutosave, { articleId: input.articleId });
  redirect(editor(input.articleId, 'done=discarded#results'));
});

/** "Restore this revision", over the version the revisions page showed as current. */
export const restoreArticleRevision = guarded(
  { access: 'edit-issues', schema: z.object({ articleId: idField, revisionId: idField, version: idField }) },
  async (input, { user }) => {
    const restored = await perform(user, restoreRevision, input);
    redirect(`${articlePaths.revisions(input.articleId)}?done=${restored.changed.length ? 'restored' : 'unchanged'}#results`);
  },
);
