using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// The EF Core compiled model of each provider's context, generated into <c>CompiledModels/Sqlite</c> and
/// <c>CompiledModels/Postgres</c> by <c>eng/migrations/compiled-model.sh</c> (what <c>dotnet ef dbcontext
/// optimize</c> writes). With it the API does not build the model from the entity configurations at start-up,
/// and the model's converters and comparers are code precompiled with the assembly (ReadyToRun) instead of
/// expression trees compiled at run time. <c>CompiledModelTests</c> fails when the model changed and the
/// compiled models were not regenerated.
/// </summary>
public static class CompiledModel
{
    private static readonly ConcurrentDictionary<Type, IModel?> Models = new();

    /// <summary>
    /// Uses the compiled model of <paramref name="contextType"/>, looked up once per process. It is found through the
    /// generated <see cref="DbContextModelAttribute"/> rather than named in code, so that the generator can delete
    /// and rewrite the generated files (a stale model may no longer compile); without them the model is built at
    /// run time, as before.
    /// </summary>
    public static DbContextOptionsBuilder UseCompiledModel(this DbContextOptionsBuilder options, Type contextType) =>
        Find(contextType) is { } model ? options.UseModel(model) : options;

    /// <summary>The compiled model of <paramref name="contextType"/>, or null when none was generated.</summary>
    public static IModel? Find(Type contextType) => Models.GetOrAdd(contextType, static type =>
        type.Assembly.GetCustomAttributes<DbContextModelAttribute>()
            .Where(a => a.ContextType == type)
            .Select(a => (IModel?)a.ModelType.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .FirstOrDefault());
}
