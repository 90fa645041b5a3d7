#!/usr/bin/env node
// cvmfs-unpack: caches V8's compiled code of the bundle between runs, then runs it.
import module from 'node:module';
module.enableCompileCache?.();
await import('./cli/index.js');
