using FluentValidation;
using Microsoft.AspNetCore.Components.Forms;
using Storefront.Domain.Common;

namespace Storefront.Web.Infrastructure.Web;

/// <summary>
/// Shows what the pipeline refused on the form that sent it: validation failures beside their fields, a rule's
/// message above the form (also a store's brief read-only window while it moves). Pages send the command and let this
/// catch the refusal; nothing else is caught.
/// </summary>
public sealed class FormErrors
{
    private readonly EditContext _edit;
    private readonly ValidationMessageStore _messages;

    public FormErrors(EditContext edit)
    {
        _edit = edit;
        _messages = new ValidationMessageStore(edit);
        edit.OnFieldChanged += (_, e) => _messages.Clear(e.FieldIdentifier);
    }

    public string? Message { get; set; }

    public async Task<bool> TryAsync(Func<Task> send)
    {
        _messages.Clear();
        Message = null;
        try
        {
            await send();
            return true;
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors)
            {
                _messages.Add(_edit.Field(failure.PropertyName), failure.ErrorMessage);
            }

            Message = SharedText.FixFields;
        }
        catch (Exception e) when (e is DomainException or NotFoundException)
        {
            Message = e.Message;
        }
        catch (Tenancy.StoreMovingException e)
        {
            Message = DomainErrors.Message(e.AsDomainError());   // the store is moving between clusters: try again shortly
        }

        _edit.NotifyValidationStateChanged();
        return false;
    }
}
