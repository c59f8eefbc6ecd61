import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToCore } from './api';
import { initI18n } from './i18n';
import { App } from './shell/App';

const client = connectToCore();
const settings = await client.request('settings.get', {}).catch(() => null);
await initI18n(settings?.language ?? 'vi');

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  );
}
