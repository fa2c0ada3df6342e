// The Step Functions JSON protocol (awsJson1_0) on loopback, so `@aws-sdk/client-sfn` talks to the local
// service exactly as to AWS: `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON in and out, errors as
// `{ __type, message }` with HTTP 400, timestamps as epoch seconds.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SfnServiceError, type LocalStepFunctions } from './service.js';
import { text as readText } from 'node:stream/consumers';

type Operation = (service: LocalStepFunctions, body: Record<string, unknown>) => unknown;

const operations: Record<string, Operation> = {
  StartExecution: (service, body) => service.startExecution(body),
  DescribeExecution: (service, body) => service.describeExecution(body),
  ListExecutions: (service, body) => service.listExecutions(body),
  GetExecutionHistory: (service, body) => service.getExecutionHistory(body),
  StopExecution: (service, body) => service.stopExecution(body),
  RedriveExecution: (service, body) => service.redriveExecution(body),
  SendTaskSuccess: (service, body) => service.sendTaskSuccess(body),
  SendTaskFailure: (service, body) => service.sendTaskFailure(body),
  SendTaskHeartbeat: (service, body) => service.sendTaskHeartbeat(body),
  DescribeStateMachine: (service, body) => service.describeStateMachine(body),
  ListStateMachines: (service) => service.listStateMachines(),
};

export const supportedOperations = Object.keys(operations);

/** The service's JSON protocol on `server` (a new one unless given: the stack's is listening already). */
export const createSfnServer = (service: LocalStepFunctions, server: Server = createServer()): Server =>
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    void (async () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operationName = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
      const operation = operations[operationName];
      if (request.method !== 'POST' || operation === undefined) {
        reply(400, { __type: 'UnknownOperationException', message: `The local service does not support '${target}'` });
        return;
      }
      try {
        const text = await readText(request);
        const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
        reply(200, operation(service, body));
      } catch (error) {
        if (error instanceof SfnServiceError) {
          reply(400, { __type: `com.amazonaws.swf.service.v2.model#${error.type}`, message: error.message });
        } else if (error instanceof SyntaxError) {
          reply(400, { __type: 'SerializationException', message: 'Request body is not valid JSON' });
        } else {
          reply(500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
        }
      }
    })();
  });
