// Renders a report in the text format as the HTML page a browser would save: headings, paragraphs,
// lists, a grade badge, plus the navigation, scripts and footer the importer must ignore.
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function reportTextAsHtml(text: string): string {
  const body: string[] = [];
  let list: string[] = [];
  const flushList = () => {
    if (list.length)
      body.push(`<ul class="govuk-list govuk-list--bullet">\n${list.map((item) => `  <li>${escape(item)}</li>`).join('\n')}\n</ul>`);
    list = [];
  };
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  let questions = 0;
  for (const line of lines) {
    if (line === '' || line === 'Skip to content') continue;
    if (line.startsWith('•')) {
      list.push(line.replace(/^•\s*/, ''));
      continue;
    }
    flushList();
    if (/ PEEL \d{4}/.test(line)) body.push(`<h1 class="govuk-heading-xl">${escape(line)}</h1>`);
    else if (line.endsWith('?')) body.push(questions++ === 0 ? `<h2>${escape(line)}</h2>` : `<h3>${escape(line)}</h3>`);
    else if (/^(Outstanding|Good|Adequate|Requires improvement|Inadequate)$/.test(line))
      body.push(`<div class="grade"><strong>${escape(line)}</strong></div>`);
    else if (/^(Areas for improvement|Causes? of concern|Recommendations?|Questions for .*)$/.test(line))
      body.push(`<h4>${escape(line)}</h4>`);
    else body.push(`<p class="govuk-body">${escape(line)}</p>`);
  }
  flushList();
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${escape(lines.find((l) => / PEEL /.test(l)) ?? '')} - HMICFRS</title>
  <script>window.dataLayer = [{ page: "report" }];</script>
  <style>.grade { font-weight: bold }</style>
</head>
<body>
  <a href="#main" class="govuk-skip-link">Skip to content</a>
  <header role="banner"><p>HMICFRS</p><nav><ul><li><a href="/">Home</a></li><li><a href="/peel">PEEL assessments</a></li></ul></nav></header>
  <main id="main">
${body.map((b) => `    ${b}`).join('\n')}
  </main>
  <footer><p>© Crown copyright</p><ul><li>Cookies</li><li>Accessibility</li></ul></footer>
  <script src="/app.js"></script>
</body>
</html>
`;
}
