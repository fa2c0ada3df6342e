// What should wake an operator: a failed or timed-out execution, a task function that errors or is throttled,
// API 5xx answers, and approvals waiting past their SLA (a custom metric: infra/specs.ts stuckWaitsMetric).
// Every alarm notifies one SNS topic, encrypted with the alarms key and refusing plain HTTP; an e-mail
// address subscribes when CDK context gives one (`alarmEmail`), otherwise the operator subscribes what they use.
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stuckWaitsMetric } from './specs.js';

export interface PipelineAlarmsProps {
  readonly key: IKey;
  /** Subscribed to the alarm topic by e-mail (it must confirm the subscription). */
  readonly email?: string;
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
  /** Functions nobody sees fail otherwise: workflow tasks, event and schedule targets (by spec id). */
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly api: HttpApi;
  /** Where the stuck-waits function publishes (POWERTOOLS_METRICS_NAMESPACE). */
  readonly metricsNamespace: string;
  /** Approvals past their SLA at which the alarm fires. */
  readonly stuckApprovalsThreshold: number;
  /** How often the stuck-waits function publishes: the alarm's period spans two runs, so it never lacks data. */
  readonly stuckWaitsEveryMinutes: number;
}

export class PipelineAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: PipelineAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new Topic(this, 'Topic', { displayName: 'healthcard-pipeline alarms', masterKey: props.key, enforceSSL: true });
    // A topic policy replaces SNS's default one: CloudWatch alarms of this account may publish, nobody else.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    if (props.email !== undefined) this.topic.addSubscription(new EmailSubscription(props.email));

    for (const [id, machine] of Object.entries(props.stateMachines)) {
      this.alarm(
        `${id}ExecutionsFailed`,
        machine.metricFailed(),
        `An execution of ${id} failed: GET /v1/admin/executions?status=FAILED, then redrive or stop it.`,
      );
      this.alarm(`${id}ExecutionsTimedOut`, machine.metricTimedOut(), `An execution of ${id} timed out.`);
    }
    for (const [id, fn] of Object.entries(props.functions)) {
      this.alarm(`${id}Errors`, fn.metricErrors(), `${id} threw: its log group says why.`);
      this.alarm(`${id}Throttles`, fn.metricThrottles(), `${id} was throttled: check the account's Lambda concurrency quota.`);
    }
    this.alarm(
      'ApiServerErrors',
      props.api.metricServerError(),
      'The HTTP API answered 5xx: the function behind the route has the details in its logs.',
    );

    const stuckApprovals = new Metric({
      namespace: props.metricsNamespace,
      metricName: stuckWaitsMetric.metricName,
      dimensionsMap: { service: stuckWaitsMetric.serviceName, [stuckWaitsMetric.stepDimension]: 'approval' },
      statistic: 'Maximum',
      period: Duration.minutes(props.stuckWaitsEveryMinutes * 2),
    });
    this.alarm(
      'StuckApprovals',
      stuckApprovals,
      'Approvals wait past their SLA: GET /v1/admin/stuck lists them with who they wait on.',
      props.stuckApprovalsThreshold,
    );
  }

  private alarm(id: string, metric: IMetric, description: string, threshold = 1): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No datapoint means nothing failed (and a stuck-waits function that stops running has its own Errors alarm).
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
