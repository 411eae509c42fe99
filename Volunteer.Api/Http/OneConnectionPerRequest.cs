using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Http;

/// <summary>
/// Opens the request's database connection once, before the handler runs, and keeps it until the
/// handler is done. Otherwise EF Core opens and closes it around every statement: each close hands it
/// back to the pool and the next open pays for a reset (PostgreSQL's <c>DISCARD ALL</c>, SQLite's
/// connection pragmas). Runs after authentication and input validation, so refused requests never
/// take a connection. The connection goes back to the pool before the answer is written, so a client
/// reading a long answer slowly does not hold one of the pool's few connections (issue 12).
/// </summary>
internal sealed class OneConnectionPerRequest : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<NoRequestConnection>() is not null)
            return await next(context);
        var database = context.HttpContext.RequestServices.GetRequiredService<RequestDatabase>();
        await database.OpenAsync(context.HttpContext.RequestAborted);
        try
        {
            return await next(context);
        }
        finally
        {
            // The answer (or the problem an exception becomes) is written after this: without the connection.
            await database.ReleaseAsync();
        }
    }
}

/// <summary>
/// Endpoint metadata: the handler answers from memory as a rule (the live leaderboard), so the request's
/// connection is not opened up front; what it reads on a miss it reads on a connection of its own.
/// </summary>
internal sealed class NoRequestConnection
{
    public static readonly NoRequestConnection Instance = new();
}
