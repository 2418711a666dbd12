// Document page: the text sentence by sentence, with actor mentions and tone, its revisions (with a
// line diff against the previous one) and its duplicates.
import {getJson} from './api.js';
import {lineDiff, withContext} from './diff.js';
import {errorBox, fill, h, loading, safeHref} from './dom.js';
import {formatCount, formatTone, toneBadge, toneClass, toneColor, Utf8Text} from './format.js';
import {href, navigate} from './router.js';

function sentenceTitle(sentence) {
  const c = sentence.coding;
  if (!c) return sentence.boilerplate ? 'boilerplate (not coded)' : 'not coded';
  const parts = [`speaker ${c.speaker || 'unknown'}`, `tone ${formatTone(c.tone)}`];
  if (c.actors?.length) parts.push(`names ${c.actors.join(', ')}`);
  if (c.domains?.length) parts.push(c.domains.join(', '));
  return parts.join(' · ');
}

function sentenceNode(utf8, sentence, markedId) {
  const mentions = [...(sentence.mentions || [])]
                       .filter((m) => m.start >= sentence.start && m.end <= sentence.end)
                       .sort((x, y) => x.start - y.start);
  const children = [];
  let position = sentence.start;
  for (const mention of mentions) {
    if (mention.start < position) continue;
    if (mention.start > position) children.push(utf8.slice(position, mention.start));
    children.push(
        h('mark', {
          class: `mention ${toneClass(mention.tone)}`,
          style: `background:${toneColor(mention.tone)}`,
          title: `${mention.code}: tone ${formatTone(mention.tone)}`,
          dataset: {code: mention.code}
        },
          utf8.slice(mention.start, mention.end)));
    position = mention.end;
  }
  if (position < sentence.end) children.push(utf8.slice(position, sentence.end));
  const tone = sentence.coding ? sentence.coding.tone : null;
  const classes = ['sentence', toneClass(tone)];
  if (sentence.boilerplate) classes.push('boilerplate');
  if (String(sentence.sentence_id) === String(markedId)) classes.push('target');
  return h(
      'span', {
        class: classes.join(' '),
        id: `s-${sentence.sentence_id}`,
        style: tone === null || tone === undefined ? null :
                                                     `border-bottom-color:${toneColor(tone, 1.6)}`,
        title: sentenceTitle(sentence),
        dataset: {sentenceId: sentence.sentence_id}
      },
      children);
}

function textView(doc, markedId) {
  const utf8 = new Utf8Text(doc.text);
  const sentences = [...(doc.sentences || [])].sort((x, y) => x.start - y.start);
  const nodes = [];
  let position = 0;
  for (const sentence of sentences) {
    if (sentence.start < position) continue;
    if (sentence.start > position) nodes.push(utf8.slice(position, sentence.start));
    nodes.push(sentenceNode(utf8, sentence, markedId));
    position = sentence.end;
  }
  if (position < utf8.length) nodes.push(utf8.slice(position, utf8.length));
  return h('div', {class: 'document-text', lang: 'en'}, nodes);
}

function legend() {
  return h(
      'p', {class: 'legend muted'},
      'Underline: tone of the sentence; highlight: an actor named and the tone toward it ',
      h('span', {class: 'swatch', style: `background:${toneColor(-0.8)}`}), ' hostile ',
      h('span', {class: 'swatch', style: `background:${toneColor(0)}`}), ' neutral ',
      h('span', {class: 'swatch', style: `background:${toneColor(0.8)}`}),
      ' warm. Hover a sentence for its coding.');
}

function markedSentenceSummary(doc, markedId) {
  const sentence = (doc.sentences || []).find((x) => String(x.sentence_id) === String(markedId));
  if (!sentence) return null;
  const c = sentence.coding;
  return h(
      'div', {class: 'marked-summary'}, h('strong', {}, 'Marked sentence: '),
      c ?
          [
            c.speaker ? `speaker ${c.speaker} · ` : '', toneBadge(c.tone),
            (c.actors || []).map((a) => h('span', {class: 'badge actor'}, a)),
            (c.domains || []).map((d) => h('span', {class: `badge domain domain-${d}`}, d))
          ] :
                        'not coded',
      ' ',
      h('a', {
        href: `#s-${sentence.sentence_id}`,
        onclick: (event) => {
          event.preventDefault();
          document.getElementById(`s-${sentence.sentence_id}`)?.scrollIntoView({block: 'center'});
        }
      },
        'show'));
}

function revisionsView(doc, state) {
  const revisions = doc.revisions || [];
  if (revisions.length <= 1) {
    return h(
        'p', {class: 'muted'},
        revisions.length ? `One revision, seen ${revisions[0].seen_at}.` : '');
  }
  const select =
      h('select', {
        'aria-label': 'Revision',
        onchange: (event) => navigate(
            '/document', {id: doc.document_id, revision: event.target.value, diff: state.diff})
      },
        revisions.map(
            (r) =>
                h('option', {value: r.n, selected: r.n === doc.revision},
                  `#${r.n} · ${r.seen_at}${r.origin ? ` · ${r.origin}` : ''}${
                      r.sentences != null ? ` · ${r.sentences} sentences` : ''}`)));
  const index = revisions.findIndex((r) => r.n === doc.revision);
  const previous = index > 0 ? revisions[index - 1] : null;
  return h(
      'div', {class: 'revisions'},
      h('label', {class: 'field inline'}, h('span', {}, `Revision (${revisions.length})`), select),
      previous ? h('label', {class: 'field inline check'}, h('input', {
                     type: 'checkbox',
                     checked: state.diff === '1',
                     onchange: (event) => navigate(
                         '/document', {
                           id: doc.document_id,
                           revision: doc.revision,
                           diff: event.target.checked ? '1' : ''
                         },
                         {replace: true})
                   }),
                   h('span', {}, `Show changes since #${previous.n}`)) :
                 null);
}

async function diffView(doc, signal) {
  const revisions = doc.revisions || [];
  const index = revisions.findIndex((r) => r.n === doc.revision);
  if (index <= 0) return null;
  const previous = await getJson(
      '/api/document', {id: doc.document_id, revision: revisions[index - 1].n}, signal);
  const ops = withContext(lineDiff(previous.text, doc.text));
  const added = ops.filter((o) => o.op === 'added').length;
  const removed = ops.filter((o) => o.op === 'removed').length;
  return h(
      'section', {class: 'diff-section'},
      h('h2', {}, `Changes from #${previous.revision} to #${doc.revision}`),
      h('p', {class: 'muted'}, `${added} line${added === 1 ? '' : 's'} added, ${removed} removed`),
      h('pre', {class: 'diff'},
        ops.map(
            (o) => o.op === 'skip' ? h('div', {class: 'diff-skip'},
                                       `… ${o.count} unchanged line${o.count === 1 ? '' : 's'}`) :
                                     h('div', {class: `diff-${o.op}`},
                                       `${
                                           o.op === 'added'       ? '+ ' :
                                               o.op === 'removed' ? '− ' :
                                                                    '  '}${o.line}`))));
}

function duplicatesView(doc) {
  const duplicates = doc.duplicates || [];
  if (!duplicates.length) return h('p', {class: 'muted'}, 'No duplicates known.');
  return h(
      'ul', {class: 'duplicates'},
      duplicates.map(
          (d) =>
              h('li', {}, h('a', {href: href('/document', {id: d.document_id})}, d.document_id),
                ' ', h('span', {class: 'badge'}, d.kind === 'exact' ? 'exact copy' : 'near copy'),
                d.similarity != null ?
                    h('span', {class: 'muted'}, ` similarity ${Number(d.similarity).toFixed(2)}`) :
                    '')));
}

export async function renderDocument(outlet, state, signal) {
  if (!state.id) {
    fill(outlet, h('h1', {}, 'Document'), errorBox('No document id in the address (?id=…).'));
    return;
  }
  fill(outlet, loading('Opening the document…'));
  let doc;
  try {
    doc = await getJson('/api/document', {id: state.id, revision: state.revision}, signal);
  } catch (error) {
    if (error.name === 'AbortError') return;
    fill(outlet, h('h1', {}, state.id), errorBox(error));
    return;
  }
  document.title = `${doc.title || doc.document_id} — fissure`;
  const link = safeHref(doc.url);
  const coded = (doc.sentences || []).filter((x) => x.coding).length;
  const header = h(
      'header', {class: 'document-head'}, h('h1', {}, doc.title || doc.document_id),
      h('p', {class: 'meta'},
        [doc.date || 'undated', doc.source, doc.country, doc.document_id].filter(Boolean).join(
            ' · '),
        link ?
            [
              ' · ', h('a', {href: link, rel: 'noopener noreferrer', target: '_blank'}, 'original')
            ] :
            ''),
      doc.withdrawn_at ?
          h('p', {class: 'warning'}, `Withdrawn from its source on ${doc.withdrawn_at}.`) :
          null,
      h('p', {class: 'muted'},
        `${formatCount((doc.sentences || []).length)} sentences, ${formatCount(coded)} coded`));
  const side =
      h('aside', {class: 'document-side'},
        h('section', {}, h('h2', {}, 'Revisions'), revisionsView(doc, state)),
        h('section', {}, h('h2', {}, 'Duplicates'), duplicatesView(doc)));
  const diffHolder = h('div', {});
  fill(
      outlet, header,
      h('div', {class: 'document-layout'},
        h('article', {}, markedSentenceSummary(doc, state.sentence), legend(), diffHolder,
          textView(doc, state.sentence)),
        side));
  const marked = state.sentence ? document.getElementById(`s-${state.sentence}`) : null;
  if (marked) marked.scrollIntoView({block: 'center'});
  if (state.diff === '1') {
    diffHolder.append(loading('Comparing with the previous revision…'));
    try {
      fill(diffHolder, (await diffView(doc, signal)) || '');
    } catch (error) {
      if (error.name !== 'AbortError') fill(diffHolder, errorBox(error));
    }
  }
}
