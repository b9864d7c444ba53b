using System.Data.Common;

namespace Docket.Data;

/// <summary>
/// One SQL statement of a write described as data instead of code, so a store can send the
/// statements of many concurrent writes together (see <see cref="IDocketDatabase.WriteStatementsAsync"/>).
/// Every statement returns a result set, even an empty one: writes end in <c>RETURNING</c>. The
/// rows are mapped by <see cref="WriteStatement{T}"/> and readable once the write has committed.
/// </summary>
public abstract class WriteStatement(string sql, (string Name, object? Value)[] parameters)
{
    private readonly (string Name, object? Value)[] _parameters = parameters;

    public string Sql { get; } = sql;

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>Forgets the rows of an attempt that was rolled back, before the statement runs again.</summary>
    public abstract void Reset();

    /// <summary>Maps the reader's current row.</summary>
    public abstract void ReadRow(DbDataReader reader);

    /// <summary>Runs the statement on its own, inside the caller's transaction.</summary>
    public async Task RunAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        Reset();
        await using var command = connection.Command(transaction, Sql, _parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ReadRow(reader);
        }
    }
}

/// <summary>A statement whose returned rows are mapped to <typeparamref name="T"/>.</summary>
public sealed class WriteStatement<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    : WriteStatement(sql, parameters)
{
    private readonly List<T> _rows = [];

    public IReadOnlyList<T> Rows => _rows;

    /// <summary>The first row, or the default when the statement returned none.</summary>
    public T? First => _rows.Count > 0 ? _rows[0] : default;

    public override void Reset() => _rows.Clear();

    public override void ReadRow(DbDataReader reader) => _rows.Add(map(reader));
}
