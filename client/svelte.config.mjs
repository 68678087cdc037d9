/** Read by the Vite plugin and by svelte-check: every component of the client uses runes. */
export default {
  compilerOptions: { runes: true },
};
