// SVG charts drawn from the API's numbers. Nulls ("too little text") break lines into separate
// segments so a gap shows as a gap, never as zero.
import {h, s} from './dom.js';

// A narrower drawing on phones keeps the axis labels legible once the SVG is scaled to the screen.
// Views that draw charts redraw them when the window crosses this width (a phone turned sideways).
export const narrowScreen = window.matchMedia('(max-width: 599px)');

function chartWidth() {
  return narrowScreen.matches ? 440 : 760;
}

function niceTicks(low, high, count = 5) {
  const span = high - low || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= raw) || raw;
  const ticks = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

function isNumber(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

// periods: x labels; series: [{name, color, values: [{y, lo, hi, note} | null]}];
// markers: [{period, color, label}] drawn as dashed verticals (change points).
export function lineChart({
  periods,
  series,
  markers = [],
  format = (y) => y.toFixed(2),
  includeZero = true,
  height = 250,
  label
}) {
  const width = chartWidth();
  const margin = {left: 52, right: 14, top: 14, bottom: 30};
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const numbers = [];
  for (const line of series) {
    for (const v of line.values) {
      if (!v) continue;
      for (const x of [v.y, v.lo, v.hi])
        if (isNumber(x)) numbers.push(x);
    }
  }
  if (includeZero) numbers.push(0);
  let low = numbers.length ? Math.min(...numbers) : 0;
  let high = numbers.length ? Math.max(...numbers) : 1;
  if (high === low) high = low + 1;
  const pad = (high - low) * 0.06;
  low -= low === 0 ? 0 : pad;
  high += pad;
  const ticks = niceTicks(low, high);
  low = Math.min(low, ticks[0]);
  high = Math.max(high, ticks[ticks.length - 1]);
  const x = (i) =>
      margin.left + (periods.length <= 1 ? plotWidth / 2 : (i * plotWidth) / (periods.length - 1));
  const y = (v) => margin.top + plotHeight - ((v - low) / (high - low)) * plotHeight;

  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    class: 'chart',
    role: 'img',
    'aria-label': label,
    preserveAspectRatio: 'xMidYMid meet'
  });
  svg.append(s('title', {}, label));
  for (const t of ticks) {
    svg.append(
        s('line', {
          x1: margin.left,
          x2: width - margin.right,
          y1: y(t),
          y2: y(t),
          class: t === 0 ? 'axis-zero' : 'grid'
        }),
        s('text', {x: margin.left - 6, y: y(t) + 4, class: 'tick', 'text-anchor': 'end'},
          format(t)));
  }
  const labelEvery = Math.max(1, Math.ceil(periods.length / (width < 600 ? 5 : 9)));
  periods.forEach((period, i) => {
    if (i % labelEvery !== 0) return;
    svg.append(s('text', {x: x(i), y: height - 8, class: 'tick', 'text-anchor': 'middle'}, period));
  });
  for (const marker of markers) {
    const i = periods.indexOf(marker.period);
    if (i < 0) continue;
    svg.append(
        s('g', {class: 'marker'}, s('title', {}, marker.label), s('line', {
            x1: x(i),
            x2: x(i),
            y1: margin.top,
            y2: margin.top + plotHeight,
            stroke: marker.color,
            class: 'change-point'
          }),
          s('path', {d: `M${x(i) - 6},${margin.top} h12 l-6,9 z`, fill: marker.color})));
  }
  for (const line of series) {
    const segments = [];
    let current = [];
    line.values.forEach((v, i) => {
      if (v && isNumber(v.y)) {
        current.push({i, ...v});
      } else if (current.length) {
        segments.push(current);
        current = [];
      }
    });
    if (current.length) segments.push(current);
    const group = s('g', {class: 'series', dataset: {series: line.name}});
    for (const segment of segments) {
      const banded = segment.filter((p) => isNumber(p.lo) && isNumber(p.hi));
      if (banded.length === segment.length && segment.length > 1) {
        const upper = segment.map((p) => `${x(p.i)},${y(p.hi)}`);
        const lower = segment.map((p) => `${x(p.i)},${y(p.lo)}`).reverse();
        group.append(s(
            'polygon', {points: [...upper, ...lower].join(' '), fill: line.color, class: 'band'}));
      }
      for (const p of banded) {
        if (segment.length === 1) {
          group.append(s('line', {
            x1: x(p.i),
            x2: x(p.i),
            y1: y(p.lo),
            y2: y(p.hi),
            stroke: line.color,
            class: 'whisker'
          }));
        }
      }
      if (segment.length > 1) {
        group.append(s('polyline', {
          points: segment.map((p) => `${x(p.i)},${y(p.y)}`).join(' '),
          stroke: line.color,
          class: 'line'
        }));
      }
      for (const p of segment) {
        const interval =
            isNumber(p.lo) && isNumber(p.hi) ? ` (95% CI ${format(p.lo)} to ${format(p.hi)})` : '';
        group.append(
            s('circle', {cx: x(p.i), cy: y(p.y), r: 3, fill: line.color, class: 'point'},
              s('title', {},
                `${line.name}, ${periods[p.i]}: ${format(p.y)}${interval}${
                    p.note ? `; ${p.note}` : ''}`)));
      }
    }
    svg.append(group);
  }
  return svg;
}

export function legend(items) {
  return h(
      'ul', {class: 'chart-legend'},
      items.map(
          (item) =>
              h('li', {},
                h('span',
                  {class: item.dashed ? 'key dashed' : 'key', style: `background:${item.color}`}),
                item.label)));
}

// rows: [{label, value, lo, hi, color, title}] as dots with interval bars around zero. The axis
// runs from -extent to +extent: given (a correlation's 1), or fitted to the rows.
export function intervalChart({rows, format = (v) => v.toFixed(2), label, extent: fixedExtent}) {
  const width = chartWidth();
  const rowHeight = 24;
  const longest = Math.max(3, ...rows.map((r) => String(r.label).length));
  const margin = {left: Math.min(width / 3, 14 + 7 * longest), right: 20, top: 8, bottom: 26};
  const height = margin.top + margin.bottom + rows.length * rowHeight;
  const values = rows.flatMap((r) => [r.value, r.lo, r.hi]).filter(isNumber);
  const extent = fixedExtent ?? Math.max(0.05, ...values.map(Math.abs)) * 1.08;
  const plotWidth = width - margin.left - margin.right;
  const x = (v) => margin.left + ((v + extent) / (2 * extent)) * plotWidth;
  const svg = s(
      'svg', {viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label});
  svg.append(s('title', {}, label));
  for (const t of niceTicks(-extent, extent, 6)) {
    svg.append(
        s('line', {
          x1: x(t),
          x2: x(t),
          y1: margin.top,
          y2: height - margin.bottom,
          class: t === 0 ? 'axis-zero' : 'grid'
        }),
        s('text', {x: x(t), y: height - 8, class: 'tick', 'text-anchor': 'middle'}, format(t)));
  }
  rows.forEach((row, index) => {
    const cy = margin.top + index * rowHeight + rowHeight / 2;
    const group = s('g', {class: 'interval-row'}, s('title', {}, row.title || row.label));
    group.append(
        s('text', {x: margin.left - 8, y: cy + 4, class: 'tick row-label', 'text-anchor': 'end'},
          row.label));
    if (isNumber(row.lo) && isNumber(row.hi)) {
      group.append(
          s('line',
            {x1: x(row.lo), x2: x(row.hi), y1: cy, y2: cy, stroke: row.color, class: 'whisker'}));
    }
    if (isNumber(row.value))
      group.append(s('circle', {cx: x(row.value), cy, r: 4.5, fill: row.color}));
    svg.append(group);
  });
  return svg;
}

// parts: [{label, share, color}] as one horizontal stacked bar (shares of 1).
export function stackedBar(parts, label) {
  const total = parts.reduce((sum, p) => sum + (p.share || 0), 0);
  return h(
      'div', {class: 'stacked', role: 'img', 'aria-label': label},
      total > 0 ?
          parts.filter((p) => p.share > 0)
              .map(
                  (p) =>
                      h('span', {
                        class: 'stacked-part',
                        style: `width:${(100 * p.share / total).toFixed(2)}%;background:${p.color}`,
                        title: `${p.label} ${(100 * p.share / total).toFixed(0)}%`
                      },
                        p.share / total >= 0.08 ? `${(100 * p.share / total).toFixed(0)}%` : '')) :
                                                  h('span', {class: 'stacked-empty'}, 'no text'));
}
