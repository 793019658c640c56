using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Infrastructure.Behaviors;

/// <summary>
/// The one rule every request meets before its validators, whoever sends it (API, page, job): walking the request's
/// properties with a public setter or init (and the Storefront types and collections inside it), a non-nullable property that holds
/// null is a field error, a string may hold no control character (no C0, DEL or C1, no lone surrogate; multi-line
/// fields may keep \n, \r and \t), and no string is longer than its limit: the length of the column of that name
/// in the EF model, else [MaxLength]/[StringLength] on the property, else 20,000 for a multi-line field and 2,000 for
/// any other. Multi-line fields are those marked [DataType(MultilineText)] or named like free text (…Description,
/// …Note, …Text, …Reply, …Content, …Csv). Validators then see no nulls they were promised away and no text that
/// PostgreSQL would refuse (NUL: 22021).
/// </summary>
public sealed class InputRules(IDbContextFactory<StorefrontDb> dbs)
{
    public const int DefaultMaxLength = 2_000;

    public const int MultiLineMaxLength = 20_000;

    /// <summary>The error code of an over-long string (the other breaches have codes of their own).</summary>
    public const string TooLongCode = "input.too_long";

    private const string NullCode = "input.null";

    private const string ControlCode = "input.control_character";

    private const int MaxDepth = 8;

    private static readonly string[] MultiLineSuffixes = ["Description", "Note", "Text", "Reply", "Content", "Csv"];

    private readonly ConcurrentDictionary<Type, Member[]> _members = new();
    private readonly NullabilityInfoContext _nullability = new();
    private IReadOnlyDictionary<string, int>? _columnLengths;

    /// <summary>Every breach of the rule in <paramref name="request"/>, each naming its property path (Skus[0].Code).</summary>
    public List<ValidationFailure> Check(object request)
    {
        var failures = new List<ValidationFailure>();
        Walk(request, "", failures, 0);
        return failures;
    }

    /// <summary>The string limits by property name, from the columns of the EF model that have a maximum length.</summary>
    private IReadOnlyDictionary<string, int> ColumnLengths()
    {
        if (_columnLengths is { } known)
        {
            return known;
        }

        using var db = dbs.CreateDbContext();
        var lengths = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in db.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(string) && property.GetMaxLength() is { } max)
            {
                // Two columns of one name: the longer bounds the edge; the use case's validator can be stricter.
                lengths[property.Name] = Math.Max(max, lengths.GetValueOrDefault(property.Name));
            }
        }

        return _columnLengths = lengths;
    }

    private void Walk(object value, string prefix, List<ValidationFailure> failures, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        foreach (var member in Members(value.GetType()))
        {
            var path = prefix + member.Name;
            var item = member.Property.GetValue(value);
            if (item is null)
            {
                if (member.NotNull)
                {
                    failures.Add(new ValidationFailure(path, SharedText.InputRequired) { ErrorCode = NullCode });
                }

                continue;
            }

            CheckValue(item, path, member, member.ElementNotNull, failures, depth);
        }
    }

    private void CheckValue(object item, string path, Member member, bool elementsNotNull, List<ValidationFailure> failures, int depth)
    {
        switch (item)
        {
            case string text:
                CheckString(text, path, member, failures);
                break;
            case IDictionary:
                break;
            case IEnumerable items when IsWalkableSequence(item.GetType()):
                var index = 0;
                foreach (var element in items)
                {
                    var elementPath = $"{path}[{index++}]";
                    if (element is null)
                    {
                        if (elementsNotNull)
                        {
                            failures.Add(new ValidationFailure(elementPath, SharedText.InputRequired) { ErrorCode = NullCode });
                        }
                    }
                    else
                    {
                        CheckValue(element, elementPath, member, elementsNotNull: false, failures, depth + 1);
                    }
                }

                break;
            default:
                if (IsOurs(item.GetType()))
                {
                    Walk(item, path + ".", failures, depth + 1);
                }

                break;
        }
    }

    private static void CheckString(string text, string path, Member member, List<ValidationFailure> failures)
    {
        if (text.Length > member.MaxLength)
        {
            failures.Add(new ValidationFailure(path, string.Format(SharedText.InputTooLong, member.MaxLength)) { ErrorCode = TooLongCode });
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var refused = c switch
            {
                '\n' or '\r' or '\t' => !member.MultiLine,
                < ' ' or (>= '\u007f' and <= '\u009f') => true,
                _ when char.IsHighSurrogate(c) => !(i + 1 < text.Length && char.IsLowSurrogate(text[++i])),
                _ => char.IsLowSurrogate(c),
            };
            if (refused)
            {
                failures.Add(new ValidationFailure(path, SharedText.InputControlCharacters) { ErrorCode = ControlCode });
                return;
            }
        }
    }

    private Member[] Members(Type type) => _members.GetOrAdd(type, t =>
    {
        lock (_nullability)   // NullabilityInfoContext is not thread-safe
        {
            var columns = ColumnLengths();
            return [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetMethod?.IsPublic == true && p.SetMethod?.IsPublic == true && p.GetIndexParameters().Length == 0)
                .Select(p => Describe(p, columns))];
        }
    });

    private Member Describe(PropertyInfo property, IReadOnlyDictionary<string, int> columns)
    {
        var info = _nullability.Create(property);
        var elementNotNull = info.ElementType?.ReadState == NullabilityState.NotNull
            || info.GenericTypeArguments is [{ ReadState: NullabilityState.NotNull }];
        var multiLine = property.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.MultilineText
            || MultiLineSuffixes.Any(s => property.Name.EndsWith(s, StringComparison.Ordinal));
        var maxLength = columns.TryGetValue(property.Name, out var column) ? column
            : property.GetCustomAttribute<MaxLengthAttribute>()?.Length
            ?? property.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength
            ?? (multiLine ? MultiLineMaxLength : DefaultMaxLength);
        var notNull = !property.PropertyType.IsValueType && info.WriteState == NullabilityState.NotNull;
        return new Member(property, property.Name, notNull, elementNotNull && !IsValueElement(property.PropertyType), maxLength, multiLine);
    }

    private static bool IsValueElement(Type type) =>
        (type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : null) is { IsValueType: true };

    private static bool IsWalkableSequence(Type type) =>
        type.IsArray || (type.IsGenericType && type.GetGenericArguments().Length == 1);

    /// <summary>Our own request shapes are walked; framework types (files, streams) are not.</summary>
    private static bool IsOurs(Type type) =>
        !type.IsPrimitive && !type.IsEnum && type.Namespace?.StartsWith("Storefront.", StringComparison.Ordinal) == true;

    /// <summary>A property and its limits; Name is the C# name, as FluentValidation names paths (problem+json camel-cases them).</summary>
    private sealed record Member(PropertyInfo Property, string Name, bool NotNull, bool ElementNotNull, int MaxLength, bool MultiLine);
}
