namespace Docket.Engine.Readers;

/// <summary>The formats <see cref="DocumentReader"/> understands.</summary>
public enum DocumentFormat
{
    Pdf,
    Text,
    Markdown,
    Csv,
    Html,
}
