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
const STATUS_LABELS = {
  UNGRADED: 'Not a graded question',
  NOT_GRADED: 'Not graded that year',
  NOT_STATED: 'Carried over, grade not stated',
};
const PILLAR_LABELS = { EFFECTIVENESS: 'Effectiveness', EFFICIENCY: 'Efficiency', LEGITIMACY: 'Legitimacy' };
const $ = (id) => document.getElementById(id);
/** "investigating-crime" → "Investigating crime": a short human label for a column or row. */
const themeLabel = (theme) => theme.charAt(0).toUpperCase() + theme.slice(1).replaceAll('-', ' ');
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
  for (const [name, value] of Object.entries(attributes))
    if (value != null && value !== false) node.setAttribute(name, value === true ? '' : value);
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
  const params = new URLSearchParams({
    year: String(state.year),
    pillar: state.pillar ?? '',
    forces: state.chosen.join(','),
    force: state.historyForce,
  });
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
    ...pillars.map((p) =>
      el('option', { value: p ?? '', selected: p === state.pillar }, p ? PILLAR_LABELS[p] : 'No pillars (from 2021/22)'),
    ),
  );
  const regions = [...new Set(state.forces.map((f) => f.region))].sort();
  $('force-list').replaceChildren(
    ...regions.flatMap((region) => [
      el('h3', {}, region),
      ...state.forces
        .filter((f) => f.region === region)
        .map((f) =>
          el(
            'label',
            {},
            el('input', { type: 'checkbox', name: 'force', value: f.slug, checked: state.chosen.includes(f.slug) }),
            ` ${f.name}`,
          ),
        ),
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
  const label = !cell.hasData ? 'No data' : grade ? grade.label : (STATUS_LABELS[cell.gradeStatus] ?? 'No grade');
  const css = [!cell.hasData ? 'no-data' : grade ? grade.css : 'g-ungraded', cell.carriedOverFrom ? 'carried' : null]
    .filter(Boolean)
    .join(' ');
  const note = cell.carriedOverFrom ? el('small', {}, `carried over from ${cell.carriedOverFrom.label}`) : null;
  const content = cell.finding
    ? // The accessible name starts with the visible words (WCAG 2.5.3), then says whose cell it is.
      el(
        'a',
        {
          href: `#finding=${encodeURIComponent(cell.finding.id)}`,
          'aria-label': `${label}${note ? ` ${note.textContent}` : ''}: ${cell.force.name}, ${question.headline ? 'overall' : themeLabel(question.theme).toLowerCase()}. Open the finding.`,
        },
        label,
        note ? ' ' : null,
        note,
      )
    : el('span', {}, label);
  return el('td', { class: css, 'data-force': cell.force.slug, 'data-question': question.key, 'data-grade': cell.grade ?? '' }, content);
}

const COMPARE = `query ComparePage($forces: [String!]!, $year: Int!, $pillar: Pillar) {
  compare(forces: $forces, year: $year, pillar: $pillar) {
    inspectionYear { label }
    rows {
      question { key text headline theme }
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
    // A short label above the full question, which is left out where it says no more (an area's name).
    const head = el(
      'tr',
      {},
      el('th', { scope: 'col' }, 'Force'),
      ...questions.map((q) => {
        const label = q.headline ? 'Overall' : themeLabel(q.theme);
        return el(
          'th',
          { scope: 'col', 'data-question': q.key },
          label,
          q.text.toLowerCase() === label.toLowerCase() ? null : el('small', {}, q.text),
        );
      }),
    );
    const body = state.chosen.map((_, forceIndex) => {
      const force = compare.rows[0].cells[forceIndex].force;
      return el(
        'tr',
        {},
        el('th', { scope: 'row' }, force.name),
        ...compare.rows.map((row) => cellFor(row.cells[forceIndex], row.question)),
      );
    });
    grid.replaceChildren(
      el(
        'caption',
        {},
        `${compare.inspectionYear.label} ${state.pillar ? PILLAR_LABELS[state.pillar].toLowerCase() : ''} grades: ${state.chosen.length} forces × ${questions.length} questions`,
      ),
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
    body.replaceChildren(
      ...[
        el('p', {}, el('strong', {}, f.question.text)),
        f.carriedOverFrom ? el('p', {}, `Carried over from ${f.carriedOverFrom.label}.`) : null,
        f.conflict ? el('p', {}, 'The sources disagree on this grade; see below.') : null,
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
              isHttpUrl(s.url) ? el('a', { href: s.url, rel: 'noopener' }, s.url) : s.url ? `${s.url} (not a web link)` : 'imported page',
              ` (${s.kind.toLowerCase().replace('_', ' ')}, ${s.basis.toLowerCase()}): ${GRADES[s.grade]?.label ?? STATUS_LABELS[s.gradeStatus] ?? ''}`,
              s.carriedOverFrom ? `, carried over from ${s.carriedOverFrom.label}` : '',
              s.note ? el('blockquote', {}, s.note) : null,
            ),
          ),
        ),
        isHttpUrl(f.report?.sourceUrl)
          ? el('p', {}, el('a', { href: f.report.sourceUrl, rel: 'noopener' }, 'The report on the HMICFRS site'))
          : null,
      ].filter(Boolean),
    );
    $('finding-heading').focus();
  } catch (error) {
    body.replaceChildren(el('p', {}, `Could not load the finding: ${error.message}`));
  }
}

const HISTORY = `query ForceHistoryPage($force: String!) {
  force(slug: $force) { name history { theme inspectionYear { year } grade gradeStatus carriedOverFrom { label } } }
}`;

/** The themes a heat map shows: the chosen pillar's in any round (the area rounds join by theme), or the area rounds' own. */
function historyThemes() {
  const themes = [];
  const add = (theme) => themes.includes(theme) || themes.push(theme);
  const current = state.years.find((y) => y.year === state.year);
  for (const q of current?.questions ?? []) if (q.pillar === state.pillar) add(q.theme);
  for (const y of state.years) for (const q of y.questions) if (q.pillar === state.pillar) add(q.theme);
  return themes;
}

/** A heat map of themes × every round, 2014 → 2023-25: cells coloured and labelled like the grid, a break before each round HMICFRS says cannot be compared with the one before. */
async function renderHistory() {
  const select = $('history-force');
  if (!state.chosen.includes(state.historyForce)) state.historyForce = state.chosen[0] ?? 'cambridgeshire';
  const names = new Map(state.forces.map((f) => [f.slug, f.name]));
  select.replaceChildren(
    ...(state.chosen.length ? state.chosen : [state.historyForce]).map((slug) =>
      el('option', { value: slug, selected: slug === state.historyForce }, names.get(slug) ?? slug),
    ),
  );
  try {
    const { force } = await graphql(HISTORY, { force: state.historyForce });
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
        `${force.name}: grades by theme in every round${state.pillar ? ` (themes of ${PILLAR_LABELS[state.pillar].toLowerCase()}; the area rounds join by theme)` : ' (themes of the graded areas)'}`,
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
          isHttpUrl(round.comparisonSourceUrl)
            ? el('a', { href: round.comparisonSourceUrl, rel: 'noopener' }, 'HMICFRS says so here')
            : null,
        ),
      ),
    );
  } catch (error) {
    $('history-map').replaceChildren();
    $('history-caption').textContent = `Could not load the history: ${error.message}`;
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
  const data = await graphql(`
    {
      inspectionYears {
        year
        label
        comparableWithPrevious
        comparisonNote
        comparisonSourceUrl
        questions {
          pillar
          theme
        }
      }
      forces(first: 100) {
        nodes {
          slug
          name
          shortName
          region
        }
      }
    }
  `);
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
