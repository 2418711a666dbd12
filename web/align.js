// Alignment page (fissure align, method in docs/alignment.md): how alike every pair of speakers
// sounds about the third parties both name. One speaker is in focus: its closest and farthest
// partners as a chart and a table, each linked to the dyad of the two; below, every speaker's
// closest and farthest partner.
import {getCached, getJson} from './api.js';
import {intervalChart, narrowScreen} from './charts.js';
import {errorBox, fill, h, loading} from './dom.js';
import {formatCount, formatTone} from './format.js';
import {href, navigate} from './router.js';

const SIMILARITIES = [
  ['pearson', 'Pearson r of centred tones'], ['cosine', 'cosine of centred tones'],
  ['s', 'S score (1 − mean distance)'], ['attention', 'attention (whom both name)']
];
const VOICES = [['speaker', 'who speaks'], ['document', 'the outlet\'s country']];
// The chart shows this many partners at each end; the table below it lists them all.
const CHART_ENDS = 10;
const WARM = '#1f6fb2';
const COLD = '#c0392b';
const PARAMETERS = ['period', 'similarity', 'voice', 'source', 'min_targets', 'min_speakers'];

function alignForm(state) {
  const form = h(
      'form', {class: 'dyad-form align-form'},
      h('label', {class: 'field'}, h('span', {}, 'Period'), h('input', {
          name: 'period',
          value: state.period || '',
          placeholder: 'yyyy or FROM..TO',
          required: true,
          size: 14
        })),
      h('label', {class: 'field'}, h('span', {}, 'Similarity'),
        h('select', {name: 'similarity'},
          SIMILARITIES.map(
              ([value, text]) => h(
                  'option', {value, selected: value === (state.similarity || 'pearson')}, text)))),
      h('label', {class: 'field'}, h('span', {}, 'Voice'),
        h('select', {name: 'voice'},
          VOICES.map(
              ([value, text]) =>
                  h('option', {value, selected: value === (state.voice || 'speaker')}, text)))),
      h('label', {class: 'field'}, h('span', {}, 'Source'),
        h('input', {name: 'source', value: state.source || '', placeholder: 'all', size: 12})),
      h('label', {class: 'field'}, h('span', {}, 'Shared third parties ≥'),
        h('input', {name: 'min_targets', type: 'number', min: 1, value: state.min_targets || 5})),
      h('label', {class: 'field'}, h('span', {}, 'Named by speakers ≥'),
        h('input', {name: 'min_speakers', type: 'number', min: 1, value: state.min_speakers || 5})),
      h('button', {type: 'submit', class: 'primary'}, 'Compare'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {};
    for (const [key, value] of new FormData(form).entries())
      if (String(value).trim()) next[key] = String(value).trim();
    if (next.similarity === 'pearson') delete next.similarity;
    if (next.voice === 'speaker') delete next.voice;
    if (next.min_targets === '5') delete next.min_targets;
    if (next.min_speakers === '5') delete next.min_speakers;
    if (state.focus) next.focus = state.focus;
    navigate('/align', next);
  });
  return form;
}

// Each speaker's measured partners, best aligned first.
function partnersBySpeaker(matrix) {
  const partners = new Map(matrix.speakers.map((code) => [code, []]));
  for (const pair of matrix.pairs) {
    if (pair.alignment === null || pair.alignment === undefined) continue;
    partners.get(pair.a)?.push(
        {code: pair.b, alignment: pair.alignment, shared: pair.shared_targets});
    partners.get(pair.b)?.push(
        {code: pair.a, alignment: pair.alignment, shared: pair.shared_targets});
  }
  for (const list of partners.values()) list.sort((x, y) => y.alignment - x.alignment);
  return partners;
}

function pickFocus(state, speakers) {
  for (const code of [state.focus, 'IRN', 'PRK'])
    if (code && speakers.includes(code)) return code;
  return speakers[0];
}

function chartEnds(list) {
  if (list.length <= 2 * CHART_ENDS) return list;
  return [...list.slice(0, CHART_ENDS), ...list.slice(-CHART_ENDS)];
}

function dyadLink(a, b) {
  return h('a', {href: href('/dyad', {a, b})}, `${a}–${b} dyad`);
}

function focusPanel(state, matrix, partners, focus) {
  const list = partners.get(focus) || [];
  const select =
      h('select', {name: 'focus', 'aria-label': 'Speaker in focus'},
        matrix.speakers.map(
            (code) =>
                h('option', {value: code, selected: code === focus},
                  `${code} (${(partners.get(code) || []).length} partners)`)));
  select.addEventListener('change', () => navigate('/align', {...state, focus: select.value}));
  const heading = h('h2', {}, `Whom ${focus} sounds like`);
  if (list.length === 0) {
    return {
      panel:
          h('section', {class: 'panel'}, heading, h('div', {class: 'focus-picker'}, select),
            h('p', {class: 'empty'},
              `${focus} shares too few third parties with any other speaker to be compared.`)),
      draw: null
    };
  }
  const chartHolder = h('div', {});
  const draw = () => fill(
      chartHolder, intervalChart({
        rows:
            chartEnds(list).map((p) => ({
                                  label: p.code,
                                  value: p.alignment,
                                  color: p.alignment >= 0 ? WARM : COLD,
                                  title: `${focus} and ${p.code}: ${formatTone(p.alignment)} over ${
                                      p.shared} shared third parties`
                                })),
        extent: 1,
        label: `Alignment of ${focus} with its ${
            list.length > 2 * CHART_ENDS ? `${CHART_ENDS} closest and ${CHART_ENDS} farthest` :
                                           list.length} partners`
      }));
  draw();
  return {
    panel: h(
        'section', {class: 'panel'}, heading, h('div', {class: 'focus-picker'}, select),
        h('p', {class: 'muted small'},
          `${list.length} measured partners; +1: the two praise and condemn the same third parties, −1: the opposite.`),
        chartHolder,
        h('details', {}, h('summary', {}, `All ${list.length} partners of ${focus}`),
          h('div', {class: 'table-wrap'},
            h('table', {class: 'kwic align-table'},
              h('thead', {},
                h('tr', {}, h('th', {}, 'partner'), h('th', {}, 'alignment'),
                  h('th', {}, 'shared third parties'), h('th', {}, ''))),
              h('tbody', {},
                list.map(
                    (p) =>
                        h('tr', {}, h('td', {}, p.code), h('td', {}, formatTone(p.alignment)),
                          h('td', {}, formatCount(p.shared)),
                          h('td', {}, dyadLink(focus, p.code))))))))),
    draw
  };
}

function speakersTable(state, matrix, partners) {
  const cell = (p) => p ? `${p.code} (${formatTone(p.alignment)}, ${p.shared})` : '—';
  return h(
      'div', {class: 'table-wrap'},
      h('table', {class: 'kwic align-table'},
        h('thead', {},
          h('tr', {}, h('th', {}, 'speaker'), h('th', {}, 'partners'),
            h('th', {}, 'closest (alignment, shared)'),
            h('th', {}, 'farthest (alignment, shared)'))),
        h('tbody', {}, matrix.speakers.map((code) => {
          const list = partners.get(code) || [];
          return h(
              'tr', {}, h('td', {}, h('a', {href: href('/align', {...state, focus: code})}, code)),
              h('td', {}, formatCount(list.length)), h('td', {}, cell(list[0])),
              h('td', {}, cell(list.length > 1 ? list[list.length - 1] : null)));
        }))));
}

function summary(matrix) {
  const measured = matrix.pairs.filter((p) => p.alignment !== null).length;
  const method = matrix.method || {};
  const leftOut = matrix.left_out || [];
  return h(
      'div', {class: 'align-summary'},
      h('p', {},
        `${matrix.period} (${matrix.from} to ${matrix.to}): ${
            formatCount(matrix.documents)} documents, ${
            formatCount(matrix.coded_sentences)} coded sentences. ${
            formatCount(matrix.speakers.length)} speakers compared over ${
            formatCount(
                Array.isArray(matrix.targets) ?
                    matrix.targets.length :
                    matrix.targets)} third parties (each named by at least ${
            method.min_speakers_per_target} speakers); ${formatCount(measured)} of ${
            formatCount(
                matrix.pairs.length)} pairs share at least ${method.min_shared_targets} of them.`),
      leftOut.length ?
          h('details', {class: 'muted small'},
            h('summary', {}, `${leftOut.length} speakers left out (too few third parties)`),
            leftOut.join(' ')) :
          null);
}

async function defaultPeriod() {
  const stats = await getCached('/api/stats');
  const years = (stats.by_year || []).map((y) => y.name).filter((y) => /^\d{4}$/.test(y)).sort();
  return years.length ? years[years.length - 1] : '';
}

export async function renderAlign(outlet, state, signal) {
  if (!state.period) {
    const period = await defaultPeriod().catch(() => '');
    if (signal.aborted) return;
    if (period) return navigate('/align', {...state, period}, {replace: true});
  }
  document.title = `alignment ${state.period || ''} — fissure`;
  fill(
      outlet, h('h1', {}, 'Alignment: who sounds like whom about third parties'), alignForm(state));
  if (!state.period) {
    outlet.append(h('p', {class: 'empty'}, 'Pick a period.'));
    return;
  }
  const results = h('div', {}, loading('Comparing every pair of speakers…'));
  outlet.append(results);
  const query = {};
  for (const key of PARAMETERS)
    if (state[key]) query[key] = state[key];
  let matrix;
  try {
    matrix = await getJson('/api/align', query, signal);
  } catch (error) {
    if (error.name !== 'AbortError') fill(results, errorBox(error));
    return;
  }
  if (signal.aborted) return;
  const partners = partnersBySpeaker(matrix);
  const focus = pickFocus(state, matrix.speakers);
  const focused = focus ? focusPanel(state, matrix, partners, focus) : null;
  fill(
      results, summary(matrix), focused?.panel,
      h('section', {class: 'panel'}, h('h2', {}, 'Every speaker\'s closest and farthest partner'),
        speakersTable(state, matrix, partners)));
  if (focused?.draw) {
    narrowScreen.addEventListener('change', focused.draw);
    signal.addEventListener(
        'abort', () => narrowScreen.removeEventListener('change', focused.draw), {once: true});
  }
}
