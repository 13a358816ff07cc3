import type { LoopEvent } from '../loop/loop-run.js';
import type { Colors } from './colors.js';

const VERDICT_COLOR = { ACCEPT: 'green', REVISE: 'yellow', REVERT: 'red' } as const;

/** One progress line per loop event (`[iter 3] judge     REVERT - …`), coloured when colour is on. */
export function renderLoopEvent(event: LoopEvent, colors: Colors): string {
  switch (event.kind) {
    case 'start':
      return colors.bold(event.text);
    case 'vertex': {
      const label = `${colors.dim(`[iter ${event.iter}]`)} ${colors.cyan(event.vertex.padEnd(9))}`;
      return `${label} ${event.vertex === 'judge' ? colorVerdict(event.text, colors) : event.text}`;
    }
    case 'paused':
      return colors.yellow(colors.bold(`PAUSED - ${event.reason} (waiting for 'autoswe resume')`));
    case 'waiting':
      return colors.yellow(colors.bold(`WAITING - ${event.reason} ('autoswe resume' retries now)`));
    case 'resumed':
      return colors.green('resumed');
    case 'end':
      return colors.bold(
        event.status === 'FAILED'
          ? colors.red(event.text)
          : event.status === 'MAX_ITERS'
            ? colors.yellow(event.text)
            : colors.green(event.text),
      );
  }
}

function colorVerdict(text: string, colors: Colors): string {
  const kind = text.split(' ')[0] as keyof typeof VERDICT_COLOR;
  const color = VERDICT_COLOR[kind];
  return color === undefined ? text : `${colors[color](kind)}${text.slice(kind.length)}`;
}
