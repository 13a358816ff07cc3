// Long because it is the one place key actions meet the views: every action of the key table is handled here.
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useMemo, useRef, useState } from 'react';
import { terminalOutput } from '../base/terminal-text.js';
import type { Colors } from '../render/colors.js';
import { type Flash, paintFlash, resumeFlash, submitPrompt } from './actions.js';
import type { TuiController } from './controller.js';
import { footerText, keyAction, type View } from './keys.js';
import { useAgent } from './use-agent.js';
import { useLiveStatus } from './use-status.js';
import { ConsoleScreen } from './views/console.js';
import { HelpOverlay } from './views/help.js';
import { clampOffset, Lines, visibleSlice } from './views/lines.js';
import { eventLine, type TranscriptCache, transcriptLines } from './views/panels.js';
import { type Prompt, PromptLine, promptKey } from './views/prompt.js';
import { journeyLines, ruleLines, verdictLines } from './views/screens.js';

export interface AppProps {
  readonly controller: TuiController;
  readonly colors: Colors;
}

const TITLES: Record<View, string> = {
  status: 'status',
  verdicts: 'verdicts (newest first)',
  journey: 'journey',
  rules: 'rules review (pending proposals)',
  transcript: 'agent transcript (live)',
  events: 'event history (newest first)',
  fleet: 'fleet',
};

/** Reads something for a view; a failure is shown in place of the content, never a crash. */
function attempt<T>(read: () => T, fallback: T): { value: T; error: string | null } {
  try {
    return { value: read(), error: null };
  } catch (error) {
    return { value: fallback, error: (error as Error).message };
  }
}

export function App({ controller, colors }: AppProps) {
  const { exit, suspendTerminal } = useApp();
  const { columns, rows } = useWindowSize();
  const live = useLiveStatus(controller);
  const [view, setView] = useState<View>('status');
  const [help, setHelp] = useState(false);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [offset, setOffset] = useState(0);
  const [journeyIndex, setJourneyIndex] = useState(0);
  const [ruleIndex, setRuleIndex] = useState(0);
  const bodyHeight = Math.max(1, rows - 3);
  const { generation } = live;

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const recent = useMemo(
    // The status screen's sparkline draws GREEN over the last 200 verdicts (read from the end).
    () => attempt(() => controller.verdicts(view === 'verdicts' ? 500 : 200), []),
    [controller, view, generation],
  );
  const agent = useAgent(controller);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const events = useMemo(
    () =>
      view === 'status' || view === 'events'
        ? attempt(() => controller.events(view === 'events' ? 500 : 20), [])
        : null,
    [controller, view, generation],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const journeyRefs = useMemo(
    () => (view === 'journey' ? attempt(() => controller.journeyRefs(), []) : null),
    [controller, view, generation],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const pending = useMemo(
    () => (view === 'rules' ? attempt(() => controller.pendingRules(), []) : null),
    [controller, view, generation],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const toApply = useMemo(
    () => (view === 'rules' ? attempt(() => controller.rulesToApply(), 0).value : 0),
    [controller, view, generation],
  );
  const rulesSelected = Math.min(ruleIndex, Math.max(0, (pending?.value.length ?? 1) - 1));
  const journeyRef = journeyRefs?.value[Math.min(journeyIndex, journeyRefs.value.length - 1)];
  // biome-ignore lint/correctness/useExhaustiveDependencies: generation is the file-change signal to read again
  const journeyEntry = useMemo(
    () =>
      attempt(() => (journeyRef === undefined ? undefined : controller.journey(journeyRef.iter)), undefined),
    [controller, journeyRef, generation],
  );

  // The transcript view is rendered only while it is shown, each raw line once (see transcriptLines).
  const transcriptCache = useRef<TranscriptCache>({ width: 0, colors: null, lines: new Map() });
  const transcript = useMemo(
    () =>
      view === 'transcript'
        ? transcriptLines(agent.path, agent.lines, colors, columns, transcriptCache.current)
        : null,
    [view, agent, colors, columns],
  );

  const body = useMemo((): { lines: readonly string[]; error: string | null; scrollable: boolean } => {
    if (view === 'status') return { lines: [], error: live.error ?? recent.error, scrollable: false };
    if (transcript !== null) return { lines: transcript, error: null, scrollable: true };
    if (view === 'events') {
      const list = events?.value ?? [];
      return {
        lines:
          list.length === 0
            ? [colors.dim('no events yet (EVENTS)')]
            : list.map((event) => eventLine(event, colors)),
        error: events?.error ?? null,
        scrollable: true,
      };
    }
    if (view === 'verdicts')
      return {
        lines: verdictLines(recent.value, colors, new Date(), columns),
        error: recent.error,
        scrollable: true,
      };
    if (view === 'journey') {
      return {
        lines: journeyLines(journeyEntry.value, journeyRefs?.value ?? [], colors, columns),
        error: journeyRefs?.error ?? journeyEntry.error,
        scrollable: true,
      };
    }
    const applyNote =
      toApply > 0
        ? [colors.yellow(`${toApply} proposal(s) wait to be written into rules.yaml: A applies`), '']
        : [];
    return {
      lines: [...applyNote, ...ruleLines(pending?.value ?? [], rulesSelected, colors).lines],
      error: pending?.error ?? null,
      scrollable: true,
    };
  }, [
    view,
    live.error,
    recent,
    colors,
    journeyRefs,
    journeyEntry,
    columns,
    pending,
    rulesSelected,
    toApply,
    transcript,
    events,
  ]);

  const go = (next: View) => {
    setView(next);
    // The transcript opens at its end, where the agent is now.
    setOffset(next === 'transcript' ? Number.MAX_SAFE_INTEGER : 0);
    setHelp(false);
    if (next === 'journey') setJourneyIndex(0);
  };
  const report = (run: () => Promise<Flash> | Flash) => {
    Promise.resolve()
      .then(run)
      .then(setFlash, (error: unknown) => setFlash({ text: (error as Error).message, tone: 'bad' }));
  };
  const attach = () =>
    report(async () => {
      const session = controller.prepareAttach();
      if (session.insideTmux) session.show();
      else await suspendTerminal(session.show);
      live.refresh();
      if (session.otherRoot !== null) {
        return {
          text: `note: tmux session autoswe shows ${session.otherRoot}, not this workspace`,
          tone: 'warn',
        };
      }
      return {
        text: session.insideTmux ? 'switched to tmux session autoswe' : 'back from tmux',
        tone: 'info',
      };
    });

  const scroll = (delta: number) =>
    setOffset((value) => clampOffset(value + delta, body.lines.length, bodyHeight));
  const selectRule = (delta: number) => {
    const records = pending?.value ?? [];
    const next = Math.max(0, Math.min(records.length - 1, rulesSelected + delta));
    setRuleIndex(next);
    const start = ruleLines(records, next, colors).starts[next] ?? 0;
    setOffset((value) =>
      start < value || start >= value + bodyHeight
        ? clampOffset(start, body.lines.length, bodyHeight)
        : value,
    );
  };
  const decide = (decision: 'approved' | 'rejected') => {
    const id = pending?.value[rulesSelected]?.proposal.id;
    if (id === undefined) setFlash({ text: 'no pending proposal selected', tone: 'info' });
    else setPrompt({ kind: 'rule', id, decision });
  };
  const otherEntry = (delta: number) => {
    const count = journeyRefs?.value.length ?? 0;
    setJourneyIndex((value) => Math.max(0, Math.min(count - 1, value + delta)));
    setOffset(0);
  };

  useInput((input, key) => {
    if (prompt !== null) {
      const outcome = promptKey(prompt, input, key);
      setPrompt(outcome.next);
      if (outcome.submit) report(() => submitPrompt(controller, outcome.submit as Prompt));
      else if (outcome.cancelled) setFlash({ text: 'cancelled', tone: 'info' });
      return;
    }
    const action = keyAction(help ? 'help' : view, input, key);
    switch (action) {
      case undefined:
        return;
      case 'refresh':
        live.refresh();
        return setFlash({ text: 'refreshed', tone: 'info' });
      case 'softPause':
        return setPrompt({ kind: 'soft', text: '' });
      case 'hardPause':
        return setPrompt({ kind: 'hard' });
      case 'resume':
        return report(() => resumeFlash(controller));
      case 'attach':
        return attach();
      case 'showVerdicts':
        return go('verdicts');
      case 'showJourney':
        return go('journey');
      case 'showRules':
        return go('rules');
      case 'showTranscript':
        return go('transcript');
      case 'showEvents':
        return go('events');
      case 'showHelp':
        return setHelp(true);
      case 'closeHelp':
        return setHelp(false);
      case 'quit':
        return exit();
      case 'back':
        return go('status');
      // Journey refs are newest first: left goes to older entries.
      case 'older':
        return otherEntry(1);
      case 'newer':
        return otherEntry(-1);
      case 'lineUp':
        return scroll(-1);
      case 'lineDown':
        return scroll(1);
      case 'pageUp':
        return scroll(-bodyHeight);
      case 'pageDown':
        return scroll(bodyHeight);
      case 'top':
        return setOffset(0);
      case 'bottom':
        return setOffset(clampOffset(body.lines.length, body.lines.length, bodyHeight));
      case 'selectUp':
        return selectRule(-1);
      case 'selectDown':
        return selectRule(1);
      case 'approve':
        return decide('approved');
      case 'reject':
        return decide('rejected');
      case 'openLoop':
        // Only the fleet list opens loops (fleet-app.tsx); no workspace view binds it.
        return;
      case 'apply':
        if (toApply === 0)
          return setFlash({ text: 'nothing to apply: approve a proposal first', tone: 'info' });
        return setPrompt({ kind: 'apply', count: toApply });
      default:
        // Every action of the key table is handled above: a new one does not compile until it is.
        return action satisfies never;
    }
  });

  const shown = body.scrollable ? visibleSlice(body.lines, offset, bodyHeight) : body.lines;
  const position =
    body.scrollable && body.lines.length > bodyHeight
      ? `  ${Math.min(clampOffset(offset, body.lines.length, bodyHeight) + 1, body.lines.length)}-${Math.min(clampOffset(offset, body.lines.length, bodyHeight) + bodyHeight, body.lines.length)}/${body.lines.length}`
      : '';
  const refs = journeyRefs?.value ?? [];
  const title =
    view === 'journey' && journeyRef !== undefined
      ? `journey iteration ${journeyRef.iter} (${Math.min(journeyIndex, refs.length - 1) + 1} of ${refs.length}, ←→)`
      : TITLES[view];
  const header = `${colors.bold('autoswe')} ${colors.dim('·')} ${title}${position} ${colors.dim(`· ${live.model.at.slice(11, 19)} UTC`)}`;

  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Text wrap="truncate-end">{terminalOutput(header)}</Text>
      {help ? (
        <HelpOverlay colors={colors} height={bodyHeight} />
      ) : view === 'status' ? (
        <ConsoleScreen
          model={live.model}
          recent={recent.value}
          events={events?.value ?? []}
          agent={agent}
          colors={colors}
          width={columns}
          height={bodyHeight}
          error={body.error}
        />
      ) : (
        <Lines lines={body.error ? [colors.red(body.error), ...shown] : shown} height={bodyHeight} />
      )}
      {prompt !== null ? (
        <PromptLine prompt={prompt} colors={colors} />
      ) : (
        <Text wrap="truncate-end">{flash === null ? ' ' : terminalOutput(paintFlash(flash, colors))}</Text>
      )}
      <Text wrap="truncate-end">{colors.dim(footerText(view, columns))}</Text>
    </Box>
  );
}
