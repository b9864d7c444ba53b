namespace Docket.Inputs;

/// <summary>A downloaded URL on local disk.</summary>
/// <param name="Path">Where the bytes are; a name the fetcher chose, inside the caller's directory.</param>
/// <param name="FileName">The name the server or URL gave, sanitized: never a path.</param>
/// <param name="ContentType">The media type the server sent, else one guessed from the name.</param>
/// <param name="Bytes">The length of the file.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of the bytes.</param>
/// <param name="Md5">Lowercase hex MD5 of the bytes.</param>
public sealed record FetchedFile(string Path, string FileName, string ContentType, long Bytes, string Sha256, string Md5);
