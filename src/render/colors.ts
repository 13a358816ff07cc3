import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colour functions that are identity when `enabled` is false. */
export function makeColors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
