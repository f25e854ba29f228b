import { describe, expect, it } from 'vitest';
import {
  blocking,
  checkArticle,
  checkIssue,
  siteLinks,
  SHORT_BODY_WORDS,
  type ChecklistArticle,
  type ChecklistContext,
  type Finding,
} from './checklist';

// The checklist before publishing: pure, so every rule is checked here on data alone.

const SITE = 'https://briefings.example';
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

/** An article that passes every check: each test spoils one thing. */
function article(changes: Partial<ChecklistArticle> = {}): ChecklistArticle {
  return {
    id: 7,
    title: 'We should value local diversity',
    standfirst: 'A standfirst.',
    body: words(SHORT_BODY_WORDS),
    invitation: 'We would like to hear from you.',
    authorId: 3,
    responsesMode: 'open',
    status: 'draft',
    ...changes,
  };
}

const context = (existing: string[] = []): ChecklistContext => ({ siteUrl: SITE, existing: new Set(existing) });
const check = (changes: Partial<ChecklistArticle>, existing: string[] = []) => checkArticle(article(changes), context(existing));
const summary = (findings: Finding[]) => findings.map(({ level, field, message }) => ({ level, field, message }));

describe('an article', () => {
  it('that is complete has nothing to say', () => {
    expect(check({})).toEqual([]);
  });

  it.each([
    ['no title', { title: '  ' }, 'title', 'It has no title.'],
    ['no text', { body: '\n\n' }, 'body', 'It has no text.'],
    ['no author', { authorId: null }, 'author', 'It has no author.'],
  ] as const)('with %s is blocked, naming the field', (_what, changes, field, message) => {
    expect(summary(check(changes))).toContainEqual({ level: 'block', field, message });
  });

  it('names the article (its id and title) in each finding, and a missing title as its number', () => {
    expect(check({ authorId: null })[0]!.article).toEqual({ id: 7, title: 'We should value local diversity' });
    expect(check({ title: '' })[0]!.article).toEqual({ id: 7, title: 'article 7' });
  });

  describe('“TK”, text still to come', () => {
    it.each(['title', 'standfirst', 'body', 'invitation'] as const)('blocks it in the %s', (field) => {
      const text = field === 'body' ? `${words(SHORT_BODY_WORDS)} The figure is TK.` : 'The figure is TK';
      expect(summary(check({ [field]: text })).filter((finding) => finding.level === 'block')).toEqual([
        { level: 'block', field, message: expect.stringContaining('“TK”') },
      ]);
    });

    it.each(['TK', 'TKTK', '(TK)', 'TK.', 'figures: TK, TK', '“TK”'])('finds it as a whole word: %s', (text) => {
      expect(blocking(check({ standfirst: text }))).toHaveLength(1);
    });

    it.each(['Tk, the toolkit', 'tk', 'ATKINS', 'TKO', 'STK', 'TK1', 'tk_TK'])('leaves it inside other words or cases: %s', (text) => {
      expect(check({ standfirst: text })).toEqual([]);
    });
  });

  describe('links to this site', () => {
    const body = (link: string) => `${words(SHORT_BODY_WORDS)}\n\nSee [this](${link}).`;

    it.each([
      ['an article', '/issues/2010-09-15/local-diversity', '/issues/2010-09-15/local-diversity'],
      ['an issue', '/issues/2010-09-15', '/issues/2010-09-15'],
      ['an author', '/authors/ann-smith', '/authors/ann-smith'],
      ['an absolute address on the site', `${SITE}/issues/2010-09-15/local-diversity`, '/issues/2010-09-15/local-diversity'],
      ['a trailing slash', '/authors/ann-smith/', '/authors/ann-smith'],
      ['a query and a fragment', '/issues/2010-09-15/local-diversity?x=1#responses', '/issues/2010-09-15/local-diversity'],
      ['a response page of an article', '/issues/2010-09-15/local-diversity/responses/newest', '/issues/2010-09-15/local-diversity'],
    ])('block when %s does not exist, naming it', (_what, link, address) => {
      expect(summary(check({ body: body(link) }))).toEqual([
        { level: 'block', field: 'body', message: `Its text links to ${address}, which is not a page on this site.` },
      ]);
    });

    it('pass when the page exists', () => {
      expect(check({ body: body(`${SITE}/issues/2010-09-15/local-diversity`) }, ['/issues/2010-09-15/local-diversity'])).toEqual([]);
    });

    it('are found in reference definitions too, and each missing page is named once', () => {
      const text = `${words(SHORT_BODY_WORDS)}\n\n[One][a], [two](/authors/nobody) and [three](/authors/nobody).\n\n[a]: /issues/2099-01-01`;
      expect(summary(check({ body: text })).map((finding) => finding.message)).toEqual([
        'Its text links to /authors/nobody, which is not a page on this site.',
        'Its text links to /issues/2099-01-01, which is not a page on this site.',
      ]);
    });

    it('leave other sites, other pages of this site, mail and fragments alone', () => {
      for (const link of [
        'https://elsewhere.example/issues/2010-09-15/x',
        '/search?q=x',
        '/subscribe',
        'mailto:editor@briefings.example',
        '#top',
      ])
        expect(check({ body: body(link) }), link).toEqual([]);
    });

    it('do not count a link written only as text (no link, so nothing to follow)', () => {
      expect(check({ body: `${words(SHORT_BODY_WORDS)} /issues/2099-01-01/nothing` })).toEqual([]);
    });
  });

  describe('warnings', () => {
    it('a missing standfirst', () => {
      expect(summary(check({ standfirst: ' ' }))).toEqual([
        { level: 'warn', field: 'standfirst', message: 'It has no standfirst: the issue page and the email show none.' },
      ]);
    });

    it('an empty invitation while responses are open or premoderated, not when closed', () => {
      expect(summary(check({ invitation: '' }))).toEqual([
        { level: 'warn', field: 'invitation', message: 'It takes responses but has no closing invitation asking for them.' },
      ]);
      expect(check({ invitation: '', responsesMode: 'premoderated' })).toHaveLength(1);
      expect(check({ invitation: '', responsesMode: 'closed' })).toEqual([]);
    });

    it(`a body under ${SHORT_BODY_WORDS} words (an empty one blocks instead)`, () => {
      expect(summary(check({ body: words(SHORT_BODY_WORDS - 1) }))).toEqual([
        { level: 'warn', field: 'body', message: `Its text is very short (${SHORT_BODY_WORDS - 1} words).` },
      ]);
      expect(check({ body: '' }).map((finding) => finding.level)).toEqual(['block']);
    });

    it('a link the site will not follow, and a link to another site over plain http', () => {
      const text = `${words(SHORT_BODY_WORDS)} [a](javascript:alert(1)) [b](http://elsewhere.example/) [c](https://elsewhere.example/)`;
      expect(summary(check({ body: text })).map((finding) => [finding.level, finding.message])).toEqual([
        ['warn', 'The link “javascript:alert(1)” will not work: only web, mail and this site’s addresses are linked.'],
        ['warn', 'The link “http://elsewhere.example/” is not secure (http): use https if the site has it.'],
      ]);
    });
  });
});

describe('an issue', () => {
  const issue = (articles: ChecklistArticle[], changes: { summary?: string } = {}) =>
    checkIssue({ date: '2026-12-02', summary: 'This week.', articles, ...changes }, context());

  it('with no articles is blocked', () => {
    expect(issue([])).toEqual([{ level: 'block', field: 'articles', message: 'The issue has no articles.' }]);
  });

  it('whose articles are all unpublished has none to publish', () => {
    expect(blocking(issue([article({ status: 'unpublished' })]))).toEqual([expect.objectContaining({ field: 'articles' })]);
  });

  it('checks every article that will be read, drafts and published alike, and skips the unpublished', () => {
    const findings = issue([
      article({ id: 1, authorId: null }),
      article({ id: 2, title: 'Second', status: 'published', body: '' }),
      article({ id: 3, title: 'Third', status: 'unpublished', body: '' }),
    ]);
    expect(blocking(findings).map((finding) => [finding.article?.id, finding.field])).toEqual([
      [1, 'author'],
      [2, 'body'],
    ]);
  });

  it('blocks “TK” in its summary and warns when it has none', () => {
    expect(summary(issue([article()], { summary: 'Figures TK' }))).toEqual([
      { level: 'block', field: 'summary', message: 'The issue’s summary still has “TK”.' },
    ]);
    expect(summary(issue([article()], { summary: '' }))).toEqual([
      { level: 'warn', field: 'summary', message: 'The issue has no summary.' },
    ]);
  });

  it('warns when two articles share a title', () => {
    expect(issue([article({ id: 1 }), article({ id: 2, title: ' we should value LOCAL diversity ' })])).toEqual([
      { level: 'warn', article: { id: 2, title: 'we should value LOCAL diversity' }, field: 'title', message: expect.any(String) },
    ]);
  });

  it('is blocked by any blocking finding, and only by those', () => {
    expect(blocking(issue([article({ standfirst: '' })]))).toEqual([]);
    expect(blocking(issue([article({ standfirst: 'TK' })]))).toHaveLength(1);
  });
});

describe('siteLinks', () => {
  it('names the issue, article and author pages a body links to', () => {
    expect(
      siteLinks(`[a](/issues/2010-09-15) [b](${SITE}/issues/2010-09-15/x) [c](/authors/y) [d](https://other.example/authors/z)`, SITE),
    ).toEqual([
      { kind: 'issue', date: '2010-09-15' },
      { kind: 'article', date: '2010-09-15', slug: 'x' },
      { kind: 'author', slug: 'y' },
    ]);
  });
});
