// The comparison page: forces × questions for one inspection round and pillar, from the public
// GraphQL API only. Choices live in the URL (?year=2017&pillar=EFFECTIVENESS&forces=a,b&force=a), so
// a view can be shared; a cell's link (#finding=<id>) opens that finding's text and sources.

const EAST_OF_ENGLAND = ['cambridgeshire', 'bedfordshire', 'essex', 'hertfordshire', 'norfolk', 'suffolk'];
const GRADES = {
  OUTSTANDING: { label: 'Outstanding', css: 'g-outstanding', score: 5 },
  GOOD: { label: 'Good', css: 'g-good', score: 4 },
  ADEQUATE: { label: 'Adequate', css: 'g-adequate', score: 3 },
  REQUIRES_IMPROVEMENT: { label: 'Requires improvement', css: 'g-requires-improvement', score: 2 },
  INADEQUATE: { label: 'Inadequate', css: 'g-inadequate', score: 1 },
};
const STATUS_LABELS = { UNGRADED: 'Not a graded question', NOT_GRADED: 'Not graded that year', NOT_STATED: 'Carried over, grade not stated' };
const PILLAR_LABELS = { EFFECTIVENESS: 'Effectiveness', EFFICIENCY: 'Efficiency', LEGITIMACY: 'Legitimacy' };
const $ = (id) => document.getElementById(id);
// Only http(s) URLs become links: a stored javascript: or data: URL (the importer refuses them now,
// but an older database may hold one) is shown as text, never made clickable.
const isHttpUrl = (url) => typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);

/** One GraphQL request; an error in the answer becomes an exception with the server's message. */
async function graphql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

/** Builds an element: el('td', { class: 'x' }, 'text', child). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value != null && value !== false) node.setAttribute(name, value === true ? '' : value);
  node.append(...children.filter((c) => c != null));
  return node;
}

const state = { years: [], forces: [], year: 2017, pillar: 'EFFECTIVENESS', chosen: [...EAST_OF_ENGLAND], historyForce: 'cambridgeshire' };

function readUrl() {
  const params = new URLSearchParams(location.search);
  if (params.has('year')) state.year = Number(params.get('year'));
  if (params.has('pillar')) state.pillar = params.get('pillar') || null;
  if (params.has('forces')) state.chosen = params.get('forces').split(',').filter(Boolean);
  if (params.has('force')) state.historyForce = params.get('force');
}

function writeUrl() {
  const params = new URLSearchParams({ year: String(state.year), pillar: state.pillar ?? '', forces: state.chosen.join(','), force: state.historyForce });
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}

function pillarsOf(year) {
  const known = state.years.find((y) => y.year === year);
  return known ? [...new Set(known.questions.map((q) => q.pillar))] : [];
}

function renderChoices() {
  $('year').replaceChildren(...state.years.map((y) => el('option', { value: y.year, selected: y.year === state.year }, y.label)));
  const pillars = pillarsOf(state.year);
  if (!pillars.includes(state.pillar)) state.pillar = pillars[0] ?? null;
  $('pillar').replaceChildren(
    ...pillars.map((p) => el('option', { value: p ?? '', selected: p === state.pillar }, p ? PILLAR_LABELS[p] : 'No pillars (from 2021/22)')),
  );
  const regions = [...new Set(state.forces.map((f) => f.region))].sort();
  $('force-list').replaceChildren(
    ...regions.flatMap((region) => [
      el('h3', {}, region),
      ...state.forces
        .filter((f) => f.region === region)
        .map((f) => el('label', {}, el('input', { type: 'checkbox', name: 'force', value: f.slug, checked: state.chosen.includes(f.slug) }), ` ${f.name}`)),
    ]),
  );
  $('force-count').textContent = `(${state.chosen.length} of ${state.forces.length} chosen)`;
}

function renderLegend() {
  const swatch = (css, text) => el('span', { class: css }, text);
  $('legend').replaceChildren(
    ...Object.values(GRADES).map((g) => swatch(g.css, g.label)),
    swatch('g-ungraded', 'Not graded / ungraded'),
    swatch('no-data', 'No data'),
    swatch('g-ungraded carried', 'Dashed frame: carried over from an earlier round'),
  );
}

function cellFor(cell, question) {
  const grade = GRADES[cell.grade];
  const label = !cell.hasData ? 'No data' : grade ? grade.label : STATUS_LABELS[cell.gradeStatus] ?? 'No grade';
  const css = [!cell.hasData ? 'no-data' : grade ? grade.css : 'g-ungraded', cell.carriedOverFrom ? 'carried' : null].filter(Boolean).join(' ');
  const note = cell.carriedOverFrom ? el('small', {}, `carried over from ${cell.carriedOverFrom.label}`) : null;
  const content = cell.finding
    ? // The accessible name starts with the visible words (WCAG 2.5.3), then says whose cell it is.
      el('a', { href: `#finding=${encodeURIComponent(cell.finding.id)}`, 'aria-label': `${label}${note ? ` ${note.textContent}` : ''}: ${cell.force.name}, ${question.headline ? 'overall' : question.key}. Open the finding.` }, label, note ? ' ' : null, note)
    : el('span', {}, label);
  return el('td', { class: css, 'data-force': cell.force.slug, 'data-question': question.key, 'data-grade': cell.grade ?? '' }, content);
}

const COMPARE = `query ComparePage($forces: [String!]!, $year: Int!, $pillar: Pillar) {
  compare(forces: $forces, year: $year, pillar: $pillar) {
    inspectionYear { label }
    rows {
      question { key text headline }
      cells { force { slug name } grade gradeStatus hasData carriedOverFrom { label } finding { id } }
    }
  }
}`;

async function renderGrid() {
  const grid = $('grid');
  if (state.chosen.length === 0) {
    grid.replaceChildren();
    $('status').textContent = 'Choose at least one force.';
    return;
  }
  $('status').textContent = 'Loading…';
  try {
    const { compare } = await graphql(COMPARE, { forces: state.chosen, year: state.year, pillar: state.pillar });
    const questions = compare.rows.map((r) => r.question);
    const head = el('tr', {}, el('th', { scope: 'col' }, 'Force'),
      ...questions.map((q) => el('th', { scope: 'col', title: q.text }, q.headline ? 'Overall' : q.key, el('small', {}, q.text))));
    const body = state.chosen.map((_, forceIndex) => {
      const force = compare.rows[0].cells[forceIndex].force;
      return el('tr', {}, el('th', { scope: 'row' }, force.name), ...compare.rows.map((row) => cellFor(row.cells[forceIndex], row.question)));
    });
    grid.replaceChildren(
      el('caption', {}, `${compare.inspectionYear.label} ${state.pillar ? PILLAR_LABELS[state.pillar].toLowerCase() : ''} grades: ${state.chosen.length} forces × ${questions.length} questions`),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    );
    $('status').textContent = `${state.chosen.length} forces, ${questions.length} questions, ${compare.inspectionYear.label}.`;
  } catch (error) {
    grid.replaceChildren();
    $('status').textContent = `Could not load the grid: ${error.message}`;
  }
}

const FINDING = `query FindingDetail($id: ID!) {
  node(id: $id) {
    ... on Finding {
      grade gradeStatus conflict
      force { name } inspectionYear { label } question { text } carriedOverFrom { label }
      report { sourceUrl }
      content { __typename ... on Paragraph { text } ... on BulletList { items } }
      areasForImprovement { text }
      causesOfConcern { text recommendations }
      sources { url kind basis grade gradeStatus note carriedOverFrom { label } }
    }
  }
}`;

async function renderFinding() {
  const id = new URLSearchParams(location.hash.slice(1)).get('finding');
  const section = $('finding');
  if (!id) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const body = $('finding-body');
  body.replaceChildren(el('p', {}, 'Loading…'));
  try {
    const { node: f } = await graphql(FINDING, { id });
    if (!f) throw new Error('no such finding');
    const gradeText = GRADES[f.grade]?.label ?? STATUS_LABELS[f.gradeStatus] ?? 'No grade';
    $('finding-heading').textContent = `${f.force.name}, ${f.inspectionYear.label}: ${gradeText}`;
    body.replaceChildren(...[
      el('p', {}, el('strong', {}, f.question.text)),
      f.carriedOverFrom ? el('p', {}, `Carried over from ${f.carriedOverFrom.label}.`) : null,
      f.conflict ? el('p', {}, 'The sources disagree on this grade; see below.') : null,
      ...f.content.map((b) => (b.__typename === 'Paragraph' ? el('p', {}, b.text) : el('ul', {}, ...b.items.map((i) => el('li', {}, i))))),
      f.content.length === 0 ? el('p', { class: 'help' }, 'No narrative is loaded for this finding; the sources below give the grade.') : null,
      f.areasForImprovement.length ? el('h3', {}, 'Areas for improvement') : null,
      f.areasForImprovement.length ? el('ul', {}, ...f.areasForImprovement.map((a) => el('li', {}, a.text))) : null,
      f.causesOfConcern.length ? el('h3', {}, 'Causes of concern') : null,
      ...f.causesOfConcern.map((c) => el('div', {}, el('p', {}, c.text), el('ul', {}, ...c.recommendations.map((r) => el('li', {}, r))))),
      el('h3', {}, 'Sources'),
      el('ul', {}, ...f.sources.map((s) => el('li', {},
        isHttpUrl(s.url) ? el('a', { href: s.url, rel: 'noopener' }, s.url) : s.url ? `${s.url} (not a web link)` : 'imported page',
        ` (${s.kind.toLowerCase().replace('_', ' ')}, ${s.basis.toLowerCase()}): ${GRADES[s.grade]?.label ?? STATUS_LABELS[s.gradeStatus] ?? ''}`,
        s.carriedOverFrom ? `, carried over from ${s.carriedOverFrom.label}` : '',
        s.note ? el('blockquote', {}, s.note) : null))),
      isHttpUrl(f.report?.sourceUrl) ? el('p', {}, el('a', { href: f.report.sourceUrl, rel: 'noopener' }, 'The report on the HMICFRS site')) : null,
    ].filter(Boolean));
    $('finding-heading').focus();
  } catch (error) {
    body.replaceChildren(el('p', {}, `Could not load the finding: ${error.message}`));
  }
}

const HISTORY = `query ForceHistoryPage($force: String!, $pillar: Pillar) {
  force(slug: $force) { name history(pillar: $pillar) { theme inspectionYear { label year } grade gradeStatus carriedOverFrom { label } } }
}`;
const SERIES_COLOURS = ['#0b5394', '#b45f06', '#38761d', '#741b47', '#990000', '#7f6000', '#134f5c', '#351c75'];
const MARKERS = ['circle', 'square', 'diamond', 'triangle'];

function marker(shape, x, y, colour, hollow) {
  const fill = hollow ? '#ffffff' : colour;
  const common = `fill="${fill}" stroke="${colour}" stroke-width="2"`;
  if (shape === 'square') return `<rect x="${x - 5}" y="${y - 5}" width="10" height="10" ${common}/>`;
  if (shape === 'diamond') return `<path d="M${x} ${y - 6}L${x + 6} ${y}L${x} ${y + 6}L${x - 6} ${y}Z" ${common}/>`;
  if (shape === 'triangle') return `<path d="M${x} ${y - 6}L${x + 6} ${y + 5}L${x - 6} ${y + 5}Z" ${common}/>`;
  return `<circle cx="${x}" cy="${y}" r="5" ${common}/>`;
}

const escapeText = (text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

async function renderHistory() {
  const select = $('history-force');
  if (!state.chosen.includes(state.historyForce)) state.historyForce = state.chosen[0] ?? 'cambridgeshire';
  const names = new Map(state.forces.map((f) => [f.slug, f.name]));
  select.replaceChildren(...(state.chosen.length ? state.chosen : [state.historyForce]).map((slug) => el('option', { value: slug, selected: slug === state.historyForce }, names.get(slug) ?? slug)));
  try {
    const { force } = await graphql(HISTORY, { force: state.historyForce, pillar: state.pillar });
    const years = [...new Map(force.history.map((h) => [h.inspectionYear.year, h.inspectionYear.label])).entries()].sort((a, b) => a[0] - b[0]);
    const themes = [...new Set(force.history.map((h) => h.theme))];
    const [width, height, left, right, top, bottom] = [760, 260, 150, 220, 16, 34];
    const pad = 24; // keeps the first and last rounds' markers clear of the labels
    const x = (year) => left + pad + (years.length < 2 ? 0 : (years.findIndex(([y]) => y === year) * (width - left - right - 2 * pad)) / (years.length - 1));
    const y = (score) => top + ((5 - score) * (height - top - bottom)) / 4;
    let svg = `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="history-caption">`;
    for (const g of Object.values(GRADES)) svg += `<line x1="${left}" x2="${width - right}" y1="${y(g.score)}" y2="${y(g.score)}" stroke="#d0d7de"/><text x="${left - 8}" y="${y(g.score) + 4}" text-anchor="end">${g.label}</text>`;
    for (const [year, label] of years) svg += `<text x="${x(year)}" y="${height - 12}" text-anchor="middle">${escapeText(label)}</text>`;
    themes.forEach((theme, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      // Each theme a few pixels to the side, so themes with the same grade do not hide each other.
      const offset = (i - (themes.length - 1) / 2) * 4;
      const points = force.history.filter((h) => h.theme === theme && GRADES[h.grade]).map((h) => ({ h, px: x(h.inspectionYear.year) + offset, py: y(GRADES[h.grade].score) }));
      const dash = i >= MARKERS.length ? ' stroke-dasharray="6 3"' : '';
      if (points.length > 1) svg += `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${points.map((p) => `${p.px},${p.py}`).join(' ')}"/>`;
      for (const p of points) {
        svg += `<g>${marker(MARKERS[i % MARKERS.length], p.px, p.py, colour, !!p.h.carriedOverFrom)}<title>${escapeText(`${theme}, ${p.h.inspectionYear.label}: ${GRADES[p.h.grade].label}${p.h.carriedOverFrom ? ` (carried over from ${p.h.carriedOverFrom.label})` : ''}`)}</title></g>`;
      }
      const ly = top + 6 + i * 20;
      svg += `<line x1="${width - right + 4}" x2="${width - right + 28}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash}/>${marker(MARKERS[i % MARKERS.length], width - right + 16, ly, colour, false)}<text x="${width - right + 34}" y="${ly + 4}">${escapeText(theme)}</text>`;
    });
    $('history-chart').innerHTML = `${svg}</svg>`;
    $('history-caption').textContent = `${force.name}: grade by question theme in each round${state.pillar ? ` (${PILLAR_LABELS[state.pillar].toLowerCase()})` : ''}. Higher is better; hollow markers are judgements carried over from an earlier round; ungraded years are left out.`;
    const byThemeYear = new Map(force.history.map((h) => [`${h.theme}|${h.inspectionYear.year}`, h]));
    $('history-table').replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Theme'), ...years.map(([, label]) => el('th', { scope: 'col' }, label)))),
      el('tbody', {}, ...themes.map((theme) => el('tr', {}, el('th', { scope: 'row' }, theme), ...years.map(([year]) => {
        const h = byThemeYear.get(`${theme}|${year}`);
        return el('td', {}, h ? GRADES[h.grade]?.label ?? STATUS_LABELS[h.gradeStatus] ?? '' : '–');
      })))),
    );
  } catch (error) {
    $('history-chart').textContent = `Could not load the history: ${error.message}`;
  }
}

function refresh() {
  writeUrl();
  $('force-count').textContent = `(${state.chosen.length} of ${state.forces.length} chosen)`;
  return Promise.all([renderGrid(), renderHistory()]);
}

function choose(slugs) {
  state.chosen = slugs;
  for (const box of document.querySelectorAll('input[name="force"]')) box.checked = slugs.includes(box.value);
  return refresh();
}

async function start() {
  readUrl();
  renderLegend();
  const data = await graphql(`{ inspectionYears { year label questions { pillar } } forces(first: 100) { nodes { slug name shortName region } } }`);
  state.years = data.inspectionYears;
  state.forces = data.forces.nodes;
  renderChoices();
  $('year').addEventListener('change', (e) => {
    state.year = Number(e.target.value);
    renderChoices();
    refresh();
  });
  $('pillar').addEventListener('change', (e) => {
    state.pillar = e.target.value || null;
    refresh();
  });
  $('force-list').addEventListener('change', () => {
    // Keep the order forces were chosen in; new ones go last.
    const ticked = [...document.querySelectorAll('input[name="force"]:checked')].map((b) => b.value);
    choose([...state.chosen.filter((s) => ticked.includes(s)), ...ticked.filter((s) => !state.chosen.includes(s))]);
  });
  $('all-forces').addEventListener('click', () => choose(state.forces.map((f) => f.slug)));
  $('east-of-england').addEventListener('click', () => choose([...EAST_OF_ENGLAND]));
  $('no-forces').addEventListener('click', () => choose([]));
  $('history-force').addEventListener('change', (e) => {
    state.historyForce = e.target.value;
    writeUrl();
    renderHistory();
  });
  window.addEventListener('hashchange', renderFinding);
  await Promise.all([refresh(), renderFinding()]);
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('status').textContent = `Could not start: ${error.message}`;
});
