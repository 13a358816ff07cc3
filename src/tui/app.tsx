import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useMemo, useState } from 'react';
import type { Colors } from '../render/colors.js';
import { type Flash, paintFlash, resumeFlash, submitPrompt } from './actions.js';
import type { TuiController } from './controller.js';
import { footerText, JOURNEY_KEYS, RULES_KEYS, SCROLL_KEYS, STATUS_KEYS } from './keymap.js';
import { useLiveStatus } from './use-status.js';
import { HelpOverlay } from './views/help.js';
import { clampOffset, Lines, visibleSlice } from './views/lines.js';
import { type Prompt, PromptLine, promptKey } from './views/prompt.js';
import { journeyLines, ruleLines, statusLines, verdictLines } from './views/screens.js';

export type View = 'status' | 'verdicts' | 'journey' | 'rules';

export interface AppProps {
  readonly controller: TuiController;
  readonly colors: Colors;
}

const TITLES: Record<View, string> = {
  status: 'status',
  verdicts: 'verdicts (newest first)',
  journey: 'journey',
  rules: 'rules review (pending proposals)',
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
    () => attempt(() => controller.verdicts(view === 'verdicts' ? 500 : 20), []),
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

  const body = useMemo((): { lines: readonly string[]; error: string | null; scrollable: boolean } => {
    if (view === 'status') {
      const lines = statusLines(live.model, recent.value, colors, { width: columns, height: bodyHeight });
      return { lines, error: live.error ?? recent.error, scrollable: false };
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
    live.model,
    live.error,
    recent,
    colors,
    bodyHeight,
    journeyRefs,
    journeyEntry,
    columns,
    pending,
    rulesSelected,
    toApply,
  ]);

  const go = (next: View) => {
    setView(next);
    setOffset(0);
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

  useInput((input, key) => {
    if (prompt !== null) {
      const outcome = promptKey(prompt, input, key);
      setPrompt(outcome.next);
      if (outcome.submit) report(() => submitPrompt(controller, outcome.submit as Prompt));
      else if (outcome.cancelled) setFlash({ text: 'cancelled', tone: 'info' });
      return;
    }
    if (help) {
      if (input === '?' || input === 'q' || key.escape || key.return) setHelp(false);
      return;
    }
    const scroll = (delta: number) =>
      setOffset((value) => clampOffset(value + delta, body.lines.length, bodyHeight));
    if (view === 'rules' && pending !== null) {
      const ids = pending.value.map((record) => record.proposal.id);
      const id = ids[rulesSelected];
      if (key.upArrow || key.downArrow) {
        const next = Math.max(0, Math.min(ids.length - 1, rulesSelected + (key.upArrow ? -1 : 1)));
        setRuleIndex(next);
        const start = ruleLines(pending.value, next, colors).starts[next] ?? 0;
        setOffset((value) =>
          start < value || start >= value + bodyHeight
            ? clampOffset(start, body.lines.length, bodyHeight)
            : value,
        );
        return;
      }
      if (input === 'a' || input === 'x') {
        // Here `a` means approve, never attach, even with nothing left to approve.
        if (id === undefined) setFlash({ text: 'no pending proposal selected', tone: 'info' });
        else setPrompt({ kind: 'rule', id, decision: input === 'a' ? 'approved' : 'rejected' });
        return;
      }
      if (input === 'A') {
        if (toApply === 0) setFlash({ text: 'nothing to apply: approve a proposal first', tone: 'info' });
        else setPrompt({ kind: 'apply', count: toApply });
        return;
      }
    }
    if (view === 'journey' && (key.leftArrow || key.rightArrow)) {
      const count = journeyRefs?.value.length ?? 0;
      // Refs are newest first: left goes to older entries.
      setJourneyIndex((value) => Math.max(0, Math.min(count - 1, value + (key.leftArrow ? 1 : -1))));
      setOffset(0);
      return;
    }
    if (body.scrollable) {
      if (key.upArrow) return scroll(-1);
      if (key.downArrow) return scroll(1);
      if (key.pageUp) return scroll(-bodyHeight);
      if (key.pageDown || input === ' ') return scroll(bodyHeight);
      if (key.home) return setOffset(0);
      if (key.end) return setOffset(clampOffset(body.lines.length, body.lines.length, bodyHeight));
    }
    switch (input) {
      case 's':
        live.refresh();
        return setFlash({ text: 'refreshed', tone: 'info' });
      case 'p':
        return setPrompt({ kind: 'soft', text: '' });
      case 'P':
        return setPrompt({ kind: 'hard' });
      case 'r':
        return report(() => resumeFlash(controller));
      case 'a':
        return attach();
      case 'v':
        return go('verdicts');
      case 'j':
        return go('journey');
      case 'R':
        return go('rules');
      case '?':
        return setHelp(true);
      case 'q':
        return view === 'status' ? exit() : go('status');
    }
    if (key.escape && view !== 'status') go('status');
  });

  const keys =
    view === 'status'
      ? STATUS_KEYS
      : view === 'rules'
        ? RULES_KEYS
        : view === 'journey'
          ? [...JOURNEY_KEYS, ...SCROLL_KEYS]
          : SCROLL_KEYS;
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
      <Text wrap="truncate-end">{header}</Text>
      {help ? (
        <HelpOverlay colors={colors} height={bodyHeight} />
      ) : (
        <Lines lines={body.error ? [colors.red(body.error), ...shown] : shown} height={bodyHeight} />
      )}
      {prompt !== null ? (
        <PromptLine prompt={prompt} colors={colors} />
      ) : (
        <Text wrap="truncate-end">{flash === null ? ' ' : paintFlash(flash, colors)}</Text>
      )}
      <Text wrap="truncate-end">{colors.dim(footerText(keys, columns))}</Text>
    </Box>
  );
}
