// Editors' upload: one file sent to POST /api/ingest; the server ingests it all or nothing and
// answers with its summary, shown as the server wrote it.
import {postFile} from './api.js';
import {errorBox, fill, h, loading} from './dom.js';

export function openUploadDialog() {
  const input =
      h('input', {type: 'file', name: 'file', required: true, 'aria-label': 'File to ingest'});
  const result = h('div', {class: 'upload-result', 'aria-live': 'polite'});
  const send = h('button', {type: 'submit', class: 'primary'}, 'Ingest');
  const form = h(
      'form', {}, h('h2', {}, 'Add documents'),
      h('p', {class: 'muted'},
        'JSONL, CSV, TXT, HTML, RSS/Atom or WARC, optionally gzip or zstd. The file is ingested ' +
            'and coded as one unit: all of it or nothing.'),
      input, result,
      h('div', {class: 'actions'},
        h('button', {type: 'button', onclick: () => dialog.close()}, 'Close'), send));
  const dialog = h('dialog', {class: 'token-dialog upload-dialog'}, form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return;
    send.disabled = true;
    fill(result, loading(`Ingesting ${file.name}…`));
    try {
      const summary = await postFile('/api/ingest', {filename: file.name}, file);
      fill(
          result, h('p', {}, `${file.name} ingested.`),
          h('pre', {class: 'summary-json'}, JSON.stringify(summary, null, 2)));
    } catch (error) {
      fill(result, errorBox(error));
    } finally {
      send.disabled = false;
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
