import { Box, Text } from 'ink';
import type { VerdictEntry } from '../../core/runtime/verdicts.js';
import type { OperatorEvent } from '../../core/status/events-feed.js';
import type { Colors } from '../../render/colors.js';
import type { StatusScreen } from '../../render/status.js';
import type { AgentActivity } from '../use-agent.js';
import { Lines } from './lines.js';
import { agentPanel, eventsPanel, type Panel, statusPanel, verdictsPanel } from './panels.js';

/** At this width and wider the agent panel takes the right half, the rest stacks on the left. */
export const SIDE_BY_SIDE_FROM = 120;

export interface ConsoleProps {
  readonly model: StatusScreen;
  readonly recent: readonly VerdictEntry[];
  readonly events: readonly OperatorEvent[];
  readonly agent: AgentActivity;
  readonly colors: Colors;
  readonly width: number;
  readonly height: number;
  readonly error: string | null;
}

function PanelBox({
  panel,
  height,
  width,
  colors,
}: {
  panel: Panel;
  height: number;
  width: number;
  colors: Colors;
}) {
  if (height <= 0) return null;
  const title = ` ${panel.title} `;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text wrap="truncate-end">
        {colors.inverse(colors.bold(title + ' '.repeat(Math.max(0, width - title.length))))}
      </Text>
      <Lines lines={panel.lines} height={height - 1} />
    </Box>
  );
}

/**
 * The status screen as panels (k9s, lazygit, btop): status with a bar per module, the agent's live
 * activity, recent verdicts and the latest events. Every panel has a fixed height for the terminal's size,
 * so a redraw never moves anything (no flicker); Ink rewrites only lines that changed.
 */
export function ConsoleScreen(props: ConsoleProps) {
  const { colors, width, height } = props;
  const now = new Date(props.model.at);
  const errorRows = props.error === null ? 0 : 1;
  const body = height - errorRows;
  const error = props.error === null ? null : <Text wrap="truncate-end">{colors.red(props.error)}</Text>;
  if (width >= SIDE_BY_SIDE_FROM) {
    const left = Math.floor(width / 2);
    const right = width - left - 1;
    // The status panel takes what it needs (its rows and a bar per module), at most 55 %; the rest is history.
    const statusCap = Math.min(body - 8, Math.max(9, Math.floor(body * 0.55)));
    const status = statusPanel(props.model, props.recent, colors, { width: left, height: statusCap - 1 });
    const statusHeight = Math.min(statusCap, status.lines.length + 1);
    const eventsHeight = Math.max(3, Math.floor((body - statusHeight) / 3));
    const verdictsHeight = body - statusHeight - eventsHeight;
    return (
      <Box flexDirection="column" height={height}>
        {error}
        <Box flexDirection="row" height={body}>
          <Box flexDirection="column" width={left}>
            <PanelBox panel={status} height={statusHeight} width={left} colors={colors} />
            <PanelBox
              panel={verdictsPanel(props.recent, colors, now, left, verdictsHeight - 1)}
              height={verdictsHeight}
              width={left}
              colors={colors}
            />
            <PanelBox
              panel={eventsPanel(props.events, colors, eventsHeight - 1)}
              height={eventsHeight}
              width={left}
              colors={colors}
            />
          </Box>
          <Box width={1} />
          <PanelBox
            panel={agentPanel(props.agent.path, props.agent.lines, colors, {
              width: right,
              height: body - 1,
            })}
            height={body}
            width={right}
            colors={colors}
          />
        </Box>
      </Box>
    );
  }
  // Stacked (80x24 and up): status 8 rows, verdicts 3 and events 2 at least, the agent the rest.
  const statusHeight = Math.max(9, Math.floor(body * 0.38));
  const verdictsHeight = Math.max(3, Math.floor(body * 0.16));
  const eventsHeight = Math.max(3, Math.floor(body * 0.12));
  const agentHeight = Math.max(0, body - statusHeight - verdictsHeight - eventsHeight);
  return (
    <Box flexDirection="column" height={height}>
      {error}
      <PanelBox
        panel={statusPanel(props.model, props.recent, colors, { width, height: statusHeight - 1 })}
        height={statusHeight}
        width={width}
        colors={colors}
      />
      <PanelBox
        panel={agentPanel(props.agent.path, props.agent.lines, colors, { width, height: agentHeight - 1 })}
        height={agentHeight}
        width={width}
        colors={colors}
      />
      <PanelBox
        panel={verdictsPanel(props.recent, colors, now, width, verdictsHeight - 1)}
        height={verdictsHeight}
        width={width}
        colors={colors}
      />
      <PanelBox
        panel={eventsPanel(props.events, colors, eventsHeight - 1)}
        height={eventsHeight}
        width={width}
        colors={colors}
      />
    </Box>
  );
}
