import { recordEvent } from '../core/events/record.js';
import type { LoopRun } from './loop-run.js';

/** `run.started` in EVENTS (docs/RUNTIME.md section 21), by the loop. */
export function recordRunStarted(run: LoopRun): void {
  recordEvent(
    run.workspace,
    {
      type: 'run.started',
      by: 'loop',
      reason: `pid ${process.pid}, config ${run.config.file}`,
      run: run.id,
      epoch: run.epoch,
    },
    run.env,
  );
}

/** `run.ended`, with the run's outcome, state status and iteration count. */
export function recordRunEnded(
  run: LoopRun,
  end: { status: string; outcome: string; reason: string; iterations: number },
): void {
  recordEvent(
    run.workspace,
    { type: 'run.ended', by: 'loop', run: run.id, epoch: run.epoch, iter: run.iter, ...end },
    run.env,
  );
}
