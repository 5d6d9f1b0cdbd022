/**
 * A workflow run evaluates its modules when it is created and keeps them while it
 * is cached (workflows/schemas-on-demand.ts says why that matters). These tests
 * load the workflow modules with zod and the shipped calendar made unloadable:
 * creating a run must not need them; parsing a message must.
 */
import * as actions from '../../domain/actions';
import * as admin from '../../domain/admin';
import { actionSchemas, adminSchemas } from '../../workflows/schemas-on-demand';

type OnDemand = typeof import('../../workflows/schemas-on-demand');

/** Runs `check` on freshly loaded workflow modules while `modules` throw when evaluated. */
function withWorkflowsLoadedWithout(modules: string[], check: (workflows: Record<string, unknown>, onDemand: OnDemand) => void): void {
  jest.isolateModules(() => {
    for (const name of modules) {
      jest.doMock(name, () => {
        throw new Error(`${name} was evaluated`);
      });
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside the isolated registry, after the mocks
      check(require('../../workflows') as Record<string, unknown>, require('../../workflows/schemas-on-demand') as OnDemand);
    } finally {
      // A factory given to doMock outlives the isolated registry; later tests load the real modules.
      for (const name of modules) jest.dontMock(name);
    }
  });
}

describe('the workflow modules evaluate zod only when a message is parsed', () => {
  it('loads every workflow without zod and without the shipped calendar', () => {
    withWorkflowsLoadedWithout(['zod', '../../domain/calendar/shipped'], (workflows) => {
      expect(typeof workflows.unitPlanWorkflow).toBe('function');
      expect(typeof workflows.cascadeCycleWorkflow).toBe('function');
    });
  });

  it('evaluates zod at the first parse, not before', () => {
    withWorkflowsLoadedWithout(['zod'], (_, onDemand) => {
      expect(() => onDemand.actionSchemas()).toThrow('zod was evaluated');
      expect(() => onDemand.adminSchemas()).toThrow('zod was evaluated');
    });
  });

  it('hands out the same schemas the web app and the CLI validate with', () => {
    expect(actionSchemas().submitPlanSchema).toBe(actions.submitPlanSchema);
    expect(actionSchemas().reviewPlanSchema).toBe(actions.reviewPlanSchema);
    expect(adminSchemas().addUnitSchema).toBe(admin.addUnitSchema);
    expect(adminSchemas().extendDeadlineSchema).toBe(admin.extendDeadlineSchema);
  });
});
