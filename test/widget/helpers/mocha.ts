/**
 * Typed access to the globals web-test-runner's mocha defines. The project has no
 * @types/mocha, and declaring the globals would clash with other runners' typings.
 */
type Body = () => unknown;

interface MochaGlobals {
  describe(title: string, body: () => void): void;
  it(title: string, body: Body): void;
  beforeEach(body: Body): void;
  afterEach(body: Body): void;
}

export const { describe, it, beforeEach, afterEach } = globalThis as unknown as MochaGlobals;
