import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installErrorReporting } from './ipc/error-reporter';
import { applyTheme, osDarkQuery, readThemeHint, resolveTheme } from './lib/theme';
import './styles.css';

installErrorReporting(window);
// The first paint already in the palette chosen last time; App keeps it current from then on.
applyTheme(document.documentElement, resolveTheme(readThemeHint(localStorage), window.matchMedia(osDarkQuery).matches));

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
