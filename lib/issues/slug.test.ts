import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify, slugOrHash } from './slug';

describe('slugify', () => {
  it.each([
    ['We should value local diversity', 'we-should-value-local-diversity'],
    ['Café au lait', 'cafe-au-lait'],
    ['Ångström, Žižek & Müller', 'angstrom-zizek-muller'],
    ['It’s NESTA’s report', 'its-nestas-report'],
    ["Don't stop", 'dont-stop'],
    ['Hello, World! (2010)', 'hello-world-2010'],
    ['  --Leading & trailing--  ', 'leading-trailing'],
    ['Mass Localism – a “new” idea?', 'mass-localism-a-new-idea'],
    ['ﬁnance', 'finance'],
    ['２０１０ review', '2010-review'],
  ])('%j → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('gives an empty slug for text without Latin letters or digits', () => {
    expect(slugify('Мир')).toBe('');
    expect(slugify('東京')).toBe('');
    expect(slugify('!?–')).toBe('');
    expect(slugify('')).toBe('');
  });

  it('caps the slug at 80 characters at a word boundary', () => {
    const slug = slugify('word '.repeat(30));
    expect(slug).toBe(Array(16).fill('word').join('-'));
    expect(slug).toHaveLength(79);
    const exact = `${'a'.repeat(39)} ${'b'.repeat(40)} overflow`;
    expect(slugify(exact)).toBe(`${'a'.repeat(39)}-${'b'.repeat(40)}`);
  });

  it('cuts a single word longer than the cap', () => {
    expect(slugify(`${'x'.repeat(100)} tail`)).toBe('x'.repeat(80));
  });
});

describe('slugOrHash', () => {
  it('uses the readable slug when there is one', () => {
    expect(slugOrHash('Stian Westlake', 'author')).toBe('stian-westlake');
  });

  it('falls back to a stable, prefixed short hash', () => {
    const slug = slugOrHash('Мир', 'author');
    expect(slug).toMatch(/^author-[0-9a-f]{8}$/);
    expect(slug).toMatch(SLUG_PATTERN);
    // Pinned: these slugs are addresses, so they must not change between releases.
    expect(slug).toBe('author-6b94b79a');
    expect(slugOrHash('Мир', 'author')).toBe(slug);
    expect(slugOrHash('Мир', 'article')).toBe(slug.replace('author-', 'article-'));
    expect(slugOrHash('東京', 'author')).not.toBe(slug);
  });

  it('hashes canonically equivalent spellings alike', () => {
    const composed = 'Ёлка'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(slugOrHash(decomposed, 'author')).toBe(slugOrHash(composed, 'author'));
  });
});

describe('slugify beyond accents', () => {
  it('spells out Latin letters that carry no separable accent', () => {
    expect(slugify('Łukasz Nowak')).toBe('lukasz-nowak');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Søren Kierkegaard')).toBe('soren-kierkegaard');
    expect(slugify('Ærø Œuvre Þór')).toBe('aero-oeuvre-thor');
  });
});
