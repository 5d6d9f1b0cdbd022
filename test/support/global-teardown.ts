/** Stops the dev server started by ./global-setup.ts. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__devServer?.stop();
}
