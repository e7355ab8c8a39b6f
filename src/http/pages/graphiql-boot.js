// Starts GraphiQL on the page graphiql.ts renders, from the settings in its JSON data block: where
// Monaco's workers are (this server's copies) and the example tabs. A file of its own, not an inline
// script, so the Content-Security-Policy can allow this server's scripts and nothing else.
const config = JSON.parse(document.getElementById('graphiql-config').textContent);
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId, label) => config.workers[label] ?? config.workers.editorWorkerService,
};

// GraphiQL's tab bar is a drag-to-reorder list that measures its tabs when it first renders. On a
// first visit the fonts graphiql.css names (Roboto, Fira Code) arrive after that render, the tabs
// change width, and the list's stale measurements turn the next click on a tab into a reorder that
// selects the first tab again: every tab showed ForceReport until a reload, when the fonts came from
// the cache in time. So the faces the page uses are loaded first (a few ms: they are data: URLs in
// the stylesheet), with a short bound so a font that never loads cannot keep GraphiQL from starting.
const FACES = ['400 1em Roboto', '500 1em Roboto', '400 1em "Fira Code"'];
const fontsLoaded = Promise.all(FACES.map((face) => document.fonts.load(face).catch(() => [])));
const atMostTwoSeconds = new Promise((resolve) => setTimeout(resolve, 2000));
Promise.race([fontsLoaded, atMostTwoSeconds]).then(() => {
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
});
