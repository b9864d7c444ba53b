using Docket.Data;

namespace Docket.Tests.Data;

/// <summary>The one-time rewrite of named parameters to PostgreSQL's numbered ones.</summary>
public sealed class PostgresPositionalTests
{
    [Fact]
    public void Rewrite_NumbersEachNameOnce_InOrderOfFirstUse()
    {
        var (sql, names) = PostgresPositional.Rewrite("UPDATE t SET a = @a, b = @b_2 WHERE id = @id AND a <> @a RETURNING @b_2::text");

        Assert.Equal("UPDATE t SET a = $1, b = $2 WHERE id = $3 AND a <> $1 RETURNING $2::text", sql);
        Assert.Equal(["@a", "@b_2", "@id"], names);
    }

    [Fact]
    public void Rewrite_LeavesLiteralsQuotedNamesAndCommentsAlone()
    {
        var (sql, names) = PostgresPositional.Rewrite("""
            SELECT '@not', 'it''s @not', "@col" -- @comment
            FROM t WHERE x = @x AND y = 'a@b.c' AND z = @ 5
            """);

        Assert.Equal("""
            SELECT '@not', 'it''s @not', "@col" -- @comment
            FROM t WHERE x = $1 AND y = 'a@b.c' AND z = @ 5
            """, sql);
        Assert.Equal(["@x"], names);
    }

    [Fact]
    public void Command_SendsValuesByPosition_AndRefusesAMissingParameter()
    {
        var command = PostgresPositional.Command("SELECT @b, @a, @b", [("@a", 1), ("@b", "two"), ("@unused", 3)]);

        Assert.Equal("SELECT $1, $2, $1", command.CommandText);
        Assert.Equal(["two", 1], command.Parameters.Select(p => p.Value));
        Assert.All(command.Parameters, p => Assert.Equal(string.Empty, p.ParameterName));
        Assert.Throws<ArgumentException>(() => PostgresPositional.Command("SELECT @missing", [("@a", 1)]));
    }
}
