import { afterEach, beforeEach } from 'vitest';
import { startHuaweiWorld } from './workflow-huawei-world.js';
import { startTencentWorld } from './workflow-tencent-world.js';
import type { WorkflowWorld } from './workflow-world.js';

export interface WorldFactory {
  name: string;
  /** What the cloud API can do, known before a world is started (to pick the suites that apply). */
  supports: WorkflowWorld['supports'];
  create(): Promise<WorkflowWorld>;
}

/** Every cloud API the workflows run against in the tests. */
export const workflowWorlds: readonly WorldFactory[] = [
  { name: 'huawei v1', supports: { vip: true, create: true }, create: () => startHuaweiWorld('v1') },
  { name: 'huawei v3', supports: { vip: true, create: true }, create: () => startHuaweiWorld('v3') },
  { name: 'tencent v3', supports: { vip: false, create: true }, create: () => startTencentWorld('v3') },
  // API 2.0 has no call that creates an EIP.
  { name: 'tencent legacy', supports: { vip: false, create: false }, create: () => startTencentWorld('legacy') },
];

/** Starts a fresh world before each test of the enclosing suite and closes it after; call the result inside a test. */
export function withWorld(factory: WorldFactory): () => WorkflowWorld {
  let world: WorkflowWorld | undefined;
  beforeEach(async () => {
    world = await factory.create();
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  return () => {
    if (world === undefined) throw new Error('the world exists only while a test runs');
    return world;
  };
}
