// The filter form every list shares: its fields, then Show; the filters go into the URL, so a list comes back as
// it was. The district field is the same everywhere (blank: all the caller's districts).
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.js';

export function FilterForm({ onShow, children }: { onShow: () => void; children: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <form
      class="filters"
      aria-label={t('filters')}
      onSubmit={(event) => {
        event.preventDefault();
        onShow();
      }}
    >
      {children}
      <button type="submit" class="button">
        {t('show')}
      </button>
    </form>
  );
}

export function DistrictField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useI18n();
  return (
    <label>
      <span>{t('districtFilter')}</span>
      <input name="district" value={value} maxLength={40} onInput={(event) => onChange((event.target as HTMLInputElement).value)} />
    </label>
  );
}
