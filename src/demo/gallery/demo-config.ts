import { useEffect, useState } from 'react';
import { DemoConfigResponseSchema } from '../../flow/demo';
import type { DemoConfigResponse, DemoFaultOption, DemoProvider } from '../../flow/demo';

/** What the server offers (GET /api/demo/config): undefined while loading, null when unavailable. */
export type DemoConfigState = DemoConfigResponse | undefined | null;

export async function loadDemoConfig(fetcher: typeof fetch = fetch): Promise<DemoConfigResponse | null> {
  try {
    const response = await fetcher('/api/demo/config', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const parsed = DemoConfigResponseSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function useDemoConfig(load: () => Promise<DemoConfigResponse | null> = loadDemoConfig): DemoConfigState {
  const [config, setConfig] = useState<DemoConfigState>(undefined);
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (live) setConfig(result);
    });
    return () => {
      live = false;
    };
  }, [load]);
  return config;
}

/** The faults the server injects for `provider`, as `kind@at`. */
export function faultsFor(config: DemoConfigState, provider: DemoProvider): string[] {
  return (config?.faults ?? []).filter((f: DemoFaultOption) => f.providers.includes(provider)).map((f) => `${f.kind}@${f.at}`);
}
