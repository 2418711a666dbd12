// Digest page: what is new about one or more pairs since a date (new documents, findings that
// appeared, changed or went away).
import {getCached, getJson} from './api.js';
import {errorBox, fill, h, loading} from './dom.js';
import {findingView} from './dyad.js';
import {formatCount, markedSpans} from './format.js';
import {href, navigate} from './router.js';

const CHANGE_LABELS = {
  new: 'new finding',
  changed: 'changed',
  gone: 'no longer found'
};

function yearBefore(date) {
  const match = /^(\d{4})(.*)$/.exec(date || '');
  return match ? `${Number(match[1]) - 1}${match[2]}` : '';
}

function digestForm(state, suggestedSince) {
  const form =
      h('form', {class: 'digest-form'},
        h('label', {class: 'field'}, h('span', {}, 'Since'), h('input', {
            name: 'since',
            value: state.since || suggestedSince || '',
            placeholder: 'yyyy-mm-dd',
            required: true,
            pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?'
          })),
        h('label', {class: 'field wide'}, h('span', {}, 'Pairs'),
          h('input',
            {name: 'pairs', value: state.pairs || 'IRN-PRK', placeholder: 'IRN-PRK, IRN-RUS'})),
        h('button', {type: 'submit', class: 'primary'}, 'Show digest'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const pairs =
        String(data.get('pairs') || '').toUpperCase().split(/[\s,;]+/).filter(Boolean).join(',');
    navigate('/digest', {since: String(data.get('since') || '').trim(), pairs});
  });
  return form;
}

function newDocument(doc) {
  const title = doc.title || doc.document_id;
  const who = doc.speaker && doc.target ? `${doc.speaker} about ${doc.target}` :
      doc.speaker ? `speaker ${doc.speaker}` :
                    null;
  const quote = doc.quote ?
      h('blockquote', {},
        markedSpans(
            doc.quote, doc.target_spans, (part) => h('mark', {class: 'actor-mark'}, part))) :
      null;
  return h(
      'li', {class: 'new-document'},
      h('a', {href: href('/document', {id: doc.document_id, sentence: doc.sentence_id})}, title),
      h('span', {class: 'meta'}, ` ${[doc.date, doc.source, who].filter(Boolean).join(' · ')}`),
      doc.sentences_naming_target > 1 ?
          h('span', {class: 'muted small'}, ` (${doc.sentences_naming_target} sentences)`) :
          null,
      quote);
}

// The server lists the new documents with their counts per direction; an older shape gave the
// list itself under new_documents.
function newDocumentsOf(pair) {
  if (Array.isArray(pair.new_documents)) {
    return {list: pair.new_documents, total: pair.new_documents.length, directions: null};
  }
  const counts = pair.new_documents || {};
  const list = pair.documents || [];
  const total = Object.values(counts).reduce((sum, n) => sum + (Number(n) || 0), 0);
  const directions = 'a_about_b' in counts ?
      `${pair.a} about ${pair.b}: ${formatCount(counts.a_about_b)}, ${pair.b} about ${pair.a}: ${
          formatCount(counts.b_about_a)}` :
      null;
  return {list, total: Math.max(total, list.length), directions};
}

function changeView(change) {
  const finding = change.finding || change.after || change.before || {};
  const item = findingView(finding);
  item.classList.add(`change-${change.change}`);
  item.querySelector('.finding-head')
      .prepend(
          h('span', {class: `badge change change-${change.change}`},
            CHANGE_LABELS[change.change] || change.change));
  if (change.change === 'changed' && change.before && change.before.summary) {
    item.querySelector('.summary')
        .after(h('p', {class: 'muted small before'}, 'Before: ', change.before.summary));
  }
  return item;
}

function pairView(pair) {
  const documents = newDocumentsOf(pair);
  const changes = pair.changes || [];
  const counts = pair.findings_before != null && pair.findings_after != null ?
      ` · ${formatCount(pair.findings_before)} findings before, ${
          formatCount(pair.findings_after)} now` :
      '';
  return h(
      'section', {class: 'panel digest-pair'},
      h('h2', {}, `${pair.a}–${pair.b} `,
        h('a', {class: 'small', href: href('/dyad', {a: pair.a, b: pair.b})}, 'dashboard →')),
      h('h3', {}, `New documents (${formatCount(documents.total)})`),
      documents.directions ? h('p', {class: 'muted small'}, documents.directions) : null,
      documents.list.length ? h('ul', {class: 'new-documents'}, documents.list.map(newDocument)) :
                              h('p', {class: 'muted'}, 'None since then.'),
      h('h3', {}, `Findings that changed (${changes.length})`),
      h('p', {class: 'muted small'}, `Compared with the analysis up to the date${counts}`),
      changes.length ? h('ol', {class: 'findings'}, changes.map(changeView)) :
                       h('p', {class: 'muted'}, 'The findings are the same as before that date.'),
      (pair.notes || []).length ?
          h('ul', {class: 'notes muted small'}, pair.notes.map((n) => h('li', {}, n))) :
          null);
}

export async function renderDigest(outlet, state, signal) {
  document.title = 'fissure — digest';
  const stats = await getCached('/api/stats').catch(() => null);
  if (signal.aborted) return;
  const suggestion = yearBefore(stats?.date_range?.last);
  fill(outlet, h('h1', {}, 'Digest: what is new'), digestForm(state, suggestion));
  if (!state.since) {
    outlet.append(h(
        'p', {class: 'muted'},
        'Pick a date: the digest lists the documents dated since then in which one side of a pair names the other, and the findings that appeared, changed or went away.'));
    return;
  }
  const holder = h('div', {}, loading('Comparing the analyses before and after that date…'));
  outlet.append(holder);
  try {
    const body = await getJson('/api/digest', {since: state.since, pairs: state.pairs}, signal);
    fill(
        holder, h('p', {class: 'muted'}, `Since ${body.since || state.since}`),
        ...(body.pairs || []).map(pairView));
  } catch (error) {
    if (error.name !== 'AbortError') fill(holder, errorBox(error));
  }
}
