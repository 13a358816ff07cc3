import { Box, Text } from 'ink';
import { terminalOutput } from '../../base/terminal-text.js';

/**
 * Pre-rendered terminal lines (they may hold colour codes), each cut at the edge instead of wrapping. The
 * renderers made file and agent text safe already; terminalOutput is the last guard (colours only).
 */
export function Lines({ lines, height }: { readonly lines: readonly string[]; readonly height: number }) {
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {lines.slice(0, height).map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their position
        <Text key={index} wrap="truncate-end">
          {line === '' ? ' ' : terminalOutput(line)}
        </Text>
      ))}
    </Box>
  );
}

/** The part of `lines` visible from `offset` in a body of `height` rows. */
export function visibleSlice(lines: readonly string[], offset: number, height: number): readonly string[] {
  return lines.slice(
    clampOffset(offset, lines.length, height),
    clampOffset(offset, lines.length, height) + height,
  );
}

/** An offset kept within the content, so scrolling past either end stops there. */
export function clampOffset(offset: number, total: number, height: number): number {
  return Math.max(0, Math.min(offset, total - height));
}
