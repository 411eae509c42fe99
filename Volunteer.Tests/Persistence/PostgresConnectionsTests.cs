using Npgsql;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Tests.Persistence;

/// <summary>
/// The defaults the API gives its PostgreSQL connection string (Persistence/PostgresConnections.cs), and that an operator's
/// own setting of any of them wins.
/// </summary>
public sealed class PostgresConnectionsTests
{
    private const string Configured = "Host=db;Port=5432;Username=volunteer;Password=secret;Database=volunteer";

    [Fact]
    public void A_connection_string_that_names_none_gets_the_pool_ceiling_prepared_statements_and_no_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned(Configured));

        Assert.Equal(16, tuned.MaxPoolSize);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(("db", 5432, "volunteer", "secret", "volunteer"),
            (tuned.Host, tuned.Port, tuned.Username, tuned.Password, tuned.Database));
    }

    [Theory]
    [InlineData("Maximum Pool Size=100")]
    [InlineData("maximum pool size=100")]
    public void A_pool_ceiling_the_operator_set_is_kept(string setting)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned($"{Configured};{setting}"));

        Assert.Equal(100, tuned.MaxPoolSize);
        Assert.Equal(64, tuned.MaxAutoPrepare);
    }

    [Fact]
    public void Prepared_statements_and_the_reset_the_operator_set_are_kept()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgresConnections.Tuned($"{Configured};Max Auto Prepare=0;No Reset On Close=false"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(16, tuned.MaxPoolSize);
    }
}
