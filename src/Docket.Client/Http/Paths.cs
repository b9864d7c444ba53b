namespace Docket.Client;

/// <summary>Ids inside request paths.</summary>
internal static class Paths
{
    /// <summary>One path segment: everything escaped.</summary>
    public static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Uri.EscapeDataString(id);
    }

    /// <summary>An id that may contain '/' (a built-in agent's, such as <c>document/parse</c>): each part escaped, the slashes kept.</summary>
    public static string EscapeKeepingSlashes(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return string.Join('/', id.Split('/').Select(Uri.EscapeDataString));
    }
}
