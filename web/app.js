// quifait web page: question mode, search mode, organisation browser and unit pages.
// Plain JavaScript, no framework. Every piece of text from the API reaches the page through
// textContent or text nodes; the only markup taken from the API is <mark>, rebuilt as DOM nodes
// by highlightedNodes(). No inline scripts, styles or handlers (the server sends a strict CSP).
'use strict';

(function () {
  const SEARCH_DEBOUNCE_MS = 150;
  const SUGGEST_DEBOUNCE_MS = 120;
  const PAGE_SIZE = 10;

  // ---------------------------------------------------------------- small helpers

  const $ = (id) => document.getElementById(id);

  // el('a', {href: '/', class: 'x'}, 'text', childNode): strings become text nodes.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'class') node.className = value;
        else if (key === 'text') node.textContent = value;
        else if (key === 'dataset') Object.assign(node.dataset, value);
        else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  function unescapeEntities(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
  }

  // Builds DOM nodes from the API's `highlighted` field: HTML-escaped text in which only
  // <mark>…</mark> were added. The string is split on exactly "<mark>" and "</mark>"; every other
  // piece becomes a text node (after un-escaping the five entities), so whatever the server sends,
  // no element other than <mark> can be created.
  function highlightedNodes(highlighted) {
    const fragment = document.createDocumentFragment();
    let mark = null;
    for (const piece of String(highlighted ?? '').split(/(<mark>|<\/mark>)/)) {
      if (piece === '<mark>') {
        if (!mark) mark = document.createElement('mark');
      } else if (piece === '</mark>') {
        if (mark) { fragment.append(mark); mark = null; }
      } else if (piece) {
        (mark || fragment).append(document.createTextNode(unescapeEntities(piece)));
      }
    }
    if (mark) fragment.append(mark);
    return fragment;
  }

  // Lower-case, accents removed: the search facets' type keys may be folded ("departement").
  function fold(text) {
    return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function plural(n, one, many) { return `${n} ${n > 1 ? many : one}`; }

  function debounce(fn, ms) {
    let timer = 0;
    const wrapped = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
    wrapped.cancel = () => clearTimeout(timer);
    return wrapped;
  }

  class ApiError extends Error {
    constructor(message, status) { super(message); this.status = status; }
  }

  // GET a JSON endpoint. Throws ApiError with a French message for the reader (the server's
  // {"error"} only where it names what is missing, on a 404); an AbortError is passed through.
  async function api(path, signal) {
    let response;
    try {
      response = await fetch(path, { signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      throw new ApiError('Impossible de joindre le serveur. Vérifiez la connexion puis réessayez.', 0);
    }
    let body = null;
    try { body = await response.json(); } catch (err) {
      if (err && err.name === 'AbortError') throw err;
    }
    if (!response.ok) {
      const detail = body && typeof body.error === 'string' && body.error ? body.error : '';
      let message;
      if (response.status === 404) message = detail || 'Élément introuvable.';
      // The API's own words are for developers; the reader gets French and what to do.
      else if (response.status === 400) message = "Cette demande n'a pas pu être lue : elle est vide, dépasse 500 caractères ou contient des caractères non valides. Modifiez-la puis relancez la recherche.";
      else if (response.status === 503) message = "Le service est momentanément indisponible (l'index est en cours de construction ou illisible). Réessayez dans un instant.";
      else message = `Le serveur a rencontré une erreur (${response.status}).${detail ? ' ' + detail : ''}`;
      throw new ApiError(message, response.status);
    }
    if (!body || typeof body !== 'object') throw new ApiError('Réponse du serveur illisible.', response.status);
    return body;
  }

  const isAbort = (err) => err && err.name === 'AbortError';

  function unitHref(id) { return '/?unit=' + encodeURIComponent(id); }
  function unitApiPath(id) { return '/api/units/' + String(id).split('/').map(encodeURIComponent).join('/'); }
  function searchHref(q) { return '/?mode=search&q=' + encodeURIComponent(q); }
  function documentHref(doc, passage) {
    return '/?doc=' + encodeURIComponent(doc) + (passage ? '&passage=' + encodeURIComponent(passage) : '');
  }
  // "2023-05-24" -> "24 mai 2023"; "2022" stays "2022".
  const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  function frenchDate(d) {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(d || '');
    if (!m) return d || '';
    if (!m[2]) return m[1];
    const month = MONTHS[parseInt(m[2], 10) - 1] || m[2];
    return (m[3] ? parseInt(m[3], 10) + (m[3] === '01' ? 'er' : '') + ' ' : '') + month + ' ' + m[1];
  }
  // A link to the original, outside quifait: only http(s) URLs (the manifest checks it too).
  function externalLink(url, text) {
    if (!/^https?:\/\//i.test(url || '')) return null;
    return el('a', { class: 'external', href: url, rel: 'noopener noreferrer external', text });
  }

  function setStatus(node, text, kind) {
    node.textContent = text || '';
    node.classList.toggle('status-busy', kind === 'busy');
    node.classList.toggle('status-error', kind === 'error');
  }

  function errorBox(err, retry) {
    const box = el('div', { class: 'notice notice-error', role: 'alert' },
      el('p', { class: 'notice-title', text: 'Une erreur est survenue' }),
      el('p', { text: err && err.message ? err.message : String(err) }));
    // Retrying a refused request would fail the same way: only other errors offer it.
    if (retry && !(err && err.status === 400)) {
      box.append(el('p', null, el('button', { type: 'button', class: 'btn btn-secondary', onclick: retry }, 'Réessayer')));
    }
    return box;
  }

  function loadingBox(text) {
    return el('div', { class: 'loading' }, el('span', { class: 'spinner', 'aria-hidden': 'true' }), el('span', { text }));
  }

  // Breadcrumb from a path array [org code, …, unit name]. `links` (optional) gives an href per
  // element (or null). The separators are decorative.
  function breadcrumb(path, links, label) {
    const list = el('ol', { class: 'breadcrumb-list' });
    (path || []).forEach((name, i) => {
      const href = links ? links[i] : null;
      const last = i === path.length - 1;
      const item = el('li', { class: 'breadcrumb-item' });
      if (i > 0) item.append(el('span', { class: 'breadcrumb-sep', 'aria-hidden': 'true', text: ' › ' }));
      if (href && !last) item.append(el('a', { href, text: name }));
      else item.append(el('span', { text: name, 'aria-current': last ? 'location' : null }));
      list.append(item);
    });
    return el('nav', { class: 'breadcrumb', 'aria-label': label || "Chemin dans l'organigramme" }, list);
  }

  function badges(unit) {
    return el('p', { class: 'badges' },
      unit.type ? el('span', { class: 'badge badge-type', text: unit.type }) : null,
      unit.org ? el('span', { class: 'badge badge-org', text: unit.org }) : null);
  }

  // "Source : <title, a link to the passage in its document> — section · date · original".
  function sourceLine(item) {
    const title = item.doc_title || item.doc;
    if (!title && !item.section) return null;
    const doc = item.doc
      ? el('a', { class: 'source-doc', href: documentHref(item.doc, item.passage_id), text: title || item.doc })
      : el('span', { class: 'source-doc', text: title || '' });
    const original = externalLink(item.doc_url, 'texte original');
    return el('p', { class: 'source' }, el('span', { class: 'source-label', text: 'Source : ' }), doc,
      item.section ? el('span', { class: 'source-section', text: ' — ' + item.section }) : null,
      item.doc_date ? el('span', { class: 'source-date', text: ' · ' + frenchDate(item.doc_date) }) : null,
      original ? el('span', null, ' · ', original) : null);
  }

  function evidenceBlock(evidence) {
    return el('figure', { class: 'evidence' },
      el('blockquote', { class: 'evidence-text' }, el('p', null, highlightedNodes(evidence.highlighted ?? ''))),
      el('figcaption', null, sourceLine(evidence)));
  }

  // ---------------------------------------------------------------- organisation data (cached)

  let unitsCache = null;   // promise of {orgs, units, byId, children}
  const orgNames = new Map();   // org code -> full name
  function loadUnits() {
    if (!unitsCache) {
      unitsCache = api('/api/units').then((data) => {
        const units = Array.isArray(data.units) ? data.units : [];
        const byId = new Map(units.map((u) => [u.id, u]));
        const children = new Map();
        for (const u of units) {
          const key = u.parent && byId.has(u.parent) ? u.parent : 'org:' + u.org;
          if (!children.has(key)) children.set(key, []);
          children.get(key).push(u);
        }
        const orgs = Array.isArray(data.orgs) ? data.orgs : [];
        for (const org of orgs) orgNames.set(org.code, org.name);
        return { orgs, units, byId, children };
      });
      unitsCache.catch(() => { unitsCache = null; });
    }
    return unitsCache;
  }

  // ---------------------------------------------------------------- routing

  // State from the URL: /?q=… (question), /?mode=search&q=&org=&type=&page=, /?mode=tree, /?unit=ID.
  function readState() {
    const params = new URLSearchParams(location.search);
    const unit = params.get('unit');
    if (unit) return { mode: 'unit', unit };
    const doc = params.get('doc');
    if (doc) return { mode: 'document', doc, passage: params.get('passage') || '' };
    const mode = params.get('mode');
    if (mode === 'search') {
      const page = parseInt(params.get('page') || '1', 10);
      return { mode: 'search', q: params.get('q') || '', org: params.get('org') || '', type: params.get('type') || '',
               page: Number.isFinite(page) && page >= 1 ? page : 1 };
    }
    if (mode === 'tree') return { mode: 'tree' };
    return { mode: 'question', q: params.get('q') || '', exact: params.get('exact') === '1' };
  }

  function urlFor(state) {
    const params = new URLSearchParams();
    if (state.mode === 'unit') params.set('unit', state.unit);
    else if (state.mode === 'document') {
      params.set('doc', state.doc);
      if (state.passage) params.set('passage', state.passage);
    } else if (state.mode === 'tree') params.set('mode', 'tree');
    else if (state.mode === 'search') {
      params.set('mode', 'search');
      if (state.q) params.set('q', state.q);
      if (state.org) params.set('org', state.org);
      if (state.type) params.set('type', state.type);
      if (state.page > 1) params.set('page', String(state.page));
    } else if (state.q) {
      params.set('q', state.q);
      if (state.exact) params.set('exact', '1');
    }
    const query = params.toString();
    return '/' + (query ? '?' + query : '');
  }

  const currentUrl = () => location.pathname + location.search;

  function navigate(state, { replace = false, focus = true } = {}) {
    const url = urlFor(state);
    if (url !== currentUrl()) history[replace ? 'replaceState' : 'pushState'](null, '', url);
    route({ focus });
  }

  const panels = { question: $('panel-question'), search: $('panel-search'), tree: $('panel-tree'), unit: $('panel-unit'),
                   document: $('panel-document') };
  const TITLES = { question: 'Question', search: 'Recherche', tree: 'Organigramme', unit: 'Unité', document: 'Document' };
  let currentMode = null;

  function route({ focus = false } = {}) {
    const state = readState();
    const modeChanged = state.mode !== currentMode;
    currentMode = state.mode;
    for (const [mode, panel] of Object.entries(panels)) panel.hidden = mode !== state.mode;
    const tabMode = state.mode === 'unit' ? 'tree' : state.mode;
    for (const tab of document.querySelectorAll('.mode-tab')) {
      if (tab.dataset.mode === tabMode) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    if (state.mode !== 'search') closeSuggestions();
    if (state.mode === 'question') showQuestion(state, { focus: focus && modeChanged });
    else if (state.mode === 'search') showSearch(state, { focus: focus && modeChanged });
    else if (state.mode === 'tree') showTree({ focus });
    else if (state.mode === 'document') showDocument(state, { focus });
    else showUnit(state.unit, { focus });
    if (state.mode !== 'unit' && state.mode !== 'document') setTitle(state.mode === 'question' && state.q ? state.q : TITLES[state.mode]);
    // The mode tabs come back to where the user left each mode.
    if (state.mode === 'question' || state.mode === 'search') $('tab-' + state.mode).setAttribute('href', urlFor(state));
  }

  function setTitle(text) { document.title = `${text} — quifait`; }

  // Same-origin links to "/" are handled here (history.pushState) instead of reloading the page.
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== '/') return;
    if (url.hash && url.search === location.search) return;   // in-page anchor (skip link)
    event.preventDefault();
    if (url.pathname + url.search !== currentUrl()) history.pushState(null, '', url.pathname + url.search);
    else if (readState().mode === 'question') lastAsk = null;   // same question again: run it again
    route({ focus: true });
    if (!link.classList.contains('mode-tab')) window.scrollTo(0, 0);
  });

  window.addEventListener('popstate', () => route({ focus: false }));

  // ---------------------------------------------------------------- question mode

  const questionForm = $('question-form');
  const questionInput = $('question-input');
  const questionStatus = $('question-status');
  const questionResults = $('question-results');
  let askController = null;
  let lastAsk = null;

  questionForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const q = questionInput.value.trim();
    if (!q) {
      setStatus(questionStatus, 'Veuillez saisir une question.', 'error');
      questionInput.focus();
      return;
    }
    lastAsk = null;   // submitting again re-runs the question
    navigate({ mode: 'question', q }, { focus: false });
  });

  function showQuestion(state, { focus }) {
    $('question-examples').hidden = Boolean(state.q);
    if (document.activeElement !== questionInput || questionInput.value.trim() !== state.q) questionInput.value = state.q;
    if (focus) questionInput.focus();
    if (!state.q) {
      if (askController) askController.abort();
      lastAsk = null;
      questionResults.replaceChildren();
      setStatus(questionStatus, '');
      return;
    }
    const key = (state.exact ? 'exact:' : '') + state.q;
    if (key === lastAsk) return;
    runAsk(state.q, state.exact);
  }

  async function runAsk(q, exact) {
    lastAsk = (exact ? 'exact:' : '') + q;
    if (askController) askController.abort();
    const controller = new AbortController();
    askController = controller;
    setStatus(questionStatus, 'Recherche de la réponse…', 'busy');
    questionResults.setAttribute('aria-busy', 'true');
    questionResults.replaceChildren(loadingBox('Recherche de la réponse…'));
    try {
      const data = await api('/api/ask?q=' + encodeURIComponent(q) + (exact ? '&exact=1' : ''), controller.signal);
      if (controller !== askController) return;
      renderAnswer(data);
    } catch (err) {
      if (isAbort(err) || controller !== askController) return;
      lastAsk = null;
      setStatus(questionStatus, err.message, 'error');
      questionResults.replaceChildren(errorBox(err, () => runAsk(q, exact)));
    } finally {
      if (controller === askController) questionResults.removeAttribute('aria-busy');
    }
  }

  const ANSWER_LABELS = {
    responsibility: 'Unité responsable',
    missions: 'Unité concernée',
    composition: 'Unité rattachée',
    parent: 'Unité de rattachement',
    search: 'Meilleur résultat',
  };

  function answerCard(answer, { main, label, id }) {
    const unit = answer.unit || {};
    const headingId = id ? id + '-title' : null;
    const heading = el(main ? 'h2' : 'h3', { class: 'unit-name', id: headingId },
      unit.id ? el('a', { href: unitHref(unit.id), text: unit.name || unit.id }) : (unit.name || ''));
    const card = el('article', { class: main ? 'card answer-card' : 'card candidate-card', id, 'aria-labelledby': headingId,
                                 dataset: { unitId: unit.id || '', org: unit.org || '', type: unit.type || '' } });
    if (label) card.append(el('p', { class: 'eyebrow', text: label }));
    card.append(heading, badges(unit));
    if (Array.isArray(unit.path) && unit.path.length) card.append(breadcrumb(unit.path));
    const evidence = Array.isArray(answer.evidence) ? answer.evidence : [];
    const shown = main ? evidence.slice(0, 3) : evidence.slice(0, 1);
    if (shown.length) {
      if (main) card.append(el('h3', { class: 'evidence-title', text: shown.length > 1 ? 'Ce que disent les textes' : 'Ce que dit le texte' }));
      for (const ev of shown) card.append(evidenceBlock(ev));
    }
    return card;
  }

  function renderAnswer(data) {
    const answers = Array.isArray(data.answers) ? data.answers : [];
    const nodes = [];
    if (data.corrected) {
      // A repaired word is said, with a way back to the wording typed.
      nodes.push(el('p', { class: 'corrected', id: 'corrected' }, 'Résultats pour ', el('strong', { text: data.corrected }),
        ' (au lieu de ', el('em', { text: data.query || '' }), '). ',
        el('a', { href: '/?q=' + encodeURIComponent(data.query || '') + '&exact=1', id: 'search-as-typed' },
          'Rechercher plutôt « ' + (data.query || '') + ' »')));
    }
    if (data.asks_person) {
      nodes.push(personBox(data, answers));
      setStatus(questionStatus, answers.length
        ? `Les textes ne nomment pas les personnes ; unité dirigée : ${(answers[0].unit || {}).name || ''}.`
        : "Les textes ne nomment pas les personnes, et je n'ai pas trouvé l'unité dirigée.");
    } else if (data.ambiguous && answers.length) {
      nodes.push(ambiguousBox(data, answers));
      setStatus(questionStatus, `Plusieurs unités correspondent : ${plural(answers.length, 'candidate', 'candidates')}.`);
    } else if (data.confident && answers.length) {
      const composition = data.intent === 'composition';
      const parentPath = (answers[0].unit && answers[0].unit.path) || [];
      if (composition && parentPath.length >= 2) {
        nodes.push(el('p', { class: 'answer-intro' }, el('strong', { text: parentPath[parentPath.length - 2] }),
          ` comprend ${plural(answers.length, 'unité', 'unités')} :`));
      }
      nodes.push(answerCard(answers[0], { main: true, label: ANSWER_LABELS[data.intent] || 'Réponse', id: 'answer-card' }));
      if (answers.length > 1) {
        nodes.push(el('section', { class: 'candidates', 'aria-labelledby': 'candidates-title' },
          el('h2', { id: 'candidates-title', class: 'section-title', text: composition ? 'Autres unités rattachées' : 'Autres pistes' }),
          el('div', { class: 'candidate-list' }, answers.slice(1).map((a) => answerCard(a, { main: false })))));
      }
      const first = answers[0].unit || {};
      setStatus(questionStatus, `Réponse : ${first.name || ''}${first.org ? ' (' + first.org + ')' : ''}.` +
        (answers.length > 1 ? ` ${plural(answers.length - 1, 'autre piste', 'autres pistes')}.` : ''));
    } else {
      nodes.push(notFound(data, answers));
      setStatus(questionStatus, "Je n'ai pas trouvé de réponse sûre à cette question.");
    }
    questionResults.replaceChildren(...nodes);
  }

  // "Qui est le directeur de l'INSEE ?": the texts describe units, not who leads them; show the
  // unit the role heads, as what the texts can say.
  function personBox(data, answers) {
    const box = el('section', { class: 'card not-found', id: 'asks-person', 'aria-labelledby': 'asks-person-title' },
      el('h2', { id: 'asks-person-title', class: 'not-found-title', text: 'Les textes ne nomment pas les personnes' }),
      el('p', { text: answers.length
        ? "Les textes indexés décrivent les unités et leurs missions, pas les personnes qui les dirigent. L'unité que dirige ce responsable :"
        : "Les textes indexés décrivent les unités et leurs missions, pas les personnes qui les dirigent, et aucune unité ne correspond à ce responsable." }));
    if (answers.length) box.append(el('div', { class: 'candidate-list' }, answers.slice(0, 3).map((a) => answerCard(a, { main: false }))));
    return box;
  }

  // The question names a unit that several organisations have: say so and let the reader choose.
  function ambiguousBox(data, answers) {
    return el('section', { class: 'card ambiguous', id: 'ambiguous', 'aria-labelledby': 'ambiguous-title' },
      el('h2', { id: 'ambiguous-title', class: 'not-found-title', text: 'Plusieurs unités portent ce nom' }),
      el('p', { text: "Précisez de quel organisme vous parlez, par exemple en ajoutant son nom à la question, ou choisissez :" }),
      el('div', { class: 'candidate-list' }, answers.map((a) => answerCard(a, { main: false }))));
  }

  function notFound(data, answers) {
    const box = el('section', { class: 'card not-found', id: 'not-found', 'aria-labelledby': 'not-found-title' },
      el('h2', { id: 'not-found-title', class: 'not-found-title', text: "Je n'ai pas trouvé de réponse sûre" }),
      data.unindexed_org
        // The question names a ministry that no indexed text is about: say it, not "reformulez".
        ? el('p', { id: 'unindexed-org' }, 'Aucun des textes indexés ne concerne le ministère « ',
          el('strong', { text: data.unindexed_org }), " » : les unités ci-dessous appartiennent à d'autres administrations.")
        : el('p', { text: "Aucun passage des textes indexés ne répond clairement à cette question. Reformulez-la avec d'autres mots, ou essayez la recherche par mots-clés." }));
    const suggestions = Array.isArray(data.suggestions) ? data.suggestions : [];
    if (suggestions.length) {
      box.append(el('h3', { class: 'small-title', text: 'Vous cherchez peut-être' }),
        el('ul', { class: 'suggestion-links' }, suggestions.map((s) => {
          const href = s.kind === 'unit' && s.id ? unitHref(s.id) : searchHref(s.text || '');
          return el('li', null, el('a', { href, text: s.text || s.id || '' }),
            s.kind === 'unit' ? el('span', { class: 'muted', text: ' — unité' }) : null);
        })));
    }
    box.append(el('p', { class: 'actions' },
      el('a', { class: 'btn btn-secondary', href: searchHref(data.query || lastAsk || ''), id: 'try-search' }, 'Essayer la recherche par mots-clés'),
      ' ',
      el('a', { class: 'btn btn-link', href: '/?mode=tree' }, "Parcourir l'organigramme")));
    if (answers.length) {
      box.append(el('h3', { class: 'small-title', text: 'Pistes peu sûres' }),
        el('div', { class: 'candidate-list' }, answers.slice(0, 3).map((a) => answerCard(a, { main: false }))));
    }
    return box;
  }

  // ---------------------------------------------------------------- search mode

  const searchForm = $('search-form');
  const searchInput = $('search-input');
  const searchStatus = $('search-status');
  const searchResults = $('search-results');
  const searchFacets = $('search-facets');
  const suggestList = $('search-suggest');
  let searchController = null;
  let lastSearchKey = null;
  const typeLabels = new Map();   // folded type -> type as the texts write it

  function searchState() {
    const s = readState();
    return s.mode === 'search' ? s : { mode: 'search', q: '', org: '', type: '', page: 1 };
  }

  // While typing, a query of one or two letters waits for more: it cannot be completed yet,
  // and searching it would flash "Aucun passage trouvé" over the results.
  const MIN_TYPED_CHARS = 3;
  const searchAsYouType = debounce(() => {
    const q = searchInput.value.trim();
    if (q && q.length < MIN_TYPED_CHARS) return;
    navigate({ ...searchState(), q, page: 1 }, { replace: true, focus: false });
  }, SEARCH_DEBOUNCE_MS);

  searchInput.addEventListener('input', () => {
    searchAsYouType();
    suggestSoon();
  });

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    searchAsYouType.cancel();
    closeSuggestions();
    const q = searchInput.value.trim();
    if (!q) {
      setStatus(searchStatus, 'Veuillez saisir au moins un mot.', 'error');
      return;
    }
    lastSearchKey = null;
    navigate({ ...searchState(), q, page: 1 }, { focus: false });
  });

  function showSearch(state, { focus }) {
    if (document.activeElement !== searchInput && searchInput.value.trim() !== state.q) searchInput.value = state.q;
    if (focus) searchInput.focus();
    const key = JSON.stringify([state.q, state.org, state.type, state.page]);
    if (key === lastSearchKey) return;
    lastSearchKey = key;
    if (!state.q) {
      if (searchController) searchController.abort();
      searchResults.replaceChildren();
      searchFacets.replaceChildren();
      searchFacets.hidden = true;
      setStatus(searchStatus, '');
      return;
    }
    runSearch(state);
  }

  async function runSearch(state) {
    if (searchController) searchController.abort();
    const controller = new AbortController();
    searchController = controller;
    // partial=1: the last word also matches as a prefix, so results follow the typing ("immob").
    const params = new URLSearchParams({ q: state.q, page: String(state.page), page_size: String(PAGE_SIZE), partial: '1' });
    if (state.org) params.set('org', state.org);
    if (state.type) params.set('type', state.type);
    setStatus(searchStatus, 'Recherche…', 'busy');
    searchResults.setAttribute('aria-busy', 'true');
    try {
      // The tree (cached) gives the written form of the type facets' keys ("departement" -> "département").
      const [data] = await Promise.all([
        api('/api/search?' + params.toString(), controller.signal),
        loadUnits().then((d) => d.units.forEach((u) => u.type && typeLabels.set(fold(u.type), u.type))).catch(() => {}),
      ]);
      if (controller !== searchController) return;
      renderSearch(state, data);
    } catch (err) {
      if (isAbort(err) || controller !== searchController) return;
      lastSearchKey = null;
      setStatus(searchStatus, err.message, 'error');
      searchResults.replaceChildren(errorBox(err, () => runSearch(state)));
    } finally {
      if (controller === searchController) searchResults.removeAttribute('aria-busy');
    }
  }

  function typeLabel(key) { return typeLabels.get(fold(key)) || key; }

  function renderSearch(state, data) {
    const hits = Array.isArray(data.hits) ? data.hits : [];
    for (const hit of hits) if (hit.unit && hit.unit.type) typeLabels.set(fold(hit.unit.type), hit.unit.type);
    const total = Number(data.total) || 0;
    const pageSize = Number(data.page_size) || PAGE_SIZE;
    const page = Number(data.page) || state.page;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    renderFacets(state, data.facets || {});

    const nodes = [];
    if (data.corrected) nodes.push(el('p', { class: 'corrected' }, 'Recherche effectuée pour : ', el('strong', { text: data.corrected })));
    const filters = [state.org && `organisation ${state.org}`, state.type && `type ${typeLabel(state.type)}`].filter(Boolean);
    nodes.push(el('h2', { class: 'results-count', id: 'results-title', tabindex: '-1' },
      total ? plural(total, 'passage trouvé', 'passages trouvés') : 'Aucun passage trouvé',
      filters.length ? el('span', { class: 'muted', text: ` (filtre : ${filters.join(', ')})` }) : null));
    if (!hits.length) {
      nodes.push(el('p', { class: 'empty', text: filters.length
        ? "Aucun passage ne correspond avec ces filtres. Retirez un filtre ou essayez d'autres mots."
        : 'Aucun passage ne contient ces mots. Essayez un synonyme ou un mot plus général.' }));
    } else {
      nodes.push(el('ol', { class: 'hits', start: String((page - 1) * pageSize + 1) }, hits.map(hitItem)));
    }
    if (pages > 1) nodes.push(pager(state, page, pages));
    searchResults.replaceChildren(...nodes);
    setStatus(searchStatus, (total ? plural(total, 'passage trouvé', 'passages trouvés') : 'Aucun passage trouvé') +
      (pages > 1 ? `, page ${page} sur ${pages}` : '') + '.');
  }

  function hitItem(hit) {
    const unit = hit.unit || {};
    return el('li', { class: 'card hit', dataset: { org: unit.org || '', type: unit.type || '', unitId: unit.id || '' } },
      el('h3', { class: 'unit-name' }, unit.id ? el('a', { href: unitHref(unit.id), text: unit.name || unit.id }) : (unit.name || '')),
      badges(unit),
      Array.isArray(unit.path) && unit.path.length ? breadcrumb(unit.path) : null,
      el('p', { class: 'snippet' }, highlightedNodes(hit.highlighted ?? '')),
      sourceLine(hit));
  }

  function pager(state, page, pages) {
    const go = (p) => () => {
      navigate({ ...state, page: p }, { focus: false });
      const title = $('results-title');
      if (title) { title.focus({ preventScroll: true }); title.scrollIntoView({ block: 'start' }); }
    };
    return el('nav', { class: 'pager', 'aria-label': 'Pagination' },
      el('button', { type: 'button', class: 'btn btn-secondary pager-prev', disabled: page <= 1, onclick: go(page - 1) }, '‹ Précédent'),
      el('span', { class: 'pager-info', text: `Page ${page} sur ${pages}` }),
      el('button', { type: 'button', class: 'btn btn-secondary pager-next', disabled: page >= pages, onclick: go(page + 1) }, 'Suivant ›'));
  }

  function renderFacets(state, facets) {
    const groups = [];
    const group = (name, title, counts, active, label) => {
      const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'));
      if (!entries.length && !active) return null;
      const list = el('ul', { class: 'facet-list' });
      for (const [key, count] of entries) {
        const pressed = active !== '' && fold(active) === fold(key);
        list.append(el('li', null, el('button', {
          type: 'button', class: 'facet', 'aria-pressed': pressed ? 'true' : 'false',
          dataset: { facet: name, value: key }, title: name === 'org' ? orgNames.get(key) : null,
          onclick: () => navigate({ ...state, [name]: pressed ? '' : key, page: 1 }, { focus: false }),
        }, el('span', { class: 'facet-label', text: label(key) }), el('span', { class: 'facet-count', text: String(count) },
        ), el('span', { class: 'visually-hidden', text: count > 1 ? ' passages' : ' passage' }))));
      }
      if (active && !entries.some(([key]) => fold(key) === fold(active))) {
        list.append(el('li', null, el('button', {
          type: 'button', class: 'facet', 'aria-pressed': 'true', dataset: { facet: name, value: active },
          onclick: () => navigate({ ...state, [name]: '', page: 1 }, { focus: false }),
        }, el('span', { class: 'facet-label', text: label(active) }), el('span', { class: 'facet-count', text: '0' }))));
      }
      return el('section', { class: 'facet-group', 'aria-labelledby': `facet-${name}-title` },
        el('h2', { class: 'facet-title', id: `facet-${name}-title`, text: title }), list);
    };
    const org = group('org', 'Organisation', facets.org, state.org, (code) => code);
    const type = group('type', "Type d'unité", facets.type, state.type, typeLabel);
    if (org) groups.push(org);
    if (type) groups.push(type);
    if (state.org || state.type) {
      groups.push(el('p', null, el('button', {
        type: 'button', class: 'btn btn-link', id: 'clear-filters',
        onclick: () => navigate({ ...state, org: '', type: '', page: 1 }, { focus: false }),
      }, 'Effacer les filtres')));
    }
    searchFacets.replaceChildren(...groups);
    searchFacets.hidden = groups.length === 0;
  }

  // Autocomplete (combobox + listbox pattern): /api/suggest on the typed prefix.
  let suggestController = null;
  let suggestions = [];
  let activeSuggestion = -1;

  const suggestSoon = debounce(async () => {
    const q = searchInput.value;
    if (suggestController) suggestController.abort();
    if (!q.trim() || document.activeElement !== searchInput) { closeSuggestions(); return; }
    const controller = new AbortController();
    suggestController = controller;
    try {
      const data = await api('/api/suggest?limit=8&q=' + encodeURIComponent(q), controller.signal);
      if (controller !== suggestController || searchInput.value !== q || document.activeElement !== searchInput) return;
      openSuggestions(Array.isArray(data.suggestions) ? data.suggestions : []);
    } catch (err) {
      if (!isAbort(err)) closeSuggestions();   // suggestions are optional: fail silently
    }
  }, SUGGEST_DEBOUNCE_MS);

  function openSuggestions(list) {
    suggestions = list.filter((s) => s && s.text);
    activeSuggestion = -1;
    searchInput.removeAttribute('aria-activedescendant');
    if (!suggestions.length) { closeSuggestions(); return; }
    suggestList.replaceChildren(...suggestions.map((s, i) => el('li', {
      id: `suggest-${i}`, role: 'option', class: 'suggest-option', 'aria-selected': 'false',
      onmousedown: (e) => e.preventDefault(),   // keep the focus in the input
      onclick: () => chooseSuggestion(i),
    }, el('span', { class: 'suggest-text', text: s.text }),
    s.kind === 'unit'
      ? el('span', { class: 'suggest-meta', text: ['unité', s.type, s.org].filter(Boolean).join(' · ') })
      : el('span', { class: 'suggest-meta', text: 'mot' }))));
    suggestList.hidden = false;
    searchInput.setAttribute('aria-expanded', 'true');
  }

  function closeSuggestions() {
    suggestSoon.cancel && suggestSoon.cancel();
    suggestions = [];
    activeSuggestion = -1;
    suggestList.hidden = true;
    suggestList.replaceChildren();
    searchInput.setAttribute('aria-expanded', 'false');
    searchInput.removeAttribute('aria-activedescendant');
  }

  function highlightSuggestion(index) {
    activeSuggestion = index;
    suggestList.querySelectorAll('[role="option"]').forEach((option, i) => {
      option.setAttribute('aria-selected', i === index ? 'true' : 'false');
      if (i === index) option.scrollIntoView({ block: 'nearest' });
    });
    if (index >= 0) searchInput.setAttribute('aria-activedescendant', `suggest-${index}`);
    else searchInput.removeAttribute('aria-activedescendant');
  }

  function chooseSuggestion(index) {
    const s = suggestions[index];
    closeSuggestions();
    if (!s) return;
    if (s.kind === 'unit' && s.id) {
      navigate({ mode: 'unit', unit: s.id });
      return;
    }
    // A word: it completes the last word typed.
    const words = searchInput.value.replace(/\s+$/, '').split(/(\s+)/);
    words[words.length - 1] = s.text;
    searchInput.value = words.join('') + ' ';
    searchAsYouType.cancel();
    navigate({ ...searchState(), q: searchInput.value.trim(), page: 1 }, { focus: false });
    searchInput.focus();
  }

  searchInput.addEventListener('keydown', (event) => {
    const open = !suggestList.hidden && suggestions.length > 0;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) { suggestSoon(); return; }
      highlightSuggestion(activeSuggestion + 1 >= suggestions.length ? 0 : activeSuggestion + 1);
    } else if (event.key === 'ArrowUp') {
      if (!open) return;
      event.preventDefault();
      highlightSuggestion(activeSuggestion <= 0 ? suggestions.length - 1 : activeSuggestion - 1);
    } else if (event.key === 'Enter') {
      if (open && activeSuggestion >= 0) {
        event.preventDefault();
        chooseSuggestion(activeSuggestion);
      }
    } else if (event.key === 'Escape') {
      if (open) { event.preventDefault(); closeSuggestions(); }
    }
  });

  searchInput.addEventListener('blur', () => closeSuggestions());

  // ---------------------------------------------------------------- organisation browser

  const treeRoot = $('tree-root');
  const treeStatus = $('tree-status');
  let treeRendered = false;

  function setExpanded(button, expanded) {
    button.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    const list = document.getElementById(button.getAttribute('aria-controls'));
    if (list) list.hidden = !expanded;
  }

  function treeNode(unit, data, depth) {
    const kids = data.children.get(unit.id) || [];
    const item = el('li', { class: 'tree-item', dataset: { unitId: unit.id } });
    const row = el('div', { class: 'tree-row' });
    let childList = null;
    if (kids.length) {
      const listId = 'tree-children-' + unit.id.replace(/[^A-Za-z0-9_-]/g, '_');
      childList = el('ul', { class: 'tree-list', id: listId }, kids.map((k) => treeNode(k, data, depth + 1)));
      const toggle = el('button', {
        type: 'button', class: 'tree-toggle', 'aria-controls': listId,
        'aria-label': `${unit.name} : afficher ou masquer les ${plural(kids.length, 'unité rattachée', 'unités rattachées')}`,
      }, el('span', { class: 'tree-chevron', 'aria-hidden': 'true' }));
      toggle.addEventListener('click', () => setExpanded(toggle, toggle.getAttribute('aria-expanded') !== 'true'));
      row.append(toggle);
      childList.hidden = depth >= 1;
      toggle.setAttribute('aria-expanded', depth < 1 ? 'true' : 'false');
    } else {
      row.append(el('span', { class: 'tree-leaf', 'aria-hidden': 'true' }));
    }
    row.append(el('a', { class: 'tree-link', href: unitHref(unit.id), text: unit.name }),
      el('span', { class: 'badge badge-type', text: unit.type || '' }));
    item.append(row);
    if (childList) item.append(childList);
    return item;
  }

  async function showTree({ focus }) {
    setTitle('Organigramme');
    if (!treeRendered) {
      setStatus(treeStatus, "Chargement de l'organigramme…", 'busy');
      treeRoot.replaceChildren(loadingBox("Chargement de l'organigramme…"));
      try {
        const data = await loadUnits();
        const sections = data.orgs.map((org) => {
          const roots = data.children.get('org:' + org.code) || [];
          return el('section', { class: 'org-tree card', 'aria-labelledby': `org-${org.code}` },
            el('h2', { class: 'org-title', id: `org-${org.code}` },
              el('a', { href: unitHref(String(org.code).toLowerCase()) },
                el('span', { class: 'badge badge-org', text: org.code }), ' ', el('span', { text: org.name || org.code }))),
            roots.length
              ? el('ul', { class: 'tree-list tree-top' }, roots.map((u) => treeNode(u, data, 0)))
              : el('p', { class: 'muted', text: 'Aucune unité décrite dans les textes indexés.' }));
        });
        treeRoot.replaceChildren(...sections);
        treeRendered = true;
        setStatus(treeStatus, `${plural(data.orgs.length, 'organisation', 'organisations')}, ${plural(data.units.length, 'unité', 'unités')}.`);
      } catch (err) {
        setStatus(treeStatus, err.message, 'error');
        treeRoot.replaceChildren(errorBox(err, () => showTree({ focus: false })));
        return;
      }
    }
    if (focus) $('tree-title').focus();
  }

  $('tree-expand').addEventListener('click', () => treeRoot.querySelectorAll('.tree-toggle').forEach((b) => setExpanded(b, true)));
  $('tree-collapse').addEventListener('click', () => treeRoot.querySelectorAll('.tree-toggle').forEach((b) => setExpanded(b, false)));

  // ---------------------------------------------------------------- unit page

  const unitContent = $('unit-content');
  const unitStatus = $('unit-status');
  let unitController = null;
  let shownUnit = null;

  // Links for the breadcrumb: the org code goes to the org's page, the other names to the unit's
  // ancestors (found through the tree's parent links, by name when the chain differs).
  async function breadcrumbLinks(unit) {
    const path = Array.isArray(unit.path) ? unit.path : [];
    const links = path.map(() => null);
    if (path.length) links[0] = unitHref(String(unit.org || path[0]).toLowerCase());
    try {
      const data = await loadUnits();
      const chain = [];
      for (let u = data.byId.get(unit.id); u; u = u.parent ? data.byId.get(u.parent) : null) {
        chain.unshift(u);
        if (chain.length > 50) break;
      }
      for (let i = 1; i < path.length; i++) {
        const match = chain.find((u) => u.name === path[i]) || (chain.length === path.length - 1 ? chain[i - 1] : null);
        if (match) links[i] = unitHref(match.id);
      }
    } catch (err) { /* the breadcrumb stays as text */ }
    return links;
  }

  async function showUnit(id, { focus }) {
    if (shownUnit === id && unitContent.childElementCount) { if (focus) focusUnitTitle(); return; }
    shownUnit = id;
    if (unitController) unitController.abort();
    const controller = new AbortController();
    unitController = controller;
    setTitle('Unité');
    setStatus(unitStatus, "Chargement de l'unité…", 'busy');
    unitContent.replaceChildren(loadingBox("Chargement de l'unité…"));
    try {
      const data = await api(unitApiPath(id), controller.signal);
      const links = await breadcrumbLinks(data.unit || {});
      if (controller !== unitController) return;
      renderUnit(data, links);
      setStatus(unitStatus, '');
      if (focus) focusUnitTitle();
    } catch (err) {
      if (isAbort(err) || controller !== unitController) return;
      shownUnit = null;
      setStatus(unitStatus, err.message, 'error');
      unitContent.replaceChildren(errorBox(err, err.status === 404 ? null : () => showUnit(id, { focus: false })));
    }
  }

  function focusUnitTitle() {
    const title = $('unit-title');
    if (title) title.focus();
  }

  function renderUnit(data, links) {
    const unit = data.unit || {};
    setTitle(unit.name || 'Unité');
    const nodes = [];
    if (Array.isArray(unit.path) && unit.path.length) nodes.push(breadcrumb(unit.path, links, "Fil d'Ariane"));
    nodes.push(el('h1', { class: 'unit-title', id: 'unit-title', tabindex: '-1', text: unit.name || unit.id || '' }), badges(unit));
    const aliases = Array.isArray(data.aliases) ? data.aliases.filter((a) => a && a !== unit.name) : [];
    if (aliases.length) nodes.push(el('p', { class: 'aliases' }, el('span', { class: 'muted', text: 'Aussi appelée : ' }), aliases.join(' ; ')));
    if (data.parent && data.parent.id) {
      nodes.push(el('p', { class: 'parent' }, el('span', { class: 'muted', text: 'Rattachée à : ' }),
        el('a', { href: unitHref(data.parent.id), text: data.parent.name || data.parent.id })));
    }
    nodes.push(el('p', { class: 'unit-actions' }, el('a', { href: searchHref(unit.name || '') }, 'Rechercher ce nom dans les textes')));

    const passages = Array.isArray(data.passages) ? data.passages : [];
    nodes.push(el('section', { class: 'unit-section', id: 'unit-missions', 'aria-labelledby': 'missions-title' },
      el('h2', { id: 'missions-title', class: 'section-title', text: 'Missions' }),
      passages.length
        ? el('ul', { class: 'passages' }, passages.map((p) => el('li', { class: 'passage' },
            el('p', { class: 'passage-text', text: p.text || '' }), sourceLine(p))))
        : el('p', { class: 'muted', text: 'Les textes indexés ne décrivent pas de mission propre à cette unité.' })));

    const children = Array.isArray(data.children) ? data.children : [];
    if (children.length) {
      nodes.push(el('section', { class: 'unit-section', id: 'unit-children', 'aria-labelledby': 'children-title' },
        el('h2', { id: 'children-title', class: 'section-title', text: 'Unités rattachées' }),
        el('ul', { class: 'children-list' }, children.map((c) => el('li', null,
          el('a', { href: unitHref(c.id), text: c.name || c.id }), ' ', el('span', { class: 'badge badge-type', text: c.type || '' }))))));
    }

    const documents = Array.isArray(data.documents) ? data.documents : [];
    if (documents.length) {
      nodes.push(el('section', { class: 'unit-section', id: 'unit-documents', 'aria-labelledby': 'documents-title' },
        el('h2', { id: 'documents-title', class: 'section-title', text: 'Documents sources' }),
        el('ul', { class: 'documents' }, documents.map((d) => el('li', { class: 'document' },
          el('a', { class: 'document-title', href: documentHref(d.id), text: d.title || d.file || '' }),
          el('span', { class: 'document-meta muted', text: [d.source, frenchDate(d.date)].filter(Boolean).join(' · ') }),
          externalLink(d.url, 'texte original'))))));
    }
    unitContent.replaceChildren(...nodes);
  }

  // ---------------------------------------------------------------- document page

  const documentContent = $('document-content');
  const documentStatus = $('document-status');
  let documentController = null;
  let shownDocument = null;   // the doc id rendered in documentContent

  async function showDocument(state, { focus }) {
    if (shownDocument === state.doc && documentContent.childElementCount) { markCited(state.passage, focus); return; }
    shownDocument = state.doc;
    if (documentController) documentController.abort();
    const controller = new AbortController();
    documentController = controller;
    setTitle('Document');
    setStatus(documentStatus, 'Chargement du document…', 'busy');
    documentContent.replaceChildren(loadingBox('Chargement du document…'));
    try {
      const data = await api('/api/documents/' + encodeURIComponent(state.doc), controller.signal);
      if (controller !== documentController) return;
      renderDocument(data);
      setStatus(documentStatus, '');
      markCited(state.passage, focus);
    } catch (err) {
      if (isAbort(err) || controller !== documentController) return;
      shownDocument = null;
      setStatus(documentStatus, err.message, 'error');
      documentContent.replaceChildren(errorBox(err, err.status === 404 ? null : () => showDocument(state, { focus: false })));
    }
  }

  const passageAnchor = (id) => 'passage-' + String(id).replace(/[^A-Za-z0-9_-]/g, '_');

  function renderDocument(data) {
    const d = data.document || {};
    setTitle(d.title || 'Document');
    const meta = [d.org_name || d.org, frenchDate(d.date), d.source].filter(Boolean).join(' · ');
    const original = externalLink(d.url, 'Ouvrir le texte original');
    const nodes = [
      el('h1', { class: 'unit-title', id: 'document-title', tabindex: '-1', text: d.title || d.id || '' }),
      meta ? el('p', { class: 'document-meta muted', text: meta }) : null,
      original ? el('p', { class: 'document-original' }, original) : null,
    ];
    const body = el('div', { class: 'document-text' });
    let section = null;
    for (const p of Array.isArray(data.passages) ? data.passages : []) {
      if (p.section && p.section !== section) body.append(el('h2', { class: 'document-section', text: p.section }));
      section = p.section;
      const unit = p.unit || {};
      const owner = unit.type && unit.type !== 'organisation'
        ? el('a', { class: 'passage-unit', href: unitHref(unit.id), text: unit.name || unit.id })
        : null;
      body.append(el('p', { class: 'document-passage', id: passageAnchor(p.passage_id), tabindex: '-1', 'data-passage': p.passage_id },
        el('span', { class: 'passage-body', text: p.text || '' }), owner ? ' ' : null, owner));
    }
    nodes.push(body);
    if (data.truncated) nodes.push(el('p', { class: 'muted', text: 'Le document est long : seul son début est affiché.' }));
    documentContent.replaceChildren(...nodes.filter(Boolean));
  }

  // The cited passage: marked, scrolled into view and focused, so a screen reader starts there.
  function markCited(passage, focus) {
    for (const node of documentContent.querySelectorAll('.document-passage.cited')) {
      node.classList.remove('cited');
      node.removeAttribute('aria-current');
    }
    const target = passage ? document.getElementById(passageAnchor(passage)) : null;
    if (!target) {
      if (focus) { const t = $('document-title'); if (t) t.focus(); }
      return;
    }
    target.classList.add('cited');
    target.setAttribute('aria-current', 'true');
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- start

  route({ focus: false });
})();
