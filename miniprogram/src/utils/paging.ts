import type { Page } from '../api/index'
import { errorText } from './ui'

/** The data every paged list page keeps. */
export interface ListState<T> {
  items: T[]
  page: number
  total: number
  loading: boolean
  finished: boolean
  error: string
  empty: boolean
}

export function emptyList<T>(): ListState<T> {
  return { items: [], page: 0, total: 0, loading: false, finished: false, error: '', empty: false }
}

interface Host<T> {
  data: { list: ListState<T> }
  setData(data: Record<string, unknown>): void
}

/**
 * Loads the first page (refresh) or the next one into `data.list`, keeping the error for the
 * page's error state. Pull-to-refresh calls it with `refresh`, reaching the bottom without.
 */
export async function loadPage<T, R = T>(host: Host<R>, fetch: (page: number) => Promise<Page<T>>, refresh: boolean,
  map: (item: T) => R = item => item as unknown as R): Promise<void> {
  const list = host.data.list
  if (list.loading || (!refresh && list.finished)) return
  const page = refresh ? 1 : list.page + 1
  host.setData({ 'list.loading': true, 'list.error': '' })
  try {
    const answer = await fetch(page)
    const items = (refresh ? [] : list.items).concat(answer.items.map(map))
    host.setData({
      list: {
        items,
        page,
        total: answer.total,
        loading: false,
        finished: items.length >= answer.total || answer.items.length === 0,
        error: '',
        empty: items.length === 0,
      },
    })
  } catch (e) {
    host.setData({ 'list.loading': false, 'list.error': errorText(e) })
  } finally {
    if (refresh) wx.stopPullDownRefresh()
  }
}
