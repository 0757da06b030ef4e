// Grouped horizontal bar charts as standalone SVG, in the style of the agencies' report: one row
// per factor (or theme), the share of dialogues along the other axis (0–100 %), one bar per group.
// Accessible: role="img" with <title> and <desc>, every bar with its own <title> (value and n),
// a colour-blind-safe palette (Okabe–Ito) and the value printed at each bar, with its 95 % interval
// as an error bar where the report has one. Pure.
import { scaleBand, scaleLinear } from 'd3-scale';

export interface BarValue {
  share: number;
  dialogues: number;
  n: number;
  /** The 95 % interval of the share, drawn as an error bar where given. */
  low?: number;
  high?: number;
}

export interface BarChartInput {
  title: string;
  /** Longer description for screen readers (what is counted, the groups' n, the basis). */
  description: string;
  categories: { id: string; name: string }[];
  series: { id: string; name: string }[];
  value: (categoryId: string, seriesId: string) => BarValue | undefined;
  /** Caption under the chart (source, n). */
  caption?: string;
  width?: number;
}

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const FONT = 'Arial, Helvetica, sans-serif';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Greedy word wrap to lines of at most `max` characters. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + w.length > max) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}

const pct = (x: number) => `${(x * 100).toLocaleString('sv-SE', { maximumFractionDigits: 0 })} %`;

export function barChartSvg(input: BarChartInput): string {
  const width = input.width ?? 960;
  const labelW = 290;
  const right = 56;
  const barH = input.series.length > 4 ? 10 : 14;
  const titleLines = wrap(input.title, 90);
  const legendCols = Math.max(1, Math.floor((width - 40) / 220));
  const legendRows = Math.ceil(input.series.length / legendCols);
  const top = 20 + titleLines.length * 22 + legendRows * 20 + 30;
  const bandH = input.series.length * barH + 14;
  const catLines = input.categories.map((c) => wrap(c.name, 40));
  const bandHeights = catLines.map((l) => Math.max(bandH, l.length * 14 + 8));
  const plotH = bandHeights.reduce((a, b) => a + b, 0);
  const captionLines = input.caption ? wrap(input.caption, 130) : [];
  const height = top + plotH + 40 + captionLines.length * 16 + 10;

  const x = scaleLinear().domain([0, 1]).range([labelW, width - right]);
  const inner = scaleBand<string>()
    .domain(input.series.map((s) => s.id))
    .range([0, input.series.length * barH])
    .paddingInner(0.15);
  const colour = (i: number) => PALETTE[i % PALETTE.length]!;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}">`,
    `<title id="chart-title">${escapeXml(input.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(input.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  titleLines.forEach((l, i) => out.push(`<text x="20" y="${30 + i * 22}" font-size="18" font-weight="bold" fill="#1a1a1a">${escapeXml(l)}</text>`));
  // Legend
  const legendY = 20 + titleLines.length * 22 + 14;
  input.series.forEach((s, i) => {
    const lx = 20 + (i % legendCols) * 220;
    const ly = legendY + Math.floor(i / legendCols) * 20;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${colour(i)}"/>`, `<text x="${lx + 18}" y="${ly}" font-size="13" fill="#1a1a1a">${escapeXml(s.name)}</text>`);
  });
  // Grid and x axis
  const axisY = top + plotH;
  out.push(`<g aria-hidden="true">`);
  for (const t of x.ticks(5)) {
    out.push(
      `<line x1="${x(t)}" x2="${x(t)}" y1="${top - 6}" y2="${axisY}" stroke="${t === 0 ? '#333333' : '#d9d9d9'}" stroke-width="1"/>`,
      `<text x="${x(t)}" y="${axisY + 18}" font-size="12" text-anchor="middle" fill="#333333">${pct(t)}</text>`,
    );
  }
  out.push(`<text x="${(labelW + width - right) / 2}" y="${axisY + 36}" font-size="13" text-anchor="middle" fill="#333333">Andel dialoger</text>`, `</g>`);
  // Bars
  let y = top;
  input.categories.forEach((c, ci) => {
    const h = bandHeights[ci]!;
    const lines = catLines[ci]!;
    const ly = y + h / 2 - ((lines.length - 1) * 14) / 2 + 4;
    out.push(`<g>`);
    lines.forEach((l, i) => out.push(`<text x="${labelW - 10}" y="${ly + i * 14}" font-size="12" text-anchor="end" fill="#1a1a1a">${escapeXml(l)}</text>`));
    const barsTop = y + (h - input.series.length * barH) / 2;
    input.series.forEach((s, si) => {
      const v = input.value(c.id, s.id);
      if (!v) return;
      const by = barsTop + (inner(s.id) ?? 0);
      const bw = Math.max(0, x(v.share) - x(0));
      const ci = v.low !== undefined && v.high !== undefined ? { low: v.low, high: v.high } : null;
      const label = ci
        ? `${c.name}, ${s.name}: ${pct(v.share)}, 95 % intervall ${pct(ci.low)}–${pct(ci.high)} (n = ${v.n} dialoger)`
        : `${c.name}, ${s.name}: ${pct(v.share)} (${v.dialogues} av ${v.n} dialoger)`;
      const mid = by + inner.bandwidth() / 2;
      out.push(`<rect x="${x(0)}" y="${by.toFixed(1)}" width="${bw.toFixed(1)}" height="${inner.bandwidth().toFixed(1)}" fill="${colour(si)}"><title>${escapeXml(label)}</title></rect>`);
      if (ci) {
        const cap = inner.bandwidth() / 2 - 1;
        out.push(
          `<path class="intervall" d="M${x(ci.low).toFixed(1)} ${mid.toFixed(1)}H${x(ci.high).toFixed(1)}M${x(ci.low).toFixed(1)} ${(mid - cap).toFixed(1)}V${(mid + cap).toFixed(1)}M${x(ci.high).toFixed(1)} ${(mid - cap).toFixed(1)}V${(mid + cap).toFixed(1)}" stroke="#1a1a1a" stroke-width="1.2" fill="none" aria-hidden="true"/>`,
        );
      }
      const textX = Math.max(x(0) + bw, ci ? x(ci.high) : 0) + 4;
      out.push(`<text x="${textX.toFixed(1)}" y="${(by + inner.bandwidth() - 2).toFixed(1)}" font-size="${barH > 10 ? 11 : 9}" fill="#333333" aria-hidden="true">${pct(v.share)}</text>`);
    });
    out.push(`</g>`);
    y += h;
  });
  captionLines.forEach((l, i) => out.push(`<text x="20" y="${axisY + 58 + i * 16}" font-size="11" fill="#555555">${escapeXml(l)}</text>`));
  out.push(`</svg>`);
  return out.join('\n') + '\n';
}
