namespace Volunteer.Api.Http;

/// <summary>
/// A request that changes data (any method but GET, HEAD, OPTIONS and TRACE) runs to its end when its client goes away:
/// its <see cref="HttpContext.RequestAborted"/> is a token that is never cancelled, so the use case, EF Core and Npgsql
/// finish the write and commit it; the answer then goes nowhere.
/// <list type="bullet">
/// <item>A resident on a mobile network who loses the connection in the middle of a claim holds the claim (and gets its
/// 认领成功 message), and sees it on the next refresh, instead of an outcome that depended on where the handler was
/// when the connection dropped: before the statement, nothing; during it, a cancel request racing the commit.</item>
/// <item>Cancelling costs more than finishing: a statement cancelled while it runs makes Npgsql open a connection of its
/// own to PostgreSQL for the cancel request (a TLS handshake and a forked process on the server), and each cancelled
/// request throws through every layer of the pipeline. When 64 load-generator connections closed at once, the API threw
/// 610–739 <see cref="OperationCanceledException"/>s within a second and stalled the requests that came next
/// (docs/performance.md, thirteenth pass).</item>
/// </list>
/// A write is bounded all the same: the database's command timeout, and the host's shutdown timeout for the process.
/// Reads keep the client's token: an export or a report that nobody waits for any more stops early.
/// </summary>
internal sealed class WritesRunToTheEnd(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Changes(context.Request.Method))
            context.RequestAborted = CancellationToken.None;
        return next(context);
    }

    /// <summary>Whether a request of this method may change data (RFC 9110's unsafe methods).</summary>
    internal static bool Changes(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
