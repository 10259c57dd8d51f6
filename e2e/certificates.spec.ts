// Certificates journey: a learner passes an assessment, finds the verifiable certificate under
// My certificates, downloads its JSON, opens the printable certificate and prints it to PDF; a
// second browser context (a verifier, signed out) uploads the file on /verify and sees it valid;
// an admin revokes it on the console's credentials page with a reason and the verifier then sees it revoked. axe-clean throughout,
// and neither context reaches another host.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { E2E_ADMIN } from '../playwright.config.ts';
import { acknowledgePrivacyNotice, createUser, signIn, signInThroughForm } from './fixtures/accounts.ts';
import { gradeAssessment } from './fixtures/assessment.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { guardOffHost } from './fixtures/base.ts';
import { expect, test } from './fixtures/index.ts';

test('a passed assessment becomes a certificate that prints, verifies elsewhere and shows revoked', async ({
  page,
  browser,
  playwright,
  request,
  baseURL,
  saveArtifact,
}, testInfo) => {
  test.setTimeout(240_000);
  const learner = await createUser(request, { role: 'learner', name: '证书学员' });
  await acknowledgePrivacyNotice(learner);
  await gradeAssessment(playwright, baseURL!, learner, 'data-security', 1);

  await page.goto('/?page=my-certificates&lang=en');
  await signIn(page, learner);
  const row = page.locator('tr[data-credential]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'valid');
  const credentialId = (await row.getAttribute('data-credential')) ?? '';
  expect(credentialId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  await expectAccessible(page, 'my certificates');

  const downloading = page.waitForEvent('download');
  await row.getByRole('button', { name: /^Download JSON/ }).click();
  const download = await downloading;
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const credential = JSON.parse(await readFile(file, 'utf8')) as { id: string; proof: { cryptosuite: string } };
  expect(credential.id).toBe(credentialId);
  expect(credential.proof.cryptosuite).toBe('eddsa-rdfc-2022');

  await row.getByRole('link', { name: /^Open certificate/ }).click();
  const certificate = page.locator('article.certificate');
  await expect(certificate).toBeVisible();
  await expect(certificate).toContainText('证书学员');
  await expect(certificate).toContainText('Certificate of completion');
  await expect(certificate).toContainText('结业证书');
  await expect(certificate.getByTestId('certificate-score')).toHaveText(/\d+%/);
  const qrText = await certificate.locator('svg.qr-code').getAttribute('data-qr-text');
  expect(qrText).toBe(`${baseURL}/verify?id=${encodeURIComponent(credentialId)}`);
  await expectAccessible(page, 'certificate');
  await saveArtifact('certificate');

  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.locator('.certificate-tools')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5_000);
  await testInfo.attach('certificate.pdf', { body: pdf, contentType: 'application/pdf' });
  await page.emulateMedia({ media: 'screen' });

  // A verifier elsewhere: a fresh, signed-out context that only has the file.
  const verifierContext = await browser.newContext({ baseURL: baseURL ?? '' });
  const offHost = await guardOffHost(verifierContext, new URL(baseURL!).host);
  const verifier = await verifierContext.newPage();
  const verifyOnce = async (): Promise<void> => {
    await verifier.goto(`/verify?id=${encodeURIComponent(credentialId)}&lang=en`);
    await verifier.getByLabel('Upload a certificate file').setInputFiles(file);
  };
  await verifyOnce();
  const status = verifier.getByTestId('verify-status');
  await expect(status).toContainText('Valid');
  await expect(verifier.locator('.verify-report')).toContainText('证书学员');
  await expectAccessible(verifier, 'verify valid');

  // The same file, changed by hand, is named as tampered with the field.
  const tampered = JSON.parse(await readFile(file, 'utf8')) as { credentialSubject: { name: string } };
  tampered.credentialSubject.name = 'Someone else';
  await verifier.getByLabel('Certificate (JSON or token)').fill(JSON.stringify(tampered));
  await verifier.getByRole('button', { name: 'Verify' }).click();
  await expect(status).toContainText('Tampered');
  await expect(verifier.locator('li[data-field="subject"]')).toHaveText("The holder's name or id was changed");
  await expectAccessible(verifier, 'verify tampered');

  // An admin revokes it on the console's credentials page: search, Revoke, a reason, the confirmation.
  const adminContext = await browser.newContext({ baseURL: baseURL ?? '' });
  const adminOffHost = await guardOffHost(adminContext, new URL(baseURL!).host);
  const adminPage = await adminContext.newPage();
  await signInThroughForm(adminPage, E2E_ADMIN, 'en');
  await adminPage.goto('/?page=admin-credentials&lang=en');
  await expect(adminPage.getByRole('heading', { level: 1, name: 'Issued certificates' })).toBeVisible();
  await adminPage.getByLabel('Learner or course').fill(learner.username);
  await adminPage.getByLabel('Status', { exact: true }).selectOption('valid');
  await adminPage.getByRole('button', { name: 'Search' }).click();
  const adminRow = adminPage.locator(`tr[data-credential="${credentialId}"]`);
  await expect(adminPage.locator('tr[data-credential]')).toHaveCount(1);
  await expect(adminRow).toContainText('证书学员');
  await expectAccessible(adminPage, 'admin credentials');
  await adminRow.getByRole('button', { name: 'Revoke the certificate of 证书学员' }).click();
  await expect(adminRow.getByText('Revoking cannot be undone')).toBeVisible();
  // The reason is required: a too-short one is refused before anything is sent.
  await adminRow.getByLabel('Reason for revoking (required)').fill('Annulled');
  await adminRow.getByRole('button', { name: 'Revoke for good' }).click();
  await expect(adminRow.getByRole('alert')).toContainText('at least 10 characters');
  await expect(adminRow).toHaveAttribute('data-status', 'valid');
  await adminRow.getByLabel('Reason for revoking (required)').fill('Result annulled after an appeal review');
  await expectAccessible(adminPage, 'admin credentials, confirming');
  await adminRow.getByRole('button', { name: 'Revoke for good' }).click();
  // Revoked, the valid filter no longer lists it; the revoked filter shows who revoked it and when.
  await expect(adminPage.locator('tr[data-credential]')).toHaveCount(0);
  await adminPage.getByLabel('Status', { exact: true }).selectOption('revoked');
  await adminPage.getByRole('button', { name: 'Search' }).click();
  await expect(adminRow).toHaveAttribute('data-status', 'revoked');
  await expect(adminRow.locator('.credentials-revoked')).toContainText(`Revoked by ${E2E_ADMIN.username} on`);
  await expect(adminRow.locator('.credentials-revoked')).toContainText('Result annulled after an appeal review');
  await expectAccessible(adminPage, 'admin credentials, revoked');
  expect(adminOffHost).toEqual([]);
  await adminContext.close();

  await verifyOnce();
  await expect(status).toContainText('Revoked');
  await expectAccessible(verifier, 'verify revoked');
  await verifier.screenshot({ path: path.join(testInfo.outputDir, 'verify-revoked.png') });
  expect(offHost).toEqual([]);
  await verifierContext.close();

  await page.goto('/?page=my-certificates&lang=en');
  await expect(page.locator('tr[data-credential]')).toHaveAttribute('data-status', 'revoked');
  // The Chinese interface, as axe sees it.
  await page.goto('/?page=my-certificates&lang=zh-CN');
  await expect(page.locator('tr[data-credential]')).toContainText('已撤销');
  await expectAccessible(page, 'my certificates (zh-CN)');
  await page.goto(`/?page=certificate&credential=${encodeURIComponent(credentialId)}&lang=zh-CN`);
  await expect(page.locator('.certificate-revoked')).toContainText('Result annulled after an appeal review');
  await expectAccessible(page, 'certificate (zh-CN, revoked)');
  await page.goto('/verify?lang=zh-CN');
  await page.getByLabel('上传证书文件').setInputFiles(file);
  await expect(page.getByTestId('verify-status')).toContainText('已撤销');
  await expectAccessible(page, 'verify (zh-CN)');
});
