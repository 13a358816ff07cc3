import type { CommandSpec } from '../../cli/spec.js';

export const LIFECYCLE_COMMANDS: readonly CommandSpec[] = [];
