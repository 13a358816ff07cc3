import {
  type ContainerEngine,
  type ImagePresence,
  inspectImage,
  probeEngine,
} from '../../adapters/containers.js';

export type { ContainerEngine, ImagePresence };

/** The container images a config names and whether each is present; `images --json` prints it as it is. */
export type ImagesReport =
  /** A config that names no images. */
  | { readonly engine: null; readonly images: readonly [] }
  /** No engine answered, so nobody can tell; `reason` says, per engine, why not. */
  | {
      readonly engine: null;
      readonly reason: readonly string[];
      readonly images: readonly { readonly image: string; readonly present: null }[];
    }
  | { readonly engine: ContainerEngine; readonly images: readonly ImagePresence[] };

/** Asks the first engine that answers (docker, else podman) about each image. */
export async function checkImages(images: readonly string[], env: NodeJS.ProcessEnv): Promise<ImagesReport> {
  if (images.length === 0) return { engine: null, images: [] };
  const probe = await probeEngine(env);
  if (probe.kind === 'none') {
    return { engine: null, reason: probe.tried, images: images.map((image) => ({ image, present: null })) };
  }
  return {
    engine: probe.engine,
    images: await Promise.all(images.map((image) => inspectImage(probe.engine, image, env))),
  };
}

/** Every named image is known to be present (true when none is named). */
export function allImagesPresent(report: ImagesReport): boolean {
  return report.images.every((entry) => entry.present === true);
}
