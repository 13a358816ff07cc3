import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FleetModel } from '../../core/fleet/model.js';
import type { FleetRow } from '../../core/fleet/row.js';
import type { Colors } from '../../render/colors.js';
import { fleetLines, noLoops } from '../../render/fleet.js';
import { type Flash, paintFlash } from '../actions.js';
import { footerText, keyAction } from '../keys.js';
import { Lines } from '../views/lines.js';

/** What the fleet list reads and watches, through core; injected so tests can drive it. */
export interface FleetSource {
  load(): Promise<FleetModel>;
  /** Calls `onChange` when a local loop's files change; remote loops are read again every few seconds. */
  watch(onChange: () => void): { close(): void };
}

/** How often the whole fleet (remote hosts too) is read again without a change. */
export const FLEET_REFRESH_MS = 5000;

export interface FleetAppProps {
  readonly source: FleetSource;
  readonly colors: Colors;
  /** A local loop chosen with Enter: the caller opens its TUI once this list has let go of the terminal. */
  readonly onOpen: (row: FleetRow) => void;
}

/** A row's identity across re-sorts, so the selection stays on the same loop when the order changes. */
const keyOf = (row: FleetRow) => `${row.source}:${row.host}:${row.name}`;

export function FleetApp({ source, colors, onOpen }: FleetAppProps) {
  const { exit } = useApp();
  const { columns, rows: height } = useWindowSize();
  const [model, setModel] = useState<FleetModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [flash, setFlash] = useState<Flash | null>(null);
  const loading = useRef(false);
  const mounted = useRef(true);

  const load = useCallback(() => {
    // A slow remote host must not pile reads up behind itself.
    if (loading.current) return;
    loading.current = true;
    source
      .load()
      .then((next) => {
        if (!mounted.current) return;
        setModel(next);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (mounted.current) setError((caught as Error).message);
      })
      .finally(() => {
        loading.current = false;
      });
  }, [source]);

  useEffect(() => {
    mounted.current = true;
    load();
    const watcher = source.watch(load);
    const timer = setInterval(load, FLEET_REFRESH_MS);
    return () => {
      mounted.current = false;
      watcher.close();
      clearInterval(timer);
    };
  }, [source, load]);

  const rows = model?.rows ?? [];
  const index = Math.max(
    0,
    rows.findIndex((row) => keyOf(row) === selected),
  );
  const current = rows[index];

  const open = (row: FleetRow | undefined) => {
    if (row === undefined) return setFlash({ text: 'no loop to open', tone: 'info' });
    if (row.source === 'remote') {
      return setFlash({
        text: `${row.name} runs on ${row.host}: its TUI is there (ssh to it, then autoswe tui); its page: ${row.url}`,
        tone: 'info',
      });
    }
    if (row.reach !== 'ok' || row.root === null)
      return setFlash({ text: `${row.name}: ${row.problem ?? 'cannot be read'}`, tone: 'bad' });
    onOpen(row);
    exit();
  };

  useInput((input, key) => {
    const action = keyAction('fleet', input, key);
    if (action === 'selectUp' || action === 'selectDown') {
      const next = rows[Math.max(0, Math.min(rows.length - 1, index + (action === 'selectUp' ? -1 : 1)))];
      if (next !== undefined) setSelected(keyOf(next));
    } else if (action === 'openLoop') open(current);
    else if (action === 'refresh') {
      load();
      setFlash({ text: 'refreshed', tone: 'info' });
    } else if (action === 'quit') exit();
  });

  const bodyHeight = Math.max(1, height - 4);
  const lines = model === null ? null : fleetLines(model, colors);
  const body =
    model === null
      ? [colors.dim('reading the fleet…')]
      : rows.length === 0
        ? [colors.dim(noLoops(model))]
        : (lines?.rows ?? []).map((line, row) => `${row === index ? colors.inverse('›') : ' '} ${line}`);
  // Keep the selected row in view on a short terminal.
  const start = Math.max(0, Math.min(index - bodyHeight + 1, body.length - bodyHeight));
  const shown = body.slice(Math.max(0, start), Math.max(0, start) + bodyHeight);
  const summary = lines?.summary ?? colors.bold('fleet');
  const at = model === null ? '' : colors.dim(` · ${model.at.slice(11, 19)} UTC`);
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Text wrap="truncate-end">{`${colors.bold('autoswe')} ${colors.dim('·')} ${summary}${at}`}</Text>
      <Text wrap="truncate-end">{`  ${lines?.header ?? ''}`}</Text>
      <Lines lines={error === null ? shown : [colors.red(error), ...shown]} height={bodyHeight} />
      <Text wrap="truncate-end">{flash === null ? ' ' : paintFlash(flash, colors)}</Text>
      <Text wrap="truncate-end">{colors.dim(footerText('fleet', columns))}</Text>
    </Box>
  );
}
