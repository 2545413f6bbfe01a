// Nothing for @crego/validation here: Vite 8 serves and bundles its .wasm without a plugin.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({ plugins: [react()] });
