import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file the local web chat serves as it is. */
export interface StaticFile {
  /** Absolute path on disk. */
  path: string;
  contentType: string;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const require = createRequire(import.meta.url);
const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';

/** The folder of an installed package (its package.json's folder), found the way Node resolves it. */
function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * URL path → file: the page, its scripts and styles, and the browser builds of marked and DOMPurify
 * straight from node_modules (so they are the versions package-lock.json pins, never a copy).
 */
export const STATIC_FILES: Readonly<Record<string, StaticFile>> = {
  '/': { path: path.join(PUBLIC_DIR, 'index.html'), contentType: HTML },
  '/index.html': { path: path.join(PUBLIC_DIR, 'index.html'), contentType: HTML },
  '/app.js': { path: path.join(PUBLIC_DIR, 'app.js'), contentType: JS },
  '/icons.js': { path: path.join(PUBLIC_DIR, 'icons.js'), contentType: JS },
  '/upload.js': { path: path.join(PUBLIC_DIR, 'upload.js'), contentType: JS },
  '/markdown.js': { path: path.join(PUBLIC_DIR, 'markdown.js'), contentType: JS },
  '/draw.js': { path: path.join(PUBLIC_DIR, 'draw.js'), contentType: JS },
  '/draw.css': { path: path.join(PUBLIC_DIR, 'draw.css'), contentType: 'text/css; charset=utf-8' },
  '/live-view.js': { path: path.join(PUBLIC_DIR, 'live-view.js'), contentType: JS },
  '/style.css': { path: path.join(PUBLIC_DIR, 'style.css'), contentType: 'text/css; charset=utf-8' },
  '/favicon.svg': { path: path.join(PUBLIC_DIR, 'favicon.svg'), contentType: 'image/svg+xml' },
  '/vendor/marked.js': { path: path.join(packageDir('marked'), 'lib', 'marked.umd.js'), contentType: JS },
  '/vendor/purify.js': { path: require.resolve('dompurify/dist/purify.min.js'), contentType: JS },
};
