// Entry point: the header, the role badge and the routes of the single-page app.
import {renderAlign} from './align.js';
import {forgetToken, getJson, storedToken} from './api.js';
import {renderDigest} from './digest.js';
import {renderDocument} from './document.js';
import {fill, h} from './dom.js';
import {renderDyad} from './dyad.js';
import {fallbackRoute, route, start} from './router.js';
import {renderSearch} from './search.js';
import {openUploadDialog} from './upload.js';

route('/', renderSearch);
route('/search', renderSearch);
route('/document', renderDocument);
route('/dyad', renderDyad);
route('/digest', renderDigest);
route('/align', renderAlign);
fallbackRoute(
    (outlet) => fill(
        outlet, h('h1', {}, 'Not found'),
        h('p', {}, h('a', {href: '/search'}, 'Search the archive'))));

async function showRole() {
  const badge = document.getElementById('role');
  try {
    const who = await getJson('/api/whoami');
    const forget = () => {
      forgetToken();
      location.reload();
    };
    fill(
        badge,
        h('span', {class: 'badge', title: who.can_ingest ? 'may ingest' : 'reads only'},
          who.role || who.access),
        who.can_ingest ?
            h('button', {type: 'button', class: 'link', onclick: openUploadDialog}, 'Upload') :
            null,
        storedToken() ?
            h('button', {type: 'button', class: 'link', onclick: forget}, 'forget token') :
            null);
  } catch {
    badge.replaceChildren();
  }
}

start(document.getElementById('main'));
showRole();
