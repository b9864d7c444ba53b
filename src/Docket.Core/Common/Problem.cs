namespace Docket.Common;

/// <summary>
/// An expected failure of a request, as a value: the HTTP status, a stable machine code and a
/// message for a person. The server turns it into a problem-details body.
/// </summary>
public sealed record Problem(int Status, string Code, string Detail)
{
    public static Problem BadRequest(string detail, string code = "invalid_request") => new(400, code, detail);

    public static Problem NotFound(string detail, string code = "not_found") => new(404, code, detail);

    public static Problem Conflict(string detail, string code = "conflict") => new(409, code, detail);

    public static Problem TooLarge(string detail) => new(413, "too_large", detail);

    public static Problem Unprocessable(string detail, string code = "invalid_input") => new(422, code, detail);
}
