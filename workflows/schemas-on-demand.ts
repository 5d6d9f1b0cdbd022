/**
 * The schemas of the workflows' messages, loaded the first time a run parses a
 * message, not when the run is created.
 *
 * Why: in the workflow sandbox every run evaluates its own copy of each module
 * it imports, when the run is created, and keeps it while the run is cached.
 * zod and the ~500 schema objects of the domain were most of a cached unit's
 * memory and of the CPU of its first workflow task, yet most units spend the
 * year waiting and never parse anything. They cannot be shared between runs
 * (the SDK freezes shared modules and zod completes its schemas on first use;
 * see `workflows/preloaded-modules.ts`). A `require` inside a function is
 * evaluated by the bundle on first call, once per run; nothing here touches
 * commands or their order, so histories replay unchanged.
 */
import type * as ActionSchemas from '../domain/actions';
import type * as AdminSchemas from '../domain/admin';

/** @returns the human actions' schemas (`domain/actions`), evaluated on first use in this run */
export function actionSchemas(): typeof ActionSchemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (file comment)
  return require('../domain/actions') as typeof ActionSchemas;
}

/** @returns the admins' steering schemas (`domain/admin`), evaluated on first use in this run */
export function adminSchemas(): typeof AdminSchemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy (file comment)
  return require('../domain/admin') as typeof AdminSchemas;
}
