using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Docket.Common;

/// <summary>Identifier rules shared by every capability.</summary>
public static partial class Ids
{
    /// <summary>
    /// A new id that sorts by creation time (UUID v7), so "newest first" listings and the
    /// queue's FIFO order agree with what a person reads.
    /// </summary>
    public static string New() => Guid.CreateVersion7().ToString();

    /// <summary>Ids arrive in URL paths unencoded; anything else is refused before any lookup.</summary>
    public static bool IsValid(string? id) => id is { Length: > 0 and <= 200 } && IdPattern().IsMatch(id);

    public static string RandomToken(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex IdPattern();
}
