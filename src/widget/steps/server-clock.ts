import { createContext, useContext } from 'react';

/** Server clock minus device clock for the screen shown (SessionSnapshot.skewMs). */
export const ServerSkewContext = createContext(0);

export function useServerSkew(): number {
  return useContext(ServerSkewContext);
}
