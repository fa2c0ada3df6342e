// What PlanChunks needs: the import's deps and the .xlsx reader, which no other function bundles.
import type { RosterPlanDeps } from '../core/use-cases/roster-import.js';
import { createRosterImportDeps } from './roster-import-factories.js';
import { ExcelJsRosterWorkbooks } from './roster-workbooks.js';

export const createRosterPlanDeps = (): RosterPlanDeps => {
  const deps = createRosterImportDeps();
  return { ...deps, workbooks: new ExcelJsRosterWorkbooks(deps.files) };
};
