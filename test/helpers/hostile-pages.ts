// Pages written to make an HTML parser work: the shapes of the fourth attack on the importer (issue
// 26), each at the size that froze the server, and filled out to the 2 MiB import limit. Each says
// what the importer must answer.
const MAX_BYTES = 2 * 1024 * 1024;

/** `unit` repeated to just under 2 MiB, after `prefix`. */
const fill = (prefix: string, unit: string) => prefix + unit.repeat(Math.floor((MAX_BYTES - prefix.length) / unit.length));

/** `n` distinct attribute names: the tokenizer checks each against the tag's earlier ones. */
const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(' ');

/** A custom element's name longer than the 41 characters the old check read. */
const longName = `x-${'long-'.repeat(12)}name`;

/** 200 formatting elements, told apart by an attribute so the parser keeps every one. */
const formatting = Array.from({ length: 200 }, (_, i) => `<b id=${i}>`).join('');

export interface HostilePage {
  name: string;
  html: string;
  code: 'INPUT_TOO_DEEP' | 'INPUT_TOO_COMPLEX';
}

export const HOSTILE_PAGES: HostilePage[] = [
  // HTML ignores the slash: every <div/x> opens an element (100,000 froze the server 36.7 s).
  { name: '100,000 <div/x>', html: `<body>\n${'<div/x>'.repeat(100_000)}`, code: 'INPUT_TOO_DEEP' },
  { name: '<div/x> to 2 MiB', html: fill('<body>\n', '<div/x>'), code: 'INPUT_TOO_DEEP' },
  { name: `nested <${longName}>`, html: fill('<body>\n', `<${longName}>`), code: 'INPUT_TOO_DEEP' },
  {
    name: 'nested <div>s with 2,100-character attributes',
    html: fill('<body>\n', `<div title="${'t'.repeat(2_100)}">`),
    code: 'INPUT_TOO_DEEP',
  },
  { name: '60,000 attributes on one element', html: `<body>\n<div ${attributes(60_000)}>x</div>`, code: 'INPUT_TOO_COMPLEX' },
  {
    name: 'distinct attributes on one element to 2 MiB',
    html: `<body>\n<div ${attributes(300_000)}`.slice(0, MAX_BYTES),
    code: 'INPUT_TOO_COMPLEX',
  },
  // Misnested formatting elements: </div> closes the 200 <b>s but leaves them open as formatting, so
  // the text in each later <div> makes the parser re-open all 200: 20 KB of tags make 200,000
  // elements, none of them nesting too deep.
  {
    name: 'formatting elements re-opened',
    html: `<body>\n<div>${formatting}</div>${'<div>x</div>'.repeat(1_000)}`,
    code: 'INPUT_TOO_COMPLEX',
  },
  { name: 'sibling elements to 2 MiB', html: fill('<body>\n', '<i></i>'), code: 'INPUT_TOO_COMPLEX' },
];

/**
 * A page within every bound that still costs the parser most: 99 attributes on each of ~6,500
 * paragraphs, 2 MiB (about 0.6 s to parse on this machine's cores). Parsed on the server's thread,
 * it would hold every other request up that long.
 */
export const COSTLY_PAGE = fill('<body>\n', `<p ${attributes(99)}>x</p>`);
