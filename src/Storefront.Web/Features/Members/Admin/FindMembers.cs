using MediatR;
using Microsoft.EntityFrameworkCore;
using Storefront.Web.Infrastructure.Data;

namespace Storefront.Web.Features.Members.Admin;

/// <summary>Finds shoppers of the store by e-mail or by a phone number in their address book, with their tier, growth and points.</summary>
public static class FindMembers
{
    public const int MaxResults = 20;

    public sealed record Query(string Term) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(Guid ShopperId, string Email, string DisplayName, string? Tier, decimal Growth, int PointsBalance);

    internal sealed class Handler(StorefrontDb db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var term = (request.Term ?? "").Trim();
            if (term.Length < 2)
            {
                return [];
            }

            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            var digits = new string([.. term.Where(char.IsDigit)]);
            var byPhone = digits.Length >= 4
                ? db.Addresses.Where(a => EF.Functions.Like(a.Address.Phone, "%" + digits + "%")).Select(a => a.ShopperId)
                : db.Addresses.Where(a => false).Select(a => a.ShopperId);
            var rows = await (from s in db.Shoppers.AsNoTracking()
                              where EF.Functions.ILike(s.Email, pattern) || byPhone.Contains(s.Id)
                              join m in db.MemberAccounts.AsNoTracking() on s.Id equals m.ShopperId into ms
                              from m in ms.DefaultIfEmpty()
                              join t in db.MemberTiers.AsNoTracking() on m.TierId equals t.Id into ts
                              from t in ts.DefaultIfEmpty()
                              orderby s.Email
                              select new Row(s.Id, s.Email, s.DisplayName, t.Name, m == null ? 0m : m.Growth, m == null ? 0 : m.PointsBalance))
                .Take(MaxResults).ToListAsync(cancellationToken);
            return rows;
        }
    }
}
