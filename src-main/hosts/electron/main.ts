// Entry of the Electron main bundle (out/main/index.js).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPaths, runMainProcess } from './main-process';

runMainProcess(defaultPaths(dirname(fileURLToPath(import.meta.url))));
