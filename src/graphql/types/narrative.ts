// Areas for improvement and causes of concern: what a report tells a force to fix.
import { builder } from '../builder.js';

export const AreaForImprovementRef = builder.drizzleNode('areasForImprovement', {
  name: 'AreaForImprovement',
  description: 'Something a report says the force should improve, under one question.',
  // Load only the columns a query asks for (not the stored search vector).
  select: {},
  id: { column: (area) => area.id },
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The area for improvement as published.' }),
    position: t.exposeInt('position', { description: 'Order under its question, from 0.' }),
    finding: t.relation('finding', { description: 'The finding (force, year, question) it belongs to.' }),
  }),
});

export const CauseOfConcernRef = builder.drizzleNode('causesOfConcern', {
  name: 'CauseOfConcern',
  description: 'A serious weakness a report identifies, with the recommendations that address it.',
  select: {},
  id: { column: (cause) => cause.id },
  fields: (t) => ({
    text: t.exposeString('text', { description: 'The cause of concern as published.' }),
    position: t.exposeInt('position', { description: 'Order under its question, from 0.' }),
    recommendations: t.stringList({
      description: 'What HMICFRS recommends to address it, in order.',
      select: { with: { recommendations: { columns: { text: true }, orderBy: { position: 'asc' } } } },
      resolve: (cause) => cause.recommendations.map((r) => r.text),
    }),
    finding: t.relation('finding', { description: 'The finding (force, year, question) it belongs to.' }),
  }),
});
