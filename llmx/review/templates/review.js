/* llmx review page. One document is mounted at a time from its <template>, so a run of
   many long documents costs the browser one document's layout. Hash routes:
   #doc=<doc_id>  open a document;  #doc=<doc_id>&select=<record id>  open it and do what
   a click on that record's card does (deep links, and tests without a mouse). */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('llmx-data').textContent);
  var docIndex = new Map();
  data.docs.forEach(function (d, i) { docIndex.set(d.id, i); });

  var indexSection = document.getElementById('index');
  var view = document.getElementById('doc-view');
  var pop = document.getElementById('pop');
  var help = document.getElementById('help');
  var helpBtn = document.getElementById('help-btn');
  var q = document.getElementById('q');
  var fType = document.getElementById('f-type');
  var fCat = document.getElementById('f-cat');
  var narrow = window.matchMedia('(max-width: 760px)');
  var reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  var pageTitle = document.title;
  var current = -1;      // index of the mounted document, -1 on the index
  var selected = null;   // record id of the selected card
  var lastDoc = -1;

  function records(i) { return data.docs[i].records; }
  function cards() { return Array.prototype.slice.call(view.querySelectorAll('.cards-pane > .card:not(.filtered)')); }
  function cardFor(rid) { return view.querySelector('.cards-pane > #card-' + CSS.escape(rid)); }
  function marksFor(rid) { return view.querySelectorAll('mark.hl[data-r~="' + CSS.escape(rid) + '"]'); }

  /* ---------------------------------------------------------------- routing */

  function route() {
    var params = new URLSearchParams(location.hash.slice(1));
    var id = params.get('doc');
    if (id === null || !docIndex.has(id)) { showIndex(); return; }
    mount(docIndex.get(id));
    var rid = params.get('select');
    if (rid) { select(rid, { scroll: true, flash: true, reveal: true, instant: true }); }
  }

  function openDoc(i) {
    if (i < 0 || i >= data.docs.length) { return; }
    location.hash = 'doc=' + encodeURIComponent(data.docs[i].id);
  }

  function showIndex() {
    closePop();
    if (current >= 0) { lastDoc = current; }
    current = -1;
    selected = null;
    view.hidden = true;
    view.textContent = '';
    document.body.classList.remove('doc-mode');
    indexSection.hidden = false;
    document.title = pageTitle;
    if (lastDoc >= 0) {
      var link = indexSection.querySelector('tr[data-index="' + lastDoc + '"] .doc-link');
      if (link) { link.focus({ preventScroll: false }); }
    }
  }

  function mount(i) {
    closePop();
    if (current === i) { return; }
    var tpl = document.getElementById('tpl-' + i);
    view.textContent = '';
    view.appendChild(tpl.content.cloneNode(true));
    current = i;
    selected = null;
    indexSection.hidden = true;
    view.hidden = false;
    document.body.classList.add('doc-mode');
    window.scrollTo(0, 0);
    document.title = data.docs[i].id + ' · ' + pageTitle;
    applyFilter();
  }

  /* ---------------------------------------------------------------- selecting */

  function flash(el, cls) {
    el.classList.remove(cls);
    void el.offsetWidth; // restart the animation
    el.classList.add(cls);
  }

  /* Select a record: its card and all its highlights are marked, and with opts.scroll
     the first highlight is scrolled to the middle of the text and flashed. */
  function select(rid, opts) {
    opts = opts || {};
    var card = cardFor(rid);
    if (!card) { return false; }
    view.querySelectorAll('.card.selected').forEach(function (c) {
      c.classList.remove('selected');
      c.removeAttribute('aria-current');
    });
    view.querySelectorAll('mark.hl.active').forEach(function (m) { m.classList.remove('active'); });
    card.classList.add('selected');
    card.setAttribute('aria-current', 'true');
    selected = rid;
    var marks = marksFor(rid);
    marks.forEach(function (m) { m.classList.add('active'); });
    var smooth = !(opts.instant || reducedMotion.matches);
    if (marks.length && opts.scroll) {
      marks[0].scrollIntoView({ block: 'center', inline: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
    }
    if (opts.flash) {
      if (marks.length) { marks.forEach(function (m) { flash(m, 'flash'); }); } else { flash(card, 'flash-card'); }
    }
    if (opts.reveal && !narrow.matches) { card.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' }); }
    if (opts.focus) { card.focus({ preventScroll: true }); }
    var hash = '#doc=' + encodeURIComponent(data.docs[current].id) + '&select=' + encodeURIComponent(rid);
    if (location.hash !== hash) { history.replaceState(null, '', hash); }
    return true;
  }

  function move(delta) {
    var list = cards();
    if (!list.length) { return; }
    var at = list.findIndex(function (c) { return c.dataset.rid === selected; });
    var next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    select(list[next].dataset.rid, { scroll: true, flash: true, reveal: true, focus: true });
  }

  /* ---------------------------------------------------------------- popover */

  function closePop() {
    if (!pop.hidden) { pop.hidden = true; pop.textContent = ''; }
  }

  /* Show the cards of every record covering a clicked highlight next to the click. */
  function showPop(mark, x, y) {
    var rids = mark.dataset.r.split(' ');
    pop.textContent = '';
    var head = document.createElement('div');
    head.className = 'pop-head';
    var label = document.createElement('span');
    label.textContent = rids.length === 1 ? '1 record here' : rids.length + ' records here';
    var close = document.createElement('button');
    close.type = 'button';
    close.setAttribute('aria-label', 'close');
    close.textContent = '×';
    close.addEventListener('click', closePop);
    head.appendChild(label);
    head.appendChild(close);
    pop.appendChild(head);
    rids.forEach(function (rid) {
      var card = cardFor(rid);
      if (!card) { return; }
      var copy = card.cloneNode(true);
      copy.removeAttribute('id');
      copy.classList.remove('selected', 'flash-card', 'filtered');
      copy.classList.add('pop-card');
      pop.appendChild(copy);
    });
    pop.hidden = false;
    var w = pop.offsetWidth, h = pop.offsetHeight;
    var left = Math.min(Math.max(8, x - w / 2), window.innerWidth - w - 8);
    var top = y + 18 + h < window.innerHeight ? y + 18 : Math.max(8, y - h - 18);
    pop.style.left = left + 'px';
    pop.style.top = top + 'px';
  }

  /* ---------------------------------------------------------------- filter */

  function matcher() {
    var terms = q.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var type = fType.value, cat = fCat.value;
    if (!terms.length && !type && !cat) { return null; }
    return function (rec) {
      if (type && rec.type !== type) { return false; }
      if (cat && rec.category !== cat) { return false; }
      return terms.every(function (t) { return rec.keys.indexOf(t) >= 0; });
    };
  }

  function applyFilter() {
    var ok = matcher();
    var shown = 0;
    indexSection.querySelectorAll('tbody tr').forEach(function (row) {
      var note = row.querySelector('.match-count');
      if (!ok) { row.hidden = false; note.hidden = true; shown++; return; }
      var recs = records(+row.dataset.index);
      var n = Object.keys(recs).filter(function (rid) { return ok(recs[rid]); }).length;
      row.hidden = n === 0;
      note.hidden = n === 0;
      note.textContent = n + ' matching record' + (n === 1 ? '' : 's');
      if (n) { shown++; }
    });
    document.getElementById('index-empty').hidden = shown > 0;
    if (current < 0) { return; }
    var recs = records(current);
    var visible = 0;
    view.querySelectorAll('.cards-pane > .card').forEach(function (card) {
      var hide = !!ok && !ok(recs[card.dataset.rid]);
      card.classList.toggle('filtered', hide);
      if (!hide) { visible++; }
    });
    view.querySelectorAll('mark.hl').forEach(function (m) {
      var dim = !!ok && !m.dataset.r.split(' ').some(function (rid) { return ok(recs[rid]); });
      m.classList.toggle('dim', dim);
    });
    var empty = view.querySelector('.filter-empty');
    if (empty) { empty.hidden = visible > 0; }
  }

  var filterTimer = 0;
  q.addEventListener('input', function () { clearTimeout(filterTimer); filterTimer = setTimeout(applyFilter, 120); });
  fType.addEventListener('change', applyFilter);
  fCat.addEventListener('change', applyFilter);

  /* ---------------------------------------------------------------- index sorting */

  indexSection.querySelectorAll('th button[data-sort]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var th = btn.parentElement;
      var key = btn.dataset.sort;
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      indexSection.querySelectorAll('th[aria-sort]').forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', dir);
      var body = indexSection.querySelector('tbody');
      var rows = Array.prototype.slice.call(body.rows);
      var text = btn.dataset.type === 'text';
      rows.sort(function (a, b) {
        var x = a.dataset['s' + key.charAt(0).toUpperCase() + key.slice(1)];
        var y = b.dataset['s' + key.charAt(0).toUpperCase() + key.slice(1)];
        var c = text ? x.localeCompare(y, 'zh') : parseFloat(x) - parseFloat(y);
        return dir === 'ascending' ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });

  indexSection.querySelector('tbody').addEventListener('click', function (e) {
    var row = e.target.closest('tr[data-index]');
    if (row && !e.target.closest('a')) { openDoc(+row.dataset.index); }
  });

  /* ---------------------------------------------------------------- document events */

  view.addEventListener('click', function (e) {
    var nav = e.target.closest('[data-nav]');
    if (nav) { openDoc(current + parseInt(nav.dataset.nav, 10)); return; }
    var mark = e.target.closest('mark.hl');
    if (mark) {
      var rids = mark.dataset.r.split(' ');
      var at = rids.indexOf(selected);
      // a second click on the same place steps through the records that overlap there
      var rid = at >= 0 && mark.classList.contains('active') ? rids[(at + 1) % rids.length] : rids[0];
      select(rid, { flash: true, reveal: true });
      showPop(mark, e.clientX, e.clientY);
      return;
    }
    var card = e.target.closest('.cards-pane > .card');
    if (card) {
      closePop();
      select(card.dataset.rid, { scroll: true, flash: true });
    }
  });

  pop.addEventListener('click', function (e) {
    var card = e.target.closest('.card');
    if (card) { select(card.dataset.rid, { scroll: true, flash: true, reveal: true }); closePop(); }
  });

  document.addEventListener('click', function (e) {
    if (!pop.hidden && !pop.contains(e.target) && !e.target.closest('mark.hl')) { closePop(); }
  });

  helpBtn.addEventListener('click', function () {
    help.hidden = !help.hidden;
    helpBtn.setAttribute('aria-expanded', String(!help.hidden));
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    var typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA');
    if (typing) {
      if (e.key === 'Escape') { t.blur(); }
      if (e.key === 'Enter' && t === q && current >= 0) { t.blur(); move(1); }
      return;
    }
    var onCard = t && t.classList && t.classList.contains('card') && view.contains(t);
    var key = e.key;
    if (key === '/') { e.preventDefault(); q.focus(); q.select(); return; }
    if (key === 'Escape') { closePop(); help.hidden = true; return; }
    if (key === '?') { helpBtn.click(); return; }
    if (current < 0) {
      if (key === 'j' || key === 'k' || key === 'ArrowDown' || key === 'ArrowUp') {
        var links = Array.prototype.slice.call(indexSection.querySelectorAll('tbody tr:not([hidden]) .doc-link'));
        if (!links.length) { return; }
        var at = links.indexOf(document.activeElement);
        var down = key === 'j' || key === 'ArrowDown';
        links[at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + (down ? 1 : -1)))].focus();
        e.preventDefault();
      }
      return;
    }
    if (key === 'j' || (onCard && key === 'ArrowDown')) { e.preventDefault(); move(1); }
    else if (key === 'k' || (onCard && key === 'ArrowUp')) { e.preventDefault(); move(-1); }
    else if (onCard && (key === 'Enter' || key === ' ')) {
      e.preventDefault();
      select(t.dataset.rid, { scroll: true, flash: true });
    }
    else if (key === 'n' || key === ']') { openDoc(current + 1); }
    else if (key === 'p' || key === '[') { openDoc(current - 1); }
    else if (key === 'i') { location.hash = ''; }
  });

  window.addEventListener('hashchange', route);
  route();
}());
