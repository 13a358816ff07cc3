import { render } from 'ink';
import type { FleetHosts } from '../../core/fleet/hosts.js';
import { buildFleet } from '../../core/fleet/model.js';
import type { FleetRow } from '../../core/fleet/row.js';
import { debounce, watchDirectory } from '../../core/runtime/dir-watch.js';
import { readRegistry } from '../../core/runtime/registry.js';
import { workspaceAt } from '../../core/runtime/workspace.js';
import { makeColors } from '../../render/colors.js';
import { runTui, type TuiOptions } from '../run-tui.js';
import { FleetApp, type FleetSource } from './fleet-app.js';

export interface FleetTuiOptions extends TuiOptions {
  readonly hosts: FleetHosts;
  readonly timeoutMs: number;
}

/** The fleet's loops, read through core; local runtime dirs watched for changes. */
export function fleetSource(options: Pick<FleetTuiOptions, 'env' | 'hosts' | 'timeoutMs'>): FleetSource {
  const own = { ...options.env, AUTOSWE_RUNTIME_DIR: '' };
  return {
    load: () => buildFleet({ env: options.env, timeoutMs: options.timeoutMs, hosts: options.hosts }),
    watch(onChange) {
      const fire = debounce(onChange, 150);
      const watchers = readRegistry(options.env).flatMap((entry) =>
        entry.kind === 'ok' ? [watchDirectory(workspaceAt(entry.root, own).runtimeDir, fire)] : [],
      );
      return {
        close() {
          fire.cancel();
          for (const watcher of watchers) watcher.close();
        },
      };
    },
  };
}

/**
 * `tui --fleet`: the fleet list full-screen; Enter on a local loop draws that loop's own TUI, and quitting
 * it comes back to the list, until the operator quits the list.
 */
export async function runFleetTui(options: FleetTuiOptions): Promise<void> {
  const source = fleetSource(options);
  // A kill or a closed terminal ends it all, from the list or from a loop's TUI alike.
  let killed = false;
  let unmount: () => void = () => undefined;
  const stop = () => {
    killed = true;
    unmount();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, stop);
  try {
    while (!killed) {
      const choice: { row: FleetRow | null } = { row: null };
      const instance = render(
        <FleetApp
          source={source}
          colors={makeColors(options.color)}
          onOpen={(row) => {
            choice.row = row;
          }}
        />,
        {
          stdin: options.stdin,
          stdout: options.stdout,
          stderr: options.stderr,
          interactive: true,
          alternateScreen: true,
          patchConsole: false,
          exitOnCtrlC: true,
        },
      );
      unmount = () => instance.unmount();
      await instance.waitUntilExit();
      if (killed || choice.row === null || choice.row.root === null) return;
      await runTui(workspaceAt(choice.row.root, { ...options.env, AUTOSWE_RUNTIME_DIR: '' }), options);
    }
  } finally {
    for (const signal of signals) process.off(signal, stop);
  }
}
