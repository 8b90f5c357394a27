/**
 * What a dashboard browser test watches on its page: dialogs, requests the
 * page should not make, Content-Security-Policy violations (console and
 * `securitypolicyviolation` events) and script errors.
 */
import type { Page } from 'playwright-core';

export interface PageWatch {
  dialogs: string[];
  foreignRequests: string[];
  violations: string[];
  errors: string[];
}

/** Starts recording on `page`; `foreign` says which request URLs count as leaving the dashboard. */
export async function watchPage(page: Page, foreign: (url: URL) => boolean, watch: PageWatch = { dialogs: [], foreignRequests: [], violations: [], errors: [] }): Promise<PageWatch> {
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (foreign(new URL(request.url()))) watch.foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) watch.violations.push(`console: ${message.text()}`);
    else if (message.type() === 'error') watch.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`pageerror: ${error.message}`));
  await page.exposeFunction('__reportViolation', (text: string) => void watch.violations.push(`event: ${text}`));
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
    window.__reportViolation(event.violatedDirective + ' ' + event.blockedURI);
  });`);
  return watch;
}
