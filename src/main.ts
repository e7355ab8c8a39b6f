// The entry point (npm start). NODE_ENV defaults to "production" before any other module loads:
// graphql-js decides when it is imported whether to use plain `instanceof` checks (production) or
// slower ones that look for a second copy of graphql (anything else), and the difference is ~12% of
// Compare over 43 forces. Set NODE_ENV=development to get those checks. serve.ts does the rest.
process.env.NODE_ENV ??= 'production';
await import('./serve.js');
