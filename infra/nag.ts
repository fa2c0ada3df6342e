import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * cdk-nag's AwsSolutions pack on every synth: an unacknowledged finding fails the synth. Acknowledgments are
 * written into the template's Metadata with their reasons, so reviewers (and a test) can read each one.
 */
export const addNagChecks = (app: App): void => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
};
