using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Schema ids of the OpenAPI document that are unique per CLR type. The default id is the type's bare name, so every use
/// case's nested Command (or Item, Line, Page, Body) shared one schema and most request bodies were documented wrongly.
/// Here a nested type is prefixed with its declaring types (PlaceOrder.Command: PlaceOrderCommand), a type of an Admin
/// namespace with "Admin" (Catalog.Admin.GetProduct.Result: AdminGetProductResult, beside the shopper's GetProductResult),
/// and a generic type names its arguments the same way. Types the default inlines (primitives, collections) stay inline.
/// </summary>
public static class OpenApiSchemaIds
{
    public static string? Create(JsonTypeInfo type) =>
        OpenApiOptions.CreateDefaultSchemaReferenceId(type) is null ? null : Name(Nullable.GetUnderlyingType(type.Type) ?? type.Type);

    private static string Name(Type type)
    {
        var name = type.Name;
        if (name.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0)
        {
            name = name[..tick];
        }

        if (type.IsConstructedGenericType)
        {
            name += "Of" + string.Join("And", type.GetGenericArguments().Select(Name));
        }

        if (type.DeclaringType is { } declaring && !type.IsGenericParameter)
        {
            return Name(declaring) + name;
        }

        return type.Namespace is { } ns && ns.EndsWith(".Admin", StringComparison.Ordinal) ? "Admin" + name : name;
    }
}
