using System.Text.Json.Nodes;

namespace Docket.Engine.Domains;

/// <summary>
/// The older prediction API's <c>gql_stmt</c>: a GraphQL selection such as
/// <c>{ invoice_number total vendor { name } }</c> that narrows a response schema to the fields
/// it names. Only field names and nested selections are understood: no arguments, aliases,
/// fragments or variables.
/// </summary>
public static class GqlSelection
{
    private const int MaxDepth = 16;

    /// <returns>The narrowed copy of <paramref name="schema"/>, or null and why the statement does not fit it.</returns>
    public static (JsonObject? Schema, string? Error) Apply(JsonObject schema, string statement)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(statement);
        var tokens = Tokenize(statement, out var tokenError);
        if (tokenError is not null)
        {
            return (null, tokenError);
        }

        var position = 0;
        if (position < tokens.Count && tokens[position] == "query")
        {
            position++;
            if (position < tokens.Count && tokens[position] != "{")
            {
                position++;
            }
        }

        var (selection, parseError) = ParseSelection(tokens, ref position, 0);
        if (parseError is not null)
        {
            return (null, parseError);
        }

        if (position != tokens.Count)
        {
            return (null, $"Unexpected '{tokens[position]}' after the selection.");
        }

        var narrowed = schema.DeepClone().AsObject();
        var error = Narrow(narrowed, selection!, "");
        return error is null ? (narrowed, null) : (null, error);
    }

    private sealed record Field(string Name, List<Field>? Children);

    private static List<string> Tokenize(string statement, out string? error)
    {
        error = null;
        var tokens = new List<string>();
        var i = 0;
        while (i < statement.Length)
        {
            var c = statement[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c is '{' or '}')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < statement.Length && (char.IsAsciiLetterOrDigit(statement[i]) || statement[i] == '_'))
                {
                    i++;
                }

                tokens.Add(statement[start..i]);
            }
            else
            {
                error = $"'{c}' is not supported in gql_stmt: give field names and nested {{ }} selections only.";
                return tokens;
            }
        }

        return tokens;
    }

    private static (List<Field>? Fields, string? Error) ParseSelection(List<string> tokens, ref int position, int depth)
    {
        if (depth > MaxDepth)
        {
            return (null, "gql_stmt is nested too deeply.");
        }

        if (position >= tokens.Count || tokens[position] != "{")
        {
            return (null, "gql_stmt must be a selection in braces, such as '{ invoice_number total }'.");
        }

        position++;
        var fields = new List<Field>();
        while (position < tokens.Count && tokens[position] != "}")
        {
            var name = tokens[position];
            if (name == "{")
            {
                return (null, "A nested selection must follow a field name.");
            }

            position++;
            List<Field>? children = null;
            if (position < tokens.Count && tokens[position] == "{")
            {
                (children, var error) = ParseSelection(tokens, ref position, depth + 1);
                if (error is not null)
                {
                    return (null, error);
                }
            }

            fields.Add(new Field(name, children));
        }

        if (position >= tokens.Count)
        {
            return (null, "gql_stmt has an unclosed '{'.");
        }

        position++;
        return fields.Count == 0 ? (null, "gql_stmt selects no fields.") : (fields, null);
    }

    private static string? Narrow(JsonObject schema, List<Field> selection, string path)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return $"'{(path.Length == 0 ? "the response" : path)}' has no fields to select from.";
        }

        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in selection)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (properties[field.Name] is not JsonObject property)
            {
                return $"The schema has no field '{fieldPath}'.";
            }

            wanted.Add(field.Name);
            if (field.Children is null)
            {
                continue;
            }

            var target = property["items"] is JsonObject items && property["properties"] is null ? items : property;
            var error = Narrow(target, field.Children, fieldPath);
            if (error is not null)
            {
                return error;
            }
        }

        // Keep the schema's own property order: responses follow it.
        foreach (var name in properties.Select(p => p.Key).Where(name => !wanted.Contains(name)).ToList())
        {
            properties.Remove(name);
        }

        if (schema["required"] is JsonArray required)
        {
            schema["required"] = new JsonArray([.. required.Where(r => r is JsonValue v && v.TryGetValue<string>(out var name) && wanted.Contains(name)).Select(r => r!.DeepClone())]);
        }

        return null;
    }
}
