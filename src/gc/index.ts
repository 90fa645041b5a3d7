export { planGc, type GcPlan, type GcOptions, type Inventory } from './plan.ts';
export { readInventory } from './inventory.ts';
export { runGc, type GcReport, type GcRunOptions } from './run.ts';
export { treeSize } from './size.ts';
export { matchNames, parseRemoval, planRemoval, removeNames, type RemovalTarget, type RemovedName } from './remove.ts';
