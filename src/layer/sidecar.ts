/**
 * What `applyLayer` needs to know about a layer dir beyond its files: the
 * hardlinks into lower layers, the directories that had no tar entry, and
 * its whiteout markers (which a CVMFS publish does not keep as files).
 * Store it beside the layer dir (JSON) when extracting; read it back (validated)
 * when flattening.
 */
import { z } from 'zod';
import type { ApplyOptions, ExtractResult } from './types.ts';

const sidecarSchema = z.object({
  externalLinks: z.array(z.object({ path: z.string(), target: z.string() })).default([]),
  implicitDirs: z.array(z.string()).optional(),
  markers: z.array(z.string()).optional(),
});

export type LayerSidecar = z.infer<typeof sidecarSchema>;

export function sidecarOf(result: ExtractResult): LayerSidecar {
  return { externalLinks: result.externalLinks, implicitDirs: result.implicitDirs, markers: result.markers };
}

/** Parses a stored sidecar; throws (with the zod issues as cause) on anything else. */
export function parseSidecar(text: string): LayerSidecar {
  try {
    return sidecarSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new Error('reading a layer sidecar: not a valid sidecar JSON', { cause: err });
  }
}

/** The `applyLayer` options a sidecar stands for. */
export function applyOptionsOf(sidecar: LayerSidecar): Pick<ApplyOptions, 'externalLinks' | 'implicitDirs' | 'markers'> {
  return {
    externalLinks: sidecar.externalLinks,
    ...(sidecar.implicitDirs === undefined ? {} : { implicitDirs: sidecar.implicitDirs }),
    ...(sidecar.markers === undefined ? {} : { markers: sidecar.markers }),
  };
}
