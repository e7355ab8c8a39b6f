// The GraphQL side of the input boundary: before an operation executes, every argument it passes
// (literals and variables alike, in the operation and the fragments it spreads) is checked against
// the rules in domain/input-rules.ts. A violation answers 400 BAD_USER_INPUT naming the argument
// and the rule, and nothing runs; a client mistake never reaches SQL as an INTERNAL_SERVER_ERROR.
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  isScalarType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { checkJsonShape, checkList, checkString, type InputViolation, type ListKind, type StringKind } from '../domain/input-rules.js';
import { ERROR_CODES } from '../domain/error-codes.js';

/** Strings that are not names, by where they are sent ("Type.field" for arguments, "Input.field" for input fields). */
const STRING_KINDS: Record<string, StringKind> = {
  'Query.search.query': 'search',
  'ImportReportInput.text': 'page',
  'ImportReportInput.sourceUrl': 'url',
};

function stringKind(where: string, name: string, type: GraphQLInputType): StringKind {
  if (STRING_KINDS[where]) return STRING_KINDS[where];
  if (getNamedType(type).name === 'ID' || name === 'after' || name === 'before') return 'id';
  return 'name';
}

function listKind(name: string): ListKind {
  return name === 'forces' ? 'forces' : 'other';
}

interface Found {
  argument: string;
  violation: InputViolation;
}

/** The first rule `value` (of `type`, sent as `label`) breaks, or null. */
function checkValue(value: unknown, type: GraphQLInputType, label: string, where: string, name: string): Found | null {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (value === null || value === undefined) return null;
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(value, nullable.ofType, label, where, name);
    const violation = checkList(value.length, listKind(name));
    if (violation) return { argument: label, violation };
    for (let i = 0; i < value.length; i++) {
      const found = checkValue(value[i], nullable.ofType, `${label}[${i}]`, where, name);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    for (const field of Object.values(nullable.getFields())) {
      const found = checkValue(
        (value as Record<string, unknown>)[field.name],
        field.type,
        `${label}.${field.name}`,
        `${nullable.name}.${field.name}`,
        field.name,
      );
      if (found) return found;
    }
    return null;
  }
  if (isScalarType(nullable) && typeof value === 'string') {
    const violation = checkString(value, stringKind(where, name, type));
    return violation ? { argument: label, violation } : null;
  }
  return null;
}

function selectedOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/** The first place the raw variables are shaped as no input is (checkJsonShape), named as `$variable.path`. */
export function rawVariablesViolation(rawVariables: unknown): Found | null {
  // Depth counts from each variable's value: the variables object is not a level of any input.
  const found = checkJsonShape(rawVariables, { depth: -1 });
  if (!found) return null;
  return { argument: found.path === '' ? 'variables' : `$${found.path.slice(1)}`, violation: found.violation };
}

/** The first argument of the selected operation that breaks a rule, or null (also when execution will refuse it anyway). */
export function findInputViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): Found | null {
  return rawVariablesViolation(rawVariables) ?? findArgumentViolation(schema, document, operationName, rawVariables);
}

/** A field that takes arguments, where the operation (or a fragment) selects it. */
interface ArgumentSite {
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  parentName: string;
}

/** Each operation's argument sites in document order, found once per parsed document (yoga caches documents by text). */
const sitesByOperation = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, ArgumentSite[]>>();

function argumentSites(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ArgumentSite[] {
  let bySchema = sitesByOperation.get(schema);
  if (!bySchema) sitesByOperation.set(schema, (bySchema = new WeakMap()));
  let sites = bySchema.get(operation);
  if (sites) return sites;
  sites = [];
  const found = sites;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (field && parent && field.args.length > 0) found.push({ node, field, parentName: parent.name });
      },
    }),
  );
  bySchema.set(operation, sites);
  return sites;
}

/** The first argument that breaks a rule, for variables whose shape has already passed rawVariablesViolation. */
function findArgumentViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): Found | null {
  const operation = selectedOperation(document, operationName);
  if (!operation) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 10 });
  // Wrongly typed variables are execution's to report, with its own clear message.
  if (coerced.errors) return null;
  for (const { node, field, parentName } of argumentSites(schema, document, operation)) {
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, coerced.coerced);
    } catch {
      continue; // execution reports a bad argument itself
    }
    for (const arg of field.args) {
      const found = checkValue(
        args[arg.name],
        arg.type,
        `${parentName}.${field.name}(${arg.name}:)`,
        `${parentName}.${field.name}.${arg.name}`,
        arg.name,
      );
      if (found) return found;
    }
  }
  return null;
}

export function inputViolationError({ argument, violation }: Found): GraphQLError {
  return new GraphQLError(`${argument} ${violation.message}`, {
    extensions: { code: ERROR_CODES.BAD_USER_INPUT, argument, rule: violation.rule, http: { status: 400 } },
  });
}

export function useInputBoundary(): Plugin {
  return {
    // Before anything else reads the variables (the response cache hashes them, recursively).
    onParams({ params }) {
      const found = rawVariablesViolation(params.variables);
      if (found) throw inputViolationError(found);
    },
    // The variables' shape passed onParams: only the arguments are left to check.
    onExecute({ args, setResultAndStopExecution }) {
      const found = findArgumentViolation(
        args.schema,
        args.document,
        args.operationName,
        args.variableValues as Record<string, unknown> | undefined,
      );
      if (found) setResultAndStopExecution({ errors: [inputViolationError(found)] });
    },
  };
}
