import { defineConfig } from "vite";

// A plain static build (dist/, not committed): JSX through esbuild, no dev server, no plugins.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  logLevel: "error",
});
