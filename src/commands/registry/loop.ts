import type { CommandSpec } from '../../cli/spec.js';

export const LOOP_COMMANDS: readonly CommandSpec[] = [];
