// Number, tone and text formatting shared by the pages.
import {h} from './dom.js';

const integer = new Intl.NumberFormat('en');

export function formatCount(n) {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function formatTone(t) {
  if (t === null || t === undefined || Number.isNaN(t)) return '—';
  return (t > 0 ? '+' : t < 0 ? '−' : '') + Math.abs(t).toFixed(2);
}

export function formatShare(x) {
  return x === null || x === undefined ? '—' : `${(100 * x).toFixed(0)}%`;
}

// Diverging scale: red for hostile, grey around zero, blue for warm; alpha grows with |tone|.
export function toneColor(t, alpha = 1) {
  if (t === null || t === undefined) return 'transparent';
  const clamped = Math.max(-1, Math.min(1, t));
  const strength = Math.min(1, Math.abs(clamped) * 1.6);
  const hue = clamped < 0 ? 0 : 212;
  return `hsla(${hue}, 75%, 50%, ${(0.12 + 0.5 * strength) * alpha})`;
}

export function toneClass(t) {
  if (t === null || t === undefined) return 'tone-none';
  if (t <= -0.05) return 'tone-neg';
  if (t >= 0.05) return 'tone-pos';
  return 'tone-neutral';
}

export function toneBadge(t, label = 'tone') {
  return h(
      'span', {
        class: `badge ${toneClass(t)}`,
        style: `background:${toneColor(t)}`,
        title: `${label} ${formatTone(t)} (−1 hostile … +1 warm)`
      },
      `${label} ${formatTone(t)}`);
}

// Search snippets mark matched terms as [term]; each bracketed run becomes a <mark>.
export function snippetNodes(snippet) {
  const nodes = [];
  const pattern = /\[([^\[\]]*)\]/g;
  let last = 0;
  for (let m = pattern.exec(snippet); m; m = pattern.exec(snippet)) {
    if (m.index > last) nodes.push(snippet.slice(last, m.index));
    nodes.push(h('mark', {}, m[1]));
    last = m.index + m[0].length;
  }
  if (last < snippet.length) nodes.push(snippet.slice(last));
  return nodes;
}

// The API gives offsets in UTF-8 bytes (the archive's unit); JavaScript strings count UTF-16
// units, so text is cut on its encoded bytes.
export class Utf8Text {
  constructor(text) {
    this.bytes = new TextEncoder().encode(text || '');
    this.decoder = new TextDecoder('utf-8');
  }
  get length() {
    return this.bytes.length;
  }
  slice(start, end) {
    const from = Math.max(0, Math.min(this.bytes.length, start));
    const to = Math.max(from, Math.min(this.bytes.length, end));
    return this.decoder.decode(this.bytes.subarray(from, to));
  }
}

// A quote with its byte spans wrapped in <mark>; overlapping or out-of-range spans are clipped.
export function markedSpans(text, spans, makeMark = (part) => h('mark', {}, part)) {
  const utf8 = new Utf8Text(text);
  const sorted = (spans || [])
                     .filter((span) => Array.isArray(span) && span.length >= 2)
                     .map(([start, end]) => [start, end])
                     .sort((x, y) => x[0] - y[0]);
  const nodes = [];
  let position = 0;
  for (const [start, end] of sorted) {
    const from = Math.max(start, position);
    if (end <= from || from >= utf8.length) continue;
    if (from > position) nodes.push(utf8.slice(position, from));
    nodes.push(makeMark(utf8.slice(from, end)));
    position = Math.min(end, utf8.length);
  }
  if (position < utf8.length) nodes.push(utf8.slice(position, utf8.length));
  return nodes;
}

export const DOMAINS =
    ['military', 'nuclear', 'diplomatic', 'economic', 'ideological', 'humanitarian'];

export const DOMAIN_COLORS = {
  military: '#b8443a',
  nuclear: '#e0a030',
  diplomatic: '#3a78b8',
  economic: '#4d9a5a',
  ideological: '#8a5bb0',
  humanitarian: '#c0679a',
};

export function kindLabel(kind) {
  return (kind || '').replaceAll('_', ' ');
}
