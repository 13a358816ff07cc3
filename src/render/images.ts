import type { ImagesReport } from '../core/setup/images.js';
import type { Colors } from './colors.js';

/** `images`: the engine asked, then each image present or missing (or unknown, with no engine). */
export function renderImages(report: ImagesReport, configFile: string, colors: Colors): string {
  if (report.engine === null && !('reason' in report)) {
    return `the config names no images (images: [] in ${configFile})\n`;
  }
  if ('reason' in report) {
    const lines = [
      `no container engine answered (${report.reason.join('; ')}); cannot tell whether these are present:`,
      ...report.images.map((entry) => `  ?        ${entry.image}`),
    ];
    return `${lines.join('\n')}\n`;
  }
  const lines = [`engine: ${report.engine.name} (${report.engine.path})`];
  for (const entry of report.images) {
    const mark = entry.present ? colors.green('present') : colors.red('missing');
    lines.push(`  ${mark}  ${entry.image}  ${entry.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
