import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WaitingStep, WaitingStepName, WaitingSteps } from '../ports/waiting-steps.js';

const key = (registrationId: string, step: WaitingStepName) => ({ pk: `REG#${registrationId}`, sk: `WAIT#${step}` });

export class DynamoDbWaitingSteps implements WaitingSteps {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(step: WaitingStep): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key(step.registrationId, step.step), kind: 'waiting-step', ...step },
      }),
    );
  }

  async find(registrationId: string, step: WaitingStepName): Promise<WaitingStep | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: key(registrationId, step), ConsistentRead: true }),
    );
    if (Item === undefined) return undefined;
    return {
      registrationId: String(Item.registrationId),
      step: Item.step as WaitingStepName,
      taskToken: String(Item.taskToken),
      since: String(Item.since),
    };
  }
}
