// The keyboard shortcuts of a view, listed on the page from the same list the key handler reads.
import type { InboxAction } from '../inbox.js';
import { useI18n } from '../i18n/index.js';

export function ShortcutList({ shortcuts }: { shortcuts: readonly { readonly keys: readonly string[]; readonly action: InboxAction }[] }) {
  const { t } = useI18n();
  return (
    <details class="shortcuts" data-shortcuts>
      <summary>{t('shortcutsTitle')}</summary>
      <dl>
        {shortcuts.map((shortcut) => (
          <div>
            <dt>
              {shortcut.keys.map((key, index) => (
                <>
                  {index === 0 ? null : ` ${t('or')} `}
                  <kbd>{key === 'A' ? 'Shift+A' : key}</kbd>
                </>
              ))}
            </dt>
            <dd>{t(`shortcut_${shortcut.action}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
