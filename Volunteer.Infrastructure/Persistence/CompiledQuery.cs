using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// A query compiled once per EF Core model (<see cref="EF.CompileAsyncQuery{TContext,TParam1,TResult}(System.Linq.Expressions.Expression{Func{TContext,TParam1,TResult}})"/>):
/// the delegate EF Core returns is bound to the first model it runs on and refuses any other, and the
/// product has one model per provider (tests have more: each set of interceptors builds its own).
/// Compiling skips the per-execution work of finding a LINQ query in EF Core's query cache, which
/// shows on the hot paths (a claim's read).
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = new();

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TQuery For(DbContext db)
    {
        var model = db.Model;
        return _byModel.TryGetValue(model, out var query) ? query : _byModel.GetValue(model, _ => compile());
    }
}
