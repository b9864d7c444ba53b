using System.ComponentModel;
using Docket.Client;

namespace Docket.Tests.Client;

/// <summary>A response type as a user writes one: descriptions on the type, a property and a parameter.</summary>
[Description("An invoice's key fields.")]
public sealed record InvoiceFields(
    [property: Description("The invoice number, as printed")] string InvoiceNumber,
    [Description("The amount due, tax included")] decimal TotalAmount,
    DateOnly? DueDate,
    IReadOnlyList<InvoiceLine> LineItems);

public sealed record InvoiceLine(string Description, decimal Amount);

/// <summary>test/artifact's response typed with the SDKs' ImageRef.</summary>
public sealed record PixelResult([property: Description("The processed image")] ImageRef Image);

/// <summary>The parts of document/parse's response a caller reads.</summary>
public sealed record ParsedDocument(string Markdown, IReadOnlyList<ParsedPage> Pages);

public sealed record ParsedPage(int Number, string Text);

/// <summary>Typed inputs: a single file, a list of contents, a URL, text and a plain value.</summary>
public sealed record EchoInputs(MessageContent Contract, IReadOnlyList<MessageContent> Notes, MessageContent Source, int Copies);

/// <summary>What test/echo says about each input.</summary>
public sealed record EchoResponse(IReadOnlyList<EchoedInput> Inputs, string? Prompt);

public sealed record EchoedInput(string Name, string Kind, string SourceType, string? FileName, string? Text, System.Text.Json.Nodes.JsonNode? Value);
