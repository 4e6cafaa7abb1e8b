// The report's only script, inline (it must work offline): one page on
// screen at a time, chosen from the index, the selector, the arrow keys or
// the address (#p-3-1 for instance 3's second page, #L65 for the page that
// holds line 65); and tooltips, styled, from the SVG <title>s - which stay
// the browser's own tooltips when scripts are off.
export const CLIENT_SCRIPT = `
(() => {
  const pages = [...document.querySelectorAll('section.page')];
  if (pages.length === 0) return;
  const where = document.querySelector('.toolbar .where');
  const select = document.querySelector('.toolbar select');
  let current = null;

  function pageOfLine(n) {
    const holding = pages.filter((p) => +p.dataset.first <= n && n <= +p.dataset.last);
    return holding.find((p) => p.querySelector('[data-line="' + n + '"]')) || holding[0] || null;
  }

  function show(page, line, moveWindow) {
    if (current) current.classList.remove('on');
    document.querySelectorAll('nav.index .cur').forEach((e) => e.classList.remove('cur'));
    current = page;
    page.classList.add('on');
    const li = document.getElementById('nav-' + page.dataset.instance);
    if (li) {
      li.classList.add('cur');
      const pg = li.querySelector('[data-page="' + page.id + '"]');
      if (pg) pg.classList.add('cur');
      li.scrollIntoView({ block: 'nearest' });
    }
    if (where) where.textContent = page.dataset.title;
    if (select) select.value = page.dataset.instance;
    const sheet = page.querySelector('.sheet');
    if (line !== undefined && sheet) {
      let n = line, target = null;
      while (!target && n >= +page.dataset.first) target = page.querySelector('[data-line="' + n-- + '"]');
      // The sheet to the top of the window first (unless the report is just
      // opening: its verdict comes first), then the step to a third of the
      // sheet's height, so that the lines before it stay in view.
      if (moveWindow) page.scrollIntoView({ block: 'start' });
      if (target) {
        // Room below the last row, so that a step near the end of a page
        // can still be brought up to where it is seen.
        sheet.style.paddingBottom = '70vh';
        const box = target.getBoundingClientRect(), sbox = sheet.getBoundingClientRect();
        const seen = Math.max(120, Math.min(sheet.clientHeight, innerHeight - Math.max(0, sbox.top)));
        sheet.scrollTop += box.top - sbox.top - seen / 3;
        sheet.scrollLeft += box.left - sbox.left - sheet.clientWidth / 2;
        target.classList.add('flash');
        setTimeout(() => target.classList.remove('flash'), 3400);
      }
    } else if (sheet) {
      sheet.style.paddingBottom = '';
      sheet.scrollTop = 0;
    }
  }

  function route(moveWindow) {
    // No address: the report's own start (the failing step, if any).
    const h = decodeURIComponent(location.hash.slice(1)) || document.body.dataset.start || '';
    const line = /^L(\\d+)$/.exec(h);
    if (line) {
      const p = pageOfLine(+line[1]);
      if (p) return show(p, +line[1], moveWindow);
    }
    const byId = h && document.getElementById(h);
    if (byId && byId.classList.contains('page')) return show(byId);
    const inst = /^i(\\d+)$/.exec(h);
    if (inst) {
      const p = pages.find((q) => q.dataset.instance === inst[1]);
      if (p) return show(p);
    }
    show(pages[0]);
  }

  function step(d) {
    const i = pages.indexOf(current) + d;
    if (i >= 0 && i < pages.length) location.hash = pages[i].id;
  }

  window.addEventListener('hashchange', () => route(true));
  document.querySelector('.toolbar .prev')?.addEventListener('click', () => step(-1));
  document.querySelector('.toolbar .next')?.addEventListener('click', () => step(1));
  select?.addEventListener('change', () => { location.hash = 'i' + select.value; });
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.metaKey || e.ctrlKey || e.altKey) return;
    if (e.key === 'ArrowRight' || e.key === 'n') step(1);
    else if (e.key === 'ArrowLeft' || e.key === 'p') step(-1);
  });
  route(location.hash.length > 1);

  // Tooltips: the first hover moves a <title> into the element's data, so
  // that the browser's own tooltip does not show beside ours.
  const tip = document.getElementById('tip');
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  document.addEventListener('mouseover', (e) => {
    const g = e.target instanceof Element ? e.target.closest('svg.chart g') : null;
    let el = g;
    while (el && !el.dataset.tip && !(el.firstElementChild && el.firstElementChild.tagName === 'title')) el = el.parentElement && el.parentElement.closest('svg.chart g');
    if (!el) { tip.style.display = 'none'; return; }
    if (!el.dataset.tip) {
      const t = el.firstElementChild;
      el.dataset.tip = t.textContent;
      t.remove();
    }
    const [first, ...rest] = el.dataset.tip.split('\\n');
    tip.innerHTML = '<b>' + esc(first) + '</b>' + (rest.length ? '\\n' + esc(rest.join('\\n')) : '');
    tip.style.display = 'block';
  });
  document.addEventListener('mousemove', (e) => {
    if (tip.style.display !== 'block') return;
    const w = tip.offsetWidth, h = tip.offsetHeight;
    const x = e.clientX + 16 + w > innerWidth ? e.clientX - w - 12 : e.clientX + 16;
    const y = e.clientY + 18 + h > innerHeight ? Math.max(4, e.clientY - h - 10) : e.clientY + 18;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  });
})();
`;
