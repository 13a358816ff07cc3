import type { CommandSpec } from '../../cli/spec.js';

export const WEB_COMMANDS: readonly CommandSpec[] = [];
