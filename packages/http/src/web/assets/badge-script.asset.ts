/** /assets/badge.js: the badge page's "Copy verification link" button. */
export const BADGE_JS = `
const button = document.querySelector('[data-copy]');
const note = document.getElementById('copy-note');
button?.addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    note.textContent = 'Verification link copied.';
  } catch {
    note.textContent = 'Copy this link: ' + button.dataset.copy;
  }
});
`;
