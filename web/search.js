// Search page: query, filters, ranked hits with their coding, facets and paging; KWIC as a tab.
import {ApiError, getCached, getJson} from './api.js';
import {errorBox, fill, h, loading} from './dom.js';
import {DOMAINS, formatCount, snippetNodes, toneBadge} from './format.js';
import {href, navigate} from './router.js';

const PAGE_SIZE = 20;
const FILTERS =
    ['country', 'source', 'actor', 'speaker', 'domain', 'from', 'to', 'tone_min', 'tone_max'];
const FILTER_LABELS = {
  country: 'country',
  source: 'source',
  actor: 'names',
  speaker: 'speaker',
  domain: 'domain',
  from: 'from',
  to: 'to',
  tone_min: 'tone ≥',
  tone_max: 'tone ≤',
  collapse_duplicates: 'no duplicates',
};

function filtersOf(state) {
  const filters = {};
  for (const name of [...FILTERS, 'collapse_duplicates']) {
    if (state[name]) filters[name] = state[name];
  }
  return filters;
}

function go(state, changes) {
  const next = {...state, ...changes};
  if (!('offset' in changes)) delete next.offset;
  for (const key of Object.keys(next)) {
    if (next[key] === '' || next[key] === null || next[key] === undefined) delete next[key];
  }
  navigate('/search', next);
}

function field(label, control) {
  return h('label', {class: 'field'}, h('span', {}, label), control);
}

function optionList(items, selected, emptyLabel) {
  const options = [h('option', {value: ''}, emptyLabel)];
  for (const item of items) {
    options.push(
        h('option', {value: item.value, selected: item.value === selected},
          item.label ?? item.value));
  }
  return options;
}

function searchForm(state, stats, actors) {
  const countries =
      (stats?.by_country || [])
          .filter((c) => c.name && c.name !== '(none)')
          .map((c) => ({value: c.name, label: `${c.name} (${formatCount(c.documents)})`}))
          .sort((x, y) => x.value.localeCompare(y.value));
  const sources =
      (stats?.by_source || [])
          .filter((c) => c.name && c.name !== '(none)')
          .map((c) => ({value: c.name, label: `${c.name} (${formatCount(c.documents)})`}));
  if (state.country && !countries.some((c) => c.value === state.country)) {
    countries.push({value: state.country});
  }
  if (state.source && !sources.some((c) => c.value === state.source)) {
    sources.push({value: state.source});
  }
  const actorList =
      h('datalist', {id: 'actor-codes'},
        (actors?.actors || []).map((a) => h('option', {value: a.code})));
  const form = h(
      'form', {class: 'search-form', role: 'search'},
      h('div', {class: 'query-row'}, h('input', {
          type: 'search',
          name: 'q',
          value: state.q || '',
          placeholder: 'Words, "phrases", AND, OR, NOT, prefix*, a NEAR b',
          'aria-label': 'Query',
          autofocus: !state.q
        }),
        h('button', {type: 'submit', class: 'primary'}, 'Search')),
      h('details', {class: 'filters', open: Object.keys(filtersOf(state)).length > 0 || undefined},
        h('summary', {}, 'Filters'),
        h('div', {class: 'filter-grid'},
          field(
              'Country',
              h('select', {name: 'country'}, optionList(countries, state.country, 'any'))),
          field('Source', h('select', {name: 'source'}, optionList(sources, state.source, 'any'))),
          field('Names actor', h('input', {
                  name: 'actor',
                  value: state.actor || '',
                  list: 'actor-codes',
                  placeholder: 'e.g. PRK',
                  autocapitalize: 'characters'
                })),
          field('Speaker', h('input', {
                  name: 'speaker',
                  value: state.speaker || '',
                  list: 'actor-codes',
                  placeholder: 'e.g. IRN',
                  autocapitalize: 'characters'
                })),
          field(
              'Domain',
              h('select', {name: 'domain'},
                optionList(DOMAINS.map((d) => ({value: d})), state.domain, 'any'))),
          field('From', h('input', {
                  name: 'from',
                  value: state.from || '',
                  placeholder: 'yyyy[-mm[-dd]]',
                  pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?',
                  inputmode: 'numeric'
                })),
          field('To', h('input', {
                  name: 'to',
                  value: state.to || '',
                  placeholder: 'yyyy[-mm[-dd]]',
                  pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?',
                  inputmode: 'numeric'
                })),
          field('Tone ≥', h('input', {
                  name: 'tone_min',
                  type: 'number',
                  min: -1,
                  max: 1,
                  step: 0.05,
                  value: state.tone_min || ''
                })),
          field('Tone ≤', h('input', {
                  name: 'tone_max',
                  type: 'number',
                  min: -1,
                  max: 1,
                  step: 0.05,
                  value: state.tone_max || ''
                })),
          h('label', {class: 'field check'},
            h('input', {type: 'checkbox', name: 'collapse_duplicates', checked: state.collapse_duplicates === '1'}),
            h('span', {}, 'Leave out duplicates'))),
        actorList));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {view: state.view};
    for (const [key, value] of data.entries()) {
      const text = String(value).trim();
      if (text) next[key] = key === 'actor' || key === 'speaker' ? text.toUpperCase() : text;
    }
    if (next.collapse_duplicates) next.collapse_duplicates = '1';
    navigate('/search', Object.fromEntries(Object.entries(next).filter(([, v]) => v)));
  });
  return form;
}

function activeFilters(state) {
  const chips = Object.entries(filtersOf(state))
                    .map(
                        ([name, value]) =>
                            h('button', {
                              type: 'button',
                              class: 'chip',
                              title: `Remove this filter`,
                              onclick: () => go(state, {[name]: ''})
                            },
                              `${FILTER_LABELS[name]}: ${name === 'collapse_duplicates' ? 'yes' : value}`,
                              h('span', {'aria-hidden': 'true'}, ' ×')));
  return chips.length ? h('div', {class: 'chips', 'aria-label': 'Active filters'}, chips) : null;
}

// Counts come as {value, count} (docs/api.md); {value, sentences} is read the same way.
function facetValues(facets, name) {
  const list = facets[name] || facets[`by_${name}`] || [];
  return list.map((v) => ({value: v.value ?? v.name, count: v.count ?? v.sentences ?? 0}));
}

function facetBlock(title, name, values, state) {
  if (!values || !values.length) return null;
  const max = Math.max(...values.map((v) => v.count));
  const ordered = name === 'year' ?
      [...values].sort((x, y) => String(x.value).localeCompare(String(y.value))) :
      values;
  return h(
      'section', {class: 'facet', dataset: {facet: name}}, h('h3', {}, title),
      h('ul', {}, ordered.map((v) => {
        const value = String(v.value ?? '');
        const active =
            name === 'year' ? state.from === value && state.to === value : state[name] === value;
        const changes = name === 'year' ? (active ? {from: '', to: ''} : {from: value, to: value}) :
                                          {[name]: active ? '' : value};
        return h(
            'li', {},
            h('button', {
              type: 'button',
              class: active ? 'facet-value active' : 'facet-value',
              'aria-pressed': active ? 'true' : 'false',
              title: active ? 'Remove this filter' : `Only ${value}`,
              onclick: () => go(state, changes)
            },
              h('span', {class: 'facet-bar', style: `width:${(100 * v.count / max).toFixed(1)}%`}),
              h('span', {class: 'facet-label'}, value || '(none)'),
              h('span', {class: 'facet-count'}, formatCount(v.count))));
      })));
}

function hitView(hit, state) {
  const coding = hit.coding;
  const documentLink = href('/document', {id: hit.document_id, sentence: hit.sentence_id});
  return h(
      'li', {class: 'hit'},
      h('div', {class: 'hit-head'},
        h('a', {href: documentLink, class: 'hit-title'}, hit.title || hit.document_id),
        h('span', {class: 'meta'},
          [hit.date || 'undated', hit.source, hit.country].filter(Boolean).join(' · '))),
      h('p', {class: 'snippet'}, snippetNodes(hit.snippet || hit.sentence || '')),
      coding ?
          h('div', {class: 'coding'},
            coding.speaker ? h('span', {class: 'badge speaker', title: 'Who speaks'},
                               `speaker ${coding.speaker}`) :
                             h('span', {class: 'badge muted'}, 'speaker unknown'),
            toneBadge(coding.tone),
            (coding.actors || [])
                .map(
                    (a) =>
                        h('a', {
                          class: 'badge actor',
                          href: href('/search', {...filtersOf(state), q: state.q, actor: a}),
                          title: `Only sentences naming ${a}`
                        },
                          a)),
            (coding.domains || []).map((d) => h('span', {class: `badge domain domain-${d}`}, d))) :
          h('div', {class: 'coding muted'}, 'not coded'));
}

function pager(state, total, shown) {
  const offset = Number(state.offset || 0);
  const first = total ? offset + 1 : 0;
  const last = offset + shown;
  return h(
      'nav', {class: 'pager', 'aria-label': 'Pages'},
      h('button', {
        type: 'button',
        disabled: offset <= 0,
        onclick: () => go(state, {offset: Math.max(0, offset - PAGE_SIZE) || ''})
      },
        '← Previous'),
      h('span', {class: 'pager-info'},
        `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`),
      h('button', {
        type: 'button',
        disabled: last >= total,
        onclick: () => go(state, {offset: offset + PAGE_SIZE})
      },
        'Next →'));
}

function apiFilters(state) {
  const filters = {};
  for (const name of FILTERS)
    if (state[name]) filters[name] = state[name];
  if (state.collapse_duplicates === '1') filters.collapse_duplicates = 1;
  return filters;
}

async function renderHits(target, state, signal) {
  const query = {q: state.q, ...apiFilters(state), limit: PAGE_SIZE, offset: state.offset || 0};
  let body;
  try {
    body = await getJson('/api/search', {...query, facets: 1}, signal);
  } catch (error) {
    // A server without counts refuses the parameter; the hits are still worth showing.
    if (!(error instanceof ApiError) || error.status !== 400 || !/facets/.test(error.message)) {
      throw error;
    }
    body = await getJson('/api/search', query, signal);
  }
  const hits = body.hits || [];
  const ranked = body.ranked ?? body.total;
  const summary =
      h('p', {class: 'result-summary', role: 'status'},
        h('strong', {class: 'total'}, formatCount(body.total)),
        ` matching sentence${body.total === 1 ? '' : 's'}`,
        ranked < body.total ? ` (the ${formatCount(ranked)} most recently stored are ranked)` : '');
  const facets = body.facets || {};
  const aside =
      h('aside', {class: 'facets', 'aria-label': 'Counts'},
        facetBlock('Country', 'country', facetValues(facets, 'country'), state),
        facetBlock('Source', 'source', facetValues(facets, 'source'), state),
        facetBlock('Year', 'year', facetValues(facets, 'year'), state));
  const list = hits.length ?
      h('ol', {class: 'hits', start: Number(state.offset || 0) + 1},
        hits.map((hit) => hitView(hit, state))) :
      h('p', {class: 'empty'}, 'No sentence matches. Try fewer words or filters.');
  fill(
      target, summary,
      h('div', {class: 'results-layout'}, aside,
        h('div', {class: 'results'}, list,
          hits.length ? pager(state, ranked, hits.length) : null)));
}

async function renderKwic(target, state, signal) {
  const body = await getJson(
      '/api/kwic', {term: state.q, ...apiFilters(state), window: 6, limit: 200}, signal);
  const lines = body.lines || [];
  fill(
      target,
      h('p', {class: 'result-summary', role: 'status'},
        h('strong', {class: 'total'}, formatCount(body.total)), ' occurrences',
        lines.length < body.total ? ` (first ${formatCount(lines.length)} shown)` : ''),
      h('div', {class: 'table-wrap'},
        h('table', {class: 'kwic'},
          h('thead', {},
            h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Source'),
              h('th', {class: 'left'}, 'Left'), h('th', {}, 'Keyword'), h('th', {}, 'Right'))),
          h('tbody', {},
            lines.map(
                (line) => h(
                    'tr', {}, h('td', {class: 'meta'}, line.date || '—'),
                    h('td', {class: 'meta'}, line.source || ''),
                    h('td', {class: 'left'}, line.left),
                    h('td', {class: 'keyword'},
                      h('a', {
                        href: href('/document', {id: line.document_id, sentence: line.sentence_id})
                      },
                        line.keyword)),
                    h('td', {}, line.right)))))));
}

function overview(stats) {
  if (!stats) return null;
  return h(
      'section', {class: 'overview'}, h('h2', {}, 'The archive'),
      h('dl', {class: 'figures'},
        h('div', {}, h('dt', {}, 'Documents'), h('dd', {}, formatCount(stats.documents))),
        h('div', {}, h('dt', {}, 'Sentences'), h('dd', {}, formatCount(stats.sentences))),
        h('div', {}, h('dt', {}, 'Dates'),
          h('dd', {}, `${stats.date_range?.first || '?'} – ${stats.date_range?.last || '?'}`)),
        h('div', {}, h('dt', {}, 'Sources'),
          h('dd', {}, formatCount((stats.by_source || []).length)))),
      h('p', {}, 'Try ',
        h('a', {href: href('/search', {q: '"nuclear program" AND Iran'})},
          '"nuclear program" AND Iran'),
        ', ', h('a', {href: href('/search', {q: 'Iran', source: 'KCNA'})}, 'Iran in KCNA'),
        ' or the ',
        h('a', {href: href('/dyad', {a: 'IRN', b: 'PRK'})}, 'Iran–North Korea dashboard'), '.'));
}

export async function renderSearch(outlet, state, signal) {
  const [stats, actors] = await Promise.all(
      [getCached('/api/stats').catch(() => null), getCached('/api/actors').catch(() => null)]);
  if (signal.aborted) return;
  const view = state.view === 'kwic' ? 'kwic' : 'hits';
  const tabs =
      h('div', {class: 'tabs', role: 'tablist'},
        [['hits', 'Ranked sentences'], ['kwic', 'Keyword in context']].map(
            ([name, label]) =>
                h('a', {
                  role: 'tab',
                  'aria-selected': view === name ? 'true' : 'false',
                  href: href('/search', {...state, view: name === 'hits' ? '' : name, offset: ''})
                },
                  label)));
  const results = h('div', {class: 'search-results', 'aria-live': 'polite'});
  fill(
      outlet, h('h1', {class: 'visually-hidden'}, 'Search'), searchForm(state, stats, actors),
      activeFilters(state), state.q ? tabs : null, results);
  document.title = state.q ? `${state.q} — fissure search` : 'fissure — search the archive';
  if (!state.q) {
    results.append(overview(stats) || '');
    return;
  }
  results.append(loading('Searching…'));
  try {
    await (
        view === 'kwic' ? renderKwic(results, state, signal) : renderHits(results, state, signal));
  } catch (error) {
    if (error.name === 'AbortError') return;
    fill(results, errorBox(error));
  }
}
