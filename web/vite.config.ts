import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The build lands in web/dist; the server's MSBuild target copies it into its wwwroot. In `npm run dev`,
// API, live (native WebSocket and hub) and SSE calls go to a server started with `dotnet run --project src/LiveDesk.Server`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/api": "http://localhost:5080",
      "/hubs": { target: "http://localhost:5080", ws: true },
      "/live": { target: "http://localhost:5080", ws: true },
    },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
