import { render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { chooseOption, typeInto } from '../dom-input';

function Controlled({ onText }: { onText: (value: string) => void }) {
  const [value, setValue] = useState('old');
  const [choice, setChoice] = useState('');
  return (
    <>
      <input
        aria-label="code"
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          onText(event.target.value);
        }}
      />
      <select aria-label="pick" value={choice} onChange={(event) => setChoice(event.target.value)}>
        <option value="" disabled>
          --
        </option>
        <option value="x">X</option>
      </select>
      <output>{choice}</output>
    </>
  );
}

describe('dom input', () => {
  it('reaches a React controlled input as typing, clearing what was there', async () => {
    const seen: string[] = [];
    render(<Controlled onText={(v) => seen.push(v)} />);
    const input = screen.getByRole('textbox', { name: 'code' });
    if (!(input instanceof HTMLInputElement)) throw new Error('not an input');
    await typeInto(input, 'ab', 1);
    expect(seen).toEqual(['', 'a', 'ab']);
    expect(input.value).toBe('ab');
  });

  it('chooses the first real option of a React select when no value is given', () => {
    render(<Controlled onText={() => undefined} />);
    const select = screen.getByRole('combobox', { name: 'pick' });
    if (!(select instanceof HTMLSelectElement)) throw new Error('not a select');
    expect(chooseOption(select, '')).toBe(true);
    expect(screen.getByRole('status')).toHaveTextContent('x');
    expect(chooseOption(select, 'missing')).toBe(false);
  });
});
