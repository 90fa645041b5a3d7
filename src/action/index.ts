// The bundle entry of the GitHub Action (action.yml: runs.main = dist/index.js).
import { run } from './main.ts';

await run();
