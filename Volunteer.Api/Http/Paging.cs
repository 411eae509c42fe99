using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Http;

/// <summary>Every list answers in this shape.</summary>
/// <param name="Items">This page's items.</param>
/// <param name="Total">How many items match, over all pages.</param>
/// <param name="Page">1-based page number.</param>
/// <param name="PageSize">Items per page (at most 100).</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>Page parameters: <c>page</c> from 1, <c>pageSize</c> 1–100 (larger values are capped to 100).</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public static PageRequest From(int? page, int? pageSize)
    {
        if (page is < 1)
            throw DomainException.Invalid("page", "page 须从 1 开始。");
        if (pageSize is < 1)
            throw DomainException.Invalid("pageSize", "pageSize 须为正数。");
        return new PageRequest(page ?? 1, Math.Min(pageSize ?? DefaultSize, MaxSize));
    }

    /// <summary>Rows before this page; in long first, because (page - 1) * pageSize overflows int for a large page, and a negative OFFSET is an error on PostgreSQL.</summary>
    public int Skip => (int)Math.Min((long)(Page - 1) * PageSize, int.MaxValue);

    public async Task<Paged<TOut>> ApplyAsync<TIn, TOut>(IQueryable<TIn> ordered, Func<List<TIn>, IReadOnlyList<TOut>> map, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var skip = Skip;
        var items = total <= skip ? [] : await ordered.Skip(skip).Take(PageSize).ToListAsync(ct);
        return new Paged<TOut>(map(items), total, Page, PageSize);
    }
}
