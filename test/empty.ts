// Stands in for the `server-only` marker package in Vitest, where there is no client bundle to guard.
export {};
