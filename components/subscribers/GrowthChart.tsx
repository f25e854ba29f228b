import { chartLayout, growthSummary, monthLabel } from '@/lib/subscriptions/growth-chart';
import type { GrowthPoint } from '@/lib/subscriptions/admin-queries';

/**
 * Active subscribers by month as an SVG bar chart rendered on the server (no JavaScript): role="img" with a title
 * and a description that says what it shows, and the same numbers in a table below for anyone who cannot see it.
 */
export function GrowthChart({ points }: { points: GrowthPoint[] }) {
  const layout = chartLayout(points.map((point) => ({ label: monthLabel(point.month), value: point.active })));
  const summary = growthSummary(points);
  return (
    <figure className="growth-chart">
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-labelledby="growth-title growth-desc"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="growth-title">Active subscribers by month</title>
        <desc id="growth-desc">{summary}</desc>
        {layout.ticks.map((tick) => (
          <g key={tick.value} className="growth-chart__tick">
            <line x1={layout.left} x2={layout.width - 8} y1={tick.y} y2={tick.y} />
            <text x={layout.left - 6} y={tick.y + 4} textAnchor="end">
              {tick.value}
            </text>
          </g>
        ))}
        {layout.bars.map((bar) => (
          <g key={bar.label} className="growth-chart__bar">
            <rect x={bar.x} y={bar.y} width={bar.width} height={Math.max(bar.height, 0)}>
              <title>{`${bar.label}: ${bar.value}`}</title>
            </rect>
            <text x={bar.x + bar.width / 2} y={layout.bottom + 16} textAnchor="middle">
              {bar.label.slice(0, 3)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{summary}</figcaption>
      <details>
        <summary>The numbers</summary>
        <table>
          <caption className="visually-hidden">Active subscribers at the end of each month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Active subscribers</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.month}>
                <th scope="row">{monthLabel(point.month)}</th>
                <td>{point.active}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
