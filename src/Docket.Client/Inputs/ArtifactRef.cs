namespace Docket.Client;

/// <summary>
/// An artifact in a typed response. Declare a response property as <see cref="ImageRef"/>,
/// <see cref="VideoRef"/>, <see cref="AudioRef"/> or <see cref="DocumentRef"/> and the server
/// fills it with <c>{"id": "img_…"}</c>; download it with <see cref="ArtifactsClient.GetAsync(string, ArtifactRef, CancellationToken)"/>.
/// </summary>
/// <param name="Id">The artifact's object id inside its execution, such as <c>img_3fa2c1</c>.</param>
public abstract record ArtifactRef(string Id);

/// <summary>An image artifact (<c>img_…</c>: PNG or JPEG).</summary>
/// <param name="Id">The artifact's object id.</param>
public sealed record ImageRef(string Id) : ArtifactRef(Id);

/// <summary>A video artifact (<c>vid_…</c>: MP4).</summary>
/// <param name="Id">The artifact's object id.</param>
public sealed record VideoRef(string Id) : ArtifactRef(Id);

/// <summary>An audio artifact (<c>aud_…</c>: MPEG audio).</summary>
/// <param name="Id">The artifact's object id.</param>
public sealed record AudioRef(string Id) : ArtifactRef(Id);

/// <summary>A document artifact (<c>doc_…</c>: PDF).</summary>
/// <param name="Id">The artifact's object id.</param>
public sealed record DocumentRef(string Id) : ArtifactRef(Id);
