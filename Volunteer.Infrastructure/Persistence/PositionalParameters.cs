using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// Sends a tagged query's statement to PostgreSQL with its native positional placeholders (<c>$1</c>, <c>$2</c>…)
/// instead of EF Core's named ones (<c>@memberId</c>). Npgsql rewrites a statement with named parameters into the
/// positional form on every execution (parsing the text and building a new string: for the ~3 KB task-list statement
/// about 7 % of the bytes a request allocated), and sends a statement whose parameters have no names as it is.
/// The rewritten text is worked out once per statement text (EF Core keeps one text per compiled query) and
/// remembered; each execution only puts the parameters in placeholder order and drops their names.
/// Only statements of queries tagged with <see cref="Tag"/> are touched, so raw SQL written elsewhere is never parsed
/// here; a statement this small scanner does not understand (dollar quoting, escape strings) is left to Npgsql.
/// </summary>
public sealed class PositionalParameters : DbCommandInterceptor
{
    /// <summary>The query tag (<c>TagWith</c>) that asks for positional placeholders.</summary>
    public const string Tag = "positional parameters";

    private const string TagComment = "-- " + Tag;

    /// <summary>Rewritten statements by the identity of EF Core's statement text (null: leave it to Npgsql).</summary>
    private readonly ConditionalWeakTable<string, Rewritten?> _rewritten = new();

    internal sealed record Rewritten(string Sql, string[] Names);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        Apply(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Apply(command);
        return ValueTask.FromResult(result);
    }

    private void Apply(DbCommand command)
    {
        var text = command.CommandText;
        if (command is not NpgsqlCommand npgsql || !text.StartsWith(TagComment, StringComparison.Ordinal))
            return;
        if (!_rewritten.TryGetValue(text, out var rewritten))
            rewritten = _rewritten.GetValue(text, static sql => Rewrite(sql));
        if (rewritten is null)
            return;

        var parameters = npgsql.Parameters;
        if (parameters.Count != rewritten.Names.Length)
            return;
        var ordered = new NpgsqlParameter[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var index = Array.IndexOf(rewritten.Names, NameOf(parameters[i]));
            if (index < 0 || ordered[index] is not null)
                return;
            ordered[index] = parameters[i];
        }
        parameters.Clear();
        foreach (var parameter in ordered)
        {
            parameter.ParameterName = "";
            parameters.Add(parameter);
        }
        command.CommandText = rewritten.Sql;
    }

    private static string NameOf(NpgsqlParameter parameter) =>
        parameter.ParameterName is ['@' or ':', .. var name] ? name : parameter.ParameterName;

    /// <summary>
    /// The statement with <c>@name</c> replaced by <c>$n</c> (n in order of first use), outside quoted strings,
    /// quoted identifiers and comments; null if it holds anything this scanner does not handle.
    /// </summary>
    internal static Rewritten? Rewrite(string sql)
    {
        var names = new List<string>();
        var result = new StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"':
                    var end = sql.IndexOf(c, i + 1); // a doubled quote inside is two adjacent quoted runs: same result
                    if (end < 0)
                        return null;
                    if (c == '\'' && i > 0 && (sql[i - 1] is 'E' or 'e') && (i < 2 || !IsNameChar(sql[i - 2])))
                        return null; // an escape string: a backslash could hide its end
                    result.Append(sql, i, end + 1 - i);
                    i = end + 1;
                    break;
                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                    var lineEnd = sql.IndexOf('\n', i);
                    lineEnd = lineEnd < 0 ? sql.Length : lineEnd;
                    result.Append(sql, i, lineEnd - i);
                    i = lineEnd;
                    break;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    var commentEnd = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (commentEnd < 0 || sql.IndexOf("/*", i + 2, commentEnd - i - 2, StringComparison.Ordinal) >= 0)
                        return null; // unterminated or nested
                    result.Append(sql, i, commentEnd + 2 - i);
                    i = commentEnd + 2;
                    break;
                case '$' or '?':
                    return null; // dollar quoting, positional placeholders already, or an operator Npgsql treats specially
                case '@' when i + 1 < sql.Length && IsNameStart(sql[i + 1]) && (i == 0 || !IsNameChar(sql[i - 1])):
                    var start = i + 1;
                    var stop = start;
                    while (stop < sql.Length && IsNameChar(sql[stop]))
                        stop++;
                    var name = sql[start..stop];
                    var ordinal = names.IndexOf(name);
                    if (ordinal < 0)
                    {
                        names.Add(name);
                        ordinal = names.Count - 1;
                    }
                    result.Append('$').Append(ordinal + 1);
                    i = stop;
                    break;
                default:
                    result.Append(c);
                    i++;
                    break;
            }
        }
        return names.Count == 0 ? null : new Rewritten(result.ToString(), [.. names]);
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
