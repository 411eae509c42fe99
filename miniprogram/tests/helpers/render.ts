import path from 'path'
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')

const root = path.join(__dirname, '..', '..', 'src')

export interface Rendered {
  instance: Record<string, (...args: unknown[]) => unknown> & { data: Record<string, unknown> }
  querySelector(selector: string): { dispatchEvent(name: string, detail?: unknown): void; dom: HTMLElement } | null
  querySelectorAll(selector: string): { dispatchEvent(name: string, detail?: unknown): void; dom: HTMLElement }[]
  dom: HTMLElement
  attach?(parent: Element): void
}

/** Loads a page folder (pages/x/index.{ts,wxml,wxss,json}) once per test file. */
export function loadPage(page: string): string {
  return simulate.load(path.join(root, page), { compiler: 'simulate', rootPath: root })
}

/** Renders a loaded page and runs its onLoad with `query`. */
export function renderPage(id: string, query: Record<string, string> = {}): Rendered {
  const rendered = simulate.render(id) as Rendered
  rendered.attach?.(document.createElement('parent-wrapper'))
  rendered.instance.onLoad(query)
  return rendered
}

export function text(rendered: Rendered): string {
  return rendered.dom.textContent?.replace(/\s+/g, ' ') ?? ''
}
