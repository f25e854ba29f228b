import { describe, expect, it } from 'vitest';
import {
  readTags,
  tagsForArticleChange,
  tagsForArticleModeChange,
  tagsForAuthorChange,
  tagsForDemoIssues,
  tagsForImport,
  tagsForIssueChange,
  tagsForRespondentChange,
  tagsForResponsesChange,
} from './tags';

/**
 * Exactly what each kind of write expires. Ids: article 7 (by author 5) in issue 3; article 9 in issue 4; author 6
 * another author. Whatever is not listed stays cached: that is the point of the table.
 */
const WRITES: [string, string[], string[]][] = [
  [
    'an article edited (text, title, slug): its pages, its issue, its author, the lists',
    tagsForArticleChange({ articleId: 7, issueId: 3, authorIds: [5] }),
    ['article:7', 'issue:3', 'author:5', 'archive', 'feed', 'sitemap'],
  ],
  [
    'an article given to another author: both authors’ pages',
    tagsForArticleChange({ articleId: 7, issueId: 3, authorIds: [5, 6] }),
    ['article:7', 'issue:3', 'author:5', 'author:6', 'archive', 'feed', 'sitemap'],
  ],
  [
    'an article’s responses mode: its own pages, and its modified time in the sitemap',
    tagsForArticleModeChange(7),
    ['article:7', 'sitemap'],
  ],
  [
    'an issue changed in place (articles added, reordered, its demo mark)',
    tagsForIssueChange({ issueId: 3, authorIds: [5, 6], datesChanged: false }),
    ['issue:3', 'author:5', 'author:6', 'archive', 'feed', 'sitemap'],
  ],
  [
    'an issue published, withdrawn or moved to another date: also which is newest, and the neighbours',
    tagsForIssueChange({ issueId: 3, authorIds: [5], datesChanged: true }),
    ['issue:3', 'issue-dates', 'author:5', 'archive', 'feed', 'sitemap'],
  ],
  [
    'an author renamed: their pages and every issue with their byline',
    tagsForAuthorChange({ authorId: 5, issueIds: [3, 4] }),
    ['author:5', 'issue:3', 'issue:4', 'archive', 'feed'],
  ],
  [
    'an import: a new issue, a changed one, a renamed author, each once',
    tagsForImport({
      issues: [
        { issueId: 4, authorIds: [6], datesChanged: true },
        { issueId: 3, authorIds: [5], datesChanged: false },
      ],
      renamedAuthors: [{ authorId: 5, issueIds: [3, 2] }],
    }),
    ['issue:4', 'issue-dates', 'author:6', 'archive', 'feed', 'sitemap', 'issue:3', 'author:5', 'issue:2'],
  ],
  ['an import that changed nothing', tagsForImport({ issues: [], renamedAuthors: [] }), []],
  [
    'demo issues added: the lists they join and their authors, nothing about the new issues themselves',
    tagsForDemoIssues({ removedIssueIds: [], authorIds: [8] }),
    ['issue-dates', 'author:8', 'archive', 'feed', 'sitemap'],
  ],
  [
    'demo issues removed: their own pages too',
    tagsForDemoIssues({ removedIssueIds: [1, 2], authorIds: [8] }),
    ['issue:1', 'issue:2', 'issue-dates', 'author:8', 'archive', 'feed', 'sitemap'],
  ],
  [
    'a response published, removed or moderated: its article’s responses and the counts',
    tagsForResponsesChange([7, 9, 7], true),
    ['responses:7', 'responses:9', 'response-counts'],
  ],
  ['a response edited or featured: the count stays', tagsForResponsesChange([7], false), ['responses:7']],
  ['a reader’s name, role or account changed: their responses', tagsForRespondentChange([7, 9]), ['responses:7', 'responses:9']],
  ['a reader who responded nowhere', tagsForRespondentChange([]), []],
];

/** Every cached read, as lib/issues/queries.ts and lib/responses/queries.ts use them (all of them: the type says so). */
const READS: Record<keyof typeof readTags, string[]> = {
  issue: readTags.issue(3),
  article: readTags.article({ articleId: 7, issueId: 3 }),
  authorPage: readTags.authorPage(5),
  archivePage: readTags.archivePage(),
  feed: readTags.feed(),
  sitemap: readTags.sitemap(),
  threads: readTags.threads(7),
  responseCounts: readTags.responseCounts(),
};

const kindOf = (tag: string) => tag.split(':')[0]!;
const kinds = (tags: string[]) => [...new Set(tags.map(kindOf))].sort();

describe('what each kind of write expires', () => {
  it.each(WRITES)('%s', (_write, expired, expected) => {
    expect(expired).toEqual(expected);
  });
});

describe('what each cached read is stored under', () => {
  it('an article with its issue, an issue with the dates around it, the rest by what they list', () => {
    expect(READS).toEqual({
      issue: ['issue:3', 'issue-dates'],
      article: ['article:7', 'issue:3'],
      authorPage: ['author:5'],
      archivePage: ['archive'],
      feed: ['feed'],
      sitemap: ['sitemap'],
      threads: ['responses:7'],
      responseCounts: ['response-counts'],
    });
  });

  it('every kind of tag a write expires is one some read is stored under, and the other way round', () => {
    expect(kinds(WRITES.flatMap(([, expired]) => expired))).toEqual(kinds(Object.values(READS).flat()));
  });
});
