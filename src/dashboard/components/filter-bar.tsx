import { useId, type ReactNode } from 'react';
import { DASHBOARD_PROVIDERS } from '../../flow/dashboard-api';
import { CARRIERS } from '../../flow/phone';
import { beijingDay } from '../format';
import { rangeValid, type FilterState } from '../filters';
import { useMessages } from '../i18n/i18n';

interface FilterBarProps {
  value: FilterState;
  onChange(next: FilterState): void;
  /** Provinces seen so far (the funnel's breakdown), offered in the province list. */
  provinces: string[];
  children?: ReactNode;
}

/** Date range (with quick ranges), vendor, carrier and province: every change applies at once. */
export function FilterBar({ value, onChange, provinces, children }: FilterBarProps) {
  const m = useMessages();
  const id = useId();
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const preset = (days: number) => set({ fromDay: beijingDay(days - 1), toDay: beijingDay(0) });
  const provinceOptions = [...new Set([...provinces, ...(value.province ? [value.province] : [])])].sort();
  return (
    <form className="dash-filters" aria-label={m.filters.label} onSubmit={(event) => event.preventDefault()}>
      <div className="dash-field">
        <label htmlFor={`${id}-from`}>{m.filters.from}</label>
        <input
          id={`${id}-from`}
          type="date"
          value={value.fromDay}
          max={value.toDay}
          onChange={(e) => e.target.value && set({ fromDay: e.target.value })}
        />
      </div>
      <div className="dash-field">
        <label htmlFor={`${id}-to`}>{m.filters.to}</label>
        <input
          id={`${id}-to`}
          type="date"
          value={value.toDay}
          min={value.fromDay}
          onChange={(e) => e.target.value && set({ toDay: e.target.value })}
        />
      </div>
      <div className="dash-field">
        <label htmlFor={`${id}-provider`}>{m.filters.provider}</label>
        <select id={`${id}-provider`} value={value.provider} onChange={(e) => set({ provider: e.target.value })}>
          <option value="">{m.common.all}</option>
          {DASHBOARD_PROVIDERS.map((provider) => (
            <option key={provider} value={provider}>
              {m.providers[provider] ?? provider}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-field">
        <label htmlFor={`${id}-carrier`}>{m.filters.carrier}</label>
        <select id={`${id}-carrier`} value={value.carrier} onChange={(e) => set({ carrier: e.target.value })}>
          <option value="">{m.common.all}</option>
          {CARRIERS.map((carrier) => (
            <option key={carrier} value={carrier}>
              {m.carriers[carrier]}
            </option>
          ))}
        </select>
      </div>
      <div className="dash-field">
        <label htmlFor={`${id}-province`}>{m.filters.province}</label>
        <select id={`${id}-province`} value={value.province} onChange={(e) => set({ province: e.target.value })}>
          <option value="">{m.common.all}</option>
          {provinceOptions.map((province) => (
            <option key={province} value={province}>
              {province}
            </option>
          ))}
        </select>
      </div>
      {children}
      <fieldset className="dash-presets">
        <legend>{m.filters.presets}</legend>
        <button type="button" className="dash-button dash-button--secondary" onClick={() => preset(7)}>
          {m.filters.last7}
        </button>
        <button type="button" className="dash-button dash-button--secondary" onClick={() => preset(30)}>
          {m.filters.last30}
        </button>
        <button type="button" className="dash-button dash-button--secondary" onClick={() => preset(90)}>
          {m.filters.last90}
        </button>
      </fieldset>
      {rangeValid(value) ? null : (
        <p className="dash-error" role="alert">
          {m.filters.rangeInvalid}
        </p>
      )}
    </form>
  );
}
