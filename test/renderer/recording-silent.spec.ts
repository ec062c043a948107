import { projectName } from '../support/double';
import { connect, expect, test } from './fixtures';
import { fakeMicrophone, panel, silenceFile } from './recording-fixtures';

test.use(fakeMicrophone(silenceFile));

test('a silent input is pointed out while recording, and the recording goes on', async ({ appPage: page, host }) => {
  await connect(page);
  await expect(page.getByText(`Project: ${projectName}`)).toBeVisible();
  await panel(page).getByRole('button', { name: 'Start recording' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing is heard from the microphone' })).toBeVisible();
  expect(host.services.recordings.current()).toBeTruthy();
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await expect(page.getByRole('button', { name: 'Start recording' })).toBeVisible();
});
