// Cognito's pre-token-generation trigger (event version 3): puts our claims into every token the user pool
// issues (core/identity.ts has the rules). People signing in get roles from their groups and districts / DDO codes
// from their attributes; client-credentials requests get the portal role, or — the session client asking for a
// registration in aws_client_metadata — an applicant session bound to it. The local issuer applies the same rules.
import type { PreTokenGenerationV2TriggerEvent, PreTokenGenerationV3TriggerEvent } from 'aws-lambda';
import { RefusedError } from '../core/errors.js';
import { clientCredentialsClaims, userClaims } from '../core/identity.js';

type TokenEvent = PreTokenGenerationV2TriggerEvent | PreTokenGenerationV3TriggerEvent;

export const handler = async <Event extends TokenEvent>(event: Event): Promise<Event> => {
  const { request } = event;
  let claims: Record<string, string> | undefined;
  if (event.triggerSource === 'TokenGeneration_ClientCredentials') {
    claims = clientCredentialsClaims(request.scopes ?? [], request.clientMetadata ?? {});
    // Cognito refuses the token request when the trigger throws: no session bound to nothing.
    if (claims === undefined)
      throw new RefusedError({ code: 'SESSION_WITHOUT_REGISTRATION', message: 'An applicant session names the registration it is for.' });
  } else {
    claims = userClaims(request.groupConfiguration.groupsToOverride ?? [], request.userAttributes);
  }
  event.response.claimsAndScopeOverrideDetails = {
    accessTokenGeneration: { claimsToAddOrOverride: claims },
    ...(event.triggerSource === 'TokenGeneration_ClientCredentials' ? {} : { idTokenGeneration: { claimsToAddOrOverride: claims } }),
  };
  return event;
};
