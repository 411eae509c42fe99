using System.Linq.Expressions;

namespace Volunteer.Domain.Common;

/// <summary>
/// A condition on an entity at an instant, written once: the entity checks it in memory before a change,
/// and the database re-checks the very same condition in the conditional UPDATE that makes the change, which
/// is what holds when many requests race (task slots, reward stock).
/// </summary>
public sealed class ConditionAt<T>
{
    private readonly Expression<Func<T, DateTimeOffset, bool>> _condition;
    private readonly Func<T, DateTimeOffset, bool> _check;

    public ConditionAt(Expression<Func<T, DateTimeOffset, bool>> condition)
    {
        _condition = condition;
        _check = condition.Compile();
    }

    public bool IsMetBy(T entity, DateTimeOffset now) => _check(entity, now);

    /// <summary>The condition at <paramref name="now"/> as a predicate a query provider translates (the instant stays a parameter).</summary>
    public Expression<Func<T, bool>> At(DateTimeOffset now)
    {
        Expression<Func<DateTimeOffset>> instant = () => now;
        var body = new Substitute(_condition.Parameters[1], instant.Body).Visit(_condition.Body);
        return Expression.Lambda<Func<T, bool>>(body, _condition.Parameters[0]);
    }

    private sealed class Substitute(ParameterExpression parameter, Expression value) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? value : node;
    }
}
