// Where the app keeps settings, logs and (later) its database when no Electron `userData` path is given:
// the same folder Electron would choose, so the CLI and web host see the desk's data.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TIEPDON_DATA_DIR) return env.TIEPDON_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'tiepdon');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'tiepdon');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'tiepdon');
}
