// Starts GraphiQL on the page graphiql.ts renders, from the settings in its JSON data block: where
// Monaco's workers are (this server's copies) and the example tabs. A file of its own, not an inline
// script, so the Content-Security-Policy can allow this server's scripts and nothing else.
const config = JSON.parse(document.getElementById('graphiql-config').textContent);
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: (_moduleId, label) => config.workers[label] ?? config.workers.editorWorkerService,
};
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), config.options);
