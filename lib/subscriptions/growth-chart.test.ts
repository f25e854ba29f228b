import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GrowthChart } from '@/components/subscribers/GrowthChart';
import { chartLayout, growthSummary, roundUp } from './growth-chart';

const points = [
  { month: '2026-01', active: 0 },
  { month: '2026-02', active: 40 },
  { month: '2026-03', active: 75 },
  { month: '2026-04', active: 60 },
];

describe('the growth chart', () => {
  it('scales bars to a round maximum, each month in its own slot', () => {
    const layout = chartLayout(points.map((point) => ({ label: point.month, value: point.active })));
    expect(layout.max).toBe(100);
    expect(layout.bars.map((bar) => bar.height / (layout.bottom - layout.top))).toEqual([0, 0.4, 0.75, 0.6]);
    expect(layout.bars.every((bar, index, all) => index === 0 || bar.x > all[index - 1]!.x + all[index - 1]!.width)).toBe(true);
    expect(layout.bars.every((bar) => bar.y + bar.height === layout.bottom)).toBe(true);
    expect([roundUp(0), roundUp(3), roundUp(11), roundUp(200), roundUp(201)]).toEqual([1, 5, 20, 200, 500]);
  });

  it('renders as an image with a title, a description and the numbers as a table', () => {
    const html = renderToStaticMarkup(createElement(GrowthChart, { points }));
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="growth-title growth-desc"');
    expect(html).toContain('<title id="growth-title">Active subscribers by month</title>');
    expect(html).toContain(`<desc id="growth-desc">${growthSummary(points)}</desc>`);
    expect(html.match(/<rect /g)).toHaveLength(4);
    expect(html).toContain('<title>Mar 2026: 75</title>');
    expect(html).toContain('<th scope="row">Apr 2026</th><td>60</td>');
    expect(growthSummary(points)).toBe(
      'Active subscribers at the end of each month from Jan 2026 to Apr 2026: 0 to 60 (up 60); highest 75, in Mar 2026.',
    );
  });
});
