/** A stub of the API behind a mocked `wx`: routes by method and path, records every request. */
export interface Sent {
  method: string
  path: string
  query: Record<string, string>
  data: unknown
  header: Record<string, string>
}

export interface Answer {
  status: number
  body?: unknown
}

type Handler = (request: Sent) => Answer | 'network-failure'

export class FakeApi {
  readonly sent: Sent[] = []
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[] = []

  on(method: string, path: string | RegExp, handler: Handler | Answer): this {
    const pattern = typeof path === 'string' ? new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : path
    this.routes.unshift({ method, pattern, handler: typeof handler === 'function' ? handler : () => handler })
    return this
  }

  calls(method: string, path: string | RegExp): Sent[] {
    return this.sent.filter(s => s.method === method && (typeof path === 'string' ? s.path === path : path.test(s.path)))
  }

  handle(request: Sent): Answer | 'network-failure' {
    this.sent.push(request)
    const route = this.routes.find(r => r.method === request.method && r.pattern.test(request.path))
    if (!route) return { status: 404, body: { status: 404, title: '资源不存在', code: 'route.notFound', detail: '请求的地址不存在。', traceId: 't' } }
    return route.handler(request)
  }
}

/** A ProblemDetails answer as the API writes it. */
export function problem(status: number, code: string, detail: string, errors?: Record<string, string[]>): Answer {
  return { status, body: { type: 'about:blank', title: '请求失败', status, detail, code, traceId: '00-test', ...(errors ? { errors } : {}) } }
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 20) {
  return { status: 200, body: { items, total, page: pageNumber, pageSize } }
}
