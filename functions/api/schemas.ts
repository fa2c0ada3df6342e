// The API's request and response schemas, for code outside functions/api (the CLI, the dashboard's compile-time
// contract, tests). Each schema lives with the routes that use it (functions/api/routes/<function>.ts), the
// pieces they share in routes/shared.ts; this module only re-exports them. Declarations only: no handler.
export * from './routes/shared.js';
export * from './routes/health.js';
export * from './routes/me.js';
export * from './routes/registrations.js';
export * from './routes/approvals.js';
export * from './routes/cards.js';
export * from './routes/imports.js';
export * from './routes/campaigns.js';
export * from './routes/executions.js';
export * from './routes/admin-registrations.js';
export * from './routes/anomalies.js';
