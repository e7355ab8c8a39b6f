// What an operation's introspection (__schema, __type) could produce, counted like any other field:
// one per object in the answer. @pothos/plugin-complexity costs only the schema's own fields, and
// graphql-armor's depth limit skips introspection (GraphiQL's own query nests ofType nine deep), so
// without this 15 aliased __schema ran at no cost, and `fields { type { fields { type … } } }`
// multiplies without bound. The count is exact for this schema: the selection is walked over the
// schema's own types, fields and arguments, with each (selection set, schema element) pair worked
// out once, so the walk stays small however large the answer would be.
import {
  getIntrospectionQuery,
  GraphQLList,
  GraphQLNonNull,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Where counting stops: far beyond any limit, still exact arithmetic. */
const CAP = 1e12;

type Element =
  { kind: '__Schema'; of: GraphQLSchema } | { kind: '__Type' | '__Field' | '__InputValue' | '__EnumValue' | '__Directive'; of: object };

export function introspectionCost(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation) return 0;
  const memo = new Map<SelectionSetNode, Map<object, number>>();
  const types = Object.values(schema.getTypeMap());

  /** Each field selected in a set (fragments spread in, @skip and @include taken as included). */
  function* fieldsOf(set: SelectionSetNode, seen = new Set<string>()): Generator<{ name: string; set?: SelectionSetNode }> {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) yield { name: selection.name.value, set: selection.selectionSet };
      else if (selection.kind === Kind.INLINE_FRAGMENT) yield* fieldsOf(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        // A fragment spread twice in one set adds nothing new (graphql merges it); cycles are invalid anyway.
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) yield* fieldsOf(fragment.selectionSet, seen);
      }
    }
  }

  /** What one element and everything selected under it produce, counting the element itself. */
  function costOf(set: SelectionSetNode | undefined, element: Element): number {
    if (!set) return 1;
    let known = memo.get(set);
    if (!known) memo.set(set, (known = new Map()));
    const cached = known.get(element.of);
    if (cached !== undefined) return cached;
    // Set before the walk: a selection that returns to the same element through itself counts once more, not forever.
    known.set(element.of, CAP);
    let total = 1;
    for (const { name, set: below } of fieldsOf(set)) {
      for (const child of children(element, name)) total = Math.min(CAP, total + costOf(below, child));
    }
    known.set(element.of, total);
    return total;
  }

  /** The introspection objects a field of an element gives (none for leaves). */
  function children(element: Element, field: string): Element[] {
    const all = <K extends Element['kind']>(kind: K, items: readonly object[] | null | undefined) =>
      (items ?? []).map((of) => ({ kind, of }) as Element);
    if (element.kind === '__Schema') {
      const s = element.of;
      if (field === 'types') return all('__Type', types);
      if (field === 'directives') return all('__Directive', s.getDirectives());
      if (field === 'queryType')
        return all(
          '__Type',
          [s.getQueryType()].filter((t) => t !== undefined && t !== null),
        );
      if (field === 'mutationType')
        return all(
          '__Type',
          [s.getMutationType()].filter((t) => t !== undefined && t !== null),
        );
      if (field === 'subscriptionType')
        return all(
          '__Type',
          [s.getSubscriptionType()].filter((t) => t !== undefined && t !== null),
        );
      return [];
    }
    const of = element.of as Record<string, unknown>;
    if (element.kind === '__Type') {
      const type = of as never;
      if (field === 'ofType') return of instanceof GraphQLList || of instanceof GraphQLNonNull ? all('__Type', [of.ofType as object]) : [];
      if (field === 'fields')
        return isObjectType(type) || isInterfaceType(type)
          ? all('__Field', Object.values((type as { getFields(): object }).getFields()))
          : [];
      if (field === 'inputFields')
        return isInputObjectType(type) ? all('__InputValue', Object.values((type as { getFields(): object }).getFields())) : [];
      if (field === 'interfaces')
        return isObjectType(type) || isInterfaceType(type) ? all('__Type', (type as { getInterfaces(): object[] }).getInterfaces()) : [];
      if (field === 'possibleTypes') return isUnionType(type) || isInterfaceType(type) ? all('__Type', schema.getPossibleTypes(type)) : [];
      if (field === 'enumValues') return isEnumType(type) ? all('__EnumValue', (type as { getValues(): object[] }).getValues()) : [];
      return [];
    }
    if (element.kind === '__Field' || element.kind === '__InputValue') {
      if (field === 'type') return all('__Type', [of.type as object]);
      if (field === 'args' && element.kind === '__Field') return all('__InputValue', of.args as object[]);
      return [];
    }
    if (element.kind === '__Directive' && field === 'args') return all('__InputValue', of.args as object[]);
    return [];
  }

  let total = 0;
  for (const { name, set } of fieldsOf(operation.selectionSet)) {
    if (name === '__schema') total += costOf(set, { kind: '__Schema', of: schema });
    // __type(name:) may name any type: costed as the dearest.
    else if (name === '__type') total += Math.max(0, ...types.map((type) => costOf(set, { kind: '__Type', of: type })));
    total = Math.min(CAP, total);
  }
  return total;
}

const wholeCosts = new WeakMap<GraphQLSchema, number>();

/**
 * What the schema's whole introspection costs, every option of graphql-js's standard query on (what
 * GraphiQL and code generators ask for, at most): the most introspection one operation may ask.
 * Introspection runs on the server's thread, 20 ms for each whole schema; two of them in one
 * operation serve nobody, and eight clients asking eight each held /healthz up 1.4 s.
 */
export function wholeIntrospectionCost(schema: GraphQLSchema): number {
  let cost = wholeCosts.get(schema);
  if (cost === undefined) {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    cost = introspectionCost(schema, parse(query));
    wholeCosts.set(schema, cost);
  }
  return cost;
}
