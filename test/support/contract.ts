// The published contract, checked by tools we did not write: every answer an integration test receives from the
// API is held to GET /v1/openapi.json's document (OpenAPI 3.1). The document itself is first checked against
// the OpenAPI 3.1 JSON Schema by @seriousme/openapi-schema-validator; then openapi-backend matches the request
// to its operation and validates the body against the schema of the answered status.
//
// Bridges, each because the tool does not do it itself:
// - openapi-backend compiles with Ajv's draft-07 class; OpenAPI 3.1 schemas are JSON Schema 2020-12, so its
//   `customizeAjv` hook hands it Ajv's 2020-12 class instead;
// - openapi-backend passes a status the operation does not declare (no schema found, nothing to check): the
//   checker refuses it, since an undeclared status is exactly what a client cannot handle;
// - a response object that names its properties may carry no others in the tests (`additionalProperties: false`
//   added where the document says nothing): every field the API answers with is in the published document.
// Then the success body is parsed with the zod schema the route declares (functions/api/routes/*.ts), strictly:
// a field the schema does not name fails too, so a declared-vs-actual mismatch fails with zod's own message.
import { OpenAPIBackend, type Operation } from 'openapi-backend';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as formats } from 'ajv-formats';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as z from 'zod';
import { openApiDocument } from '../../functions/api/openapi.js';
import { findRoute, type Route } from '../../functions/api/routes.js';

export interface ContractAnswer {
  readonly method: string;
  /** The path as sent, with its query string or without. */
  readonly path: string;
  readonly status: number;
  /** The body as JSON, or the text when it was not JSON. */
  readonly body: unknown;
  readonly contentType?: string | null;
}

export interface ContractChecker {
  /** What is wrong with the answer by the document: nothing when it fits. */
  problems(answer: ContractAnswer): string[];
}

type Json = Record<string, unknown>;

/**
 * Every object schema that lists its properties and says nothing of others, closed (in a copy). The branches of
 * an allOf are left open (each sees only its own properties; the Error schema narrowed per route is one).
 */
const closeObjects = (node: unknown, branchOfAllOf = false): unknown => {
  if (Array.isArray(node)) return node.map((item) => closeObjects(item));
  if (node === null || typeof node !== 'object') return node;
  const copy: Json = Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === 'allOf' && Array.isArray(value) ? value.map((branch) => closeObjects(branch, true)) : closeObjects(value),
    ]),
  );
  if (
    !branchOfAllOf &&
    copy.type === 'object' &&
    copy.properties !== undefined &&
    copy.additionalProperties === undefined &&
    copy.allOf === undefined
  ) {
    copy.additionalProperties = false;
  }
  return copy;
};

const responsesClosed = (document: Json): Json => {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const closedPaths = Object.fromEntries(
    Object.entries(paths).map(([path, operations]) => [
      path,
      Object.fromEntries(
        Object.entries(operations).map(([method, operation]) => [method, { ...operation, responses: closeObjects(operation.responses) }]),
      ),
    ]),
  );
  const components = document.components as Json | undefined;
  const schemas = components?.schemas as Json | undefined;
  return {
    ...document,
    paths: closedPaths,
    ...(components === undefined
      ? {}
      : { components: { ...components, ...(schemas === undefined ? {} : { schemas: closeObjects(schemas) }) } }),
  };
};

const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Fields of the body the parse did not keep (zod objects drop what they do not name): each one undeclared. */
const undeclaredFields = (sent: unknown, kept: unknown, path: string): string[] => {
  if (Array.isArray(sent) && Array.isArray(kept))
    return sent.flatMap((item, index) => undeclaredFields(item, kept[index], `${path}[${index}]`));
  if (!isRecord(sent) || !isRecord(kept)) return [];
  return Object.entries(sent).flatMap(([key, value]) => {
    const where = path === '' ? key : `${path}.${key}`;
    return key in kept ? undeclaredFields(value, kept[key], where) : [where];
  });
};

/** A success answer held to the zod schema its route declares: zod's verdict, and every field it does not name. */
const declaredSchemaProblems = (route: Route, status: number, body: unknown, where: string): string[] => {
  const { success } = route;
  if (status !== success.status && !Object.keys(success.also ?? {}).includes(String(status))) return [];
  const parsed = success.schema.safeParse(body);
  if (!parsed.success) return [`${where}: the route's declared schema refuses the body:\n${z.prettifyError(parsed.error)}`];
  return undeclaredFields(body, parsed.data, '').map((field) => `${where}: body field ${field} is not in the route's declared schema`);
};

/** The API's own paths: anything else the stack serves (/local/..., the dashboard, the token issuer) is not in the contract. */
const isApiPath = (path: string) => path === '/health' || path.startsWith('/v1/');

export const createContractChecker = async (document: Json = openApiDocument() as unknown as Json): Promise<ContractChecker> => {
  const validator = new Validator();
  const checked = await validator.validate(structuredClone(document));
  if (!checked.valid)
    throw new Error(
      `The OpenAPI document is not valid OpenAPI ${String(document.openapi)}: ${JSON.stringify(checked.errors).slice(0, 2000)}`,
    );
  const api = new OpenAPIBackend({
    definition: responsesClosed(structuredClone(document)) as never,
    // The document was validated above, against the 3.1 schema (openapi-backend's own check knows only 3.0).
    quick: true,
    strict: true,
    customizeAjv: (_draft07, options) => {
      const ajv = new Ajv2020({ ...options, strict: false, allErrors: true });
      // ajv-formats is CommonJS: its default export is the plugin, reached through `default` from ESM.
      (formats as unknown as { default: (ajv: Ajv2020) => void }).default(ajv);
      return ajv as never;
    },
  });
  await api.init();

  return {
    problems(answer) {
      const url = new URL(answer.path, 'http://api.invalid');
      const where = `${answer.method} ${url.pathname} -> ${answer.status}`;
      // openapi-backend's router takes `/v1/admin/executions/` for `/v1/admin/executions`; the gateway, as API
      // Gateway's HTTP API, does not (no route of the document ends in a slash), and answers its own 404.
      const operation = url.pathname.endsWith('/')
        ? undefined
        : (api.router.matchOperation({
            method: answer.method.toLowerCase(),
            path: url.pathname,
            headers: {},
            query: url.search.slice(1),
          }) as Operation | undefined);
      if (operation === undefined) {
        if (!isApiPath(url.pathname)) return [];
        // A path or method the API has no route for: the gateway's own 404/405, with an error body.
        if ((answer.status === 404 || answer.status === 405) && typeof (answer.body as Json | null)?.code === 'string') return [];
        return [`${where}: the document has no operation for it`];
      }
      const responses = operation.responses ?? {};
      if (
        responses[String(answer.status)] === undefined &&
        responses[`${Math.floor(answer.status / 100)}XX`] === undefined &&
        responses.default === undefined
      ) {
        return [
          `${where}: status ${answer.status} is not declared for ${operation.operationId ?? url.pathname} (declared: ${Object.keys(responses).join(', ')}); body ${JSON.stringify(answer.body).slice(0, 300)}`,
        ];
      }
      if (answer.contentType !== undefined && answer.contentType !== null && !/^application\/json/.test(answer.contentType)) {
        // A route that answers bytes (an image) publishes its media type: the bytes are the client's to read.
        const declared = Object.keys((responses[String(answer.status)] as { content?: Json } | undefined)?.content ?? {});
        if (declared.includes(answer.contentType.split(';')[0]?.trim() ?? '')) return [];
        return [`${where}: answered ${answer.contentType}, the document promises ${declared.join(', ') || 'application/json'}`];
      }
      const result = api.validator.validateResponse(answer.body, operation.operationId ?? '', answer.status);
      const route = findRoute(`${answer.method.toUpperCase()} ${operation.path}`);
      return [
        ...(result.errors ?? []).map(
          (error) =>
            `${where}: body${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}; body ${JSON.stringify(answer.body).slice(0, 300)}`,
        ),
        ...(route === undefined ? [`${where}: no route declares it`] : declaredSchemaProblems(route, answer.status, answer.body, where)),
      ];
    },
  };
};

let shared: Promise<ContractChecker> | undefined;

/** One checker per test process: the document is built and compiled once. */
export const contractChecker = (): Promise<ContractChecker> => (shared ??= createContractChecker());

/**
 * Hold a fetch answer to the contract: a problem fails whoever awaited the call (the test that received it).
 * The body is read from a clone, so the caller reads the answer as if nothing had looked at it.
 */
export const checkAgainstContract = async (method: string, path: string, response: Response): Promise<Response> => {
  const text = await response.clone().text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // Not JSON: checked as text, which no JSON schema of this API accepts.
  }
  const problems = (await contractChecker()).problems({
    method,
    path,
    status: response.status,
    body,
    contentType: response.headers.get('content-type'),
  });
  if (problems.length > 0) throw new ContractViolationError(problems);
  return response;
};

export class ContractViolationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The answer is not what the published OpenAPI document describes:\n${problems.join('\n')}`);
    this.name = 'ContractViolationError';
  }
}
