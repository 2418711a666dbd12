// Dyad dashboard: how A speaks of B and B of A, period by period (attention, warmth with 95%
// intervals, change points), the domain mix, third-party divergence and every finding with quotes.
import {getCached, getJson} from './api.js';
import {intervalChart, legend, lineChart, narrowScreen, stackedBar} from './charts.js';
import {errorBox, fill, h, loading} from './dom.js';
import {DOMAIN_COLORS, DOMAINS, formatCount, formatTone, kindLabel, markedSpans, toneBadge} from './format.js';
import {href, navigate} from './router.js';

const COLOR_A = '#1f6fb2';
const COLOR_B = '#d9822b';
const GRANULARITIES = ['year', 'quarter', 'month'];

function actorOptions(actors, selected) {
  const list = [...(actors || [])];
  if (selected && !list.some((a) => a.code === selected)) list.unshift({code: selected});
  return list.map(
      (a) =>
          h('option', {value: a.code, selected: a.code === selected},
            a.sentences != null ? `${a.code} (${formatCount(a.sentences)})` : a.code));
}

function dyadForm(state, actors) {
  const form =
      h('form', {class: 'dyad-form'},
        h('label', {class: 'field'}, h('span', {}, 'State A'),
          h('select', {name: 'a', required: true}, actorOptions(actors, state.a))),
        h('button', {
          type: 'button',
          class: 'swap',
          title: 'Swap A and B',
          'aria-label': 'Swap A and B',
          onclick: () => navigate('/dyad', {...state, a: state.b, b: state.a})
        },
          '⇄'),
        h('label', {class: 'field'}, h('span', {}, 'State B'),
          h('select', {name: 'b', required: true}, actorOptions(actors, state.b))),
        h('label', {class: 'field'}, h('span', {}, 'Periods'),
          h('select', {name: 'by'},
            GRANULARITIES.map((g) => h('option', {value: g, selected: g === state.by}, g)))),
        h('label', {class: 'field'}, h('span', {}, 'From'),
          h('input',
            {name: 'from', value: state.from || '', placeholder: 'yyyy[-mm[-dd]]', size: 10})),
        h('label', {class: 'field'}, h('span', {}, 'To'),
          h('input', {name: 'to', value: state.to || '', placeholder: 'yyyy[-mm[-dd]]', size: 10})),
        h('label', {class: 'field'}, h('span', {}, 'Domain'),
          h('select', {name: 'domain'}, h('option', {value: ''}, 'all'),
            DOMAINS.map((d) => h('option', {value: d, selected: d === state.domain}, d)))),
        h('label', {class: 'field check'},
          h('input', {type: 'checkbox', name: 'any_outlet', checked: state.any_outlet === '1'}),
          h('span', {}, 'Words quoted in any outlet')),
        h('button', {type: 'submit', class: 'primary'}, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    const next = {};
    for (const [key, value] of Object.entries(data))
      if (String(value).trim()) next[key] = String(value).trim();
    if (next.by === 'year') delete next.by;
    if (next.any_outlet) next.any_outlet = '1';
    navigate('/dyad', next);
  });
  return form;
}

function directionSeries(dyad, speaker, target) {
  return (dyad.series || []).filter((row) => row.speaker === speaker && row.target === target);
}

function periodsOf(dyad) {
  return [...new Set((dyad.series || []).map((row) => row.period))].sort();
}

function byPeriod(rows) {
  return new Map(rows.map((row) => [row.period, row]));
}

function attentionChart(dyad, periods, a, b) {
  const value = (row) => {
    if (!row || !row.speaker_sentences) return null;
    return {
      y: 1000 * row.attention,
      note: `${formatCount(row.sentences)} of ${formatCount(row.speaker_sentences)} sentences`
    };
  };
  const ab = byPeriod(directionSeries(dyad, a, b));
  const ba = byPeriod(directionSeries(dyad, b, a));
  return lineChart({
    periods,
    label: `Attention: sentences per thousand naming the other, ${a} and ${b}`,
    format: (y) => (Math.abs(y) >= 10 ? y.toFixed(0) : y.toFixed(1)),
    series: [
      {name: `${a} about ${b}`, color: COLOR_A, values: periods.map((p) => value(ab.get(p)))},
      {name: `${b} about ${a}`, color: COLOR_B, values: periods.map((p) => value(ba.get(p)))}
    ]
  });
}

function warmthChart(dyad, periods, a, b, changePoints) {
  const value = (row) => {
    if (!row || row.tone === null || row.tone === undefined) return null;
    return {
      y: row.tone,
      lo: row.tone_ci_low,
      hi: row.tone_ci_high,
      note: `${formatCount(row.scored)} scored sentences`
    };
  };
  const ab = byPeriod(directionSeries(dyad, a, b));
  const ba = byPeriod(directionSeries(dyad, b, a));
  return lineChart({
    periods,
    label: `Warmth: mean tone with 95% interval, ${a} toward ${b} and ${b} toward ${a}`,
    format: (y) => formatTone(y),
    markers: changePoints.map(
        (f) => ({period: f.period, color: f.speaker === a ? COLOR_A : COLOR_B, label: f.summary})),
    series: [
      {name: `${a} toward ${b}`, color: COLOR_A, values: periods.map((p) => value(ab.get(p)))},
      {name: `${b} toward ${a}`, color: COLOR_B, values: periods.map((p) => value(ba.get(p)))}
    ]
  });
}

function domainMix(dyad, a, b) {
  const rows = [[a, b], [b, a]].map(([speaker, target]) => {
    const series = directionSeries(dyad, speaker, target);
    const sentences = series.reduce((sum, row) => sum + (row.sentences || 0), 0);
    const parts = DOMAINS.map(
        (domain) => ({
          label: domain,
          color: DOMAIN_COLORS[domain],
          share: sentences ?
              series.reduce(
                  (sum, row) => sum + (row.domains?.[domain] || 0) * (row.sentences || 0), 0) /
                  sentences :
              0,
        }));
    return h(
        'div', {class: 'mix-row'},
        h('div', {class: 'mix-label'}, `${speaker} about ${target}`,
          h('span', {class: 'muted'}, ` ${formatCount(sentences)} sentences`)),
        stackedBar(parts, `Domains of ${speaker}'s sentences about ${target}`));
  });
  return h(
      'div', {class: 'domain-mix'}, rows,
      legend(DOMAINS.map((d) => ({label: d, color: DOMAIN_COLORS[d]}))));
}

function thirdPartyChart(findings, a, b) {
  const rows = findings.filter((f) => f.kind === 'third_party_divergence' && f.third_party);
  if (!rows.length)
    return h('p', {class: 'muted'}, 'No third party on which the two diverge beyond chance.');
  // A third party tested over the whole record and in single periods gets one row each.
  const seen = new Set();
  const repeated =
      new Set(rows.map((f) => f.third_party).filter((p) => seen.has(p) || !seen.add(p)));
  return h(
      'div', {}, intervalChart({
        label: `Difference in tone toward third parties, ${a} minus ${
            b}, relative to each side's register`,
        format: (v) => formatTone(v),
        rows: rows.map((f) => ({
                         label: repeated.has(f.third_party) ?
                             `${f.third_party} ${String(f.period || '').split(' (')[0]}` :
                             f.third_party,
                         value: f.magnitude,
                         lo: f.ci_low,
                         hi: f.ci_high,
                         color: f.magnitude >= 0 ? COLOR_A : COLOR_B,
                         title: f.summary
                       }))
      }),
      h('p', {class: 'muted small'},
        `Right of zero: ${a} is warmer toward the third party than ${
            b} (each relative to its usual tone); bars are the 95% intervals.`));
}

function evidenceView(evidence, finding) {
  return h(
      'li', {class: 'evidence'},
      h('blockquote', {},
        markedSpans(
            evidence.quote || '', evidence.target_spans,
            (part) => h('mark', {class: 'actor-mark'}, part))),
      h('div', {class: 'evidence-meta'},
        [
          evidence.date || 'undated', evidence.source,
          evidence.speaker ? `speaker ${evidence.speaker}` : null
        ].filter(Boolean)
            .join(' · '),
        ' ', evidence.tone !== undefined ? toneBadge(evidence.tone) : null, ' ',
        evidence.why ? h('span', {class: 'muted'}, evidence.why) : null, ' ',
        h('a', {
          class: 'open-document',
          href: href('/document', {id: evidence.document_id, sentence: evidence.sentence_id}),
          title: evidence.title || evidence.document_id
        },
          'Open the document →')));
}

export function findingView(finding) {
  const interval = finding.ci_low != null && finding.ci_high != null ?
      `95% interval ${formatTone(finding.ci_low)} to ${formatTone(finding.ci_high)}` :
      '';
  return h(
      'li', {class: 'finding', dataset: {kind: finding.kind}},
      h('div', {class: 'finding-head'},
        finding.rank > 0 ? h('span', {class: 'rank'}, `#${finding.rank}`) : null,
        h('span', {class: `badge kind kind-${finding.kind}`}, kindLabel(finding.kind)),
        h('span', {class: 'who'},
          `${finding.speaker || ''}${finding.target ? ` → ${finding.target}` : ''}${
              finding.third_party ? ` on ${finding.third_party}` : ''}`),
        h('span', {class: 'muted'}, finding.period || '')),
      h('p', {class: 'summary'}, finding.summary || ''),
      h('p', {class: 'muted small'},
        [
          interval, finding.p_value != null ? `p = ${Number(finding.p_value).toPrecision(2)}` : '',
          finding.tests ? `${finding.tests} tests of this kind` : ''
        ].filter(Boolean)
            .join(' · ')),
      (finding.evidence || []).length ?
          h('details', {class: 'quotes', open: (finding.rank ?? 1) <= 3},
            h('summary', {},
              `${finding.evidence.length} quote${finding.evidence.length === 1 ? '' : 's'}`),
            h('ul', {}, finding.evidence.map((e) => evidenceView(e, finding)))) :
          null);
}

function countOf(findings, kind) {
  return findings.filter((f) => f.kind === kind).length;
}

function findingsView(cracks) {
  const findings = cracks.findings || [];
  const kinds = [...new Set(findings.map((f) => f.kind))];
  return h(
      'div', {},
      h('p', {class: 'muted findings-summary'},
        h('strong', {class: 'finding-count'}, findings.length),
        ` finding${findings.length === 1 ? '' : 's'} out of ${formatCount(cracks.tests)} tests`,
        kinds.length ?
            ` (${kinds.map((k) => `${countOf(findings, k)} ${kindLabel(k)}`).join(', ')})` :
            ''),
      findings.length ?
          h('ol', {class: 'findings'}, findings.map(findingView)) :
          h('p', {class: 'empty'}, 'No finding: nothing passes its test at this error rate.'),
      (cracks.notes || []).length ?
          h('ul', {class: 'notes muted small'}, cracks.notes.map((n) => h('li', {}, n))) :
          null);
}

function panel(title, ...content) {
  return h('section', {class: 'panel'}, h('h2', {}, title), ...content);
}

export async function renderDyad(outlet, state, signal) {
  const actorsBody = await getCached('/api/actors').catch(() => ({actors: []}));
  if (signal.aborted) return;
  const a = (state.a || 'IRN').toUpperCase();
  const b = (state.b || 'PRK').toUpperCase();
  const view = {...state, a, b};
  document.title = `${a}–${b} — fissure dyad`;
  fill(
      outlet, h('h1', {}, `${a} and ${b}: how each speaks of the other`),
      dyadForm(view, actorsBody.actors));
  if (a === b) {
    outlet.append(errorBox('Pick two different states.'));
    return;
  }
  const query = {
    a,
    b,
    by: state.by,
    from: state.from,
    to: state.to,
    domain: state.domain,
    any_outlet: state.any_outlet === '1' ? 1 : ''
  };
  const charts = h('div', {class: 'dashboard'}, loading('Measuring the dyad…'));
  const findings = h('div', {class: 'findings-holder'}, loading('Testing for dissonance…'));
  outlet.append(charts, panel('Findings', findings));
  const dyadRequest = getJson('/api/dyad', {...query, min_sentences: state.min_sentences}, signal);
  const cracksRequest = getJson('/api/cracks', {...query, evidence: 4}, signal);
  cracksRequest.then(
      (cracks) => fill(findings, findingsView(cracks)),
      (error) => error.name !== 'AbortError' && fill(findings, errorBox(error)));
  let dyad;
  try {
    dyad = await dyadRequest;
  } catch (error) {
    if (error.name !== 'AbortError') fill(charts, errorBox(error));
    return;
  }
  const periods = periodsOf(dyad);
  const cracks = await cracksRequest.catch(() => ({findings: []}));
  if (signal.aborted) return;
  const changePoints = (cracks.findings || []).filter((f) => f.kind === 'change_point');
  const totals = [[a, b], [b, a]].map(([speaker, target]) => {
    const rows = directionSeries(dyad, speaker, target);
    return `${speaker} about ${target}: ${
        formatCount(rows.reduce((sum, r) => sum + (r.sentences || 0), 0))} sentences`;
  });
  const unplaced = dyad.unplaced ? Object.values(dyad.unplaced).reduce((x, y) => x + y, 0) : 0;
  const draw = () => fill(
      charts,
      h('p', {class: 'dyad-totals'}, totals.join(' · '),
        unplaced ? h('span', {class: 'muted'},
                     ` · ${formatCount(unplaced)} undated sentences left out of the periods`) :
                   ''),
      periods.length === 0 ? h('p', {class: 'empty'}, 'No text in this selection.') : [
        panel(
            'Attention', legend([
              {label: `${a} about ${b}`, color: COLOR_A}, {label: `${b} about ${a}`, color: COLOR_B}
            ]),
            attentionChart(dyad, periods, a, b),
            h('p', {class: 'muted small'},
              'Sentences naming the other per thousand of the speaker\'s sentences; gaps: the speaker has no text in that period.')),
        panel(
            'Warmth', legend([
              {label: `${a} toward ${b}`, color: COLOR_A},
              {label: `${b} toward ${a}`, color: COLOR_B},
              {label: 'change point', color: '#555', dashed: true}
            ]),
            warmthChart(dyad, periods, a, b, changePoints),
            h('p', {class: 'muted small'},
              `Mean tone (−1 hostile … +1 warm) with its 95% interval; gaps: fewer than ${
                  dyad.min_sentences ?? 10} scored sentences.`)),
        panel('Domain mix', domainMix(dyad, a, b)),
        panel('Third-party divergence', thirdPartyChart(cracks.findings || [], a, b))
      ]);
  draw();
  narrowScreen.addEventListener('change', draw);
  signal.addEventListener(
      'abort', () => narrowScreen.removeEventListener('change', draw), {once: true});
}
