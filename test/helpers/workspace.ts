import { mkdirSync } from 'node:fs';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import { tempDir } from './cli.js';

/** A workspace in a fresh temporary folder (no autoswe.yaml), its runtime dir made unless told otherwise. */
export function tempWorkspace(options: { runtimeDir?: boolean } = {}): {
  workspace: Workspace;
  cleanup: () => void;
} {
  const temp = tempDir();
  const workspace = workspaceAt(temp.dir, {});
  if (options.runtimeDir !== false) mkdirSync(workspace.runtimeDir);
  return { workspace, cleanup: temp.cleanup };
}
