// Scalars: Date is a calendar date written as in ISO 8601 (2018-03-22).
import { GraphQLError } from 'graphql';
import { builder } from './builder.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDate(value: unknown): string {
  if (typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    const date = new Date(`${value}T00:00:00Z`);
    if (date.toISOString().slice(0, 10) === value) return value;
  }
  throw new GraphQLError(`Date must be a calendar date written YYYY-MM-DD, such as "2018-03-22"; got ${JSON.stringify(value)}`);
}

export const DateScalar = builder.scalarType('Date', {
  description: 'A calendar date without time zone, written YYYY-MM-DD (ISO 8601), e.g. "2018-03-22".',
  serialize: (value) => value,
  parseValue: parseDate,
});
