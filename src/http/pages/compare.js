// The comparison page: how one force compares with others, question by question, for one inspection
// round and pillar, from the public GraphQL API only. Choices live in the URL
// (?force=cambridgeshire&year=2017&pillar=EFFECTIVENESS&forces=a,b&sort=-eff_q2), so a view can be
// shared; a cell's link (#finding=<id>) opens that finding's text and sources.

const EAST_OF_ENGLAND = ['cambridgeshire', 'bedfordshire', 'essex', 'hertfordshire', 'norfolk', 'suffolk'];
const GRADES = {
  OUTSTANDING: { label: 'Outstanding', css: 'g-outstanding', score: 5 },
  GOOD: { label: 'Good', css: 'g-good', score: 4 },
  ADEQUATE: { label: 'Adequate', css: 'g-adequate', score: 3 },
  REQUIRES_IMPROVEMENT: { label: 'Requires improvement', css: 'g-requires-improvement', score: 2 },
  INADEQUATE: { label: 'Inadequate', css: 'g-inadequate', score: 1 },
};
const STATUS_LABELS = {
  UNGRADED: 'Not a graded question',
  NOT_GRADED: 'Not graded that year',
  NOT_STATED: 'Carried over, grade not stated',
};
// What a cell without a grade means, by how the catalogue grades its question (Question.grading).
const NOT_GRADED_IN_ROUND = 'Not graded in this round';
const NOT_GRADED_FOR_FORCE = 'Not graded for this force';
const NO_DATA = 'No data';
const PILLAR_LABELS = { EFFECTIVENESS: 'Effectiveness', EFFICIENCY: 'Efficiency', LEADERSHIP: 'Leadership', LEGITIMACY: 'Legitimacy' };
/** " effectiveness" for a caption; nothing from 2021/22, when there are no pillars. */
const pillarSuffix = (pillar) => (pillar ? ` ${(PILLAR_LABELS[pillar] ?? pillar).toLowerCase()}` : '');
/** "2017 effectiveness", "2021/22": the round and pillar an answer of compare is about. */
const roundWords = (compare) => `${compare.inspectionYear.label}${pillarSuffix(state.pillar)}`;
const $ = (id) => document.getElementById(id);
/** "investigating-crime" → "Investigating crime": a short human label for a column or row. */
const themeLabel = (theme) => theme.charAt(0).toUpperCase() + theme.slice(1).replaceAll('-', ' ');
const questionLabel = (q) => (q.headline ? 'Overall' : themeLabel(q.theme));
// Only http(s) URLs become links: a stored javascript: or data: URL (the importer refuses them now,
// but an older database may hold one) is shown as text, never made clickable.
const isHttpUrl = (url) => typeof url === 'string' && /^https?:\/\/[^\s]+$/i.test(url);
/** The one way a stored URL becomes a link: through isHttpUrl, or not at all. */
const storedLink = (url, text) => (isHttpUrl(url) ? el('a', { href: url, rel: 'noopener' }, text) : null);

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** A median score in words on the round's scale: "Good", or "between Good and Requires improvement"; – when no force is graded. */
function medianWords(score, scale) {
  if (score == null) return '–';
  const grades = scale.map((g) => GRADES[g]);
  const exact = grades.find((g) => g.score === score);
  if (exact) return exact.label;
  const above = grades.filter((g) => g.score > score).at(-1);
  const below = grades.find((g) => g.score < score);
  return above && below ? `between ${above.label} and ${below.label}` : String(score);
}

/** The page's operations (compare.graphql), their SHA-256 and whether the server runs trusted documents only, fetched once. */
let documentsLoaded = null;
/** Set when the server runs trusted documents only (it says so with the documents, or in a refusal): the hash goes alone. */
let hashOnly = false;

/**
 * One operation of the page's document by name; an error in the answer becomes an exception with
 * the server's message. The document's hash goes with every request, so a server that runs only
 * trusted documents (PERSISTED_OPERATIONS=only) answers it from the hash.
 */
async function graphql(operationName, variables = {}) {
  documentsLoaded ??= fetch('/compare/documents.json').then((response) => response.json());
  const documents = await documentsLoaded;
  hashOnly ||= documents.hashOnly === true;
  const persistedQuery = { version: 1, sha256Hash: documents.hash };
  const send = async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({
        ...(hashOnly ? {} : { query: documents.document }),
        operationName,
        variables,
        extensions: { persistedQuery },
      }),
    });
    return response.json();
  };
  let body = await send();
  if (!hashOnly && body.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_ONLY')) {
    hashOnly = true;
    body = await send();
  }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

/** Builds an element: el('td', { class: 'x' }, 'text', child). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes))
    if (value != null && value !== false) node.setAttribute(name, value === true ? '' : value);
  node.append(...children.filter((c) => c != null));
  return node;
}

const state = {
  years: [],
  forces: [],
  year: 2017,
  pillar: 'EFFECTIVENESS',
  chosen: [...EAST_OF_ENGLAND],
  focus: 'cambridgeshire',
  /** The question the grid is sorted by (null: the order forces were chosen in), best first unless descending is false. */
  sort: null,
  best: true,
  compare: null,
};

function readUrl() {
  const params = new URLSearchParams(location.search);
  if (params.has('year')) state.year = Number(params.get('year'));
  if (params.has('pillar')) state.pillar = params.get('pillar') || null;
  if (params.has('forces')) state.chosen = params.get('forces').split(',').filter(Boolean);
  if (params.has('force')) state.focus = params.get('force');
  const sort = params.get('sort');
  if (sort) [state.sort, state.best] = sort.startsWith('-') ? [sort.slice(1), false] : [sort, true];
}

function writeUrl() {
  const params = new URLSearchParams({
    force: state.focus,
    year: String(state.year),
    pillar: state.pillar ?? '',
    forces: state.chosen.join(','),
  });
  if (state.sort) params.set('sort', `${state.best ? '' : '-'}${state.sort}`);
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}

const forceName = (slug) => state.forces.find((f) => f.slug === slug)?.name ?? slug;
const currentYear = () => state.years.find((y) => y.year === state.year);

function pillarsOf(year) {
  const known = state.years.find((y) => y.year === year);
  return known ? [...new Set(known.questions.map((q) => q.pillar))] : [];
}

/** The force the page is about is always in the grid, first unless the reader put it elsewhere. */
function keepFocusChosen() {
  if (!state.forces.some((f) => f.slug === state.focus)) state.focus = state.forces[0]?.slug ?? 'cambridgeshire';
  state.chosen = state.chosen.filter((slug) => state.forces.some((f) => f.slug === slug));
  if (!state.chosen.includes(state.focus)) state.chosen.unshift(state.focus);
}

/** The pillars of the chosen round (none from 2021/22), keeping the chosen one where the round has it. */
function renderPillars() {
  const pillars = pillarsOf(state.year);
  if (!pillars.includes(state.pillar)) state.pillar = pillars[0] ?? null;
  $('pillar').replaceChildren(
    ...pillars.map((p) =>
      el('option', { value: p ?? '', selected: p === state.pillar }, p ? (PILLAR_LABELS[p] ?? p) : 'No pillars (from 2021/22)'),
    ),
  );
}

/** The choices that do not change with the round: forces, rounds, regions and the picker's list (once, at start). */
function renderChoices() {
  $('focus').replaceChildren(...state.forces.map((f) => el('option', { value: f.slug, selected: f.slug === state.focus }, f.name)));
  $('year').replaceChildren(...state.years.map((y) => el('option', { value: y.year, selected: y.year === state.year }, y.label)));
  renderPillars();
  const regions = [...new Set(state.forces.map((f) => f.region))].sort();
  $('region').replaceChildren(...regions.map((r) => el('option', { value: r }, r)));
  $('force-list').replaceChildren(
    ...[...state.forces]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((f) =>
        el(
          'li',
          { 'data-name': `${f.name} ${f.shortName} ${f.region}`.toLowerCase() },
          el(
            'label',
            {},
            el('input', { type: 'checkbox', name: 'forces', value: f.slug, checked: state.chosen.includes(f.slug) }),
            ` ${f.name} `,
            el('span', { class: 'region' }, f.region),
          ),
        ),
      ),
  );
  filterForceList();
}

/** Narrows the picker to the forces whose name, short name or region holds every typed word. */
function filterForceList() {
  const words = $('force-search').value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const item of $('force-list').children) {
    const match = words.every((w) => item.dataset.name.includes(w));
    item.hidden = !match;
    if (match) shown += 1;
  }
  $('force-matches').textContent = words.length ? `${shown} of ${state.forces.length} forces match.` : '';
}

function renderCount() {
  const names = state.chosen.map((slug) => state.forces.find((f) => f.slug === slug)?.shortName ?? slug);
  const list = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  $('force-count').textContent = `${state.chosen.length} of ${state.forces.length} (${list}). Change…`;
}

function renderLegend(scale) {
  const swatch = (css, text) => el('span', { class: css }, text);
  $('legend').replaceChildren(
    ...scale.map((g) => swatch(GRADES[g].css, GRADES[g].label)),
    swatch('g-ungraded', `Grey: not graded (in this round, or for this force)`),
    swatch('no-data', `Hatched: no data (HMICFRS graded it; this data set lacks the grade)`),
    swatch('legend-frame carried', 'Dashed frame: carried over from an earlier round'),
    swatch('legend-frame legend-quoted', `${QUOTED_MARK} Only press, PCC or force pages quoting HMICFRS give this grade`),
    swatch('legend-frame focus-key', `◆ ${forceName(state.focus)}: the force this page is about`),
  );
}

/** HMICFRS's own words, beside the grid, where a round cannot be compared with the rounds before. */
function renderCaveat(round) {
  const box = $('caveat');
  const broken = round && round.year !== state.years[0]?.year && !round.comparableWithPrevious;
  box.hidden = !broken;
  if (!broken) return box.replaceChildren();
  box.replaceChildren(
    el('strong', {}, `${round.label} cannot be compared with earlier rounds. `),
    round.comparisonNote,
    ' ',
    storedLink(round.comparisonSourceUrl, 'HMICFRS says so here'),
  );
}

/** What a cell says and how it looks: its grade, or why there is none. */
function cellWords(cell, question) {
  const grade = GRADES[cell.grade];
  if (grade) return { label: grade.label, css: grade.css };
  if (question.grading === 'NEVER') return { label: NOT_GRADED_IN_ROUND, css: 'g-ungraded' };
  if (question.grading === 'SOME_FORCES') return { label: NOT_GRADED_FOR_FORCE, css: 'g-ungraded' };
  if (!cell.hasData) return { label: NO_DATA, css: 'no-data' };
  return { label: STATUS_LABELS[cell.gradeStatus] ?? 'No grade', css: 'g-ungraded' };
}

/** Marks a grade that only pages quoting HMICFRS give (Finding.evidence SECONDARY_ONLY): a sign and words, not colour. */
const QUOTED_MARK = '†';
const isQuotedOnly = (cell) => Boolean(cell.grade) && cell.finding?.evidence === 'SECONDARY_ONLY';

/** "31st of 42": the force's place among every force graded on the question. */
const rankWords = (cell, row) => (cell.rank ? `${ordinal(cell.rank)} of ${row.forcesGraded}` : null);

function gridCell(cell, row) {
  const question = row.question;
  const { label, css } = cellWords(cell, question);
  const focus = cell.force.slug === state.focus;
  const note = cell.carriedOverFrom ? el('small', {}, `carried over from ${cell.carriedOverFrom.label}`) : null;
  const rank = focus && cell.rank ? el('small', { class: 'rank' }, rankWords(cell, row)) : null;
  const quoted = isQuotedOnly(cell) ? el('span', { class: 'quoted' }, QUOTED_MARK) : null;
  const visible = [label, quoted?.textContent, note?.textContent, rank?.textContent].filter(Boolean).join(' ');
  const words = [label, quoted ? ' ' : null, quoted, note ? ' ' : null, note, rank ? ' ' : null, rank];
  const source = quoted ? ' Only pages quoting HMICFRS give this grade.' : '';
  const content = cell.finding
    ? // The accessible name starts with the visible words (WCAG 2.5.3), then says whose cell it is.
      el(
        'a',
        {
          href: `#finding=${encodeURIComponent(cell.finding.id)}`,
          'aria-label': `${visible}: ${cell.force.name}, ${question.headline ? 'overall' : themeLabel(question.theme).toLowerCase()}.${source} Open the finding.`,
        },
        ...words,
      )
    : el('span', {}, ...words);
  return el(
    'td',
    {
      class: [css, cell.carriedOverFrom ? 'carried' : null].filter(Boolean).join(' '),
      'data-force': cell.force.slug,
      'data-question': question.key,
      'data-grade': cell.grade ?? '',
    },
    content,
  );
}

/** Forces per grade as a small bar (hidden from screen readers) over the same counts written out. */
function distribution(row, scale) {
  const total = row.distribution.reduce((sum, d) => sum + d.count, 0);
  const counts = new Map(row.distribution.map((d) => [d.grade, d.count]));
  const bar = el(
    'span',
    { class: 'bar', 'aria-hidden': 'true' },
    ...scale.filter((g) => counts.get(g)).map((g) => el('span', { class: GRADES[g].css, 'data-share': counts.get(g) / total })),
  );
  const text = el('span', { class: 'counts' }, scale.map((g) => `${counts.get(g) ?? 0} ${GRADES[g].label}`).join(' · '));
  return el('span', { class: 'distribution' }, bar, text);
}

/** Bar segments are sized after they are in the page: the CSP allows no inline style attribute, but CSSOM is allowed. */
function sizeBars(root) {
  for (const segment of root.querySelectorAll('.bar > span')) segment.style.flexGrow = segment.dataset.share;
}

/** The order of the grid's rows: as chosen, or by one question's score (no grade last either way). */
function sortedForceIndexes(compare) {
  const indexes = state.chosen.map((_, i) => i);
  if (state.sort === 'force')
    return indexes.sort((a, b) => compare.rows[0].cells[a].force.name.localeCompare(compare.rows[0].cells[b].force.name));
  const row = compare.rows.find((r) => r.question.key === state.sort);
  if (!row) return indexes;
  const sign = state.best ? -1 : 1;
  return indexes.sort((a, b) => {
    const [x, y] = [row.cells[a].score, row.cells[b].score];
    if (x == null || y == null) return (x == null) - (y == null) || a - b;
    return sign * (x - y) || a - b;
  });
}

function sortButton(key, label, name) {
  const active = state.sort === key;
  const arrow = active ? (key === 'force' ? ' ↓' : state.best ? ' ↓' : ' ↑') : '';
  return el(
    'button',
    {
      type: 'button',
      class: 'sort',
      'data-sort': key,
      'aria-label': `${label}: sort by ${name}${active && key !== 'force' ? (state.best ? ', best first now' : ', worst first now') : ''}`,
    },
    label,
    el('span', { 'aria-hidden': 'true' }, arrow),
  );
}

const ariaSort = (key) => (state.sort === key ? (key === 'force' || !state.best ? 'ascending' : 'descending') : null);

function drawGrid() {
  const compare = state.compare;
  const scale = compare.inspectionYear.gradeScale;
  const questions = compare.rows.map((r) => r.question);
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col', 'aria-sort': ariaSort('force') }, sortButton('force', 'Force', 'force name')),
    ...questions.map((q) => {
      const label = questionLabel(q);
      return el(
        'th',
        { scope: 'col', 'data-question': q.key, 'aria-sort': ariaSort(q.key) },
        sortButton(q.key, label, 'this question'),
        // The full question beneath, left out where it says no more (an area's name).
        q.text.toLowerCase() === label.toLowerCase() ? null : el('small', {}, q.text),
      );
    }),
  );
  const body = sortedForceIndexes(compare).map((forceIndex) => {
    const force = compare.rows[0].cells[forceIndex].force;
    const focus = force.slug === state.focus;
    return el(
      'tr',
      { class: focus ? 'focus' : null, 'data-force': force.slug },
      el(
        'th',
        { scope: 'row' },
        focus ? el('span', { 'aria-hidden': 'true' }, '◆ ') : null,
        force.name,
        focus ? el('span', { class: 'visually-hidden' }, ' (the force this page is about)') : null,
      ),
      ...compare.rows.map((row) => gridCell(row.cells[forceIndex], row)),
    );
  });
  const graded = (row) => row.forcesGraded > 0;
  const foot = [
    el(
      'tr',
      { class: 'national' },
      el('th', { scope: 'row' }, 'National median'),
      ...compare.rows.map((row) => el('td', { 'data-question': row.question.key }, medianWords(row.medianScore, scale))),
    ),
    el(
      'tr',
      { class: 'national' },
      el('th', { scope: 'row' }, 'Forces per grade, every force'),
      ...compare.rows.map((row) => el('td', { 'data-question': row.question.key }, graded(row) ? distribution(row, scale) : '–')),
    ),
  ];
  $('grid').replaceChildren(
    el('caption', {}, `${roundWords(compare)} grades: ${state.chosen.length} forces × ${questions.length} questions`),
    el('thead', {}, head),
    el('tbody', {}, ...body),
    el('tfoot', {}, ...foot),
  );
  sizeBars($('grid'));
}

/** One row per question: the force's grade, its rank, the national median and forces per grade. */
function drawFocus() {
  const compare = state.compare;
  const scale = compare.inspectionYear.gradeScale;
  const index = state.chosen.indexOf(state.focus);
  const name = forceName(state.focus);
  $('focus-heading').textContent = `How ${name} compares, ${roundWords(compare)}`;
  const head = el(
    'tr',
    {},
    ...['Question', `${name}'s grade`, 'Rank among forces graded', 'National median', 'Forces per grade'].map((h) =>
      el('th', { scope: 'col' }, h),
    ),
  );
  const rows = compare.rows.map((row) => {
    const cell = row.cells[index];
    const { label } = cellWords(cell, row.question);
    const graded = row.forcesGraded > 0;
    const carried = cell.carriedOverFrom
      ? el('small', {}, `carried over from ${cell.carriedOverFrom.label}; ranked with the grade it carries`)
      : null;
    const quoted = isQuotedOnly(cell)
      ? el('small', {}, `${QUOTED_MARK} only press, PCC or force pages quoting HMICFRS give this grade`)
      : null;
    return el(
      'tr',
      { 'data-question': row.question.key },
      el('th', { scope: 'row' }, questionLabel(row.question), el('small', {}, row.question.text)),
      el('td', { class: 'grade-words' }, label, carried, quoted),
      el('td', { class: 'rank' }, rankWords(cell, row) ?? (graded ? 'Not ranked: no grade' : '–')),
      el('td', { class: 'median' }, medianWords(row.medianScore, scale)),
      // No force graded: never graded, or graded by HMICFRS but missing from this data set.
      el(
        'td',
        {},
        graded ? distribution(row, scale) : row.question.grading === 'NEVER' ? NOT_GRADED_IN_ROUND : 'No grades in this data set',
      ),
    );
  });
  $('focus-table').replaceChildren(
    el('caption', { class: 'visually-hidden' }, `${name} beside every force graded, question by question`),
    el('thead', {}, head),
    el('tbody', {}, ...rows),
  );
  sizeBars($('focus-table'));
}

// A later choice may be answered before an earlier one: only the newest request may draw.
let gridRequest = 0;
let historyRequest = 0;

async function renderGrid() {
  const ticket = ++gridRequest;
  const round = currentYear();
  renderCaveat(round);
  renderLegend(round?.gradeScale ?? Object.keys(GRADES));
  $('status').textContent = 'Loading…';
  try {
    const { compare } = await graphql('ComparePage', { forces: state.chosen, year: state.year, pillar: state.pillar });
    if (ticket !== gridRequest) return;
    state.compare = compare;
    drawGrid();
    drawFocus();
    $('grid-heading').textContent = `Grades, ${roundWords(compare)}`;
    $('status').textContent = `${state.chosen.length} forces, ${compare.rows.length} questions, ${compare.inspectionYear.label}.`;
    $('grid').dataset.shows = `${state.year}|${state.pillar ?? ''}|${state.chosen.join(',')}`;
  } catch (error) {
    if (ticket !== gridRequest) return;
    state.compare = null;
    $('grid').replaceChildren();
    $('focus-table').replaceChildren();
    $('status').textContent = `Could not load the grid: ${error.message}`;
  }
}

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
    const { node: f } = await graphql('FindingDetail', { id });
    if (!f) throw new Error('no such finding');
    const gradeText = GRADES[f.grade]?.label ?? STATUS_LABELS[f.gradeStatus] ?? 'No grade';
    $('finding-heading').textContent = `${f.force.name}, ${f.inspectionYear.label}: ${gradeText}`;
    body.replaceChildren(
      ...[
        el('p', {}, el('strong', {}, f.question.text)),
        f.carriedOverFrom ? el('p', {}, `Carried over from ${f.carriedOverFrom.label}.`) : null,
        f.conflict ? el('p', {}, 'The sources disagree on this grade; see below.') : null,
        f.evidence === 'SECONDARY_ONLY' && f.grade
          ? el(
              'p',
              {},
              `${QUOTED_MARK} Only pages quoting HMICFRS (press, PCC or force statements) give this grade; no HMICFRS page the data holds states it. Check it against the report before citing it.`,
            )
          : null,
        ...f.content.map((b) =>
          b.__typename === 'Paragraph' ? el('p', {}, b.text) : el('ul', {}, ...b.items.map((i) => el('li', {}, i))),
        ),
        f.content.length === 0
          ? el('p', { class: 'help' }, 'No narrative is loaded for this finding; the sources below give the grade.')
          : null,
        f.areasForImprovement.length ? el('h3', {}, 'Areas for improvement') : null,
        f.areasForImprovement.length ? el('ul', {}, ...f.areasForImprovement.map((a) => el('li', {}, a.text))) : null,
        f.causesOfConcern.length ? el('h3', {}, 'Causes of concern') : null,
        ...f.causesOfConcern.map((c) => el('div', {}, el('p', {}, c.text), el('ul', {}, ...c.recommendations.map((r) => el('li', {}, r))))),
        el('h3', {}, 'Sources'),
        el(
          'ul',
          {},
          ...f.sources.map((s) =>
            el(
              'li',
              {},
              storedLink(s.url, s.url) ?? (s.url ? `${s.url} (not a web link)` : 'imported page'),
              ` (${s.kind.toLowerCase().replace('_', ' ')}, ${s.basis.toLowerCase()}): ${GRADES[s.grade]?.label ?? STATUS_LABELS[s.gradeStatus] ?? ''}`,
              s.carriedOverFrom ? `, carried over from ${s.carriedOverFrom.label}` : '',
              s.note ? el('blockquote', {}, s.note) : null,
            ),
          ),
        ),
        f.report && isHttpUrl(f.report.sourceUrl) ? el('p', {}, storedLink(f.report.sourceUrl, 'The report on the HMICFRS site')) : null,
      ].filter(Boolean),
    );
    $('finding-heading').focus();
  } catch (error) {
    body.replaceChildren(el('p', {}, `Could not load the finding: ${error.message}`));
  }
}

/** The themes a heat map shows: the chosen pillar's in any round (the area rounds join by theme), or the area rounds' own. */
function historyThemes() {
  const themes = [];
  const add = (theme) => themes.includes(theme) || themes.push(theme);
  for (const q of currentYear()?.questions ?? []) if (q.pillar === state.pillar) add(q.theme);
  for (const y of state.years) for (const q of y.questions) if (q.pillar === state.pillar) add(q.theme);
  return themes;
}

/** A heat map of themes × every round, 2014 → 2023-25: cells coloured and labelled like the grid, a break before each round HMICFRS says cannot be compared with the one before. */
async function renderHistory() {
  const ticket = ++historyRequest;
  try {
    const { force } = await graphql('ForceHistoryPage', { force: state.focus });
    if (ticket !== historyRequest) return;
    const rounds = state.years;
    const breaks = rounds.filter((round, i) => i > 0 && !round.comparableWithPrevious);
    const themes = historyThemes();
    // The first finding of a theme in a round (a round may ask two questions of one theme).
    const byThemeYear = new Map();
    for (const h of force.history) {
      const key = `${h.theme}|${h.inspectionYear.year}`;
      if (!byThemeYear.has(key) || (!byThemeYear.get(key).grade && h.grade)) byThemeYear.set(key, h);
    }
    const header = el(
      'tr',
      {},
      el('th', { scope: 'col' }, 'Theme'),
      ...rounds.map((round) => {
        const broken = breaks.includes(round);
        return el(
          'th',
          {
            scope: 'col',
            class: [broken ? 'break' : null, round.year === state.year ? 'current' : null].filter(Boolean).join(' ') || null,
          },
          round.label,
          broken
            ? el(
                'a',
                {
                  class: 'break-mark',
                  href: `#caveat-${round.year}`,
                  'aria-label': `${round.label}: not comparable with the round before; why`,
                },
                'not comparable with the round before',
              )
            : null,
        );
      }),
    );
    const rows = themes.map((theme) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row' }, themeLabel(theme)),
        ...rounds.map((round) => {
          const h = byThemeYear.get(`${theme}|${round.year}`);
          const grade = GRADES[h?.grade];
          const label = !h ? '–' : grade ? grade.label : (STATUS_LABELS[h.gradeStatus] ?? 'No grade');
          const css = [
            !h ? 'empty' : grade ? grade.css : 'g-ungraded',
            h?.carriedOverFrom ? 'carried' : null,
            breaks.includes(round) ? 'break' : null,
          ]
            .filter(Boolean)
            .join(' ');
          const note = h?.carriedOverFrom ? el('small', {}, `carried over from ${h.carriedOverFrom.label}`) : null;
          return el(
            'td',
            {
              class: css,
              'data-theme': theme,
              'data-year': String(round.year),
              'data-grade': h?.grade ?? '',
              'aria-label': h ? null : `${themeLabel(theme)}, ${round.label}: no data`,
            },
            label,
            note ? ' ' : null,
            note,
          );
        }),
      ),
    );
    $('history-map').replaceChildren(
      el(
        'caption',
        {},
        `${force.name}: grades by theme in every round${state.pillar ? ` (themes of${pillarSuffix(state.pillar)}; the area rounds join by theme)` : ' (themes of the graded areas)'}`,
      ),
      el('thead', {}, header),
      el('tbody', {}, ...rows),
    );
    $('history-caption').textContent =
      'Each row follows one theme across rounds, whatever each round called its question. A dashed frame marks a judgement carried over from an earlier round; – means the data has nothing for that round. A double line marks where HMICFRS changed its framework:';
    $('history-caveats').replaceChildren(
      ...breaks.map((round) =>
        el(
          'li',
          { id: `caveat-${round.year}`, tabindex: '-1' },
          el('strong', {}, `${round.label}: `),
          round.comparisonNote,
          ' ',
          storedLink(round.comparisonSourceUrl, 'HMICFRS says so here'),
        ),
      ),
    );
  } catch (error) {
    if (ticket !== historyRequest) return;
    $('history-map').replaceChildren();
    $('history-caption').textContent = `Could not load the history: ${error.message}`;
  }
}

function refresh() {
  keepFocusChosen();
  writeUrl();
  renderCount();
  for (const box of document.querySelectorAll('input[name="forces"]')) box.checked = state.chosen.includes(box.value);
  return Promise.all([renderGrid(), renderHistory()]);
}

function choose(slugs) {
  state.chosen = slugs;
  return refresh();
}

function regionSlugs() {
  const region = $('region').value;
  return state.forces.filter((f) => f.region === region).map((f) => f.slug);
}

function listen() {
  $('focus').addEventListener('change', (e) => {
    state.focus = e.target.value;
    refresh();
  });
  $('year').addEventListener('change', (e) => {
    state.year = Number(e.target.value);
    renderPillars();
    refresh();
  });
  $('pillar').addEventListener('change', (e) => {
    state.pillar = e.target.value || null;
    refresh();
  });
  $('force-list').addEventListener('change', () => {
    // Keep the order forces were chosen in; new ones go last.
    const ticked = [...document.querySelectorAll('input[name="forces"]:checked')].map((b) => b.value);
    choose([...state.chosen.filter((s) => ticked.includes(s)), ...ticked.filter((s) => !state.chosen.includes(s))]);
  });
  $('force-search').addEventListener('input', filterForceList);
  $('force-search').addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault(); // Enter in the only text field would submit the form.
    const first = [...$('force-list').children].find((item) => !item.hidden)?.querySelector('input');
    if (first && !first.checked) {
      first.checked = true;
      first.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
  $('choices').addEventListener('submit', (e) => e.preventDefault());
  $('add-region').addEventListener('click', () => choose([...state.chosen, ...regionSlugs().filter((s) => !state.chosen.includes(s))]));
  $('only-region').addEventListener('click', () => choose([state.focus, ...regionSlugs().filter((s) => s !== state.focus)]));
  $('all-forces').addEventListener('click', () =>
    choose([state.focus, ...state.forces.map((f) => f.slug).filter((s) => s !== state.focus)]),
  );
  $('no-forces').addEventListener('click', () => choose([state.focus]));
  $('grid').addEventListener('click', (e) => {
    const button = e.target.closest('button.sort');
    if (!button || !state.compare) return;
    const key = button.dataset.sort;
    if (state.sort === key && key !== 'force') state.best = !state.best;
    else [state.sort, state.best] = [key, true];
    writeUrl();
    drawGrid();
    // The table was redrawn: keep the keyboard on the same heading.
    $('grid')
      .querySelector(`button.sort[data-sort="${CSS.escape(key)}"]`)
      ?.focus();
  });
  window.addEventListener('hashchange', renderFinding);
}

async function start() {
  readUrl();
  const data = await graphql('PageStart');
  state.years = data.inspectionYears;
  state.forces = data.forces.nodes;
  if (!state.years.some((y) => y.year === state.year)) state.year = state.years.at(-1)?.year ?? state.year;
  keepFocusChosen();
  renderChoices();
  listen();
  await Promise.all([refresh(), renderFinding()]);
  document.body.dataset.ready = 'true';
}

start().catch((error) => {
  $('status').textContent = `Could not start: ${error.message}`;
});
