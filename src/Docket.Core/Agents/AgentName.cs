using System.Text.RegularExpressions;

namespace Docket.Agents;

/// <summary>An agent reference as clients write it: <c>name</c> or <c>name:version</c>.</summary>
public sealed partial record AgentName(string Name, string? Version)
{
    public override string ToString() => Version is null ? Name : $"{Name}:{Version}";

    /// <summary>Splits at the last ':'; null with a reason when either part is malformed.</summary>
    public static AgentName? TryParse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The agent name is empty.";
            return null;
        }

        var colon = text.LastIndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        var version = colon < 0 ? null : text[(colon + 1)..];
        if (!NamePattern().IsMatch(name))
        {
            error = $"'{text}' is not a valid agent name: use letters, digits, '-', '_', '.' and '/', starting with a letter or digit, at most 128 characters, optionally followed by ':version'.";
            return null;
        }

        if (version is not null && !VersionPattern().IsMatch(version))
        {
            error = $"'{text}' has an invalid version '{version}': use letters, digits, '.', '_' and '-', at most 64 characters.";
            return null;
        }

        return new AgentName(name, version is "latest" ? null : version);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex VersionPattern();
}
