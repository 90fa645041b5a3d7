/**
 * Pushes the bench's reference images, built from the cached layers, to the
 * loopback registry:
 *
 *   minbase:1                 [minbase]
 *   docs:1, docs:2            [minbase, docs-v1] and [minbase, docs-v2]
 *   big:1                     [big-small, big-large]  (~1 GB unpacked)
 *   shared-00:1 … shared-19:1 [minbase, shared-NN]
 */
import type { StartedRegistry } from '../test/helpers/registry-server.ts';
import { pushFileImage, type FileImageSpec, type FileLayer } from '../test/helpers/minbase.ts';
import { SHARED_IMAGES, type BenchLayers, type Say } from './layers.ts';

export interface BenchImage {
  /** 'repo:tag' in the bench registry. */
  name: string;
  layers: FileLayer[];
}

export interface BenchImages {
  minbase: BenchImage;
  docs1: BenchImage;
  docs2: BenchImage;
  big: BenchImage;
  shared: BenchImage[];
}

const CONFIG: FileImageSpec['config'] = {
  Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  Cmd: ['bash'],
};

export function benchImages(layers: BenchLayers): BenchImages {
  return {
    minbase: { name: 'minbase:1', layers: [layers.minbase] },
    docs1: { name: 'docs:1', layers: [layers.minbase, layers.docs1] },
    docs2: { name: 'docs:2', layers: [layers.minbase, layers.docs2] },
    big: { name: 'big:1', layers: [layers.bigSmall, layers.bigLarge] },
    shared: Array.from({ length: SHARED_IMAGES }, (_, i) => ({
      name: `shared-${String(i).padStart(2, '0')}:1`,
      layers: [layers.minbase, layers.shared[i]!],
    })),
  };
}

/** Pushes every image, two at a time; returns the time it took. */
export async function pushAll(registry: StartedRegistry, images: BenchImages, say: Say): Promise<number> {
  const start = performance.now();
  const all = [images.minbase, images.docs1, images.docs2, images.big, ...images.shared];
  say(`pushing ${all.length} images to ${registry.host}`);
  const queue = [...all];
  const worker = async (): Promise<void> => {
    for (let img = queue.shift(); img; img = queue.shift()) {
      await pushFileImage(registry.host, img.name, { layers: img.layers, config: CONFIG });
    }
  };
  await Promise.all([worker(), worker()]);
  return performance.now() - start;
}

/** Compressed bytes of an image's layers. */
export function imageBytes(img: BenchImage): number {
  return img.layers.reduce((sum, l) => sum + l.size, 0);
}
