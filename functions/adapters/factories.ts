// Building adapters from configuration. A handler calls the factories it needs, so a missing variable stops that
// handler at once, naming it, and each function needs only the variables it uses.
// The factories live in modules by the AWS clients they need (table-, workflow-, callbacks-, starter-, sms-, card-,
// session-, limiter-, card-file-, bucket-, ekyc-factories.ts): every function imports just the modules it uses, because an ESM bundle loads every
// AWS SDK package its modules import at init (docs/architecture.md, "Bundles and cold starts"). This module
// gathers them all, for tests and tools that want every factory; no function imports it.
export * from './table-factories.js';
export * from './workflow-factories.js';
export * from './callbacks-factories.js';
export * from './starter-factories.js';
export * from './sms-factories.js';
export * from './card-factories.js';
export * from './session-factories.js';
export * from './limiter-factories.js';
export * from './bucket-factories.js';
export * from './ekyc-factories.js';
