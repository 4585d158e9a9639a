// @ts-check
// The logs panel's webview (src/views/logsPanel.ts): draws only the rows in view plus an overscan, asks the
// extension host for the rows it lacks as it scrolls, and follows the end while the user is at the bottom.
// Rows are absolute numbers (the host's `base` is the first kept one), so rows keep their place when the
// byte cap drops older lines. No inline handlers: the CSP allows this file only, by nonce.
(function () {
  // @ts-ignore acquireVsCodeApi is defined by VS Code in webviews
  const vscode = acquireVsCodeApi();
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const strings = JSON.parse($('strings').dataset.strings || '{}');
  const scroller = $('scroller'), spacer = $('spacer'), rowsEl = $('rows'), banner = $('banner');
  const filterBox = /** @type {HTMLInputElement} */ ($('filter'));
  const findBox = /** @type {HTMLInputElement} */ ($('find'));
  const findCount = $('findCount'), followState = $('followState'), tsButton = $('ts');
  /** Rows drawn beyond the visible ones, above and below. */
  const OVERSCAN = 30;
  /** Beyond this height the scrollbar is scaled (browsers cap an element's height). */
  const MAX_PX = 8_000_000;
  /** Rows kept in the cache before the farthest are forgotten. */
  const CACHE_MAX = 6000;

  let rowHeight = 18;
  let base = 0, total = 0, dropped = 0, following = true, showTs = false;
  /** @type {Map<number, string | {ts?: string, runs: [string, string?][]}>} */
  const cache = new Map();
  /** @type {{row: number, text: string} | undefined} */
  let match;
  /** What was asked for and not answered yet, so a scroll does not repeat it. */
  let asked = '';
  let drawn = '';
  let state = vscode.getState() || {};

  function measure() {
    const probe = document.createElement('div');
    probe.className = 'row';
    probe.textContent = 'Mg';
    rowsEl.appendChild(probe);
    rowHeight = Math.max(1, probe.getBoundingClientRect().height || 18);
    probe.remove();
  }
  const viewRows = () => Math.max(1, Math.ceil(scroller.clientHeight / rowHeight));
  const height = () => Math.min(total * rowHeight, MAX_PX);
  const maxTop = () => Math.max(0, height() - scroller.clientHeight);
  const scaled = () => total * rowHeight > MAX_PX;
  /** The (fractional) row, relative to base, at the top of the view for a scroll position. */
  function rowAt(top) {
    if (!scaled()) return top / rowHeight;
    const m = maxTop();
    return m > 0 ? (top / m) * Math.max(0, total - scroller.clientHeight / rowHeight) : 0;
  }
  function topOf(row) {
    if (!scaled()) return row * rowHeight;
    const rows = Math.max(1e-9, total - scroller.clientHeight / rowHeight);
    return Math.min(maxTop(), (row / rows) * maxTop());
  }
  const atBottom = () => scroller.scrollTop >= maxTop() - rowHeight / 2;

  function setFollowing(on, tell) {
    if (following === on && !tell) return;
    following = on;
    followState.textContent = on ? strings.following : strings.paused;
    followState.classList.toggle('on', on);
    if (tell) vscode.postMessage({ type: 'follow', following: on, rows: viewRows() });
  }

  function fill(div, data, row) {
    const highlight = match && match.row === row;
    if (highlight) div.classList.add('match');
    // A plain row (no style, no stamp shown) comes as its text.
    if (typeof data === 'string') { div.textContent = data; return; }
    if (data.ts) {
      const ts = document.createElement('span');
      ts.className = 'ts';
      ts.textContent = data.ts + ' ';
      div.appendChild(ts);
    }
    for (const [text, cls] of data.runs) {
      const span = document.createElement('span');
      if (cls) span.className = cls;
      span.textContent = text;
      div.appendChild(span);
    }
    if (!data.runs.length) div.appendChild(document.createTextNode(''));
  }

  /** Draws the rows in view (and the overscan) from the cache; asks the host for the ones it lacks. */
  function render(force) {
    spacer.style.height = `${height()}px`;
    if (following && total > 0) scroller.scrollTop = maxTop();
    const top = scroller.scrollTop;
    const f = rowAt(top);
    const first = Math.floor(f);
    // Following: the end is all there is to draw (the host posts just that); otherwise an overscan each side.
    const over = following ? 2 : OVERSCAN;
    const from = Math.max(0, first - over);
    const to = Math.min(total, first + viewRows() + 1 + over);
    let missing = -1, missingEnd = -1;
    for (let r = from; r < to; r++) if (!cache.has(base + r)) { if (missing < 0) missing = r; missingEnd = r + 1; }
    const key = `${base}:${from}:${to}:${showTs}:${match ? match.row : ''}`;
    rowsEl.style.transform = `translateY(${top + (from - f) * rowHeight}px)`;
    if (force || key !== drawn || missing >= 0) {
      drawn = key;
      const frag = document.createDocumentFragment();
      for (let r = from; r < to; r++) {
        const div = document.createElement('div');
        div.className = 'row';
        div.dataset.row = String(base + r);
        const data = cache.get(base + r);
        if (data) fill(div, data, base + r); else { div.classList.add('pending'); div.textContent = ' '; }
        frag.appendChild(div);
      }
      rowsEl.replaceChildren(frag);
      checkWaiting();
    }
    if (missing >= 0) {
      const ask = `${base + missing}:${base + missingEnd}`;
      if (ask !== asked) { asked = ask; vscode.postMessage({ type: 'range', from: base + missing, to: base + missingEnd, rows: viewRows() }); }
    }
  }

  function forget() {
    if (cache.size <= CACHE_MAX) return;
    const mid = base + rowAt(scroller.scrollTop);
    const keys = [...cache.keys()].sort((a, b) => Math.abs(b - mid) - Math.abs(a - mid));
    for (let i = 0; i < keys.length - CACHE_MAX / 2; i++) cache.delete(keys[i]);
  }

  function setMeta(m) {
    const firstAbs = base + rowAt(scroller.scrollTop);
    const moved = m.base !== base;
    base = m.base; total = m.total; dropped = m.dropped; showTs = m.showTs;
    if (m.uri && state.uri !== m.uri) { state = { uri: m.uri }; vscode.setState(state); }
    if (moved) for (const k of [...cache.keys()]) if (k < base) cache.delete(k);
    tsButton.setAttribute('aria-pressed', String(showTs));
    if (filterBox.value !== m.filter && document.activeElement !== filterBox) filterBox.value = m.filter;
    banner.hidden = dropped === 0;
    if (dropped > 0) banner.textContent = strings.dropped.replace('{0}', dropped.toLocaleString());
    spacer.style.height = `${height()}px`;
    // Not following: keep the same line at the top when older lines leave.
    if (!following && moved) scroller.scrollTop = topOf(firstAbs - base);
  }

  function put(from, rows) {
    for (let i = 0; i < rows.length; i++) cache.set(from + i, rows[i]);
    forget();
  }

  function reveal(row) {
    setFollowing(false, true);
    const rel = row - base;
    const vis = rowAt(scroller.scrollTop);
    if (rel < vis || rel >= vis + viewRows() - 1) scroller.scrollTop = topOf(Math.max(0, rel - Math.floor(viewRows() / 2)));
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    switch (m.type) {
      case 'reset':
        cache.clear(); asked = ''; drawn = '';
        setFollowing(m.following, false);
        setMeta(m);
        put(m.from, m.rows);
        render(true);
        break;
      case 'rows':
        setMeta(m);
        put(m.from, m.rows);
        asked = '';
        render(true);
        break;
      case 'meta':
        setMeta(m);
        render(false);
        break;
      case 'find':
        findCount.textContent = m.m === 0 ? (findBox.value ? strings.noMatch : '') : strings.of.replace('{0}', String(m.n)).replace('{1}', String(m.m));
        match = m.row !== undefined ? { row: m.row, text: m.text } : undefined;
        if (m.reveal && m.row !== undefined) reveal(m.row);
        render(true);
        break;
      case 'test':
        // 'waitRow': answer once a row with this text is drawn in view (after a render), not at once: the
        // benchmark waits for the flood's last line on screen without polling the view.
        if (m.action === 'waitRow') { waiting.push({ id: m.id, text: String(m.arg) }); checkWaiting(); break; }
        vscode.postMessage({ type: 'testAnswer', id: m.id, answer: test(m.action, m.arg) });
        break;
    }
  });

  /** The rows drawn inside the visible part of the view. */
  const visible = () => {
    const box = scroller.getBoundingClientRect();
    return [...rowsEl.children].filter((d) => { const r = d.getBoundingClientRect(); return r.bottom > box.top + 1 && r.top < box.bottom - 1; });
  };
  /** @type {{id: number, text: string}[]} Test requests waiting for a row to be drawn. */
  let waiting = [];
  function checkWaiting() {
    if (waiting.length === 0) return;
    const texts = new Set(visible().filter((d) => !d.classList.contains('pending')).map((d) => d.textContent));
    waiting = waiting.filter((w) => { if (!texts.has(w.text)) return true; vscode.postMessage({ type: 'testAnswer', id: w.id, answer: true }); return false; });
  }

  /** Test requests from the host (an internal command): what the DOM shows, or a user's action. */
  function test(action, arg) {
    switch (action) {
      case 'rows': return {
        rows: visible().map((d) => d.textContent), following, total, base, dropped,
        followState: followState.textContent, findCount: findCount.textContent, banner: banner.hidden ? '' : banner.textContent,
        match: [...rowsEl.querySelectorAll('.row.match')].map((d) => d.textContent),
        pending: visible().filter((d) => d.classList.contains('pending')).length,
      };
      case 'spans': return visible().map((d) => [...d.querySelectorAll('span:not(.ts)')].map((s) => ({ text: s.textContent, cls: s.className, color: getComputedStyle(s).color, rowColor: getComputedStyle(d).color })));
      case 'key': scroller.focus(); scroller.dispatchEvent(new KeyboardEvent('keydown', { key: arg, bubbles: true })); return true;
      case 'scrollTop': scroller.scrollTop = 0; return true;
      case 'type': { const box = arg.box === 'find' ? findBox : filterBox; box.focus(); box.value = arg.text; box.dispatchEvent(new Event('input', { bubbles: true })); return true; }
      case 'click': $(arg).click(); return true;
      case 'state': return vscode.getState() || {};
      case 'select': {
        const rows = visible().slice(0, 3);
        const range = document.createRange();
        range.setStartBefore(rows[0]); range.setEndAfter(rows[rows.length - 1]);
        const sel = window.getSelection(); sel?.removeAllRanges(); sel?.addRange(range);
        return selectedText();
      }
      default: return undefined;
    }
  }

  /** The selected text, a line per row (rows are blocks; their text has no newline of its own). */
  function selectedText() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
    const range = sel.getRangeAt(0);
    const rows = [...rowsEl.children].filter((d) => range.intersectsNode(d));
    if (rows.length <= 1) return sel.toString();
    return rows.map((d, i) => {
      const r = document.createRange();
      r.selectNodeContents(d);
      if (i === 0) r.setStart(range.startContainer, range.startOffset);
      if (i === rows.length - 1) r.setEnd(range.endContainer, range.endOffset);
      return r.toString();
    }).join('\n');
  }

  document.addEventListener('copy', (e) => {
    const text = selectedText();
    if (!text || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
  });

  scroller.addEventListener('scroll', () => {
    if (following && !atBottom()) setFollowing(false, true);
    else if (!following && atBottom() && total > 0) setFollowing(true, true);
    render(false);
  });

  scroller.addEventListener('keydown', (e) => {
    const page = Math.max(1, viewRows() - 1) * rowHeight;
    switch (e.key) {
      case 'PageDown': scroller.scrollTop += page; break;
      case 'PageUp': scroller.scrollTop -= page; break;
      case 'ArrowDown': scroller.scrollTop += rowHeight; break;
      case 'ArrowUp': scroller.scrollTop -= rowHeight; break;
      case 'Home': setFollowing(false, true); scroller.scrollTop = 0; break;
      case 'End': setFollowing(true, true); render(false); break;
      default: return;
    }
    e.preventDefault();
  });

  document.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') { e.preventDefault(); findBox.focus(); findBox.select(); }
    else if (e.key === 'Escape' && (document.activeElement === findBox || document.activeElement === filterBox)) scroller.focus();
  });

  let filterTimer = 0;
  filterBox.addEventListener('input', () => {
    clearTimeout(filterTimer);
    const v = filterBox.value;
    const re = /^\/(.+)\/([a-z]*)$/.exec(v);
    let ok = true;
    if (re) { try { new RegExp(re[1], re[2]); } catch { ok = false; } }
    filterBox.classList.toggle('invalid', !ok);
    filterTimer = setTimeout(() => vscode.postMessage({ type: 'filter', text: v }), 150);
  });
  let findTimer = 0;
  const find = (dir) => vscode.postMessage({ type: 'find', text: findBox.value, dir, top: base + Math.floor(rowAt(scroller.scrollTop)) });
  findBox.addEventListener('input', () => { clearTimeout(findTimer); findTimer = setTimeout(() => find(0), 150); });
  findBox.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); clearTimeout(findTimer); find(e.shiftKey ? -1 : 1); }
  });
  $('next').addEventListener('click', () => find(1));
  $('prev').addEventListener('click', () => find(-1));
  tsButton.addEventListener('click', () => vscode.postMessage({ type: 'timestamps' }));
  $('copy').addEventListener('click', () => { const t = selectedText(); if (t) vscode.postMessage({ type: 'copy', text: t }); });
  $('copyAll').addEventListener('click', () => vscode.postMessage({ type: 'copyAll' }));
  $('openText').addEventListener('click', () => vscode.postMessage({ type: 'openText' }));
  $('download').addEventListener('click', () => vscode.postMessage({ type: 'download' }));
  $('follow').addEventListener('click', () => { setFollowing(true, true); render(false); scroller.focus(); });
  new ResizeObserver(() => render(false)).observe(scroller);

  measure();
  setFollowing(true, false);
  vscode.postMessage({ type: 'ready', rows: viewRows() });
})();
